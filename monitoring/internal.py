"""Internal checks of hosted sites, read from the database as of a date.

Only content published on or before `as_of` counts. Every SCOPE_CHUNK sites
are checked with a fixed number of queries (their own, and those of the
questions other areas answer), whatever the number of pages, and the
content-check dictionary is read once for all the sites checked: every
aggregate is computed in the database, grouped by parent page, and every
query finds its sites' pages through the index on the page path
(sites.scoping), so checking some sites never reads the others' pages."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.views import serve as wagtail_serve

from cms.pages.models import ColumnKind, ColumnPage, PublishedContent, ServiceGuidePage
from sites.models import SiteLevel
from sites.scoping import any_subtree_q

from . import registry
from .models import ManualFinding, ScoreGroup
from .report import SiteReport, Warning
from .score_table import NO_EXTERNAL_SERVICES, SERVICES_GROUP, ScoreTable

EVIDENCE_LIMIT = 20
# Sites gathered per set of queries: each query selects their pages by one
# path range per site, and SQLite parses at most 1,000 nested conditions.
SCOPE_CHUNK = 200
PAGE_LINK = re.compile(r'<a\b[^>]*\blinktype="page"[^>]*\bid="(\d+)"')
DOCUMENT_LINK = re.compile(r'<a\b[^>]*\blinktype="document"[^>]*\bid="(\d+)"')


def end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.max))


def column_interval_days(kind):
    """Required update interval of a column kind, or None when it need not update."""
    return settings.MONITORING_COLUMN_UPDATE_DAYS.get(kind)


def _direct_page_subclasses():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not Page
        and Page in model._meta.get_parent_list()
        and model._meta.get_parent_list()[0] is Page
    ]


def _publication_field(model):
    """The stored publication time of a dated item type, or None."""
    if issubclass(model, PublishedContent) and model.is_dated_item:
        return model.publication_field
    return None


def dated_item_expression():
    """The publication time readers see, for page types that show one (a
    `publication_time` property backed by a `published_at`/`published_date`
    field), else NULL: an item without a publication time counts as not
    updated (domain.md)."""
    parts = []
    for model in _direct_page_subclasses():
        name = _publication_field(model)
        if name is None:
            continue
        lookup = f"{model._meta.model_name}__{name}"
        if isinstance(model._meta.get_field(name), models.DateTimeField):
            parts.append(F(lookup))
        else:
            parts.append(Cast(lookup, models.DateTimeField()))
    if not parts:
        return models.Value(None, output_field=models.DateTimeField())
    if len(parts) == 1:
        return parts[0]
    return Coalesce(*parts, output_field=models.DateTimeField())


@dataclass
class ColumnState:
    page_id: int
    title: str
    kind: str
    url: str
    top_level: bool
    in_menu: bool
    items: int = 0
    latest: datetime | None = None
    # A static column's text is its own content.
    has_own_text: bool = False

    @property
    def empty(self):
        return self.items == 0 and not self.has_own_text


@dataclass
class SiteData:
    """Everything the rules need about one site, gathered in bulk."""

    profile: object
    home_url: str
    columns: list[ColumnState] = field(default_factory=list)
    homepage_latest: datetime | None = None
    any_latest: datetime | None = None
    guides: list = field(default_factory=list)
    broken_internal_links: list[str] = field(default_factory=list)
    content_findings: list = field(default_factory=list)
    has_search_page: bool = False
    # What other areas answer about the site: {registry question: answer},
    # without the questions no installed area answers.
    answers: dict = field(default_factory=dict)


def _site_url(profile, home_url_path, url_path):
    return profile.site.root_url + "/" + url_path[len(home_url_path) :]


def _dictionary(profiles):
    """The publishing area's content-check dictionary for the sites of
    `profiles`: ({site pk: matcher}, rich_text_prose), or None while that
    area is not installed. The dictionary is read and compiled once for all
    the sites; monitoring matches it itself instead of calling `check_page`
    per page, which looks up the page's site, the dictionary version, its
    column and every linked page (several queries per page); broken links
    are counted by this module in bulk anyway."""
    matchers_for_sites = registry.provider(registry.CONTENT_MATCHER)
    rich_text_prose = registry.provider(registry.RICH_TEXT_READER)
    if matchers_for_sites is None or rich_text_prose is None:
        return None
    return matchers_for_sites([p.site_id for p in profiles]), rich_text_prose


def gather(profiles, as_of):
    """{hostname: SiteData} for `profiles` (SiteProfile with site and root page
    loaded), with a number of queries that grows with the number of sites
    (one set per SCOPE_CHUNK sites), never with the number of pages."""
    end = end_of_day(as_of)
    by_home_path = {}
    for profile in profiles:
        home = profile.site.root_page
        by_home_path[home.path] = SiteData(profile, profile.site.root_url + "/")
    data = {d.profile.site.hostname: d for d in by_home_path.values()}
    dictionary = _dictionary(profiles)
    for length in {len(path) for path in by_home_path}:
        paths = sorted(path for path in by_home_path if len(path) == length)
        for first in range(0, len(paths), SCOPE_CHUNK):
            chunk = paths[first : first + SCOPE_CHUNK]
            _gather_batch(
                {path: by_home_path[path] for path in chunk}, length, end, dictionary
            )
    return data


def _in_scope(queryset, home_paths):
    """`queryset` narrowed to the sites whose homepages are at `home_paths`,
    by path ranges the page index answers (sites.scoping)."""
    return queryset.filter(any_subtree_q(home_paths))


def _restricted_q(home_paths):
    """Pages under a view restriction are not public and do not count."""
    prefixes = tuple(home_paths)
    return any_subtree_q(
        path
        for path in PageViewRestriction.objects.values_list("page__path", flat=True)
        if path.startswith(prefixes)
    )


def _gather_batch(sites, length, end, dictionary):
    home_paths = list(sites)
    homes = {path: data.profile.site.root_page.url_path for path, data in sites.items()}
    restricted = _restricted_q(home_paths)

    columns = list(
        _in_scope(ColumnPage.objects.filter(live=True), home_paths)
        .exclude(restricted)
        .values(
            "id",
            "path",
            "depth",
            "title",
            "kind",
            "url_path",
            "show_in_menus",
            "intro",
        )
        .order_by()  # sorted here: ORDER BY path makes SQLite scan the index
    )
    columns.sort(key=lambda column: column["path"])
    column_paths = {column["path"] for column in columns}
    parents_of_columns = {
        column["path"][: -Page.steplen]
        for column in columns
        if len(column["path"]) > length + Page.steplen
    }

    shown_at = dated_item_expression()
    exists_by_end = Q(shown_at__lte=end) | Q(
        shown_at__isnull=True, first_published_at__lte=end
    )
    rows = (
        _in_scope(
            Page.objects.filter(
                live=True, depth__gt=length // Page.steplen + 1
            ).exclude(
                content_type__model="columnpage", content_type__app_label="pages"
            ),
            home_paths,
        )
        .exclude(restricted)
        .annotate(
            shown_at=shown_at,
            parent_path=Substr("path", 1, Length("path") - Page.steplen),
        )
        .values("parent_path")
        .annotate(
            items=Count("pk", filter=exists_by_end),
            latest=Max("shown_at", filter=Q(shown_at__lte=end)),
            latest_article=Max(
                "articlepage__published_at",
                filter=Q(articlepage__published_at__lte=end),
            ),
        )
        .order_by()
    )
    by_parent = {row["parent_path"]: row for row in rows}

    for column in columns:
        home_path = column["path"][:length]
        data = sites[home_path]
        row = by_parent.get(column["path"], {})
        is_container = column["path"] in parents_of_columns and not row.get("items")
        if is_container:
            # A column holding only sub-columns is navigation; its sub-columns
            # are judged instead.
            continue
        data.columns.append(
            ColumnState(
                page_id=column["id"],
                title=column["title"],
                kind=column["kind"],
                url=_site_url(data.profile, homes[home_path], column["url_path"]),
                top_level=len(column["path"]) == length + Page.steplen,
                in_menu=column["show_in_menus"],
                items=row.get("items") or 0,
                latest=row.get("latest"),
                has_own_text=column["kind"] == ColumnKind.STATIC
                and bool(strip_tags(column["intro"] or "").strip()),
            )
        )

    top_length = length + Page.steplen
    menu_columns = {
        column["path"]
        for column in columns
        if len(column["path"]) == top_length and column["show_in_menus"]
    }
    homes_with_menu = {path[:length] for path in menu_columns}
    for parent_path, row in by_parent.items():
        home_path = parent_path[:length]
        data = sites[home_path]
        data.any_latest = _newest(data.any_latest, row["latest"])
        top_column = parent_path[:top_length]
        if home_path in homes_with_menu:
            if top_column in menu_columns:
                data.homepage_latest = _newest(
                    data.homepage_latest, row["latest_article"]
                )
        elif top_column in column_paths:
            # A navigation-only homepage: judged by its second-level pages.
            data.homepage_latest = _newest(data.homepage_latest, row["latest"])

    guides = (
        _in_scope(ServiceGuidePage.objects.filter(live=True), home_paths)
        .exclude(restricted)
        .filter(published_at__lte=end)
        .only("path", "url_path", "title", *ServiceGuidePage.KEY_ELEMENTS)
        .order_by()
    )
    for guide in sorted(guides, key=lambda guide: guide.path):
        sites[guide.path[:length]].guides.append(guide)

    _scan_rich_text(sites, homes, home_paths, length, restricted, end, dictionary)

    search_path = settings.MONITORING_SEARCH_PATH
    try:
        served_by_pages = resolve(search_path).func is wagtail_serve
    except Resolver404:
        served_by_pages = True
    if served_by_pages:
        slug = search_path.strip("/").split("/")[-1]
        for path in Page.objects.filter(
            live=True, slug=slug, depth=length // Page.steplen + 1
        ).values_list("path", flat=True):
            if path[:length] in sites:
                sites[path[:length]].has_search_page = True
    else:
        for data in sites.values():
            data.has_search_page = True


def _newest(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _own_publication_expression(model):
    """`dated_item_expression` for a query on `model` itself."""
    name = _publication_field(model)
    if name is None:
        return models.Value(None, output_field=models.DateTimeField())
    if isinstance(model._meta.get_field(name), models.DateTimeField):
        return F(name)
    return Cast(name, models.DateTimeField())


def _text_models():
    """(model, rich text field names, plain text field names) for every page
    type with its own text fields, as the publishing area's `check_page` reads
    them (coded choices and document numbers are not prose)."""
    found = []
    for model in _direct_page_subclasses():
        rich, plain = [], []
        for model_field in model._meta.local_fields:
            if isinstance(model_field, RichTextField):
                rich.append(model_field.name)
            elif (
                isinstance(model_field, models.CharField | models.TextField)
                and not model_field.choices
                and model_field.name != "doc_number"
            ):
                plain.append(model_field.name)
        if rich or plain:
            found.append((model, rich, plain))
    return found


def _scan_rich_text(sites, homes, home_paths, length, restricted, end, dictionary):
    """Broken internal links (to pages no longer live, documents deleted) and,
    with the publishing area's `dictionary` (see `_dictionary`), dictionary
    findings (wrong leader names, banned words, typos) in the title and text
    of every published page: one query per page type."""
    matchers = {}
    if dictionary is not None:
        matchers_by_site, rich_text_prose = dictionary
        for home_path, data in sites.items():
            matchers[home_path] = matchers_by_site[data.profile.site_id]
    linked_pages, linked_docs, found = set(), set(), []
    for model, rich, plain in _text_models():
        if dictionary is None and not rich:
            continue
        pages = _in_scope(model.objects.filter(live=True), home_paths).exclude(
            restricted
        )
        pages = pages.annotate(shown_at=_own_publication_expression(model)).filter(
            Q(shown_at__lte=end) | Q(shown_at__isnull=True, first_published_at__lte=end)
        )
        if dictionary is None:
            # Only links matter: read pages that have any.
            has_link = Q(pk__in=[])
            for name in rich:
                has_link |= Q(**{f"{name}__contains": 'linktype="'})
            pages = pages.filter(has_link)
        fields = ["title", *plain] if dictionary is not None else []
        rows = pages.order_by().values_list("path", "url_path", *rich, *fields)
        for path, url_path, *values in sorted(rows, key=lambda row: row[0]):
            home_path = path[:length]
            url = _site_url(sites[home_path].profile, homes[home_path], url_path)
            html = " ".join(value or "" for value in values[: len(rich)])
            page_ids = [int(n) for n in PAGE_LINK.findall(html)]
            doc_ids = [int(n) for n in DOCUMENT_LINK.findall(html)]
            if page_ids or doc_ids:
                linked_pages.update(page_ids)
                linked_docs.update(doc_ids)
                found.append((home_path, url, page_ids, doc_ids))
            if dictionary is None:
                continue
            texts = [rich_text_prose(value) for value in values[: len(rich)]]
            texts += values[len(rich) :]
            for text in texts:
                for finding in matchers[home_path].find(text or ""):
                    sites[home_path].content_findings.append((url, finding))
    live_pages = set(
        Page.objects.filter(pk__in=linked_pages, live=True).values_list("pk", flat=True)
    )
    existing_docs = set(
        get_document_model()
        .objects.filter(pk__in=linked_docs)
        .values_list("pk", flat=True)
    )
    for home_path, url, page_ids, doc_ids in found:
        broken = sum(pk not in live_pages for pk in page_ids) + sum(
            pk not in existing_docs for pk in doc_ids
        )
        sites[home_path].broken_internal_links += [url] * broken


def evaluate(data, as_of, table, findings=()):
    """Apply the internal rules and the inspector's manual `findings` to one
    site's gathered data."""
    profile = data.profile
    exempt = profile.level == SiteLevel.DEPARTMENT and any(
        finding.rule.code == NO_EXTERNAL_SERVICES for finding in findings
    )
    report = SiteReport(
        profile.site.hostname,
        table,
        last_update=data.any_latest,
        portal=profile.level != SiteLevel.DEPARTMENT,
        services_exempt=exempt,
    )
    _homepage_rule(report, data, as_of)
    _column_rules(report, data, as_of)
    _interpretation_rule(report, data, as_of)
    _interaction_rule(report, data, as_of)
    if not exempt:
        _service_rule(report, data)
    _content_rules(report, data)
    _deductions(report, data, as_of)
    _annual_report_rule(report, data, as_of)
    _website_report_rule(report, data, as_of)
    _manual_findings(report, findings)
    return report


