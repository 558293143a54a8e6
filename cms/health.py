"""A cheap health endpoint for load balancers and monitors."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.engines import current_engine
from search.engines.base import EngineUnavailable


def search_state():
    """The search server's state ("green", "yellow", "red" or "error"), or
    None when search needs no server (the database engine)."""
    try:
        return current_engine().health()
    except EngineUnavailable:
        return "error"


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    answer = {"status": "ok", "database": "ok"}
    # A search server down is reported but keeps the server in rotation:
    # every page but search still answers (search says it is unavailable).
    search = search_state()
    if search is not None:
        answer["search"] = search
    return JsonResponse(answer)
