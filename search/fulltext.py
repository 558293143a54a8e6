"""The public search index: one compressed bitmap of document ids per token,
the same on SQLite and PostgreSQL (see docs/search.md, "The public search
index").

A token is a segmented word of a document's title, document number or body,
a title word behind TITLE_MARK, or an attribute behind ATTRIBUTE_MARK: a
facet value (site, type, category, body, year), the month of the date (date
order) or "has an expiry time". `govsearch_posting` keeps each token's
bitmap (Roaring, serialised); matching, filtering, facet counts and scoring
are set operations on them, done in this process on bitmaps it caches.

Every write transaction first draws a new `generation` in the one-row
`govsearch_postingstate` and stamps the token rows it changes with it as
their `version`; a search reads the generation (one tiny query) and, when it
moved, re-reads only the bitmaps whose version changed."""

# SQL here is assembled from constant identifiers only; every value is a query
# parameter.
# ruff: noqa: S608

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC
from functools import reduce

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from pyroaring import BitMap

from search.models import SearchDocument

# Marks a title word. A private-use character: segmentation keeps word
# characters only, so no token of any text can start with it.
TITLE_MARK = "\ue000"
# Marks an attribute token (facet value, month, expiry), for the same reason.
ATTRIBUTE_MARK = "\ue001"
EXPIRES = ATTRIBUTE_MARK + "expires"
MONTH = "month"
FACET_NAMES = ("site", "type", "category", "body", "year")
# Tokens per statement where a statement lists them (SQLite's limit on
# parameters is far above; psycopg takes one array).
CHUNK = 500


def attribute(name, value):
    return f"{ATTRIBUTE_MARK}{name}:{value}"


@dataclass
class SegmentedText:
    title: str
    doc_number: str
    body: str

    def lexemes(self):
        """Every distinct word of the document, and its title words marked."""
        title = self.title.split()
        words = set(title)
        words.update(self.doc_number.split())
        words.update(self.body.split())
        words.update(TITLE_MARK + word for word in title)
        return sorted(words)


def vendor():
    return connection.vendor


def field(document, name):
    """A column of a SearchDocument, or of a row dict of the bulk loader."""
    if isinstance(document, dict):
        return document.get(name)
    return getattr(document, name)


def month_of(when):
    return when.astimezone(UTC).strftime("%Y%m")


def attribute_tokens(document):
    """The attribute tokens of a document: its facet values, its month, and
    whether it has an expiry time. Derived from its columns, so the tokens
    a document had are known again when it is removed."""
    tokens = [
        attribute("site", field(document, "site_id")),
        attribute("type", field(document, "content_type_id")),
    ]
    for name, column in (("category", "category"), ("body", "issuing_body")):
        if field(document, column):
            tokens.append(attribute(name, field(document, column)))
    if field(document, "year") is not None:
        tokens.append(attribute("year", field(document, "year")))
    if field(document, "date"):
        tokens.append(attribute(MONTH, month_of(field(document, "date"))))
    if field(document, "expire_at"):
        tokens.append(EXPIRES)
    return tokens


def document_tokens(document):
    """Every token of a saved document: its stored words and attributes."""
    return [*(field(document, "words") or "").split(), *attribute_tokens(document)]


def postings_of(pairs):
    """{token: BitMap} of (number, tokens) pairs."""
    postings = {}
    for number, tokens in pairs:
        for token in tokens:
            bitmap = postings.get(token)
            if bitmap is None:
                postings[token] = bitmap = BitMap()
            bitmap.add(number)
    return postings


# --- the generation ---------------------------------------------------------


def next_generation():
    """Draw a new generation; the row stays locked (PostgreSQL) or the
    database (SQLite) until the transaction ends, so writers take turns.

    Random, not a counter: a counter goes back when a transaction rolls
    back, and a process that searched inside that transaction (tests do)
    would take the next writer's generation for the one it cached."""
    generation = secrets.randbits(62)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO govsearch_postingstate (id, generation) VALUES (1, %s) "
            "ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation",
            [generation],
        )
    return generation


