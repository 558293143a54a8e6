"""Read-only JSON API of the disclosure catalogs, for the superior platform to
aggregate: GET /api/disclosure/documents/?site=HOST&category=&body=&year=&since=

Only live documents without view restrictions are listed, and only their
catalog metadata: nothing personal. CORS comes from django-cors-headers
(CORS_ALLOWED_ORIGINS, CORS_URLS_REGEX in settings)."""

from datetime import UTC, datetime, time

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from ..models import DisclosureDocumentPage


class BadRequest(Exception):
    pass


def _error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def _parse_since(value):
    """`since` as an aware datetime; BadRequest for text that is not a date
    or time, for impossible ones (2024-02-30, 25:00, offset +99:00) and for
    times outside the range the database stores."""
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise ValueError(value)
            moment = datetime.combine(day, time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError) as error:
        raise BadRequest(
            _("since 应为有效的日期（YYYY-MM-DD）或 ISO 8601 时间，收到“%(value)s”。")
            % {"value": value[:40]}
        ) from error


def _positive_int(value, name, maximum=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1 or (maximum and number > maximum):
        raise BadRequest(
            _("%(name)s 应为1至%(max)s之间的整数。")
            % {"name": name, "max": maximum or "∞"}
        )
    return number


def filtered_documents(site, params):
    documents = (
        DisclosureDocumentPage.objects.live()
        .public()
        .in_site(site)
        .select_related("category", "issuing_body", "replaced_by")
        .prefetch_related("attachments__document")
    )
    if category := params.get("category", "").strip():
        documents = documents.filter(
            Q(category__code=category) | Q(category__name=category)
        )
    if body := params.get("body", "").strip():
        documents = documents.filter(
            Q(issuing_body__code=body.upper()) | Q(issuing_body__name=body)
        )
    if year := params.get("year", "").strip():
        documents = documents.filter(
            published_date__year=_positive_int(year, "year", 9999)
        )
    if since := params.get("since", "").strip():
        documents = documents.filter(last_published_at__gte=_parse_since(since))
    return documents.order_by("-published_date", "-pk")


def serialise(document, request):
    return {
        "index_number": document.index_number,
        "title": document.title,
        "url": document.get_full_url(request),
        "category": {"code": document.category.code, "name": document.category.name},
        "issuing_body": {
            "code": document.issuing_body.code,
            "name": document.issuing_body.name,
        },
        "date_drafted": document.date_drafted.isoformat(),
        "doc_number": document.doc_number,
        "published_date": document.published_date.isoformat(),
        "keywords": document.keyword_list(),
        "validity": document.validity,
        "validity_label": str(document.get_validity_display()),
        "repealed_on": document.repealed_on.isoformat()
        if document.repealed_on
        else None,
        "replaced_by": document.replaced_by.get_full_url(request)
        if document.replaced_by and document.replaced_by.live
        else None,
        "summary": document.summary,
        "attachments": [
            {"title": attachment.display_title, "url": attachment.document.url}
            for attachment in document.attachments.all()
        ],
        "updated_at": document.last_published_at.isoformat()
        if document.last_published_at
        else None,
    }


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@require_GET
def document_list(request):
    hostname = request.GET.get("site", "").strip().lower()
    if not hostname:
        return _error(_("缺少参数 site（站点主机名）。"))
    site = Site.objects.filter(hostname=hostname).first()
    if site is None:
        return _error(_("站点 %(host)s 不存在。") % {"host": hostname}, status=404)
    try:
        documents = filtered_documents(site, request.GET)
        page_size = _positive_int(
            request.GET.get("page_size", settings.DISCLOSURE_API_PAGE_SIZE),
            "page_size",
            settings.DISCLOSURE_API_MAX_PAGE_SIZE,
        )
        number = _positive_int(request.GET.get("page", 1), "page")
    except BadRequest as error:
        return _error(str(error))
    paginator = Paginator(documents, page_size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        return _error(
            _("第%(page)d页不存在，共%(pages)d页。")
            % {"page": number, "pages": paginator.num_pages},
            status=404,
        )
    return JsonResponse(
        {
            "site": {"hostname": site.hostname, "name": site.site_name},
            "count": paginator.count,
            "page": page.number,
            "page_size": page_size,
            "num_pages": paginator.num_pages,
            "next": _page_url(request, page.next_page_number())
            if page.has_next()
            else None,
            "previous": _page_url(request, page.previous_page_number())
            if page.has_previous()
            else None,
            "results": [serialise(document, request) for document in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )
