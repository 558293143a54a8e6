"""Background work of static publishing (django-tasks, run by db_worker)."""

from django_tasks import task

from .publisher import drain_pending


# Readers wait for this one: it runs before queued index upkeep (Wagtail's
# reference and search index tasks, a backlog after a bulk import).
@task(priority=50)
def render_pending():
    """Render every pending static render request; returns counts."""
    outcome = drain_pending()
    return {"written": len(outcome.written), "removed": len(outcome.removed)}
