"""Background work of static publishing (django-tasks, run by db_worker)."""

from django_tasks import task

from .publisher import drain_pending


@task()
def render_pending():
    """Render every pending static render request; returns counts."""
    outcome = drain_pending()
    return {"written": len(outcome.written), "removed": len(outcome.removed)}
