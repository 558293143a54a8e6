from django.core.management.base import BaseCommand, CommandError

from monitoring.probes import legacy_target, probe, probe_targets
from monitoring.tasks import probe_all_sites, queued_round


class Command(BaseCommand):
    help = (
        "Probe the homepage of every site (hosted and legacy) once, within the probe "
        "timeout, and store the results the `unreachable` veto is judged on. With "
        "--schedule, enqueue a background task that repeats every "
        "MONITORING_PROBE_INTERVAL_MINUTES."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            action="append",
            default=[],
            help="Probe only this homepage URL (repeatable) instead of every site",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Enqueue the periodic probe task for the task worker instead",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            waiting = queued_round()
            if waiting is not None:
                self.stdout.write(f"定时探测任务 {waiting} 已在排队，无需再排。")
                return
            result = probe_all_sites.enqueue(reschedule=True)
            self.stdout.write(f"已排入定时探测任务 {result.id}。")
            return
        for url in options["url"]:
            if not url.startswith(("http://", "https://")):
                raise CommandError(f"“{url}”不是 http(s) 地址。")
        targets = (
            [legacy_target(url) for url in options["url"]]
            if options["url"]
            else probe_targets()
        )
        stored = probe(targets)
        failed = [p for p in stored if not p.ok]
        for probe_result in failed:
            self.stdout.write(
                f"{probe_result.hostname}: 无法访问 "
                f"({probe_result.status_code or probe_result.error})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"探测 {len(stored)} 个站点，{len(stored) - len(failed)} 个可访问，"
                f"{len(failed)} 个失败。"
            )
        )
