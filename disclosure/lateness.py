"""Proactive disclosure published later than the legal deadline after drafting."""

from django.conf import settings

from cms.casework.workdays import add_working_days
from sites.scoping import site_pages_q


def late_documents(profile):
    """Live documents of `profile`'s site published more than
    DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS working days after being drafted.

    Working days follow the holiday calendar, which SQL cannot evaluate, so the
    dates are compared in Python; the result is still a QuerySet."""
    from .models import DisclosureDocumentPage

    documents = DisclosureDocumentPage.objects.live().filter(site_pages_q(profile.site))
    days = settings.DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS
    deadlines = {}
    late_ids = []
    for pk, drafted, published in documents.values_list(
        "pk", "date_drafted", "published_date"
    ):
        if drafted not in deadlines:
            deadlines[drafted] = add_working_days(drafted, days)
        if published > deadlines[drafted]:
            late_ids.append(pk)
    return documents.filter(pk__in=late_ids).order_by("-published_date", "pk")