def _age_days(moment, as_of):
    return (as_of - timezone.localtime(moment).date()).days


def _homepage_rule(report, data, as_of):
    limit = int(report.table.limit("homepage_stale", "period_days"))
    latest = data.homepage_latest
    age = None if latest is None else _age_days(latest, as_of)
    if age is None or age > limit:
        detail = (
            _("首页没有任何带发布时间的更新。")
            if age is None
            else _("首页最近一次更新在 %(days)d 天前（%(date)s），超过 %(limit)d 天。")
            % {
                "days": age,
                "date": timezone.localtime(latest).date().isoformat(),
                "limit": limit,
            }
        )
        report.veto("homepage_stale", detail, [data.home_url])
    elif age > settings.MONITORING_WARN_HOMEPAGE_DAYS:
        report.warnings.append(
            Warning(
                "homepage_stale",
                _("首页已 %(days)d 天未更新（%(limit)d 天即单项否决）。")
                % {"days": age, "limit": limit},
            )
        )


def _titles(columns):
    return "、".join(column.title for column in columns)


def _urls(columns):
    return [column.url for column in columns[:EVIDENCE_LIMIT]]


def _column_rules(report, data, as_of):
    empty = [column for column in data.columns if column.empty]
    stale, long_stale, ageing, overdue = [], [], [], []
    for column in data.columns:
        interval = column_interval_days(column.kind)
        if interval is None:
            continue
        age = None if column.latest is None else _age_days(column.latest, as_of)
        if (age is None or age > interval) and not column.empty:
            overdue.append(column)  # empty ones are deducted as empty
        if column.kind in settings.MONITORING_STALE_VETO_KINDS:
            if age is None or age > interval:
                stale.append(column)
            elif age > interval * settings.MONITORING_WARN_COLUMN_AGE_FRACTION:
                ageing.append(column)
        if age is None or age > interval * settings.MONITORING_LONG_STALE_FACTOR:
            long_stale.append(column)

    stale_veto = report.table.limit("columns_stale", "threshold")
    long_stale_veto = report.table.limit("columns_stale", "second_threshold")
    vetoing = report.table.active("columns_stale") is not None
    if vetoing and len(stale) >= stale_veto:
        report.veto(
            "columns_stale",
            _("%(n)d 个栏目超过规定期限未更新：%(titles)s。")
            % {"n": len(stale), "titles": _titles(stale)},
            _urls(stale),
        )
    elif vetoing and len(long_stale) >= long_stale_veto:
        report.veto(
            "columns_stale",
            _("%(n)d 个应更新栏目长期未更新：%(titles)s。")
            % {"n": len(long_stale), "titles": _titles(long_stale)},
            _urls(long_stale),
        )
    else:
        if len(stale) + len(ageing) >= settings.MONITORING_WARN_STALE_COLUMNS:
            report.warnings.append(
                Warning(
                    "columns_stale",
                    _("%(n)d 个栏目已过期或即将超过更新期限：%(titles)s。")
                    % {
                        "n": len(stale) + len(ageing),
                        "titles": _titles(stale + ageing),
                    },
                )
            )
        report.deduct(
            "column_stale",
            len(overdue),
            _("%(n)d 个栏目超过更新期限：%(titles)s。")
            % {"n": len(overdue), "titles": _titles(overdue)},
            _urls(overdue),
        )
    empty_veto = report.table.limit("columns_empty", "threshold")
    if report.table.active("columns_empty") is not None and len(empty) >= empty_veto:
        report.veto(
            "columns_empty",
            _("%(n)d 个栏目没有内容：%(titles)s。")
            % {"n": len(empty), "titles": _titles(empty)},
            _urls(empty),
        )
        return
    if len(empty) >= settings.MONITORING_WARN_EMPTY_COLUMNS:
        report.warnings.append(
            Warning(
                "columns_empty",
                _("%(n)d 个栏目没有内容：%(titles)s（%(limit)d 个即单项否决）。")
                % {
                    "n": len(empty),
                    "titles": _titles(empty),
                    "limit": int(empty_veto),
                },
            )
        )
    report.deduct(
        "column_empty",
        len(empty),
        _("%(n)d 个栏目没有内容：%(titles)s。")
        % {"n": len(empty), "titles": _titles(empty)},
        _urls(empty),
    )


