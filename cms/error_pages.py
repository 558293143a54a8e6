"""The project's own error pages for readers of the public sites while
DEBUG is on (`make run`, cms/settings/dev.py).

With DEBUG on, Django answers a missing page with its English technical
404 and a bad request or a crash with a traceback page. A reader trying the
demo should meet what production shows: 404.html, 400.html, 500.html, in
Chinese. The admin keeps Django's debug pages (developers work there), and a
crash on a public page is still logged with its traceback on the console.
Production (DEBUG off) needs none of this: Django renders the same
templates itself."""

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.views import defaults

from cms.delivery.doors import ADMIN_PREFIX

logger = logging.getLogger("django.request")


class PublicErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith(ADMIN_PREFIX):
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            return defaults.bad_request(request, exception)
        if isinstance(exception, PermissionDenied):
            return None  # Django renders 403.html, DEBUG or not
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return defaults.server_error(request)
