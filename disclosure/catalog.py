"""Browsing a site's disclosure catalog by subject classification, issuing
body and year, with the number of documents under each choice."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear

FILTERS = ("category", "body", "year")


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def selected_filters(request):
    """{'category': id, 'body': id, 'year': year} for the valid GET filters."""
    return {
        name: value
        for name in FILTERS
        if (value := _int_or_none(request.GET.get(name))) is not None
    }


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
    filters = selected_filters(request)
    facets = facet_counts(documents, filters)
    results = apply_filters(documents, filters).order_by("-published_date", "-pk")
    paginator = Paginator(results, settings.DISCLOSURE_CATALOG_PAGE_SIZE)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_of_results = paginator.page(1)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "documents": page_of_results,
        "facets": facets,
        "filters": filters,
        "total": documents.count(),
        "filter_query": query.urlencode(),
    }