def _interpretation_rule(report, data, as_of):
    """Policies are published with their interpretation: a site with policy
    documents needs an interpretation column updated within its interval."""
    policies = [
        column
        for column in data.columns
        if column.kind == ColumnKind.POLICY and column.items
    ]
    if not policies:
        return
    interval = column_interval_days(ColumnKind.INTERPRETATION)
    interpretations = [
        column for column in data.columns if column.kind == ColumnKind.INTERPRETATION
    ]
    fresh = [
        column
        for column in interpretations
        if column.latest is not None
        and (interval is None or _age_days(column.latest, as_of) <= interval)
    ]
    if fresh:
        return
    detail = (
        _("发布了政策文件，但 %(titles)s 超过 %(days)d 天没有新的解读。")
        % {"titles": _titles(interpretations), "days": interval}
        if interpretations
        else _("发布了政策文件，但没有政策解读栏目。")
    )
    report.deduct(
        "interpretation_missing",
        1,
        detail,
        _urls(interpretations) or _urls(policies),
    )


def _ask_other_areas(data, as_of, table):
    """Fill `answers` of every SiteData of `data` ({hostname: SiteData}) with
    what the installed areas answer about their sites, SCOPE_CHUNK sites at a
    time. The interaction question's lookback and limit are the score
    table's (interaction_poor)."""
    since = as_of - timedelta(days=int(table.limit("interaction_poor", "period_days")))
    months = int(table.limit("interaction_poor", "threshold"))
    questions = {
        registry.CONSULTATION_HEALTH: (as_of, since, months),
        registry.LATE_DOCUMENTS: (as_of,),
        registry.ANNUAL_REPORT_PUBLICATION: (as_of,),
        registry.WEBSITE_REPORT_PUBLICATION: (as_of,),
    }
    sites = list(data.values())
    for question, arguments in questions.items():
        answer_for_sites = registry.provider(question)
        if answer_for_sites is None:
            continue
        for first in range(0, len(sites), SCOPE_CHUNK):
            chunk = sites[first : first + SCOPE_CHUNK]
            answers = answer_for_sites([site.profile for site in chunk], *arguments)
            for site in chunk:
                site.answers[question] = answers[site.profile.site_id]


