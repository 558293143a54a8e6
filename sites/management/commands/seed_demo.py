import random
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Page, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from sites.demo.cluster import (
    CITY,
    DEMO_PASSWORD,
    DEMO_SITES,
    DORMANT_SLUGS,
    hostname_for,
    profile_fields,
)
from sites.demo.context import DemoContext
from sites.demo.seeders import seeders as registered_seeders
from sites.models import SiteProfile
from sites.provisioning import (
    SiteRequest,
    grant_site_model_permissions,
    provision_site,
)

INSPECTOR_GROUP = "检查员"


@contextmanager
def deferred_search_indexing():
    """Turn off per-object search index updates while the demo is built, to
    rebuild the index once afterwards: updating it for each of thousands of
    page saves is slow (on PostgreSQL every insert also recomputes the title
    norms of the whole index)."""
    original = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**params, "AUTO_UPDATE": False} for name, params in original.items()
    }
    try:
        yield
    finally:
        settings.WAGTAILSEARCH_BACKENDS = original


# Per-object index updates that saves queue while the demo is built; the
# rebuilds at the end cover every object, so the queued ones are dropped
# rather than redone one by one by the task worker.
SUPERSEDED_TASKS = (
    "modelsearch.tasks.insert_or_update_object_task",
    "search.tasks.index_pages_task",
    "search.tasks.index_subtree_task",
)


def drop_superseded_tasks(since):
    """Delete the queued SUPERSEDED_TASKS enqueued since `since`; how many."""
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return 0
    from django_tasks_db.models import DBTaskResult

    deleted, _by_model = DBTaskResult.objects.filter(
        status="READY", task_path__in=SUPERSEDED_TASKS, enqueued_at__gte=since
    ).delete()
    return deleted


CLUSTER_ADMIN_GROUP = "站群管理员"


