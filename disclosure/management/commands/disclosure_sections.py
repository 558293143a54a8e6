from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sites.models import SiteProfile

from ...sections import ensure_sections, missing_sections


class Command(BaseCommand):
    help = (
        "Add the disclosure section (guide, catalog, applications, annual reports) "
        "under the 信息公开 column of existing sites. Idempotent: only what is "
        "missing is created."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", help="Hostname of one site (default: every site of the cluster)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be created"
        )

    def handle(self, *args, **options):
        profiles = SiteProfile.objects.with_site().order_by("site__hostname")
        if options["site"]:
            profiles = profiles.filter(site__hostname=options["site"])
            if not profiles.exists():
                raise CommandError(
                    _("站点 %(host)s 不存在。") % {"host": options["site"]}
                )
        created_total = 0
        for profile in profiles:
            missing = missing_sections(profile)
            if missing is None:
                self.stdout.write(
                    f"{profile.hostname}: 没有 slug 为 disclosure 的信息公开栏目，已跳过"
                )
                continue
            if options["dry_run"]:
                titles = [str(title) for _m, _s, title, _f in missing]
                self.stdout.write(
                    f"[dry-run] {profile.hostname}: "
                    + ("将创建 " + "、".join(titles) if titles else "无需改动")
                )
                created_total += len(titles)
                continue
            with transaction.atomic():
                created = ensure_sections(profile)
            created_total += len(created)
            self.stdout.write(
                f"{profile.hostname}: "
                + ("已创建 " + "、".join(created) if created else "无需改动")
            )
        verb = "将创建" if options["dry_run"] else "共创建"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {created_total} 个信息公开页面（{profiles.count()} 个站点）。"
            )
        )
