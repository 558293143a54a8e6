from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sites.models import SiteProfile

from ...provisioning import planned_publishing_setup, provision_publishing


class Command(BaseCommand):
    help = (
        "Give every site that lacks it the default review workflow (content check, "
        "then confidentiality review by the site's reviewers) and its editors the "
        "publishing permissions. Safe to run any number of times."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be created and change nothing",
        )
        parser.add_argument("--site", help="Only this hostname (default: every site)")

    def handle(self, *args, **options):
        profiles = SiteProfile.objects.with_site().select_related("reviewers_group")
        if options["site"]:
            profiles = profiles.filter(site__hostname=options["site"])
        changed = 0
        for profile in profiles:
            plan = planned_publishing_setup(profile)
            if not plan:
                continue
            changed += 1
            for line in plan:
                self.stdout.write(("[dry-run] " if options["dry_run"] else "") + line)
            if not options["dry_run"]:
                provision_publishing(profile)
        self.stdout.write(
            _("检查了 %(total)d 个站点，%(changed)d 个站点%(verb)s补齐审核流程。")
            % {
                "total": len(profiles),
                "changed": changed,
                "verb": _("需要") if options["dry_run"] else _("已"),
            }
        )
