from django.urls import path

from . import views

urlpatterns = [
    path("site-map/", views.site_map, name="site_map"),
    path("favicon.ico", views.favicon, name="favicon"),
]
