"""The RSS feed of each site: its newest published articles."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.pages.models import ArticlePage


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        self.request = request
        return site

    def title(self, site):
        profile = getattr(site, "profile", None)
        name = profile.name if profile else site.site_name
        return _("%(name)s 最新信息") % {"name": name}

    def link(self, site):
        # The site's public origin as recorded (hostname and port).
        return site.root_url + "/"

    def description(self, site):
        return self.title(site)

    def items(self, site):
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(site.root_page)
            .order_by("-published_at", "-pk")[: settings.DELIVERY_FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.excerpt()

    def item_link(self, item):
        # Absolute from the site's recorded origin, like the channel's link.
        return item.get_full_url(request=self.request)

    def item_pubdate(self, item):
        return item.published_at
