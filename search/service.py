"""The public search as the page, the JSON API and the `search` command see
it: parameters in, one page of highlighted results and facet counts out."""

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Site
from wagtail.search.utils import normalise_query_string

from search import doc_numbers
from search.engines import current_engine
from search.engines.base import FACET_NAMES, EngineQuery, EngineUnavailable
from search.models import SearchDocument, SearchQueryLog
from search.synonyms import clauses

SNIPPET_RADIUS = 60


@dataclass
class Hit:
    title: str
    title_html: str
    url: str
    site: str
    site_hostname: str
    type: str
    date: object
    snippet: str
    doc_number: str

    def as_api(self):
        return {
            "title": self.title,
            "url": self.url,
            "site": self.site,
            "type": self.type,
            "date": timezone.localtime(self.date).date().isoformat()
            if self.date
            else None,
            "snippet": self.snippet,
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Outcome:
    query: str
    words: list
    count: int
    page: int
    page_size: int
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    promotions: list = field(default_factory=list)

    @property
    def num_pages(self):
        return min(math.ceil(self.count / self.page_size), settings.GOVSEARCH_MAX_PAGE)

    def as_api(self):
        return {
            "count": self.count,
            "results": [hit.as_api() for hit in self.hits],
            "facets": {
                name: [
                    {"value": value.value, "label": value.label, "count": value.count}
                    for value in values
                ]
                for name, values in self.facets.items()
            },
        }


def highlight(text, words, radius=None):
    """Escaped `text` with every query word wrapped in <mark>; with `radius`,
    only a window around the first match (or the start when none)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not words:
        pattern = None
    else:
        pattern = re.compile(
            "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)),
            re.IGNORECASE,
        )
    if radius is not None:
        first = pattern.search(text) if pattern else None
        start = max(0, first.start() - radius // 2) if first else 0
        end = start + radius * 2
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        text = text[start:end]
    else:
        prefix = suffix = ""
    if not pattern:
        return mark_safe(prefix + escape(text) + suffix)  # noqa: S308  (escaped)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308  (escaped)


def site_for_hostname(hostname):
    return Site.objects.filter(hostname=hostname).select_related("root_page").first()


def site_label(site):
    profile = getattr(site, "profile", None)
    return profile.name if profile else site.site_name or site.hostname


SITE_LABELS_CACHE_KEY = "govsearch:site-labels"


def site_labels():
    """{site id: (hostname, display name)}, cached for a minute: every search
    needs them and sites change rarely."""
    labels = cache.get(SITE_LABELS_CACHE_KEY)
    if labels is None:
        labels = {
            site.pk: (site.hostname, site_label(site))
            for site in Site.objects.select_related("profile")
        }
        cache.set(SITE_LABELS_CACHE_KEY, labels, 60)
    return labels


def type_label(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return str(model._meta.verbose_name) if model else ""


def engine_query(data, site, page_size):
    """The EngineQuery for cleaned form `data` asked on `site`."""
    text = data.get("q") or ""
    site_ids = None
    if data["scope"] == "site" and site is not None:
        site_ids = [site.pk]
    if data.get("site"):
        chosen = site_for_hostname(data["site"])
        site_ids = [chosen.pk] if chosen else []
    content_type_id = None
    if data.get("type"):
        app_label, _dot, model = data["type"].partition(".")
        content_type = ContentType.objects.filter(
            app_label=app_label, model=model
        ).first()
        content_type_id = content_type.pk if content_type else -1
    pinned_key = (
        doc_numbers.normalise(text) if doc_numbers.is_doc_number_query(text) else ""
    )
    return EngineQuery(
        clauses=clauses(text),
        site_ids=site_ids,
        content_type_id=content_type_id,
        category=data.get("category") or "",
        body=data.get("body") or "",
        year=data.get("year"),
        order=data["sort"],
        offset=(data["page"] - 1) * page_size,
        limit=page_size,
        pinned_key=pinned_key,
    )


def facet_values(name, counts, data):
    """Facet counts with readable labels, largest first (years newest first)."""
    if name == "site":
        labels = site_labels()
        labelled = {key: labels[int(key)] for key in counts if int(key) in labels}
        selected = data.get("site") or ""
    elif name == "type":
        labelled = {}
        for key in counts:
            content_type = ContentType.objects.get_for_id(int(key))
            labelled[key] = (
                f"{content_type.app_label}.{content_type.model}",
                type_label(content_type.pk),
            )
        selected = data.get("type") or ""
    else:
        labelled = {
            value: (value, value) for value in counts if value not in ("", None)
        }
        selected = str(data.get(name) or "")
    values = [
        FacetValue(
            value=value, label=label, count=counts[key], selected=value == selected
        )
        for key, (value, label) in labelled.items()
    ]
    if name == "year":
        values.sort(key=lambda item: item.value, reverse=True)
    else:
        values.sort(key=lambda item: (-item.count, item.label))
    return values


def promotions_for(text, site):
    """Editors' picks for the query whose pages belong to `site`: a promotion
    made for one site never shows on another."""
    if not text or site is None:
        return []
    return list(
        SearchPromotion.objects.filter(
            query__query_string=normalise_query_string(text),
            page__live=True,
            page__path__startswith=site.root_page.path,
        )
        .select_related("page")
        .order_by("sort_order")
    )


def run_search(data, site):
    """Search with cleaned SearchForm `data` on `site` (the site asked; may be
    None for the command's cluster-wide search)."""
    page_size = settings.GOVSEARCH_PAGE_SIZE
    query = engine_query(data, site, page_size)
    result = current_engine().search(query)
    ids = [pk for pk, _score in result.hits]
    documents = SearchDocument.objects.in_bulk(ids)
    labels = site_labels()
    hits = []
    for pk in ids:
        document = documents.get(pk)
        if document is None:  # removed between the search and now
            continue
        hostname, site_name = labels.get(document.site_id, ("", ""))
        hits.append(
            Hit(
                title=document.title,
                title_html=highlight(document.title, query.words),
                url=document.url,
                site=site_name,
                site_hostname=hostname,
                type=type_label(document.content_type_id),
                date=document.date,
                snippet=highlight(document.text, query.words, radius=SNIPPET_RADIUS),
                doc_number=document.doc_number,
            )
        )
    facets = {
        name: facet_values(name, result.facets.get(name, {}), data)
        for name in FACET_NAMES
    }
    return Outcome(
        query=data.get("q") or "",
        words=query.words,
        count=result.total,
        page=data["page"],
        page_size=page_size,
        hits=hits,
        facets=facets,
        promotions=promotions_for(data.get("q"), site) if data["page"] == 1 else [],
    )


# Personal data typed into the box is masked before the query is logged (the
# log is shown to staff): e-mail addresses, and digits enough for a resident
# ID, a mobile or landline number or a card number, also typed in groups
# ("138 0013 8000", "0825-1234567"). A plain run of 6 digits is masked; years
# ("2024") and document numbers ("55号") are kept.
MASK = "＊"
PERSONAL_DATA = re.compile(
    r"[A-Za-z0-9._%+-]+\s?[@＠]\s?[A-Za-z0-9-]+(?:\s?[.。．]\s?[A-Za-z0-9-]+)*"
    r"|\d{6,}[Xx]?"
    r"|\d(?:[\s\-－]?\d){6,}(?:[\s\-－]?[Xx])?"
)


def loggable_query(text):
    """`text` as the query log may keep it: spaces collapsed, personal data
    masked, at most 100 characters."""
    return PERSONAL_DATA.sub(MASK, re.sub(r"\s+", " ", text).strip())[:100]


def log_query(site, data, count):
    """Count the query for today's statistics (no IP, user or session)."""
    text = loggable_query(data.get("q") or "")
    if not text or site is None:
        return
    today = timezone.localdate()
    entry, created = SearchQueryLog.objects.get_or_create(
        site=site,
        day=today,
        query=text,
        scope=data["scope"],
        defaults={"hits": 1, "results": count},
    )
    if not created:
        SearchQueryLog.objects.filter(pk=entry.pk).update(
            hits=F("hits") + 1, results=count
        )


SUGGESTION_COUNT_CACHE_SECONDS = 600


def current_count(site, text):
    """How many documents query `text` finds on `site` now (as its link in
    大家都在搜 asks), cached for ten minutes per site and query."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    key = f"govsearch:suggestion-count:{site.pk}:{digest}"
    count = cache.get(key)
    if count is None:
        query = EngineQuery(
            clauses=clauses(text), site_ids=[site.pk], limit=0, with_facets=False
        )
        count = current_engine().search(query).total
        cache.set(key, count, SUGGESTION_COUNT_CACHE_SECONDS)
    return count


def suggestions(site, limit=8):
    """Popular queries of the site in the last month that find something
    today (a query that found something once may find nothing now)."""
    if site is None:
        return []
    since = timezone.localdate() - timedelta(days=30)
    rows = (
        SearchQueryLog.objects.filter(site=site, day__gte=since, results__gt=0)
        .exclude(query__contains=MASK)  # nobody's masked number is suggested
        .values("query")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query")[: limit * 3]
    )
    found = []
    for row in rows:
        try:
            if current_count(site, row["query"]):
                found.append(row["query"])
        except EngineUnavailable:
            return []  # the page says the search is down
        if len(found) == limit:
            break
    return found
