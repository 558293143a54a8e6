from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.delivery.workers import reclaim


class Command(BaseCommand):
    help = (
        "Give back the background tasks of task workers that died while running "
        "them: a task left RUNNING by a worker of this host whose process is gone "
        "is marked failed (WorkerLost), and queued again if it is listed in "
        "TASKS_RERUN_AFTER_WORKER_LOSS. Run before starting db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-gone",
            action="append",
            default=[],
            metavar="WORKER_ID",
            help=(
                "Treat this worker as gone (repeatable): a worker of another host "
                "that will not come back, or one whose id names no process (started "
                "with its own --worker-id or by an older version). The summary lists "
                "such workers."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only report what would be marked failed and queued again.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        outcome = reclaim(options["worker_gone"], dry_run=dry_run)
        for row in outcome.failed:
            again = row in outcome.requeued
            self.stdout.write(
                _("%(task)s（%(id)s）：执行者已退出，%(action)s")
                % {
                    "task": row.task_path,
                    "id": row.id,
                    "action": _("标记为失败并重新排队") if again else _("标记为失败"),
                }
            )
        for worker, rows in outcome.unknown.items():
            self.stdout.write(
                _(
                    "无法判断执行者 %(worker)s 是否仍在运行（其他主机，或编号不含进程号），"
                    "其 %(count)s 个任务保持运行中；确认它已退出后可用 --worker-gone 收回。"
                )
                % {"worker": worker or "-", "count": len(rows)}
            )
        values = {
            "failed": len(outcome.failed),
            "requeued": len(outcome.requeued),
            "alive": len(outcome.alive),
            "unknown": sum(len(rows) for rows in outcome.unknown.values()),
        }
        if dry_run:
            message = _(
                "试运行：将有 %(failed)s 个任务标记为失败，其中 %(requeued)s 个重新排队；"
                "%(alive)s 个仍在执行，%(unknown)s 个无法判断。"
            )
        else:
            message = _(
                "完成：%(failed)s 个任务标记为失败，其中 %(requeued)s 个重新排队；"
                "%(alive)s 个仍在执行，%(unknown)s 个无法判断。"
            )
        self.stdout.write(message % values)