def current_generation():
    with connection.cursor() as cursor:
        cursor.execute("SELECT generation FROM govsearch_postingstate WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


# --- reading and writing token rows -----------------------------------------


def select_postings(columns, tokens, lock=False):
    """Rows (`columns`) of the given tokens; `lock`: FOR UPDATE on
    PostgreSQL, taken in token order."""
    rows = []
    with connection.cursor() as cursor:
        if vendor() == "postgresql":
            suffix = " ORDER BY token FOR UPDATE" if lock else ""
            cursor.execute(
                f"SELECT {columns} FROM govsearch_posting WHERE token = ANY(%s)"
                + suffix,
                [sorted(tokens)],
            )
            return cursor.fetchall()
        tokens = sorted(tokens)
        for start in range(0, len(tokens), CHUNK):
            chunk = tokens[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {columns} FROM govsearch_posting "
                f"WHERE token IN ({placeholders})",
                chunk,
            )
            rows.extend(cursor.fetchall())
    return rows


def stored(bitmap):
    bitmap.run_optimize()
    return bitmap.serialize()


def save_postings(postings, merge):
    """Write {token: BitMap} in one transaction under a new generation:
    `merge(old bitmap or None, given bitmap)` gives what to store."""
    if not postings:
        return
    with transaction.atomic():
        generation = next_generation()
        current = {
            token: BitMap.deserialize(bytes(docs))
            for token, docs in select_postings("token, docs", postings, lock=True)
        }
        updates, inserts = [], []
        for token in sorted(postings):
            old = current.get(token)
            bitmap = merge(old, postings[token])
            if old is not None:
                updates.append((stored(bitmap), generation, token))
            elif bitmap:
                inserts.append(
                    (token, stored(bitmap), generation, token[:1] == ATTRIBUTE_MARK)
                )
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE govsearch_posting SET docs = %s, version = %s WHERE token = %s",
                updates,
            )
            if vendor() == "postgresql" and len(inserts) > CHUNK:
                with cursor.cursor.copy(
                    "COPY govsearch_posting (token, docs, version, attribute) "
                    "FROM STDIN"
                ) as copy:
                    for row in inserts:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    "INSERT INTO govsearch_posting (token, docs, version, attribute) "
                    "VALUES (%s, %s, %s, %s)",
                    inserts,
                )


def add_postings(postings):
    save_postings(postings, lambda old, new: old | new if old else new)


def remove_postings(postings):
    save_postings(postings, lambda old, gone: old - gone if old else old)


# --- writing documents ------------------------------------------------------

# {token: BitMap} collected between clear() and optimise() in this process: a
# bulk load writes every token once instead of once a batch.
_pending = None


def collect(postings):
    for token, bitmap in postings.items():
        held = _pending.get(token)
        if held is None:
            _pending[token] = bitmap
        else:
            held |= bitmap


def write(documents):
    """Index saved `documents`: their stored `words` and attributes."""
    postings = postings_of(
        (document.pk, document_tokens(document)) for document in documents
    )
    if _pending is not None:
        collect(postings)
    else:
        add_postings(postings)


def forget(documents):
    """Take documents (objects or value dicts with `id`, `words` and the
    attribute columns) out of every bitmap."""
    remove_postings(
        postings_of(
            (field(document, "id"), document_tokens(document)) for document in documents
        )
    )


def move_to_site(document_ids, old_site_id, new_site_id):
    """Documents that moved from one site to another with their text
    unchanged (a consolidation): only their site token changes."""
    moved = BitMap(document_ids)
    if not moved or old_site_id == new_site_id:
        return
    with transaction.atomic():
        remove_postings({attribute("site", old_site_id): moved})
        add_postings({attribute("site", new_site_id): BitMap(moved)})


DOCUMENT_COLUMNS = (
    "id",
    "words",
    "site_id",
    "content_type_id",
    "category",
    "issuing_body",
    "year",
    "date",
    "expire_at",
)


def remove(document_ids):
    """Delete documents and take them out of the bitmaps, in one
    transaction. (A document deleted another way, e.g. with its page, leaves
    the bitmaps through the pre_delete signal: search/signals.py.)"""
    with transaction.atomic():
        documents = list(
            SearchDocument.objects.filter(pk__in=document_ids).values(*DOCUMENT_COLUMNS)
        )
        if not documents:
            return
        forget(documents)
        # Not QuerySet.delete(): that would send pre_delete for each one again.
        ids = [document["id"] for document in documents]
        with connection.cursor() as cursor:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                cursor.execute(
                    "DELETE FROM govsearch_searchdocument WHERE id IN ("
                    + ", ".join(["%s"] * len(chunk))
                    + ")",
                    chunk,
                )