class Command(BaseCommand):
    help = (
        "Build the demo cluster (a city portal, 4 counties, 8 townships, 4 departments "
        "on <slug>.localhost) with users and realistic content. Idempotent: running it "
        "again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any site profile exists already",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=20261121,
            help="Random seed (default fixed for reproducibility)",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Date the content is relative to (YYYY-MM-DD; default today)",
        )
        parser.add_argument(
            "--port",
            type=int,
            help=(
                "Port the demo is served on (e.g. make run's 8000): recorded on "
                "every demo site, so absolute links (feeds, sitemaps, e-mails, "
                "redirects to another site) carry it; applied also with --if-empty"
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the sites and users that would be created and change nothing",
        )

    def handle(self, *args, **options):
        port = options["port"]
        if port is not None and not 0 < port < 65536:
            raise CommandError(f"端口 {port} 无效：应为 1 到 65535 之间的整数。")
        if options["if_empty"] and SiteProfile.objects.exists():
            self.stdout.write("The cluster has sites already; nothing seeded.")
            if port is not None:
                self.record_port(port, dry_run=options["dry_run"])
            return
        if options["dry_run"]:
            if port is not None:
                self.record_port(port, dry_run=True)
            for slug, name, _short, level, code, superior in DEMO_SITES:
                self.stdout.write(
                    f"[dry-run] site {hostname_for(slug)}: {name} ({level}, {code}, superior {superior or '-'})"
                )
            self.stdout.write(
                f"[dry-run] users: admin, inspector, editor-<slug> and reviewer-<slug> for {len(DEMO_SITES)} sites"
            )
            return
        context = DemoContext(
            today=options["today"] or date.today(),
            rng=random.Random(options["seed"]),
            dormant_hostnames=frozenset(hostname_for(slug) for slug in DORMANT_SLUGS),
        )
        pages_before = Page.objects.count()
        started = timezone.now()
        with deferred_search_indexing(), disable_reference_index_auto_update():
            with transaction.atomic():
                created_sites = self.seed_sites(context)
                if port is not None:
                    # Before any content: pages are indexed with their URLs.
                    self.record_port(port, dry_run=False, reindex=False)
                created_users = self.seed_users(context)
            seeders = self.app_seeders()
            for _label, seed in tqdm(
                seeders, desc="demo content", unit="app", disable=None, file=self.stderr
            ):
                with transaction.atomic():
                    seed(context)
        if Page.objects.count() != pages_before:
            self.stdout.write("Rebuilding the search and reference indexes...")
            call_command("update_index", verbosity=0, stdout=self.stdout)
            call_command("rebuild_references_index", verbosity=0, stdout=self.stdout)
            dropped = drop_superseded_tasks(started)
            if dropped:
                self.stdout.write(
                    f"Dropped {dropped} queued index updates the rebuild made redundant."
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo cluster ready: {len(context.profiles)} sites ({created_sites} new), "
                f"{created_users} new users, content from {len(seeders)} apps."
            )
        )

    def record_port(self, port, *, dry_run, reindex=True):
        """Record on the demo's sites that they are served on `port` (Wagtail
        builds every absolute URL of a site from its hostname and port)."""
        sites = Site.objects.filter(
            hostname__in=[hostname_for(slug) for slug, *_ in DEMO_SITES]
        ).exclude(port=port)
        count = sites.count()
        if dry_run:
            self.stdout.write(
                f"[dry-run] {count} demo sites would be served on port {port}"
            )
            return
        for site in sites:
            site.port = port
            site.save(update_fields=["port"])
        self.stdout.write(f"{count} demo sites now recorded as served on port {port}.")
        if count and reindex:
            # Search results link to the URLs stored when pages were indexed.
            call_command(
                "update_index", "--public-only", verbosity=0, stdout=self.stdout
            )

    def seed_sites(self, context):
        created = 0
        for slug, name, short_name, level, code, superior in DEMO_SITES:
            # A separate generator per site keeps each site's details stable
            # whatever the others do.
            site_rng = random.Random(f"{slug}-{code}")
            result = provision_site(
                SiteRequest(
                    name=name,
                    short_name=short_name,
                    hostname=hostname_for(slug),
                    code=code,
                    level=level,
                    superior=hostname_for(superior) if superior else None,
                    profile_fields=profile_fields(slug, name, code, site_rng),
                )
            )
            created += result.created
            # Sites of an older demo get the permissions provisioning gives now.
            grant_site_model_permissions(result.profile)
            context.profiles[hostname_for(slug)] = result.profile
        # `localhost` itself serves the city portal.
        city = Site.objects.get(hostname=hostname_for(CITY))
        if not city.is_default_site:
            Site.objects.filter(is_default_site=True).update(is_default_site=False)
            city.is_default_site = True
            city.save()
        return created

    def seed_users(self, context):
        User = get_user_model()
        created = 0

        def ensure_user(username, *, groups=(), superuser=False, name=""):
            nonlocal created
            user, is_new = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": superuser,
                    "is_superuser": superuser,
                    "first_name": name,
                    "email": f"{username}@example.cn",
                },
            )
            if is_new:
                user.set_password(DEMO_PASSWORD)
                user.save()
                created += 1
            user.groups.add(*groups)

        ensure_user("admin", superuser=True, name="站群管理员")
        inspectors, _ = Group.objects.get_or_create(name=INSPECTOR_GROUP)
        inspectors.permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtailadmin", codename="access_admin"
            ),
            Permission.objects.get(
                content_type__app_label="cluster", codename="inspect_cluster"
            ),
        )
        ensure_user("inspector", groups=[inspectors], name="检查员")
        for hostname, profile in context.profiles.items():
            slug = hostname.removesuffix(".localhost")
            ensure_user(
                f"editor-{slug}",
                groups=[profile.editors_group],
                name=f"{profile.short_name}编辑",
            )
            ensure_user(
                f"reviewer-{slug}",
                groups=[profile.reviewers_group],
                name=f"{profile.short_name}审核",
            )
        return created

    def app_seeders(self):
        """(app label, seed) for every installed app that registered one."""
        return registered_seeders()
