import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from monitoring.labels import finding_label, finding_labels
from monitoring.models import SpotCheckRun
from monitoring.spotcheck import (
    Selection,
    check,
    checkable_profiles,
    legacy_target_for,
    sample_profiles,
)


def _as_of(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"日期“{value}”格式不正确，应为 YYYY-MM-DD。") from error


class Command(BaseCommand):
    help = (
        "Run the national spot check (单项否决, deductions, early warnings) on some "
        "sites, a random sample or the whole cluster, store the run and print or "
        "write the results as JSON."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument(
            "--site",
            action="append",
            metavar="HOST",
            help="Hostname to check (repeatable). A host outside the platform "
            "needs --external.",
        )
        scope.add_argument(
            "--all", action="store_true", help="Check every site that is not closed"
        )
        scope.add_argument(
            "--sample",
            type=int,
            metavar="PCT",
            help="Check a random sample of this percentage of the sites (1-100)",
        )
        parser.add_argument(
            "--as-of",
            type=_as_of,
            help="Check as of this date (YYYY-MM-DD): only content published on "
            "or before it counts. Default today.",
        )
        parser.add_argument(
            "--external",
            action="store_true",
            help="Also crawl each site over HTTP for broken links",
        )
        parser.add_argument(
            "--json",
            metavar="FILE",
            help="Write the results as JSON to FILE, or to standard output with -",
        )

    def handle(self, *args, **options):
        as_of = options["as_of"] or timezone.localdate()
        selection = self._selection(options)
        if not selection.profiles and not selection.legacy:
            raise CommandError("没有可检查的站点。")
        total = len(selection.profiles) + (
            len(selection.legacy) if options["external"] else 0
        )
        with tqdm(
            total=total, desc="spotcheck", unit="site", disable=None, file=self.stderr
        ) as bar:
            run = check(
                selection, as_of, external=options["external"], progress=bar.update
            )
        results = list(run.results.order_by("hostname"))
        if options["json"]:
            payload = json.dumps(
                [result.as_json() for result in results], ensure_ascii=False, indent=2
            )
            if options["json"] == "-":
                self.stdout.write(payload)
                return
            with open(options["json"], "w", encoding="utf-8") as handle:
                handle.write(payload + "\n")
        for result in results:
            codes = finding_labels(result.veto_codes) or "-"
            score = result.score if result.scored else "不计分"
            self.stdout.write(
                f"{result.hostname}: {result.verdict}  得分 {score}  否决项 {codes}"
            )
            for veto in result.vetoes:
                self.stdout.write(
                    f"    [{finding_label(veto['code'])}] {veto['detail']}"
                )
            for account in result.new_media_failed:
                codes = finding_labels(
                    item["code"] for item in account["vetoes"] + account["deductions"]
                )
                self.stdout.write(
                    f"    [政务新媒体] {account['name']}（{account['platform_label']}）"
                    f"：不合格  {codes}"
                )
        failed = sum(not result.passed for result in results)
        accounts = sum(len(result.new_media) for result in results)
        accounts_failed = sum(len(result.new_media_failed) for result in results)
        self.stdout.write(
            self.style.SUCCESS(
                f"抽查批次 #{run.pk}（基准日 {as_of}）：检查 {len(results)} 个站点，"
                f"合格 {len(results) - failed} 个，不合格 {failed} 个；"
                f"政务新媒体账号 {accounts} 个，不合格 {accounts_failed} 个。"
            )
        )

    def _selection(self, options):
        if options["all"]:
            return Selection(list(checkable_profiles()), [], SpotCheckRun.Scope.ALL)
        if options["sample"] is not None:
            percent = options["sample"]
            if not 1 <= percent <= 100:
                raise CommandError("抽查比例必须在 1 到 100 之间。")
            return Selection(
                sample_profiles(percent), [], SpotCheckRun.Scope.SAMPLE, percent
            )
        hosted = {
            profile.site.hostname: profile
            for profile in checkable_profiles().filter(
                site__hostname__in=options["site"]
            )
        }
        profiles, legacy = [], []
        for hostname in dict.fromkeys(options["site"]):
            if hostname in hosted:
                profiles.append(hosted[hostname])
            elif options["external"]:
                legacy.append(legacy_target_for(hostname))
            else:
                raise CommandError(
                    f"站点 {hostname} 不在平台上（或已关停）；检查平台外网站请加 --external。"
                )
        return Selection(profiles, legacy, SpotCheckRun.Scope.SITES)
