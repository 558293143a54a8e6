import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Site

from cms.delivery.models import StaticRenderRequest
from cms.delivery.publisher import (
    RENDER_BATCH_SIZE,
    RenderOutcome,
    StaticRenderer,
    drain_pending,
    publish_root,
    publisher_lock,
    site_paths,
)


class Command(BaseCommand):
    help = (
        "Render published pages to static files under STATIC_PUBLISH_ROOT/<hostname>/ "
        "for nginx to serve: one site, every site, or only the pending changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            action="append",
            default=[],
            metavar="HOST",
            help="Rebuild the site with this hostname (repeatable).",
        )
        parser.add_argument(
            "--all", action="store_true", help="Rebuild every site of the cluster."
        )
        parser.add_argument(
            "--pending",
            action="store_true",
            help=(
                "Only render the changes still waiting, and remove temporary files "
                "of a killed writer (run when the task worker starts)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Render and count, but write and delete no file.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        started = time.monotonic()
        if options["pending"]:
            if dry_run:
                count = StaticRenderRequest.objects.count()
                self.stdout.write(
                    _("待生成的路径：%(count)s 个（试运行，未生成）") % {"count": count}
                )
                return
            total = StaticRenderRequest.objects.count()
            with tqdm(total=total, disable=total < 2, file=self.stderr) as bar:
                outcome = drain_pending(progress=bar, after_crash=True)
            self.summary(outcome, 1, started, dry_run)
            return
        sites = self.sites(options["site"], options["all"])
        renderer = StaticRenderer()
        outcome = RenderOutcome()
        stale = []
        with publisher_lock():
            for site in sites:
                paths = site_paths(site)
                site_outcome = RenderOutcome()
                with tqdm(
                    total=len(paths),
                    desc=site.hostname,
                    unit="页",
                    file=self.stderr,
                    leave=False,
                ) as bar:
                    for start in range(0, len(paths), RENDER_BATCH_SIZE):
                        batch = paths[start : start + RENDER_BATCH_SIZE]
                        renderer.start_batch((site.hostname, path) for path in batch)
                        for path in batch:
                            site_outcome.merge(
                                renderer.render_in_batch(site.hostname, path, dry_run)
                            )
                            bar.update(1)
                stale += self.prune(site.hostname, site_outcome.written, dry_run)
                outcome.merge(site_outcome)
        outcome.removed += stale
        self.summary(outcome, len(sites), started, dry_run)

    def sites(self, hostnames, every):
        if every and hostnames:
            raise CommandError(_("--site 与 --all 不能同时使用。"))
        if every:
            return list(Site.objects.select_related("root_page").order_by("hostname"))
        if not hostnames:
            raise CommandError(_("请用 --site 指定站点域名，或用 --all 生成全部站点。"))
        sites = []
        for hostname in hostnames:
            site = (
                Site.objects.select_related("root_page")
                .filter(hostname=hostname)
                .first()
            )
            if site is None:
                raise CommandError(
                    _("找不到域名为 %(host)s 的站点。") % {"host": hostname}
                )
            sites.append(site)
        return sites

    def prune(self, hostname, written, dry_run):
        """Files of the site that no published path produced any more."""
        host_dir = publish_root() / hostname
        if not host_dir.is_dir():
            return []
        keep = {path.resolve() for path in written}
        stale = [
            path
            for path in host_dir.rglob("*")
            if path.is_file()
            and not path.name.startswith(".")
            and path.resolve() not in keep
        ]
        if not dry_run:
            for path in stale:
                path.unlink(missing_ok=True)
        return stale

    def summary(self, outcome, site_count, started, dry_run):
        values = {
            "sites": site_count,
            "written": len(outcome.written),
            "removed": len(outcome.removed),
            "seconds": f"{time.monotonic() - started:.1f}",
        }
        if dry_run:
            message = _(
                "试运行：%(sites)s 个站点，将生成 %(written)s 个文件，删除 %(removed)s 个（%(seconds)s 秒）。"
            )
        else:
            message = _(
                "完成：%(sites)s 个站点，生成 %(written)s 个文件，删除 %(removed)s 个（%(seconds)s 秒）。"
            )
        self.stdout.write(message % values)