def _interaction_rule(report, data, as_of):
    health = data.answers.get(registry.CONSULTATION_HEALTH)
    if health is None:
        report.warnings.append(
            Warning("interaction_poor", _("互动交流模块未安装，未检查互动回应。"))
        )
        return
    months = int(report.table.limit("interaction_poor", "threshold"))
    if not health.channels:
        report.veto(
            "interaction_poor",
            _("没有可用的咨询类互动渠道（信访、纪检举报渠道不计）。"),
            [data.home_url],
        )
    elif health.overdue:
        report.veto(
            "interaction_poor",
            _("%(n)d 件有效咨询留言超过 %(months)d 个月未答复：%(codes)s。")
            % {
                "n": len(health.overdue),
                "months": months,
                "codes": "、".join(_overdue_label(item) for item in health.overdue),
            },
            [letter.admin_url for letter in health.overdue[:EVIDENCE_LIMIT]],
        )
    report.deduct(
        "letter_late",
        len(health.late),
        _("%(n)d 件咨询留言超过答复期限：%(codes)s。")
        % {
            "n": len(health.late),
            "codes": "、".join(letter.tracking_code for letter in health.late),
        },
        [letter.admin_url for letter in health.late[:EVIDENCE_LIMIT]],
    )


def _overdue_label(letter):
    if letter.answered_at is None:
        return _("%(code)s（%(date)s 收到，至今未答复）") % {
            "code": letter.tracking_code,
            "date": timezone.localdate(letter.received_at).isoformat(),
        }
    return _("%(code)s（收到 %(days)d 天后才答复）") % {
        "code": letter.tracking_code,
        "days": (
            timezone.localdate(letter.answered_at)
            - timezone.localdate(letter.received_at)
        ).days,
    }


