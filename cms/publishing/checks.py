"""Content checks (内容检查): wrongly written leader names, sensitive or banned
words, typos, links to missing or unpublished pages, missing publication times
and policy documents without a document number.

Dictionary words are matched with one Aho-Corasick automaton per site (the
cluster-wide entries plus the site's own), built once and cached until the
dictionary changes, so a check costs one pass over the text whatever the size
of the dictionary."""

import re
import threading
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import ahocorasick
from django.db import models
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from cms.pages.models import ColumnKind, PublishedContent

SERIOUS = "serious"
WARNING = "warning"
INFO = "info"

RULE_SEVERITY = {
    "leader_name": SERIOUS,
    "sensitive_word": SERIOUS,
    "typo": WARNING,
    "broken_link": WARNING,
    "missing_publication_time": WARNING,
    "missing_doc_number": WARNING,
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    text: str
    start: int
    end: int
    suggestion: str
    # Which field of a page the positions refer to ("" for plain text).
    field: str = ""

    def as_dict(self):
        return asdict(self)


def describe(finding):
    """One line in Chinese for editors: what was found, where, what to write."""
    labels = {
        "leader_name": _("领导姓名错误"),
        "sensitive_word": _("敏感词/禁用词"),
        "typo": _("疑似错别字"),
        "broken_link": _("链接失效"),
        "missing_publication_time": _("缺少发布时间"),
        "missing_doc_number": _("缺少文号"),
    }
    where = (
        _("%(field)s第%(start)d–%(end)d字")
        % {"field": finding.field, "start": finding.start + 1, "end": finding.end}
        if finding.end > finding.start
        else finding.field
    )
    line = _("【%(label)s】%(where)s“%(text)s”") % {
        "label": labels.get(finding.rule, finding.rule),
        "where": where,
        "text": finding.text,
    }
    if finding.suggestion:
        line += _("，建议：%(suggestion)s") % {"suggestion": finding.suggestion}
    return line


# --- dictionary matching -------------------------------------------------


def _as_bytes_text(text):
    """UTF-8 bytes as a str of code points 0-255. pyahocorasick looks up a
    node's children one by one, so thousands of distinct Chinese characters at
    the root make every step slow; over UTF-8 bytes each node has at most a few
    dozen children. A complete UTF-8 pattern can only match at a character
    boundary, so no match is lost or invented."""
    return text.encode("utf-8").decode("latin-1")


PROTECTED = "protected"


def _entry_keys(entries):
    """{key: (kind, suggestion) or PROTECTED} as adding `entries` ((kind,
    term, suggestion), in order) to one automaton leaves it: a later entry
    with the same key replaces an earlier one, and the canonical form of a
    leader name is protected unless some entry has it as its term."""
    keys = {}
    for kind, term, suggestion in entries:
        term = term.strip().lower()
        if not term:
            continue
        keys[_as_bytes_text(term)] = (kind, suggestion)
        if kind == "leader_name" and suggestion.strip():
            canonical = _as_bytes_text(suggestion.strip().lower())
            keys.setdefault(canonical, PROTECTED)
    return keys


def _folded(text):
    """`text` lowercased as the dictionary is (as written when lowercasing
    changes its length), as automaton input."""
    folded = text.lower()
    if len(folded) != len(text):
        # A few characters change length when lowercased; match as written.
        folded = text
    return _as_bytes_text(folded)


def _findings(text, encoded, hits, protected, field):
    """Findings from the automaton's `hits` ((start, end, kind, suggestion)
    in bytes of `encoded`) and `protected` spans: leftmost-longest, without
    overlaps, skipping words inside correctly written names."""
    hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
    protected.sort()
    kept, covered_until, p, protected_until = [], 0, 0, -1
    for start, end, kind, suggestion in hits:
        if start < covered_until:
            continue
        while p < len(protected) and protected[p][0] <= start:
            protected_until = max(protected_until, protected[p][1])
            p += 1
        if end <= protected_until:
            continue
        kept.append((start, end, kind, suggestion))
        covered_until = end
    to_chars = _ByteToCharOffsets(encoded, len(encoded) != len(text))
    findings = []
    for start, end, kind, suggestion in kept:
        char_start, char_end = to_chars(start), to_chars(end)
        findings.append(
            Finding(
                rule=kind,
                severity=RULE_SEVERITY[kind],
                text=text[char_start:char_end],
                start=char_start,
                end=char_end,
                suggestion=suggestion,
                field=field,
            )
        )
    return findings


class DictionaryMatcher:
    """An automaton over a list of (kind, term, suggestion) entries. Canonical
    leader names are added as protected words so that a wrong form contained in
    a correctly written name (李明 in 李明华) is not reported."""

    PROTECTED = PROTECTED

    def __init__(self, entries):
        self.automaton = ahocorasick.Automaton()
        keys = _entry_keys(entries)
        for key, value in keys.items():
            self.automaton.add_word(key, (len(key), value))
        self.size = len(keys)
        if self.size:
            self.automaton.make_automaton()

    def find(self, text, field=""):
        if not self.size or not text:
            return []
        return _automaton_findings(self.automaton, text, field, lambda entry: entry[1])


def _automaton_findings(automaton, text, field, value_of):
    """The findings of `automaton` in `text`; `value_of(entry)` gives a
    matched word's (kind, suggestion), PROTECTED, or None (not a word here)."""
    encoded = _folded(text)
    hits, protected = [], []
    for end_index, entry in automaton.iter(encoded):
        value = value_of(entry)
        if value is None:
            continue
        span = (end_index - entry[0] + 1, end_index + 1)
        if value is PROTECTED:
            protected.append(span)
        else:
            hits.append((*span, *value))
    if not hits:
        return []
    return _findings(text, encoded, hits, protected, field)


class ClusterMatcher:
    """The dictionaries of many sites in one automaton: the cluster-wide
    entries and every site's own, each word knowing which sites it applies
    to and as what. `for_site(pk)` matches exactly as a DictionaryMatcher
    over that site's entries (`matcher_for_site`) does, but the dictionary
    is read and compiled once for all the sites, not once per site."""

    def __init__(self, shared, own):
        """`shared`: [(order, kind, term, suggestion)] of the cluster-wide
        entries; `own`: {site pk: [the same]} of each site's entries; a
        site's dictionary is its entries and the shared ones by `order`."""
        shared_keys = _entry_keys(entry[1:] for entry in shared)
        touching = {}
        for entry in shared:
            for key in _entry_keys([entry[1:]]):
                touching.setdefault(key, []).append(entry)
        overrides = {}
        for site_pk, entries in own.items():
            own_touching = {}
            for entry in entries:
                for key in _entry_keys([entry[1:]]):
                    own_touching.setdefault(key, []).append(entry)
            # A word's meaning for a site depends only on the entries that
            # have it as their term or canonical name, in the site's order.
            for key, mine in own_touching.items():
                merged = sorted(touching.get(key, []) + mine)
                value = _entry_keys(entry[1:] for entry in merged)[key]
                overrides.setdefault(key, {})[site_pk] = value
        self.automaton = ahocorasick.Automaton()
        for key in shared_keys.keys() | overrides.keys():
            self.automaton.add_word(
                key, (len(key), shared_keys.get(key), overrides.get(key))
            )
        self.size = len(self.automaton)
        if self.size:
            self.automaton.make_automaton()

    def for_site(self, site_pk):
        return _SiteMatcher(self, site_pk)

    def find(self, text, site_pk, field=""):
        if not self.size or not text:
            return []

        def value_for_site(entry):
            _length, shared, overrides = entry
            return overrides.get(site_pk, shared) if overrides else shared

        return _automaton_findings(self.automaton, text, field, value_for_site)


@dataclass(frozen=True)
class _SiteMatcher:
    """One site's view of a ClusterMatcher, with DictionaryMatcher's `find`."""

    cluster: ClusterMatcher
    site_pk: int

    def find(self, text, field=""):
        return self.cluster.find(text, self.site_pk, field)


class _ByteToCharOffsets:
    """Character offsets for increasing byte offsets into UTF-8 text, decoding
    each stretch of the text once."""

    def __init__(self, encoded, multibyte):
        self.encoded, self.multibyte = encoded, multibyte
        self.byte_pos = self.char_pos = 0

    def __call__(self, byte_offset):
        if not self.multibyte:
            return byte_offset
        if byte_offset < self.byte_pos:
            stretch = self.encoded[byte_offset : self.byte_pos]
            return self.char_pos - len(stretch.encode("latin-1").decode("utf-8"))
        stretch = self.encoded[self.byte_pos : byte_offset]
        self.char_pos += len(stretch.encode("latin-1").decode("utf-8"))
        self.byte_pos = byte_offset
        return self.char_pos


_cache = {}
_cache_lock = threading.Lock()


def matcher_for_site(site=None):
    """The cached matcher for `site` (None: cluster-wide entries only), rebuilt
    when an entry that applies to it was added, changed or removed."""
    from .models import DictionaryEntry

    entries = DictionaryEntry.objects.for_site(site).order_by("kind", "term", "pk")
    version = tuple(
        entries.aggregate(
            n=models.Count("pk"), latest=models.Max("updated_at")
        ).values()
    )
    key = site.pk if site is not None else None
    cached = _cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    matcher = DictionaryMatcher(entries.values_list("kind", "term", "suggestion"))
    with _cache_lock:
        _cache[key] = (version, matcher)
    return matcher


def matchers_for_sites(site_pks):
    """{site pk: matcher} for the sites `site_pks`, each matching exactly as
    `matcher_for_site` does for its site, from one query and one automaton
    for them all (the monitor checks thousands of sites at once)."""
    from .models import DictionaryEntry

    site_pks = list(site_pks)
    shared, own = [], {pk: [] for pk in site_pks}
    rows = (
        DictionaryEntry.objects.filter(
            models.Q(site__isnull=True) | models.Q(site__in=site_pks), active=True
        )
        .order_by("kind", "term", "pk")
        .values_list("site_id", "kind", "term", "suggestion")
    )
    for order, (site_pk, kind, term, suggestion) in enumerate(rows):
        entry = (order, kind, term, suggestion)
        if site_pk is None:
            shared.append(entry)
        else:
            own[site_pk].append(entry)
    cluster = ClusterMatcher(
        shared, {pk: entries for pk, entries in own.items() if entries}
    )
    return {pk: cluster.for_site(pk) for pk in site_pks}


def check_text(text, site=None, field=""):
    """Dictionary findings (leader names, sensitive words, typos) in plain text."""
    return matcher_for_site(site).find(text, field=field)


# --- rich text -------------------------------------------------------------


class _RichTextReader(HTMLParser):
    """Plain text of stored rich text (positions as an editor counts them:
    characters of text, a line break between blocks) and its links."""

    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.length = [], 0
        self.links = []  # (attrs, start offset)
        self._open_links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open_links.append((dict(attrs), self.length))

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            attrs, start = self._open_links.pop()
            self.links.append((attrs, start, self.length))
        elif tag in self.BLOCKS and self.parts and not self.parts[-1].endswith("\n"):
            self._add("\n")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._add("\n")

    def handle_data(self, data):
        self._add(data)

    def _add(self, data):
        self.parts.append(data)
        self.length += len(data)

    @property
    def text(self):
        return "".join(self.parts)


def read_rich_text(html):
    reader = _RichTextReader()
    reader.feed(html or "")
    reader.close()
    return reader.text, reader.links


# A tag as the rich text editor stores it: a known name, attributes with
# double-quoted values free of markup and entities.
_STORED_TAG = re.compile(
    r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*="[^"<>&]*")*)'
    r"\s*(/?)>"
)
_PLAIN_TAGS = frozenset(
    {
        *_RichTextReader.BLOCKS,
        "a",
        "b",
        "i",
        "u",
        "em",
        "strong",
        "span",
        "sub",
        "sup",
        "code",
        "ul",
        "ol",
        "table",
        "thead",
        "tbody",
        "td",
        "th",
        "blockquote",
        "hr",
        "img",
        "embed",
        "figure",
        "figcaption",
    }
)


