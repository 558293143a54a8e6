"""django-tasks-db's `db_worker`, with a worker id that names its process.

The id (`<host>:<pid>:<start>`, see `cms.delivery.workers`) is recorded on
every task the worker claims, so that `reclaim_tasks` can tell exactly
whether the worker of a RUNNING task is gone. Everything else is the
package's command; `cms.delivery` comes before `django_tasks_db` in
INSTALLED_APPS, so `manage.py db_worker` runs this one."""

from django_tasks_db.management.commands import db_worker

from cms.delivery.workers import worker_id


class Command(db_worker.Command):
    help = (
        f"{db_worker.Command.help}. Each worker's id names its host and process "
        "(see reclaim_tasks)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Computed in the process that runs the tasks (with --reload, the
        # reloader's child parses its own arguments).
        parser.set_defaults(worker_id=worker_id())
