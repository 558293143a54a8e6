"""Background work: the January reminders of the 政府网站工作年度报表
(django-tasks; run daily by the scheduler, e.g. `website_report_reminders
--send` from cron)."""

from django_tasks import task

from .reminders import due_reminders, send_reminders


@task()
def send_website_report_reminders():
    """Send today's reminders; the number of mails sent."""
    return send_reminders(due_reminders())