def _service_rule(report, data):
    if not data.guides:
        report.veto(
            "service_unusable",
            _("网站没有提供任何办事服务（无办事指南）。"),
            [data.home_url],
        )
        return
    home_url_path = data.profile.site.root_page.url_path

    def guide_urls(guides):
        return [
            _site_url(data.profile, home_url_path, guide.url_path)
            for guide in guides[:EVIDENCE_LIMIT]
        ]

    missing = {guide.pk: len(guide.missing_key_elements()) for guide in data.guides}
    missing_veto = int(report.table.limit("service_unusable", "second_threshold"))
    incomplete = [guide for guide in data.guides if missing[guide.pk] >= missing_veto]
    if report.table.active("service_unusable") is not None and len(
        incomplete
    ) >= report.table.limit("service_unusable", "threshold"):
        report.veto(
            "service_unusable",
            _("%(n)d 个办事指南缺少 %(k)d 项及以上要素：%(titles)s。")
            % {
                "n": len(incomplete),
                "k": missing_veto,
                "titles": "、".join(guide.title for guide in incomplete),
            },
            guide_urls(incomplete),
        )
        return
    rule = report.table.rules.get("guide_incomplete")
    least = int(rule.threshold or 1) if rule else 1
    lacking = [guide for guide in data.guides if missing[guide.pk] >= least]
    report.deduct(
        "guide_incomplete",
        len(lacking),
        _("%(n)d 个办事指南缺少 %(k)d 项及以上要素：%(titles)s。")
        % {
            "n": len(lacking),
            "k": least,
            "titles": "、".join(guide.title for guide in lacking),
        },
        guide_urls(lacking),
    )