def rich_text_prose(html):
    """The text of stored rich text, exactly as `read_rich_text` reads it,
    without the links: markup as the editor stores it (known tags, quoted
    attributes, no entities) is read by one regular expression, about
    twenty times faster; anything else goes through the HTML parser."""
    if not html:
        return ""
    if "&" in html:
        return read_rich_text(html)[0]
    pieces = _STORED_TAG.split(html)
    parts = []
    blocks = _RichTextReader.BLOCKS
    # pieces: text, then (slash, name, attributes, self-closing, text) per tag.
    for index in range(0, len(pieces), 5):
        data = pieces[index]
        if data:
            if "<" in data:
                return read_rich_text(html)[0]
            parts.append(data)
        if index + 1 == len(pieces):
            break
        closing, name, attributes, self_closing = pieces[index + 1 : index + 5]
        name = name.lower()
        if name not in _PLAIN_TAGS or (closing and (attributes or self_closing)):
            return read_rich_text(html)[0]
        if closing:
            if name in blocks and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
        elif self_closing and name == "br":
            parts.append("\n")
    return "".join(parts)


def _internal_page_for_link(attrs, site):
    """(is_internal, page or None) for one link of stored rich text."""
    if attrs.get("linktype") == "page":
        try:
            page_id = int(attrs.get("id", ""))
        except ValueError:
            return True, None
        return True, Page.objects.filter(pk=page_id).first()
    href = attrs.get("href") or ""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https"):
        return False, None
    if not parts.netloc and not parts.path.startswith("/"):
        return False, None
    if parts.netloc:
        target_site = Site.objects.filter(hostname=parts.hostname).first()
        if target_site is None:
            return False, None
    else:
        target_site = site
        if target_site is None:
            return False, None
    # Only links to pages are checked; media and other paths are not pages.
    path = parts.path or "/"
    if path.startswith(("/documents/", "/media/", "/static/", "/admin/")):
        return False, None
    url_path = target_site.root_page.url_path + path.lstrip("/")
    if not url_path.endswith("/"):
        url_path += "/"
    return True, Page.objects.filter(url_path=url_path).first()


