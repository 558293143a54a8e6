"""Generator of a large synthetic cluster for the monitoring benchmarks.

Pages are written with bulk inserts straight into the tree (paths computed
here), which is not what is timed. Each site: a homepage, 10 standard columns
and articles/guides below them; every 10th site is left dormant. Import it
after `bench.setup_django()`."""

import random
from datetime import time, timedelta
from html import escape

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


# --- a realistic cluster for the spot check ---------------------------------

LEADERS = ["王小明", "李建国", "张卫东", "刘海燕", "陈志强", "杨秀英"]
# Wrong forms of leaders' names: serious errors (single veto).
WRONG_LEADERS = {"王小明": "王晓明", "李建国": "李建囯", "张卫东": "张卫冬"}
TYPOS = ["按装", "布署", "再接再励", "震憾", "松驰", "既使"]
# Share of sites failing each way (by site number modulo 10); the rest pass.
DORMANT, SERIOUS_ERROR, LETTER_OVERDUE, UNREACHABLE, NO_ANNUAL_REPORT = 0, 3, 5, 7, 8
PROBES_PER_DAY = 24


class _Tree:
    """Paths for pages added below existing ones, in insertion order."""

    def __init__(self):
        self.children = {}

    def child_path(self, parent_path):
        self.children[parent_path] = self.children.get(parent_path, 0) + 1
        return path_of(parent_path, self.children[parent_path])


def bulk_add_pages(instances):
    """Insert page instances of any types (path, depth, url_path... set) with
    one bulk insert into the page table and one per page type; sets their pk."""
    base_fields = [
        field for field in Page._meta.concrete_fields if not field.primary_key
    ]
    created = Page.objects.bulk_create(
        [
            Page(
                **{field.attname: getattr(page, field.attname) for field in base_fields}
            )
            for page in instances
        ],
        batch_size=2000,
    )
    by_model = {}
    for page, row in zip(instances, created, strict=True):
        page.pk = page.id = row.pk
        page.page_ptr_id = row.pk
        by_model.setdefault(type(page), []).append(page)
    for model, pages in by_model.items():
        fields = model._meta.local_concrete_fields
        _insert(
            model._meta.db_table,
            [field.column for field in fields],
            [
                [
                    field.get_db_prep_save(getattr(page, field.attname), connection)
                    for field in fields
                ]
                for page in pages
            ],
        )


