from django.core.management.base import BaseCommand, CommandError

from sites.models import SiteLevel
from sites.provisioning import ProvisioningError, SiteRequest, provision_site


class Command(BaseCommand):
    help = (
        "Create a site of the cluster: the Wagtail site, its profile, a home page with "
        "the standard columns for its level, editor and reviewer groups with "
        "permissions on that site only, and a media collection. Re-running with an "
        "existing hostname changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name", required=True, help="Full name, e.g. 某某县人民政府"
        )
        parser.add_argument(
            "--short-name",
            required=True,
            help="Short name shown in navigation, e.g. 某某县",
        )
        parser.add_argument(
            "--hostname",
            required=True,
            help="Hostname the site answers on, e.g. county.gov.cn",
        )
        parser.add_argument(
            "--code",
            required=True,
            help="10-digit government website identity code (网站标识码)",
        )
        parser.add_argument(
            "--level",
            required=True,
            choices=SiteLevel.values,
            help="Administrative level of the site",
        )
        parser.add_argument(
            "--superior",
            help="Hostname of the superior site (required below city level)",
        )
        parser.add_argument(
            "--port", type=int, default=80, help="Port the site answers on (default 80)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be created and change nothing",
        )

    def handle(self, *args, **options):
        request = SiteRequest(
            name=options["name"],
            short_name=options["short_name"],
            hostname=options["hostname"],
            code=options["code"],
            level=options["level"],
            superior=options["superior"],
            port=options["port"],
        )
        try:
            result = provision_site(request, dry_run=options["dry_run"])
        except ProvisioningError as error:
            raise CommandError(str(error)) from error
        prefix = "[dry-run] " if options["dry_run"] else ""
        for line in result.plan:
            self.stdout.write(f"{prefix}{line}")
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {request.hostname} (identity code {request.code})."
                )
            )
