from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from visits.demo import DEMO_SEED, access_lines, demo_sites


class Command(BaseCommand):
    help = (
        "Write synthetic access-log lines (nginx's JSON shape) for the sites of the "
        "cluster: readers, bots, the platform's probes, failed requests and posts, "
        "day by day. Deterministic for a given --seed and --end; ingest the file "
        "with ingest_access_logs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=365, help="How many days (default 365)"
        )
        parser.add_argument(
            "--end", help="The last day (YYYY-MM-DD; default yesterday)"
        )
        parser.add_argument(
            "--out",
            default=str(
                Path(settings.BASE_DIR) / "var" / "log" / "demo-access.json.log"
            ),
            help="The file to write (default var/log/demo-access.json.log)",
        )
        parser.add_argument("--seed", type=int, default=DEMO_SEED, help="Random seed")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the lines, write nothing"
        )

    def handle(self, *args, **options):
        if options["days"] < 1:
            raise CommandError("--days 应为正整数。")
        end = timezone.localdate() - timedelta(days=1)
        if options["end"]:
            try:
                end = date.fromisoformat(options["end"])
            except ValueError as error:
                raise CommandError(
                    f"日期“{options['end']}”无效，应为 YYYY-MM-DD。"
                ) from error
        sites = demo_sites()
        if not sites:
            raise CommandError("站群中没有站点，请先运行 seed_demo 或 create_site。")
        out = Path(options["out"])
        lines = access_lines(sites, end, options["days"], seed=options["seed"])
        count = 0
        with tqdm(
            total=options["days"] * len(sites),
            desc="生成访问日志",
            file=self.stderr,
            disable=options["verbosity"] < 1,
        ) as bar:
            if options["dry_run"]:
                count = sum(1 for _line in lines)
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
                with out.open("w", encoding="utf-8") as handle:
                    for line in lines:
                        handle.write(line + "\n")
                        count += 1
            bar.update(bar.total)
        start = end - timedelta(days=options["days"] - 1)
        target = "（试运行，未写入）" if options["dry_run"] else f"，写入 {out}"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(sites)} 个站点 {start}～{end} 共 {count} 行访问日志{target}。"
            )
        )
