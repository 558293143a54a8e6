from django.core.management.base import BaseCommand, CommandError

from sites.consolidation import ConsolidationError, consolidate, plan_consolidation


class Command(BaseCommand):
    help = (
        "Shut a site and move it up (关停上移): every page with its revisions, its "
        "media, letters and other site-owned rows go into a new section of the "
        "target site; every old URL answers with a permanent redirect; the old "
        "editors become contributors of the section; a notice is posted. All or "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("host", help="Hostname of the site to shut")
        parser.add_argument(
            "--into",
            required=True,
            metavar="HOST",
            help="Hostname of the site receiving the content (normally the superior)",
        )
        parser.add_argument(
            "--under",
            metavar="SLUG",
            help="Slug of the target site's column to put the new section under "
            "(default: directly under the target's homepage)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the plan (pages, media, redirects, users) and change nothing",
        )

    def handle(self, *args, **options):
        try:
            plan = plan_consolidation(
                options["host"], options["into"], under=options["under"]
            )
        except ConsolidationError as error:
            raise CommandError(str(error)) from error
        prefix = "[dry-run] " if options["dry_run"] else ""
        for line in plan.lines():
            self.stdout.write(prefix + line)
        if options["dry_run"]:
            for _page_id, title, old_path in plan.pages[:50]:
                self.stdout.write(f"{prefix}  {old_path}  {title}")
            if len(plan.pages) > 50:
                self.stdout.write(f"{prefix}  …（共 {len(plan.pages)} 个页面）")
            self.stdout.write("演练模式：未作任何改动。")
            return
        section = consolidate(plan)
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['host']} 已关停，{len(plan.pages)} 个页面迁入 "
                f"{section.full_url}，创建重定向 {plan.redirect_count} 条。"
            )
        )
