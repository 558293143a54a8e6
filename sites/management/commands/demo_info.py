from django.core.management.base import BaseCommand

from sites.demo.cluster import DEMO_PASSWORD
from sites.models import SiteProfile


class Command(BaseCommand):
    help = "Print the URL of every site of the cluster and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=8000,
            help="Port the development server listens on",
        )

    def handle(self, *args, **options):
        port = options["port"]
        self.stdout.write("GovCluster sites:")
        for profile in SiteProfile.objects.with_site().order_by(
            "level", "site__hostname"
        ):
            self.stdout.write(
                f"  http://{profile.site.hostname}:{port}/   {profile.name} [{profile.get_level_display()}, {profile.get_status_display()}]"
            )
        self.stdout.write(f"  http://localhost:{port}/   (the city portal)")
        self.stdout.write(f"Admin: http://localhost:{port}/admin/")
        self.stdout.write(
            f"Logins (password {DEMO_PASSWORD}): admin (cluster administrator), inspector (read-only, every site), "
            "editor-<slug> / reviewer-<slug> for each site, e.g. editor-qingshi, reviewer-dongpo"
        )