def check_links(html, site=None, field=""):
    """Links in stored rich text to internal pages that are missing or not live."""
    text, links = read_rich_text(html)
    findings = []
    for attrs, start, end in links:
        internal, page = _internal_page_for_link(attrs, site)
        if not internal:
            continue
        if page is None:
            suggestion = _("链接的页面不存在，请删除或改为有效链接。")
        elif not page.live:
            suggestion = _("链接的页面“%(title)s”尚未发布或已撤下。") % {
                "title": page.title
            }
        else:
            continue
        findings.append(
            Finding(
                rule="broken_link",
                severity=RULE_SEVERITY["broken_link"],
                text=text[start:end] or attrs.get("href", ""),
                start=start,
                end=end,
                suggestion=suggestion,
                field=field,
            )
        )
    return findings


# --- pages -------------------------------------------------------------------


def _text_fields(page):
    """(name, label, value, is_rich_text) for the title and every text field
    the page's own type declares."""
    fields = [("title", Page._meta.get_field("title").verbose_name, page.title, False)]
    for model_field in type(page)._meta.get_fields():
        if getattr(model_field, "model", None) is Page or model_field.name == "title":
            continue
        if not isinstance(model_field, models.CharField | models.TextField):
            continue
        if model_field.choices or model_field.name in ("doc_number",):
            continue
        value = getattr(page, model_field.name, "") or ""
        fields.append(
            (
                model_field.name,
                model_field.verbose_name,
                value,
                isinstance(model_field, RichTextField),
            )
        )
    return fields


def check_page(page):
    """Every finding for a page (or a revision's page object): dictionary words
    in its title and text fields, broken internal links in its rich text,
    a missing publication time, a policy document without a document number."""
    # A specific page (or a revision's object) is returned as it is.
    page = page.specific
    site = page.get_site() if page.pk else None
    findings = []
    for _name, label, value, is_rich_text in _text_fields(page):
        label = str(label)
        if is_rich_text:
            text, _links = read_rich_text(value)
            findings += check_text(text, site=site, field=label)
            findings += check_links(value, site=site, field=label)
        else:
            findings += check_text(value, site=site, field=label)
    content = isinstance(page, PublishedContent)
    if content and page.is_dated_item and page.publication_time is None:
        findings.append(
            Finding(
                rule="missing_publication_time",
                severity=RULE_SEVERITY["missing_publication_time"],
                text="",
                start=0,
                end=0,
                suggestion=_("请填写发布时间，每条信息都应显示发布时间。"),
                field=str(_("发布时间")),
            )
        )
    if (
        content
        and page.column_kind() == ColumnKind.POLICY
        and hasattr(page, "doc_number")
        and not (page.doc_number or "").strip()
    ):
        findings.append(
            Finding(
                rule="missing_doc_number",
                severity=RULE_SEVERITY["missing_doc_number"],
                text="",
                start=0,
                end=0,
                suggestion=_("政策文件须填写文号，例如：国发〔2016〕55号。"),
                field=str(_("文号")),
            )
        )
    return findings
