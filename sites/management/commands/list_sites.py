import json

from django.core.management.base import BaseCommand

from sites.models import SiteProfile


def site_rows():
    """One dict per site in the shape `list_sites --json` promises."""
    return [
        {
            "hostname": profile.site.hostname,
            "name": profile.name,
            "code": profile.identity_code,
            "level": profile.level,
            "superior": profile.superior.site.hostname if profile.superior else None,
            "status": profile.status,
        }
        for profile in SiteProfile.objects.with_site().order_by("site__hostname")
    ]


class Command(BaseCommand):
    help = "List the sites of the cluster with their identity code, level, superior and status."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="Print a JSON array instead of a table"
        )

    def handle(self, *args, **options):
        rows = site_rows()
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['hostname']:<28} {row['code']}  {row['level']:<10} {row['status']:<8} "
                f"{row['superior'] or '-':<28} {row['name']}"
            )
        self.stdout.write(f"{len(rows)} sites.")
