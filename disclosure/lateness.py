"""Proactive disclosure published later than the legal deadline after drafting."""

from django.conf import settings

from cms.casework.workdays import add_working_days
from sites.scoping import any_subtree_q, site_pages_q, sites_holding


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


def late_documents_of_sites(profiles, as_of):
    """{site pk: [url_path]} of the live documents of the sites of `profiles`
    (with site and root page loaded) published by `as_of` after the deadline,
    newest first, as `late_documents` judges them, in one query."""
    from .models import DisclosureDocumentPage

    by_root_path = {
        profile.site.root_page.path: profile.site_id for profile in profiles
    }
    days = settings.DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS
    deadlines = {}
    late = {profile.site_id: [] for profile in profiles}
    rows = (
        DisclosureDocumentPage.objects.live()
        .filter(any_subtree_q(by_root_path), published_date__lte=as_of)
        .order_by()
        .values_list("pk", "path", "url_path", "date_drafted", "published_date")
    )
    # Sorted here: with an ORDER BY, SQLite may read the documents in that
    # order instead of the sites' pages by their path ranges.
    rows = sorted(rows, key=lambda row: (-row[4].toordinal(), row[0]))
    for _pk, path, url_path, drafted, published in rows:
        if drafted not in deadlines:
            deadlines[drafted] = add_working_days(drafted, days)
        if published > deadlines[drafted]:
            for site_pk in sites_holding(path, by_root_path):
                late[site_pk].append(url_path)
    return late