def _body(rng, paragraphs, extra_words=()):
    """Rich text of a government article: `paragraphs` paragraphs of 150 to
    400 characters (600 to 2,000 in all) cut from the real vocabulary of
    `bench.corpus` (jieba's dictionary, by its counts, around one topic),
    with `extra_words` placed in it."""
    from bench import corpus

    length = sum(rng.randint(150, 400) for _ in range(paragraphs))
    text = corpus.body(rng, rng.randrange(corpus.TOPICS), [], length)
    sentences = [f"{sentence}。" for sentence in text.replace("\n", "").split("。")]
    sentences = [sentence for sentence in sentences if sentence != "。"]
    size = -(-len(sentences) // paragraphs)
    parts = ["".join(sentences[n : n + size]) for n in range(0, len(sentences), size)]
    for word in extra_words:
        index = rng.randrange(len(parts))
        parts[index] = f"{word}，{parts[index]}"
    return "".join(f"<p>{escape(text)}</p>" for text in parts)


def _site_pages(n, home, tree, rng, as_of, pages_per_site, kinds):
    """The page instances of site `n` below its homepage `home`."""
    from cms.pages.models import ColumnKind
    from disclosure.models import (
        AnnualReportIndexPage,
        AnnualReportPage,
        DisclosureDocumentPage,
        DisclosureIndexPage,
    )
    from interaction.models import MailboxKind, MailboxPage

    dormant = n % 10 == DORMANT
    now = timezone.make_aware(timezone.datetime.combine(as_of, time(10)))
    pages = []

    def add(parent, instance, published):
        instance.path = tree.child_path(parent.path)
        instance.depth = parent.depth + 1
        instance.numchild = 0
        instance.draft_title = instance.title
        instance.url_path = f"{parent.url_path}{instance.slug}/"
        instance.live = True
        instance.locale_id = default_locale_id()
        instance.first_published_at = instance.last_published_at = published
        parent.numchild += 1
        pages.append(instance)
        return instance

    def ago(days):
        return now - timedelta(days=days, hours=rng.randint(0, 8))

    columns = {}
    for slug, title, kind in FULL_COLUMN_SET:
        intro = (
            _body(rng, 2)
            if kind == ColumnKind.STATIC
            else f"<p>{title}栏目发布本镇{title}相关信息。</p>"
        )
        columns[slug] = add(
            home,
            ColumnPage(
                title=title, slug=slug, kind=kind, intro=intro, show_in_menus=True
            ),
            ago(400),
        )
    mailbox = add(
        columns["interaction"],
        MailboxPage(
            title="政务咨询",
            slug="consult",
            kind=MailboxKind.CONSULTATION,
            intro="<p>欢迎您就本镇政务工作提出咨询。</p>",
            categories="政务公开\n社会保障\n城乡建设",
        ),
        ago(400),
    )
    catalog = add(
        columns["disclosure"],
        DisclosureIndexPage(title="信息公开目录", slug="catalog", intro=""),
        ago(400),
    )
    reports = add(
        columns["disclosure"],
        AnnualReportIndexPage(title="政府信息公开年报", slug="reports", intro=""),
        ago(400),
    )
    if n % 10 != NO_ANNUAL_REPORT:
        year = as_of.year - 1
        add(
            reports,
            AnnualReportPage(
                title=f"{year}年政府信息公开工作年度报告",
                slug=f"report-{year}",
                year=year,
                overall=_body(rng, 3),
                problems=_body(rng, 1),
                other_matters="<p>无。</p>",
            ),
            timezone.make_aware(timezone.datetime(as_of.year, 3, 10, 9)),
        )
    values = {name: f"{name} 内容" for name in ServiceGuidePage.KEY_ELEMENTS}
    for g in range(5):
        add(
            columns["services"],
            ServiceGuidePage(
                title=f"办事事项{g}",
                slug=f"guide-{g}",
                item_code=f"11510000{n:06d}{g:02d}",
                published_at=ago(rng.randint(30, 300)),
                **values,
            ),
            ago(300),
        )
    fixed = 1 + len(pages)
    documents = max(1, (pages_per_site - fixed) // 5)
    articles = pages_per_site - fixed - documents
    article_columns = [
        "news",
        "news",
        "news",
        "notices",
        "policies",
        "interpretation",
        "personnel",
        "plans",
    ]
    serious_at = rng.randrange(articles) if n % 10 == SERIOUS_ERROR else None
    for a in range(articles):
        slug = article_columns[a % len(article_columns)]
        if dormant:
            age = rng.randint(120, 400)
        elif a < len(article_columns):
            age = rng.randint(0, 10)  # every column has a recent item
        else:
            age = rng.randint(0, 360)
        extra = []
        if a == serious_at:
            extra.append(f"镇长{WRONG_LEADERS[rng.choice(list(WRONG_LEADERS))]}")
        elif rng.random() < 0.02:
            extra.append(rng.choice(TYPOS))
        published = ago(age)
        add(
            columns[slug],
            ArticlePage(
                title=f"{columns[slug].title}：第{a}期工作动态",
                slug=f"a{a}",
                published_at=published,
                source="镇党政办",
                author="",
                doc_number="",
                summary="",
                body=_body(rng, rng.randint(2, 5), extra),
            ),
            published,
        )
    for d in range(documents):
        drafted = as_of - timedelta(days=rng.randint(30, 700))
        late = rng.random() < 0.05
        published_date = drafted + timedelta(days=rng.randint(40, 90) if late else 5)
        add(
            catalog,
            DisclosureDocumentPage(
                title=f"关于做好第{d}批重点工作的通知",
                slug=f"doc-{d}",
                index_number=f"BENCH{n:06d}/{drafted.year}-{d:05d}",
                category_id=kinds["category"],
                issuing_body_id=None,  # set by the caller
                date_drafted=drafted,
                doc_number=f"镇府发〔{drafted.year}〕{d + 1}号",
                published_date=published_date,
                keywords="通知",
                summary="",
                body=_body(rng, rng.randint(2, 4)),
            ),
            timezone.make_aware(timezone.datetime.combine(published_date, time(9))),
        )
    return pages, mailbox


def _letters(n, site_id, mailbox_id, rng, as_of):
    from interaction.deadlines import due_date_for
    from interaction.models import Letter, LetterStatus

    now = timezone.make_aware(timezone.datetime.combine(as_of, time(10)))
    letters = []
    for k in range(12):
        received = now - timedelta(days=rng.randint(20, 330), hours=rng.randint(0, 9))
        answered = received + timedelta(days=rng.randint(2, 12))
        letters.append(
            Letter(
                mailbox_id=mailbox_id,
                site_id=site_id,
                tracking_code=f"B{n:06d}{k:03d}",
                name="市民",
                phone="13800000000",
                subject="咨询办理事项",
                category="政务公开",
                content="请问办理该事项需要准备哪些材料？",
                received_at=received,
                due_date=due_date_for(received),
                status=LetterStatus.ANSWERED,
                answer="您好，所需材料已在办事指南中列明。",
                answered_at=answered,
            )
        )
    if n % 10 == LETTER_OVERDUE:
        received = now - timedelta(days=150)
        letters.append(
            Letter(
                mailbox_id=mailbox_id,
                site_id=site_id,
                tracking_code=f"B{n:06d}999",
                name="市民",
                phone="13800000000",
                subject="咨询未获答复",
                category="社会保障",
                content="请问养老保险如何续缴？",
                received_at=received,
                due_date=due_date_for(received),
                status=LetterStatus.ASSIGNED,
            )
        )
    return letters


def _probes(n, hostname, as_of):
    from monitoring.models import AvailabilityProbe

    end = timezone.make_aware(timezone.datetime.combine(as_of, time(23, 30)))
    failing = n % 10 == UNREACHABLE
    return [
        AvailabilityProbe(
            hostname=hostname,
            url=f"http://{hostname}/",
            checked_at=end - timedelta(hours=h),
            ok=not (failing and h % 12 == 0),  # 1 in 12 (8 %) fails
            status_code=200,
            elapsed_ms=120,
        )
        for h in range(7 * PROBES_PER_DAY)
    ]


def build_realistic_cluster(sites, pages_per_site, as_of, seed=1, progress=None):
    """A cluster of `sites` townships with `pages_per_site` pages each
    (homepage included), as the spot check of `as_of` sees it: bodies of real
    length, a consultation mailbox with letters, a disclosure catalog with
    documents and an annual report, a week of availability probes, and each
    site's own wrong leader names in the content-check dictionary. One site in
    ten each is dormant, has a wrong leader name in an article, leaves a letter
    unanswered for five months, or fails 8 % of its probes; the others pass
    (some with deductions for typos, late documents or a missing report).
    Returns False when the database already holds the cluster."""
    from cms.publishing.models import DictionaryEntry, EntryKind
    from disclosure.models import IssuingBody, SubjectCategory
    from interaction.models import Letter
    from monitoring.models import AvailabilityProbe

    rng = random.Random(seed)
    call_command("migrate", verbosity=0)
    if (
        SiteProfile.objects.filter(site__hostname__endswith=".bench.localhost").count()
        >= sites
    ):
        return False
    kinds = {"category": SubjectCategory.objects.order_by("sort_order", "pk")[0].pk}
    root = Page.get_first_root_node()
    home_ct = ContentType.objects.get_for_model(HomePage)
    DictionaryEntry.objects.bulk_create(
        [
            DictionaryEntry(kind=EntryKind.LEADER_NAME, term=wrong, suggestion=right)
            for right, wrong in WRONG_LEADERS.items()
        ]
    )
    tree = _Tree()
    tree.children[root.path] = root.numchild
    now = timezone.now()
    for first in range(0, sites, 100):
        numbers = range(first, min(first + 100, sites))
        with transaction.atomic():
            homes = [
                HomePage(
                    path=tree.child_path(root.path),
                    depth=2,
                    numchild=0,
                    title=f"基准{n}镇人民政府",
                    draft_title=f"基准{n}镇人民政府",
                    slug=f"bench-{n}",
                    url_path=f"/bench-{n}/",
                    content_type=home_ct,
                    live=True,
                    locale_id=default_locale_id(),
                    first_published_at=now,
                    intro="",
                )
                for n in numbers
            ]
            bulk_add_pages(homes)
            site_rows = Site.objects.bulk_create(
                [
                    Site(
                        hostname=f"s{n}.bench.localhost",
                        port=80,
                        root_page_id=home.pk,
                        site_name=home.title,
                    )
                    for n, home in zip(numbers, homes, strict=True)
                ]
            )
            SiteProfile.objects.bulk_create(
                [
                    SiteProfile(
                        site=site,
                        name=site.site_name,
                        short_name=f"基准{n}镇",
                        level=SiteLevel.TOWNSHIP,
                        identity_code=f"51{n:08d}",
                        sponsor="镇人民政府办公室",
                        phone="0825-1234567",
                        icp_number="蜀ICP备00000000号",
                        public_security_number="川公网安备00000000000000号",
                    )
                    for n, site in zip(numbers, site_rows, strict=True)
                ]
            )
            bodies = IssuingBody.objects.bulk_create(
                [
                    IssuingBody(site=site, name=site.site_name, code=f"BENCH{n:06d}")
                    for n, site in zip(numbers, site_rows, strict=True)
                ]
            )
            DictionaryEntry.objects.bulk_create(
                [
                    DictionaryEntry(
                        kind=EntryKind.LEADER_NAME,
                        site=site,
                        term=f"{leader[:2]}{chr(0x4E00 + n % 500)}",
                        suggestion=leader,
                    )
                    for n, site in zip(numbers, site_rows, strict=True)
                    for leader in LEADERS[:3]
                ]
            )
            pages, mailboxes = [], []
            for n, home, body in zip(numbers, homes, bodies, strict=True):
                site_pages, mailbox = _site_pages(
                    n, home, tree, rng, as_of, pages_per_site, kinds
                )
                for page in site_pages:
                    if hasattr(page, "issuing_body_id"):
                        page.issuing_body_id = body.pk
                pages += site_pages
                mailboxes.append(mailbox)
            bulk_add_pages(pages)
            HomePage.objects.bulk_update(homes, ["numchild"])
            Letter.objects.bulk_create(
                [
                    letter
                    for n, site, mailbox in zip(
                        numbers, site_rows, mailboxes, strict=True
                    )
                    for letter in _letters(n, site.pk, mailbox.pk, rng, as_of)
                ],
                batch_size=2000,
            )
            AvailabilityProbe.objects.bulk_create(
                [
                    probe
                    for n, site in zip(numbers, site_rows, strict=True)
                    for probe in _probes(n, site.hostname, as_of)
                ],
                batch_size=5000,
            )
        if progress:
            progress(len(numbers))
    Page.objects.filter(pk=root.pk).update(numchild=tree.children[root.path])
    return True
