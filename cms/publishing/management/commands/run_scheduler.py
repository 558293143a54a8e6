import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Publish pages whose scheduled time has come and unpublish expired ones "
        "(Wagtail's publish_scheduled), every PUBLISHING_SCHEDULER_INTERVAL_SECONDS "
        "seconds until stopped. For the demo; production runs publish_scheduled "
        "from a systemd timer or cron (docs/publishing.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=int,
            default=settings.PUBLISHING_SCHEDULER_INTERVAL_SECONDS,
            help="Seconds between runs (default from settings)",
        )
        parser.add_argument("--once", action="store_true", help="Run once and exit")

    def handle(self, *args, **options):
        interval = max(options["interval"], 1)
        while True:
            call_command("publish_scheduled", stdout=_Silent())
            if options["once"]:
                self.stdout.write(
                    _("定时发布已检查：%(now)s") % {"now": timezone.now()}
                )
                return
            time.sleep(interval)


class _Silent:
    """publish_scheduled reports every run; the loop would flood the console."""

    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass
