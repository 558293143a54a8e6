"""The January reminder: every site whose 政府网站工作年度报表 on last year is
not yet published is reminded, by mail to its editors and reviewers, from
WEBSITE_ANNUAL_REPORT_REMINDER_DAYS before the deadline (1 January) until it
is published, and told when it is overdue."""

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import SiteProfile, SiteStatus

from .deadlines import report_reminders


def site_recipients(profile):
    """Addresses of the active editors and reviewers of `profile`'s site."""
    groups = [profile.editors_group_id, profile.reviewers_group_id]
    return sorted(
        get_user_model()
        .objects.filter(groups__in=[g for g in groups if g], is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def due_reminders(as_of=None, hostname=None):
    """[(profile, reminder)] as of `as_of` (default today)."""
    profiles = (
        SiteProfile.objects.with_site()
        .exclude(status=SiteStatus.CLOSED)
        .order_by("site__hostname")
    )
    if hostname:
        profiles = profiles.filter(site__hostname=hostname)
    return report_reminders(profiles, as_of or timezone.localdate())


def send_reminders(reminders):
    """Mail each reminder to its site's people; the number of mails sent."""
    messages = []
    for profile, text in reminders:
        recipients = site_recipients(profile)
        if not recipients:
            continue
        subject = _("【提醒】%(name)s政府网站工作年度报表") % {"name": profile.name}
        body = _(
            "%(text)s\n请在后台“年度报表 → 政府网站工作年度报表”核对并填报，"
            "生成的报表页面经审核发布后即在网站首页的“政府网站工作年度报表”栏目公布。"
        ) % {"text": text}
        messages.append((subject, body, None, recipients))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