def _content_rules(report, data):
    serious = [(url, f) for url, f in data.content_findings if f.severity == "serious"]
    if serious:
        report.veto(
            "serious_error",
            _("%(n)d 处严重错误：%(items)s。")
            % {
                "n": len(serious),
                "items": "；".join(
                    f"{finding.text}（{finding.rule}）" for _url, finding in serious
                ),
            },
            sorted({url for url, _f in serious})[:EVIDENCE_LIMIT],
        )
    typos = [(url, f) for url, f in data.content_findings if f.rule == "typo"]
    report.deduct(
        "typo",
        len(typos),
        _("%(n)d 处错别字：%(items)s。")
        % {
            "n": len(typos),
            "items": "；".join(
                f"{f.text}→{f.suggestion}" if f.suggestion else f.text
                for _url, f in typos[:EVIDENCE_LIMIT]
            ),
        },
        sorted({url for url, _f in typos})[:EVIDENCE_LIMIT],
    )


def _deductions(report, data, as_of):
    broken = data.broken_internal_links
    report.deduct(
        "broken_internal_link",
        len(broken),
        _("%(n)d 个站内链接指向已删除或已撤下的页面、文档。") % {"n": len(broken)},
        sorted(set(broken))[:EVIDENCE_LIMIT],
    )
    missing = data.profile.footer_items_missing()
    labels = {
        "sponsor": _("主办单位"),
        "identity_code": _("网站标识码"),
        "icp_number": _("ICP备案号"),
        "public_security_number": _("公安机关备案号"),
        "phone": _("联系方式"),
    }
    report.deduct(
        "footer_identity",
        len(missing),
        _("页脚缺少标识信息：%(items)s。")
        % {"items": "、".join(str(labels.get(name, name)) for name in missing)},
        [data.home_url],
    )
    if not data.has_search_page:
        report.deduct(
            "search_missing",
            1,
            _("网站没有站内搜索。"),
            [data.home_url],
        )
    late = data.answers.get(registry.LATE_DOCUMENTS)
    if late is None:
        return
    home_url_path = data.profile.site.root_page.url_path
    late_urls = [
        _site_url(data.profile, home_url_path, url_path)
        for url_path in late[:EVIDENCE_LIMIT]
    ]
    count = len(late)
    report.deduct(
        "disclosure_late",
        count,
        _("%(n)d 件政府信息超过 %(days)d 个工作日才主动公开。")
        % {"n": count, "days": settings.DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS},
        late_urls,
    )


