"""Generator of a large synthetic cluster for the monitoring benchmarks.

Pages are written with bulk inserts straight into the tree (paths computed
here), which is not what is timed. Each site: a homepage, 10 standard columns
and articles/guides below them; every 10th site is left dormant. Import it
after `bench.setup_django()`."""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.pages.models import (
    ArticlePage,
    ColumnPage,
    HomePage,
    ServiceGuidePage,
)
from sites.models import SiteLevel, SiteProfile
from sites.provisioning import FULL_COLUMN_SET


def default_locale_id():
    if not hasattr(default_locale_id, "pk"):
        default_locale_id.pk = Locale.get_default().pk
    return default_locale_id.pk


def path_of(parent_path, n):
    return Page._get_path(parent_path, len(parent_path) // Page.steplen + 1, n)


def _insert(table, columns, rows):
    if not rows:
        return
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(table),
        ", ".join(connection.ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def add_subtree(parent, articles, guides, rng, now, dormant, slug_prefix=""):
    """Bulk-add the 10 standard columns under `parent` (a Page) with `articles`
    articles and `guides` guides spread over them; returns pages added."""
    ct = {
        model: ContentType.objects.get_for_model(model)
        for model in (ColumnPage, ArticlePage, ServiceGuidePage)
    }
    next_child = parent.numchild + 1
    pages, columns, items = [], [], []
    for index, (slug, title, kind) in enumerate(FULL_COLUMN_SET):
        column_path = path_of(parent.path, next_child + index)
        column_slug = f"{slug_prefix}{slug}"
        pages.append(
            Page(
                path=column_path,
                depth=parent.depth + 1,
                numchild=0,
                title=title,
                draft_title=title,
                slug=column_slug,
                url_path=f"{parent.url_path}{column_slug}/",
                content_type=ct[ColumnPage],
                live=True,
                locale_id=default_locale_id(),
                show_in_menus=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
        columns.append([column_path, kind, 0, column_slug])
    per_column = [0] * len(columns)
    for n in range(articles + guides):
        is_guide = n >= articles
        index = 5 if is_guide else n % len(columns)
        per_column[index] += 1
        column_path, _kind, _count, column_slug = columns[index]
        age = rng.randint(120, 400) if dormant else rng.randint(0, 60)
        published = now - timedelta(days=age)
        slug = f"item-{n}"
        pages.append(
            Page(
                path=path_of(column_path, per_column[index]),
                depth=parent.depth + 2,
                numchild=0,
                title=f"条目{n}",
                draft_title=f"条目{n}",
                slug=slug,
                url_path=f"{parent.url_path}{column_slug}/{slug}/",
                content_type=ct[ServiceGuidePage if is_guide else ArticlePage],
                live=True,
                locale_id=default_locale_id(),
                first_published_at=published,
                last_published_at=published,
            )
        )
        items.append((is_guide, published))
    for page, count in zip(pages[: len(columns)], per_column, strict=True):
        page.numchild = count
    created = Page.objects.bulk_create(pages, batch_size=2000)
    column_ids = [page.pk for page in created[: len(columns)]]
    _insert(
        ColumnPage._meta.db_table,
        ["page_ptr_id", "kind", "intro"],
        [
            (pk, kind, "")
            for pk, (_p, kind, _c, _s) in zip(column_ids, columns, strict=True)
        ],
    )
    article_rows, guide_rows = [], []
    for page, (is_guide, published) in zip(created[len(columns) :], items, strict=True):
        if is_guide:
            values = ["x"] * len(ServiceGuidePage.KEY_ELEMENTS)
            guide_rows.append([page.pk, "", published, *values])
        else:
            article_rows.append(
                (page.pk, published, "", "", "", None, "", "<p>正文</p>")
            )
    _insert(
        ArticlePage._meta.db_table,
        [
            "page_ptr_id",
            "published_at",
            "source",
            "author",
            "doc_number",
            "cover_image_id",
            "summary",
            "body",
        ],
        article_rows,
    )
    _insert(
        ServiceGuidePage._meta.db_table,
        ["page_ptr_id", "item_code", "published_at", *ServiceGuidePage.KEY_ELEMENTS],
        guide_rows,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(columns))
    return len(created)


def build_cluster(sites=2000, pages_per_site=100, seed=1):
    """Sites with `pages_per_site` pages each (homepage included)."""
    rng = random.Random(seed)
    now = timezone.now()
    call_command("migrate", verbosity=0)
    if SiteProfile.objects.count() >= sites:
        return
    root = Page.get_first_root_node()
    home_ct = ContentType.objects.get_for_model(HomePage)
    with transaction.atomic():
        homes = Page.objects.bulk_create(
            [
                Page(
                    path=path_of(root.path, root.numchild + 1 + n),
                    depth=2,
                    numchild=0,
                    title=f"基准站点{n}",
                    draft_title=f"基准站点{n}",
                    slug=f"bench-{n}",
                    url_path=f"/bench-{n}/",
                    content_type=home_ct,
                    live=True,
                    locale_id=default_locale_id(),
                    first_published_at=now,
                )
                for n in range(sites)
            ],
            batch_size=2000,
        )
        _insert(
            HomePage._meta.db_table,
            ["page_ptr_id", "intro"],
            [(home.pk, "") for home in homes],
        )
        Page.objects.filter(pk=root.pk).update(numchild=root.numchild + sites)
        site_rows = Site.objects.bulk_create(
            [
                Site(
                    hostname=f"s{n}.bench.localhost",
                    port=80,
                    root_page=home,
                    site_name=home.title,
                )
                for n, home in enumerate(homes)
            ]
        )
        SiteProfile.objects.bulk_create(
            [
                SiteProfile(
                    site=site,
                    name=site.site_name,
                    short_name=site.site_name,
                    level=SiteLevel.TOWNSHIP,
                    identity_code=f"51{n:08d}",
                    sponsor="办公室",
                    phone="0825-1",
                    icp_number="ICP",
                    public_security_number="PS",
                )
                for n, site in enumerate(site_rows)
            ]
        )
        for n, home in enumerate(homes):
            home.numchild = 0
            articles = pages_per_site - 1 - 10 - 5
            add_subtree(home, articles, 5, rng, now, dormant=n % 10 == 0)