def clear():
    """Empty the whole public index. Until `optimise()`, this process
    collects the bitmaps of what it writes in memory and writes them then."""
    global _pending
    with transaction.atomic(), connection.cursor() as cursor:
        next_generation()
        if vendor() == "sqlite":
            cursor.execute("DELETE FROM govsearch_searchdocument")
            cursor.execute("DELETE FROM govsearch_posting")
        else:
            # TRUNCATE refuses to run while foreign-key checks of earlier
            # writes in the transaction are pending (Django's are
            # deferred): run them now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE govsearch_searchdocument, govsearch_posting")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    _pending = {}


def optimise():
    """Write the bitmaps collected since `clear()`. Documents deleted
    meanwhile (by another process, say) are left out."""
    global _pending
    if _pending is None:
        return
    pending, _pending = _pending, None
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM govsearch_searchdocument")
        live = BitMap(pk for (pk,) in cursor.fetchall())
    add_postings({token: bitmap & live for token, bitmap in pending.items()})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE govsearch_searchdocument")
        cursor.execute("ANALYZE govsearch_posting")


# --- bulk loading -----------------------------------------------------------

INSERT_COLUMNS = (
    "site_id",
    "content_type_id",
    "title",
    "url",
    "text",
    "category",
    "issuing_body",
    "doc_number",
    "doc_number_key",
    "date",
    "year",
    "words",
    "indexed_at",
)


def shape(rows, texts):
    """Give bulk-loader `rows` their `words` and return the batch's
    {token: BitMap of row positions}: the expensive part of a bulk load,
    done in worker processes."""
    pairs = []
    for number, (row, text) in enumerate(zip(rows, texts, strict=True)):
        lexemes = text.lexemes()
        row["words"] = " ".join(lexemes)
        pairs.append((number, [*lexemes, *attribute_tokens(row)]))
    return postings_of(pairs)


def bulk_insert(rows, postings):
    """Insert new documents in a few statements, bypassing the ORM, between
    `clear()` and `optimise()` (the benchmark). `rows` are dicts with the
    INSERT_COLUMNS but indexed_at, `postings` what `shape()` made of them.
    PostgreSQL takes the rows by COPY."""
    if not rows:
        return
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor() == "sqlite":
            adapt = connection.ops.adapt_datetimefield_value
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM govsearch_searchdocument")
            first_id = cursor.fetchone()[0] + 1
            columns = ", ".join(INSERT_COLUMNS)
            placeholders = ", ".join(["%s"] * len(INSERT_COLUMNS))
            cursor.executemany(
                f"INSERT INTO govsearch_searchdocument (id, {columns}) "
                f"VALUES (%s, {placeholders})",
                [
                    [
                        first_id + number,
                        *(row[column] for column in INSERT_COLUMNS[:9]),
                        adapt(row["date"]) if row["date"] else None,
                        row["year"],
                        row["words"],
                        adapt(now),
                    ]
                    for number, row in enumerate(rows)
                ],
            )
        else:
            # Consecutive ids, so a batch's bitmaps just shift: nobody else
            # inserts (and draws from the sequence) meanwhile.
            cursor.execute(
                "LOCK TABLE govsearch_searchdocument IN SHARE ROW EXCLUSIVE MODE"
            )
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('govsearch_searchdocument', "
                "'id'), nextval(pg_get_serial_sequence('govsearch_searchdocument', "
                "'id')) + %s)",
                [len(rows) - 1],
            )
            first_id = cursor.fetchone()[0] - len(rows) + 1
            with cursor.cursor.copy(
                f"COPY govsearch_searchdocument (id, {', '.join(INSERT_COLUMNS)}) "
                "FROM STDIN"
            ) as copy:
                for number, row in enumerate(rows):
                    copy.write_row(
                        [
                            first_id + number,
                            *(row[column] for column in INSERT_COLUMNS[:12]),
                            now,
                        ]
                    )
    collect({token: bitmap.shift(first_id) for token, bitmap in postings.items()})


