"""The public search page and its JSON twin."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from cms.protection.ratelimit import limit_reached, wait_text
from search.engines.base import EngineUnavailable
from search.forms import SearchForm
from search.service import log_query, run_search, suggestions


def unavailable_message():
    return _("搜索服务暂时不可用，请稍后再试。")


def request_site(request):
    return Site.find_for_request(request)


def cleaned_or_errors(request):
    form = SearchForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data, None
    errors = {
        name: [str(message) for message in messages]
        for name, messages in form.errors.items()
    }
    return form, None, errors


@require_GET
def search_page(request):
    site = request_site(request)
    form, data, errors = cleaned_or_errors(request)
    outcome = None
    unavailable = False
    if data and data["q"]:
        try:
            outcome = run_search(data, site)
        except EngineUnavailable:
            # The search server is down: say so, never a 500.
            unavailable = True
        else:
            if data["page"] == 1:
                log_query(site, data, outcome.count)
    return render(
        request,
        "govsearch/search_page.html",
        {
            "form": form,
            "errors": errors,
            "data": data or {},
            "outcome": outcome,
            "suggestions": suggestions(site)
            if not outcome or not outcome.count
            else [],
            "page_numbers": page_numbers(outcome) if outcome else [],
            "unavailable": unavailable_message() if unavailable else "",
        },
        status=503 if unavailable else 200,
    )


def page_numbers(outcome, around=3):
    last = outcome.num_pages
    first = max(1, outcome.page - around)
    return list(range(first, min(last, outcome.page + around) + 1))


@require_GET
def search_api(request):
    limit = settings.GOVSEARCH_API_RATE_LIMIT
    if limit_reached(request, "search-api", limit):
        return JsonResponse(
            {
                "error": _("请求过于频繁，请 %(wait)s后再试。")
                % {"wait": wait_text(limit)}
            },
            status=429,
            headers={"Retry-After": str(limit[1])},
        )
    _form, data, errors = cleaned_or_errors(request)
    if errors:
        return JsonResponse({"error": _("参数有误。"), "errors": errors}, status=400)
    if not data["q"]:
        return JsonResponse(
            {"error": _("请提供检索词 q。"), "errors": {"q": [_("请提供检索词 q。")]}},
            status=400,
        )
    site = request_site(request)
    try:
        outcome = run_search(data, site)
    except EngineUnavailable:
        return JsonResponse({"error": unavailable_message()}, status=503)
    if data["page"] == 1:
        log_query(site, data, outcome.count)
    return JsonResponse(outcome.as_api(), json_dumps_params={"ensure_ascii": False})
