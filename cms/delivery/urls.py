from django.urls import path

from .feeds import LatestArticlesFeed
from .robots import robots_txt

urlpatterns = [
    path("feed.xml", LatestArticlesFeed(), name="delivery_feed"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