# --- the cache --------------------------------------------------------------


@dataclass
class Entry:
    version: int | None  # None: no such token
    bitmap: BitMap
    size: int
    checked: int  # the generation at which `version` was last confirmed


class BitmapCache:
    """Deserialised bitmaps of this process, least recently used first,
    bounded by GOVSEARCH_BITMAP_CACHE_MB (serialised size)."""

    def __init__(self):
        self.entries = OrderedDict()
        self.size = 0
        self.attributes = {}  # {attribute token: version}
        self.attributes_checked = None
        self.lock = threading.Lock()

    def bitmaps(self, tokens):
        """{token: BitMap} of `tokens` and of every attribute token, current
        as of this call. The bitmaps are shared: never change them."""
        generation = current_generation()
        with self.lock:
            if self.attributes_checked != generation:
                with connection.cursor() as cursor:
                    # `= true`, not a bare `WHERE attribute`: SQLite uses the
                    # index on `attribute` only for a comparison, and scanned
                    # the whole table instead (24 ms of a cold search at
                    # 20,000 documents, growing with the words indexed).
                    cursor.execute(
                        "SELECT token, version FROM govsearch_posting "
                        "WHERE attribute = %s",
                        [True],
                    )
                    self.attributes = dict(cursor.fetchall())
                self.attributes_checked = generation
            versions = dict(self.attributes)
            wanted = set(tokens) | set(versions)
            unchecked = [
                token
                for token in tokens
                if token in self.entries and self.entries[token].checked != generation
            ]
            if unchecked:
                versions.update(select_postings("token, version", unchecked))
            stale = [
                token
                for token in wanted
                if token not in self.entries
                or (
                    self.entries[token].checked != generation
                    and self.entries[token].version != versions.get(token)
                )
            ]
            fetched = {}
            if stale:
                fetched = {
                    token: (version, bytes(docs))
                    for token, version, docs in select_postings(
                        "token, version, docs", stale
                    )
                }
            for token in stale:
                self.discard(token)
                version, docs = fetched.get(token, (None, b""))
                bitmap = BitMap.deserialize(docs) if docs else BitMap()
                self.entries[token] = Entry(
                    version, bitmap, len(docs) + 100, generation
                )
                self.size += self.entries[token].size
            found = {}
            for token in wanted:
                entry = self.entries[token]
                entry.checked = generation
                self.entries.move_to_end(token)
                found[token] = entry.bitmap
            limit = settings.GOVSEARCH_BITMAP_CACHE_MB * 2**20
            while self.size > limit and self.entries:
                _token, entry = self.entries.popitem(last=False)
                self.size -= entry.size
        return found

    def discard(self, token):
        entry = self.entries.pop(token, None)
        if entry is not None:
            self.size -= entry.size


cache = BitmapCache()


# --- querying ---------------------------------------------------------------


def intersection(bitmaps):
    bitmaps = sorted(bitmaps, key=len)
    return reduce(lambda left, right: left & right, bitmaps[1:], bitmaps[0])


def in_chunks(ids):
    ids = list(ids)
    for start in range(0, len(ids), CHUNK * 10):
        yield ids[start : start + CHUNK * 10]


def expired(candidates):
    """The candidates whose expiry time has passed (checked at query time:
    Wagtail unpublishes them only when `publish_scheduled` runs)."""
    gone = BitMap()
    now = timezone.now()
    for chunk in in_chunks(candidates):
        gone.update(
            SearchDocument.objects.filter(pk__in=chunk, expire_at__lte=now).values_list(
                "pk", flat=True
            )
        )
    return gone


def filter_bitmap(query, bitmaps):
    """The documents the query's filters allow, or None for all."""
    allowed = []

    def value_of(name, value):
        return bitmaps.get(attribute(name, value), BitMap())

    if query.site_ids is not None:
        allowed.append(
            BitMap.union(BitMap(), *(value_of("site", pk) for pk in query.site_ids))
        )
    allowed.extend(value_of(name, value) for name, value in query.facet_filters())
    return intersection(allowed) if allowed else None


