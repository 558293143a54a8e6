from django.urls import path

from .feeds import LatestArticlesFeed

urlpatterns = [
    path("feed.xml", LatestArticlesFeed(), name="delivery_feed"),
]
