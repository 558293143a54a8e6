from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.health import healthz
from cms.protection.captcha import captcha_audio, captcha_image, captcha_new

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Site-scoped replacements of some Wagtail admin views: before Wagtail's own.
    path("admin/", include("sites.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("captcha/new", captcha_new, name="captcha_new"),
    path("captcha/<str:token>.png", captcha_image, name="captcha_image"),
    path("captcha/<str:token>.wav", captcha_audio, name="captcha_audio"),
    path("", include("search.urls")),
    path("", include("cms.pages.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include("cms.delivery.urls"))]

urlpatterns += [path("", include("disclosure.urls"))]

# Wagtail's page serving comes last: it answers every path not matched above.
urlpatterns += [path("", include(wagtail_urls))]
