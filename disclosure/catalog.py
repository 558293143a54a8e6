"""Browsing a site's disclosure catalog by subject classification, issuing
body and year, with the number of documents under each choice."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

FILTERS = ("category", "body", "year")
# Ids are 64-bit keys; a larger number cannot name a row (and SQLite cannot
# even bind it), so it is refused like any other malformed id.
MAX_ID = 2**63 - 1
# The years a date can have: Python's date range (a year lookup outside it
# fails before the database is asked).
MIN_YEAR, MAX_YEAR = 1, 9999


def _filter_errors():
    return {
        "category": _("主题分类参数应为正整数，已显示全部分类。"),
        "body": _("发布机构参数应为正整数，已显示全部机构。"),
        "year": _("年份参数应为 %(min)s 至 %(max)s 之间的整数，已显示全部年份。")
        % {"min": MIN_YEAR, "max": MAX_YEAR},
    }


def _in_range(value, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def selected_filters(request):
    """({'category': id, 'body': id, 'year': year}, errors) for the GET
    filters: the valid ones, and a message per filter that was given but is
    not valid (such a filter is left out, so the reader sees every choice)."""
    bounds = {
        "category": (1, MAX_ID),
        "body": (1, MAX_ID),
        "year": (MIN_YEAR, MAX_YEAR),
    }
    filters, errors = {}, []
    messages = None
    for name in FILTERS:
        raw = request.GET.get(name, "").strip()
        if not raw:
            continue
        value = _in_range(raw, *bounds[name])
        if value is None:
            messages = messages or _filter_errors()
            errors.append(messages[name])
        else:
            filters[name] = value
    return filters, errors


def apply_filters(documents, filters, skip=None):
    lookups = {
        "category": "category_id",
        "body": "issuing_body_id",
        "year": "published_date__year",
    }
    for name, value in filters.items():
        if name != skip:
            documents = documents.filter(**{lookups[name]: value})
    return documents


def facet_counts(documents, filters):
    """Counts per classification, body and year. Each facet counts the
    documents matching the other selected filters, so a reader sees how many
    documents each choice would show."""
    categories = (
        apply_filters(documents, filters, skip="category")
        .values("category_id", "category__name", "category__sort_order")
        .annotate(count=Count("pk"))
        .order_by("category__sort_order", "category__name")
    )
    bodies = (
        apply_filters(documents, filters, skip="body")
        .values("issuing_body_id", "issuing_body__name", "issuing_body__sort_order")
        .annotate(count=Count("pk"))
        .order_by("issuing_body__sort_order", "issuing_body__name")
    )
    years = (
        apply_filters(documents, filters, skip="year")
        .annotate(year=ExtractYear("published_date"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )
    return {
        "categories": [
            {
                "id": row["category_id"],
                "name": row["category__name"],
                "count": row["count"],
            }
            for row in categories
        ],
        "bodies": [
            {
                "id": row["issuing_body_id"],
                "name": row["issuing_body__name"],
                "count": row["count"],
            }
            for row in bodies
        ],
        "years": [
            {"id": row["year"], "name": row["year"], "count": row["count"]}
            for row in years
        ],
    }


def browse(catalog_page, request):
    """Template context of the catalog page for `request`'s filters."""
    documents = catalog_page.documents()
    filters, errors = selected_filters(request)
    facets = facet_counts(documents, filters)
    results = apply_filters(documents, filters).order_by("-published_date", "-pk")
    paginator = Paginator(results, settings.DISCLOSURE_CATALOG_PAGE_SIZE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_of_results = paginator.page(1)
    return {
        "documents": page_of_results,
        "facets": facets,
        "filters": filters,
        "total": documents.count(),
        "filter_query": urlencode(filters),
        "filter_errors": errors,
    }