def _annual_report_rule(report, data, as_of):
    """The annual disclosure report on last year not published by its
    deadline (or published after it)."""
    publication = data.answers.get(registry.ANNUAL_REPORT_PUBLICATION)
    if publication is None or not publication.is_late:
        return
    if publication.published_on is None:
        detail = _(
            "%(year)s年政府信息公开工作年度报告逾期未公布（应于%(deadline)s前）。"
        )
        evidence = [data.home_url]
    else:
        detail = _(
            "%(year)s年政府信息公开工作年度报告于%(published)s公布，晚于%(deadline)s。"
        )
        home_url_path = data.profile.site.root_page.url_path
        evidence = [_site_url(data.profile, home_url_path, publication.page.url_path)]
    report.deduct(
        "disclosure_annual_report_late",
        1,
        detail
        % {
            "year": publication.year,
            "deadline": publication.deadline.isoformat(),
            "published": str(publication.published_on),
        },
        evidence,
    )


def _website_report_rule(report, data, as_of):
    """The 政府网站工作年度报表 on last year not published on the home page by
    31 January (or published after it)."""
    publication = data.answers.get(registry.WEBSITE_REPORT_PUBLICATION)
    if publication is None or not publication.is_late:
        return
    if publication.published_on is None:
        detail = _("%(year)s年政府网站工作年度报表逾期未公布（应于%(deadline)s前）。")
        evidence = [data.home_url]
    else:
        detail = _(
            "%(year)s年政府网站工作年度报表于%(published)s公布，晚于%(deadline)s。"
        )
        home_url_path = data.profile.site.root_page.url_path
        evidence = [_site_url(data.profile, home_url_path, publication.page.url_path)]
    report.deduct(
        "website_annual_report_late",
        1,
        detail
        % {
            "year": publication.year,
            "deadline": publication.deadline.isoformat(),
            "published": str(publication.published_on),
        },
        evidence,
    )


