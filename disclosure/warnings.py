"""Warnings staff see next to dates counted on the working-day calendar."""

from django.conf import settings
from django.utils.translation import gettext as _

from cms.casework.workdays import calendar_confirmed


def unconfirmed_calendar_warning(*dates):
    """A warning when any of `dates` falls in a year whose schedule is not
    entered yet (statutory holidays only, 调休 unknown), else None."""
    years = sorted(
        {d.year for d in dates if d is not None and not calendar_confirmed(d.year)}
    )
    if not years:
        return None
    return _(
        "%(years)s年的国家节假日安排尚未录入，期限按法定节假日暂定（调休未计入），"
        "标为“暂定”的日期可能调整。请站群管理员导入当年安排"
        "（import_holidays）或在“节假日调整”中录入并确认年度。"
    ) % {"years": "、".join(str(year) for year in years)}


def document_warnings(page):
    """Warnings for the editor of a disclosure document."""
    warnings = []
    if getattr(page, "date_drafted", None) and getattr(page, "published_date", None):
        if page.is_published_late():
            warnings.append(
                _(
                    "逾期公开：成文日期 %(drafted)s 后应在 %(days)d 个工作日内"
                    "（%(deadline)s 前）公开，发布日期为 %(published)s。"
                )
                % {
                    "drafted": page.date_drafted.isoformat(),
                    "days": settings.DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS,
                    "deadline": page.proactive_deadline().isoformat(),
                    "published": page.published_date.isoformat(),
                }
            )
        calendar_warning = unconfirmed_calendar_warning(
            page.date_drafted, page.published_date
        )
        if calendar_warning:
            warnings.append(calendar_warning)
    return warnings
