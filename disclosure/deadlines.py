"""Which applications need attention on a given day: the answer due date has
passed, falls within the warning period, or the applicant's correction period
has run out."""

from dataclasses import dataclass, field

from django.conf import settings

from cms.casework.deadlines import warning_horizon, working_days_left

from .models import ApplicationStatus, InformationApplication


@dataclass
class DeadlineReport:
    today: object
    last_warning_day: object
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    corrections_expired: list = field(default_factory=list)
    fees_expired: list = field(default_factory=list)

    @property
    def to_close(self):
        return self.corrections_expired + self.fees_expired


def deadline_report(applications=None, today=None, days=None):
    """Sorted lists of the open applications in `applications` (default all)
    that are overdue, due within `days` working days, or awaiting a
    correction or a fee whose period has passed."""
    applications = (
        InformationApplication.objects.all() if applications is None else applications
    ).select_related("body__site")
    days = settings.DISCLOSURE_DUE_SOON_WORKING_DAYS if days is None else days
    last_day = warning_horizon(today, days)
    return DeadlineReport(
        today=today,
        last_warning_day=last_day,
        overdue=list(applications.overdue(today).order_by("due_date", "pk")),
        due_soon=list(
            applications.due_between(today, last_day).order_by("due_date", "pk")
        ),
        corrections_expired=list(
            applications.filter(
                status=ApplicationStatus.CORRECTION, correction_due__lt=today
            ).order_by("correction_due", "pk")
        ),
        fees_expired=list(
            applications.filter(
                status=ApplicationStatus.FEE_PENDING,
                fee_notice__payment_due__lt=today,
            )
            .select_related("fee_notice")
            .order_by("fee_notice__payment_due", "pk")
        ),
    )


def days_left(application, today):
    return working_days_left(today, application.due_date)
