"""Background work of static publishing (django-tasks, run by db_worker)."""

from django_tasks import task

from .publisher import drain_pending, publisher_lock, withdraw_site_files


# Readers wait for this one: it runs before queued index upkeep (Wagtail's
# reference and search index tasks, a backlog after a bulk import).
@task(priority=50)
def render_pending():
    """Render every pending static render request; returns counts."""
    outcome = drain_pending()
    return {"written": len(outcome.written), "removed": len(outcome.removed)}


# Before renders: a closed site's files must not outlive the closure.
@task(priority=60)
def withdraw_site_files_task(hostname: str):
    """Remove a closed site's published files again, under the publisher
    lock: anything a renderer wrote while the closure committed goes too."""
    with publisher_lock():
        return {"removed": withdraw_site_files(hostname)}
