"""/robots.txt of every site: crawlers may read the public pages, are kept out
of the admin, the captcha and the query-driven pages, and are pointed to the
site's sitemap on the host and port the request came in on."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Pages that are not content: the admin, form helpers, search results (an
# endless space of query strings) and the JSON APIs, which have their own users.
DISALLOWED_PATHS = ["/admin/", "/captcha/", "/search/", "/api/"]


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in DISALLOWED_PATHS]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