def facet_counts(candidates, bitmaps):
    facets = {name: {} for name in FACET_NAMES}
    for token, bitmap in bitmaps.items():
        if token[:1] != ATTRIBUTE_MARK:
            continue
        name, _colon, value = token[1:].partition(":")
        if name in facets:
            count = candidates.intersection_cardinality(bitmap)
            if count:
                facets[name][value] = count
    return facets


def score_groups(candidates, title_bitmaps):
    """[(score, documents)] from the highest score down, non-empty: the score
    of a document is the number of `title_bitmaps` holding it, counted
    bit-sliced (slice i holds the documents whose score has bit i set)."""
    slices = []
    for title in title_bitmaps:
        carry = candidates & title
        for position, bits in enumerate(slices):
            if not carry:
                break
            slices[position], carry = bits ^ carry, bits & carry
        if carry:
            slices.append(carry)
    groups = []
    for score in range(2 ** len(slices) - 1, -1, -1):
        group = candidates
        for position, bits in enumerate(slices):
            group = group & bits if score >> position & 1 else group - bits
            if not group:
                break
        if group:
            groups.append((score, group))
    return groups


def newest_first(group, months, skip, take):
    """`take` ids of `group` after the first `skip`, by date (newest first)
    then id, both descending; documents without a date come last. Only the
    months holding the wanted ids have their dates read."""
    # The months the page falls in: skipped ones count, wanted ones are read.
    wanted, held = BitMap(), 0
    for month in months:
        if held >= skip + take:
            break
        part = group & month
        if held + len(part) <= skip:
            skip -= len(part)
            continue
        wanted |= part
        held += len(part)
    dated = []
    for chunk in in_chunks(wanted):
        dated.extend(
            SearchDocument.objects.filter(pk__in=chunk).values_list("date", "pk")
        )
    dated.sort(reverse=True)
    found = [pk for _date, pk in dated[skip : skip + take]]
    skip = max(0, skip - len(dated))
    if len(found) < take:
        undated = group.difference(*months) if months else group
        found.extend(list(undated)[::-1][skip : skip + take - len(found)])
    return found


def clause_bitmap(clause, bitmaps, mark=""):
    """The documents matching one query clause (EngineQuery): holding every
    word of one of its alternatives; with `mark`, in their titles."""
    return BitMap.union(
        BitMap(),
        *(intersection([bitmaps[mark + word] for word in option]) for option in clause),
    )


def search(query, with_facets=True):
    """(total, [(document id, score)] for the page, facets or {})."""
    words = query.words
    bitmaps = cache.bitmaps([*words, *(TITLE_MARK + word for word in words)])
    candidates = intersection(
        [clause_bitmap(clause, bitmaps) for clause in query.clauses]
    )
    allowed = filter_bitmap(query, bitmaps)
    if allowed is not None:
        candidates = candidates & allowed
    expiring = candidates & bitmaps.get(EXPIRES, BitMap())
    if expiring:
        candidates = candidates - expired(expiring)
    facets = facet_counts(candidates, bitmaps) if with_facets else {}
    title_bitmaps = [
        clause_bitmap(clause, bitmaps, mark=TITLE_MARK) for clause in query.clauses
    ]
    pinned = BitMap()
    if query.pinned_key:
        pinned = candidates & BitMap(
            SearchDocument.objects.filter(doc_number_key=query.pinned_key).values_list(
                "pk", flat=True
            )
        )
    groups = []
    for part in (pinned, candidates - pinned):
        if query.order == "relevance":
            groups.extend(group for _score, group in score_groups(part, title_bitmaps))
        elif part:
            groups.append(part)
    months = sorted(
        (token for token in bitmaps if token.startswith(attribute(MONTH, ""))),
        reverse=True,
    )
    month_bitmaps = [bitmaps[token] for token in months]
    skip, take, page = query.offset, query.limit, []
    for group in groups:
        if take <= 0:
            break
        if len(group) <= skip:
            skip -= len(group)
            continue
        ids = newest_first(group, month_bitmaps, skip, take)
        page.extend(ids)
        take -= len(ids)
        skip = 0
    hits = [(pk, sum(pk in title for title in title_bitmaps)) for pk in page]
    return len(candidates), hits, facets