def _manual_findings(report, findings):
    """An inspector's findings count as the platform's do, marked as manual,
    with the inspector's evidence."""
    for finding in findings:
        rule = report.table.rules.get(finding.rule.code)
        if rule is None or finding.rule.code == NO_EXTERNAL_SERVICES:
            continue
        if report.services_exempt and rule.group == SERVICES_GROUP:
            continue
        detail = _("人工核查（%(date)s）：%(detail)s") % {
            "date": finding.found_on.isoformat(),
            "detail": finding.detail,
        }
        if rule.part == ScoreGroup.Part.VETO:
            report.veto(rule.code, detail, finding.evidence_lines, manual=True)
        elif rule.part == ScoreGroup.Part.BONUS:
            report.add_bonus(
                rule.code, finding.occurrences, detail, finding.evidence_lines
            )
        else:
            report.deduct(
                rule.code,
                finding.occurrences,
                detail,
                finding.evidence_lines,
                manual=True,
            )


def manual_findings(profiles, as_of):
    """{profile pk: [ManualFinding]} in force on `as_of`, in one query."""
    found = {}
    for finding in (
        ManualFinding.objects.filter(
            profile__in=[profile.pk for profile in profiles],
            found_on__lte=as_of,
            # Findings on a new-media account count for the account
            # (new_media.check_accounts), not for its site.
            new_media_account__isnull=True,
        )
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=as_of))
        .select_related("rule")
        .order_by("found_on", "pk")
    ):
        found.setdefault(finding.profile_id, []).append(finding)
    return found


def check_sites(profiles, as_of: date, table=None):
    """{hostname: SiteReport} for hosted sites, as of `as_of`, scored by
    `table` (default: the score table as stored)."""
    table = table or ScoreTable.load()
    data = gather(profiles, as_of)
    _ask_other_areas(data, as_of, table)
    findings = manual_findings(profiles, as_of)
    return {
        hostname: evaluate(site, as_of, table, findings.get(site.profile.pk, ()))
        for hostname, site in data.items()
    }


def week_before(as_of):
    return end_of_day(as_of) - timedelta(days=settings.MONITORING_PROBE_WINDOW_DAYS)
