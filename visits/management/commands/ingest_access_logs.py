import os
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from visits.ingest import Ingester, configured_log_files
from visits.models import ExclusionReason
from visits.tasks import ingest_access_logs_task, queued_run


class Command(BaseCommand):
    help = (
        "Add the new lines of the access logs (nginx's and the application's JSON "
        "lines) to the visit statistics, from where the last run stopped in each "
        "file. Running it twice changes nothing; a rotated or truncated file is "
        "detected and read from its start. With --schedule, enqueue a background "
        "task that repeats every VISITS_INGEST_INTERVAL_MINUTES."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="*",
            help="Log files to read (default: ACCESS_LOG_PATH and ACCESS_LOG_FILES)",
        )
        parser.add_argument(
            "--since",
            help="Count only lines from this day on (YYYY-MM-DD); earlier lines "
            "are read past without being counted",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and count, but store neither statistics nor file positions",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Enqueue the periodic ingest task for the task worker instead",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            waiting = queued_run()
            if waiting is not None:
                self.stdout.write(f"定时日志导入任务 {waiting} 已在排队，无需再排。")
                return
            result = ingest_access_logs_task.enqueue(reschedule=True)
            self.stdout.write(f"已排入定时日志导入任务 {result.id}。")
            return
        since = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError as error:
                raise CommandError(
                    f"日期“{options['since']}”无效，应为 YYYY-MM-DD。"
                ) from error
        paths = options["files"] or configured_log_files()
        for path in options["files"]:
            if not os.path.isfile(path):
                raise CommandError(f"日志文件“{path}”不存在。")
        total = sum(os.path.getsize(path) for path in paths if os.path.isfile(path))
        with tqdm(
            total=total,
            unit="B",
            unit_scale=True,
            desc="访问日志",
            file=self.stderr,
            disable=options["verbosity"] < 1,
        ) as bar:
            ingester = Ingester(
                since=since, dry_run=options["dry_run"], progress=bar.update
            )
            summary = ingester.run(paths)
        self.report(summary, options["dry_run"])

    def report(self, summary, dry_run):
        write = self.stdout.write
        for path in summary.restarted:
            write(f"{path}：文件已轮转或被截断，从头读取。")
        for path in summary.missing:
            write(f"{path}：文件不存在，已跳过。")
        labels = dict(ExclusionReason.choices)
        for reason, lines in summary.excluded.most_common():
            write(f"  未计入 {lines} 行：{labels[reason]}")
        if summary.unknown_hosts:
            hosts = "、".join(host for host, _n in summary.unknown_hosts.most_common(5))
            write(
                f"  未计入 {sum(summary.unknown_hosts.values())} 行："
                f"不属于本站群的主机名（{hosts}）"
            )
        if summary.malformed:
            write(f"  未计入 {summary.malformed} 行：无法解析的日志行")
        if summary.before_since:
            write(f"  未计入 {summary.before_since} 行：早于 --since 日期")
        prefix = "（试运行，未保存）" if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}读取 {summary.files} 个日志文件的 {summary.lines} 行新记录，"
                f"计入浏览量 {summary.counted} 次，未计入 {summary.not_counted} 行。"
            )
        )
