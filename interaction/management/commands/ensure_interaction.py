from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from sites.models import SiteProfile

from ...setup import ensure_site_interaction


class Command(BaseCommand):
    help = (
        "Give every site (or one) its default mailboxes in the interaction column "
        "(a consultation mailbox; a leader mailbox for province, city and county "
        "portals) and a default handling unit. Idempotent: existing ones are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", help="Hostname of the one site to check (default: every site)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be created and change nothing",
        )

    def handle(self, *args, **options):
        profiles = SiteProfile.objects.with_site().order_by("site__hostname")
        if options["site"]:
            profiles = profiles.filter(site__hostname=options["site"])
            if not profiles.exists():
                raise CommandError(f"站点 {options['site']} 不存在。")
        changes = []
        for profile in tqdm(
            profiles, desc="sites", unit="site", disable=None, file=self.stderr
        ):
            with transaction.atomic():
                changes += ensure_site_interaction(profile, dry_run=options["dry_run"])
        prefix = "[dry-run] " if options["dry_run"] else ""
        for change in changes:
            self.stdout.write(f"{prefix}{change}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{profiles.count()} sites checked, {len(changes)} changes."
            )
        )
