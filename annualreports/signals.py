"""A published or withdrawn 政府网站工作年度报表 changes the footer of every
page of its site (it links the latest report): the site's static files are
rendered again, as when the footer's profile changes."""

from wagtail.signals import page_published, page_unpublished

from cms.delivery.affected import paths_for_site, site_for_page
from cms.delivery.publisher import request_renders, schedule_render_task

from .models import WebsiteReportPage


def on_report_page_changed(sender, instance, **kwargs):
    site = site_for_page(instance)
    if site is not None and request_renders(paths_for_site(site)):
        schedule_render_task()


def connect():
    for signal, name in (
        (page_published, "published"),
        (page_unpublished, "unpublished"),
    ):
        signal.connect(
            on_report_page_changed,
            sender=WebsiteReportPage,
            dispatch_uid=f"annualreports_report_{name}",
        )
