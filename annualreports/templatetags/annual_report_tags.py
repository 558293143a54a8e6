"""The site's latest published 政府网站工作年度报表, linked from the home
page and the footer of every page (国办函〔2018〕12号: published prominently on
the home page). Cached on the request: one lookup however often it is used."""

from django import template
from wagtail.models import Site

from ..models import WebsiteReportPage

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_website_report(context):
    """The newest live, public report page of the site serving this request,
    or None (no site, or nothing published yet)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_latest_website_report"):
        site = Site.find_for_request(request)
        request._latest_website_report = (
            WebsiteReportPage.objects.descendant_of(site.root_page)
            .live()
            .public()
            .order_by("-year")
            .first()
            if site
            else None
        )
    return request._latest_website_report
