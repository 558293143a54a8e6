"""The RSS feed of a site's disclosure catalog."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext as _

FEED_ITEMS = 50


class CatalogFeed(Feed):
    def __init__(self, catalog_page):
        super().__init__()
        self.catalog_page = catalog_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        site = self.catalog_page.get_site()
        return _("%(site)s 政府信息公开") % {"site": site.site_name}

    def link(self):
        return self.catalog_page.get_full_url(self.request)

    def description(self):
        return _("最新主动公开的政府信息")

    def items(self):
        return self.catalog_page.documents().order_by("-published_date", "-pk")[
            :FEED_ITEMS
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.index_number, item.doc_number, item.summary]
        return " ".join(part for part in parts if part)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.index_number

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.published_date, time(9)))

    def item_categories(self, item):
        return [item.category.name]
