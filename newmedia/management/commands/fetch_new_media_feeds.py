from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newmedia.feeds import feed_accounts, read_feeds
from newmedia.tasks import fetch_new_media_feeds_task, queued_run
from sites.models import SiteProfile


class Command(BaseCommand):
    help = (
        "Read the RSS or Atom feed of every open government new-media account that "
        "has one and store the posts not seen before (each post once, by its id), "
        "so the spot check knows when each account last published. With "
        "--schedule, enqueue a background task repeating every "
        "NEW_MEDIA_FETCH_INTERVAL_MINUTES."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            action="append",
            metavar="HOST",
            help="Read only the accounts of this site (hostname, repeatable)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Fetch and count the new posts, but store nothing",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Enqueue the periodic feed task for the task worker instead",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            waiting = queued_run()
            if waiting is not None:
                self.stdout.write(f"定时读取任务 {waiting} 已在排队，无需再排。")
                return
            result = fetch_new_media_feeds_task.enqueue(reschedule=True)
            self.stdout.write(f"已排入定时读取新媒体订阅源任务 {result.id}。")
            return
        hostnames = options["site"] or []
        known = set(
            SiteProfile.objects.filter(site__hostname__in=hostnames).values_list(
                "site__hostname", flat=True
            )
        )
        unknown = [hostname for hostname in hostnames if hostname not in known]
        if unknown:
            raise CommandError(f"站点 {'、'.join(unknown)} 不在平台上。")
        accounts = list(feed_accounts(hostnames))
        with tqdm(
            total=len(accounts),
            unit="个",
            desc="新媒体订阅源",
            file=self.stderr,
            disable=options["verbosity"] < 1,
        ) as bar:
            results = read_feeds(
                accounts, dry_run=options["dry_run"], progress=bar.update
            )
        failed = [result for result in results if result.error]
        for result in failed:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.account.site.hostname} {result.account}：{result.error}"
                )
            )
        new_posts = sum(result.new_posts for result in results)
        undated = sum(result.undated for result in results)
        verb = "将新增" if options["dry_run"] else "新增"
        summary = (
            f"读取 {len(results)} 个账号的订阅源，{verb} {new_posts} 条发布，"
            f"失败 {len(failed)} 个"
        )
        if undated:
            summary += f"，{undated} 条没有发布时间（不计入）"
        if options["dry_run"]:
            summary += "（试运行，未保存）"
        self.stdout.write(self.style.SUCCESS(summary + "。"))
