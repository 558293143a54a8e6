"""The access-log ingester: reads the JSON lines nginx and the application
write (visits/accesslog.py), from where it stopped in each file, and adds them
to the per-site, per-day statistics in one transaction per chunk together with
the new file positions. A crash loses nothing and counts nothing twice: the
next run starts from the last committed position.

A file is known by its device and inode and by a checksum of its first line:
a file renamed by logrotate keeps its position under its new name; a file
truncated, or a new file on a reused inode, is read from the start."""

import glob
import hashlib
import hmac
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Site

from visits.classify import BOT, DESKTOP, MOBILE, PLATFORM, UserAgentClassifier
from visits.digests import pack, unpack
from visits.models import (
    AccessLogFile,
    ClusterDailyExclusion,
    ClusterDailyReferrer,
    ClusterDailyTraffic,
    DailyExclusion,
    DailyPageViews,
    DailyReferrer,
    DailyTraffic,
    ExclusionReason,
    VisitorDigests,
    YearlyPageViews,
)

# "1": a published file nginx served; "0": a request the application served.
COUNTED_MARKS = frozenset({"1", "0"})
FIRST_LINE_LIMIT = 65536
MAX_PATH = 500
MAX_ORIGIN = 300


def configured_log_files():
    """The files named by ACCESS_LOG_PATH and the ACCESS_LOG_FILES patterns
    (globs), existing ones only, without compressed generations."""
    patterns = [str(settings.ACCESS_LOG_PATH or "")]
    patterns += [str(pattern) for pattern in settings.ACCESS_LOG_FILES]
    found = []
    for pattern in patterns:
        if not pattern:
            continue
        for path in sorted(glob.glob(pattern)):
            if not path.endswith((".gz", ".bz2", ".xz", ".zst")) and path not in found:
                found.append(path)
    return found


def daily_key(day_text):
    """The key of the visitor hash for one day, derived from SECRET_KEY and the
    date: it is never stored, and yesterday's hashes cannot be matched today."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"visits-visitor:{day_text}".encode(), "sha256"
    ).digest()


def visitor_digest(day_text, network, user_agent, key=None):
    """The signed 64-bit hash that stands for one visitor on one day."""
    digest = hashlib.blake2b(
        f"{network}\n{user_agent}".encode(),
        key=key or daily_key(day_text),
        digest_size=8,
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


def first_line_checksum(handle):
    handle.seek(0)
    line = handle.readline(FIRST_LINE_LIMIT)
    if not line.endswith(b"\n"):
        return ""  # empty, or its first line is still being written
    return hashlib.sha256(line).hexdigest()


@dataclass
class IngestSummary:
    files: int = 0
    lines: int = 0
    counted: int = 0
    restarted: list = field(default_factory=list)  # rotated or truncated files
    missing: list = field(default_factory=list)
    excluded: Counter = field(default_factory=Counter)  # reason -> lines
    unknown_hosts: Counter = field(default_factory=Counter)  # host -> lines
    malformed: int = 0
    before_since: int = 0

    @property
    def not_counted(self):
        return (
            sum(self.excluded.values())
            + sum(self.unknown_hosts.values())
            + self.malformed
            + self.before_since
        )


class Ingester:
    """One ingest run over some files. `progress(bytes)` is called as the
    files are read; `flush_lines` bounds the lines held before a commit."""

    def __init__(self, since=None, dry_run=False, progress=None, flush_lines=500_000):
        self.since = since.isoformat() if since else ""
        self.dry_run = dry_run
        self.progress = progress or (lambda done: None)
        self.flush_lines = flush_lines
        self.summary = IngestSummary()
        self.sites = {}
        for site_id, hostname in Site.objects.values_list("id", "hostname"):
            self.sites[hostname.lower()] = site_id
        self.classify = UserAgentClassifier()
        # (site id, day) -> {digest: last minute seen}, loaded when first met
        self.visitors = {}
        # Days whose visitors are in the database (only open days keep them).
        self.stored_visitor_days = {
            (site, day.isoformat())
            for site, day in VisitorDigests.objects.values_list("site_id", "day")
        }
        self.day_keys = {}
        self.digests = {}  # day -> {(network, user agent) -> digest}
        self.minutes = {}  # "HH:MM" -> minute of the day
        self._new_buffers()

    def _new_buffers(self):
        # host -> {day -> bucket}: everything one line adds to, found with two
        # lookups of strings (no tuple built per line). A bucket is a list:
        # [site id, traffic counts, visitors seen, raw path -> views,
        #  raw referer -> views, reason -> lines, the day's digest cache]
        # with the traffic counts [page views, visits, visitors, desktop,
        # mobile, tablet]. Paths and referers are cut to size and internal
        # navigation dropped when written (_aggregates), once per distinct value.
        self.buckets = {}

    def run(self, paths):
        for path in paths:
            self.ingest_file(path)
        if not self.dry_run:
            self.close_days()
        return self.summary

    def ingest_file(self, path):
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            self.summary.missing.append(path)
            return
        with handle:
            stat = os.fstat(handle.fileno())
            checksum = first_line_checksum(handle)
            state = AccessLogFile.objects.filter(
                device=stat.st_dev, inode=stat.st_ino
            ).first()
            if state is None:
                state = AccessLogFile(device=stat.st_dev, inode=stat.st_ino)
            elif state.offset and (
                state.first_line_sha256 != checksum or stat.st_size < state.offset
            ):
                self.summary.restarted.append(path)
                state.offset = 0
                state.lines_read = 0
            state.path = str(path)[:500]
            state.first_line_sha256 = checksum
            self.summary.files += 1
            handle.seek(state.offset)
            self._read(handle, state)

    def ingest_stream(self, handle):
        """Count lines that are not a log file (the demo's generated lines; any
        iterable of newline-terminated bytes): no position is recorded."""
        self.summary.files += 1
        self._read(handle, AccessLogFile(device=0, inode=0, path="<stream>"))

    def _read(self, handle, state):
        """The hot loop: a few microseconds per line (bench/access_log_ingest.py).
        Each line is checked in the order the summary reports it: unknown
        host, before --since, then the exclusions, then the fields a counted
        line needs; any missing or mistyped field makes it malformed."""
        loads = orjson.loads
        buckets = self.buckets
        classify = self.classify
        known_agents = classify.known
        minutes = self.minutes
        summary = self.summary
        gap = settings.VISITS_VISIT_GAP_MINUTES
        offset = state.offset
        lines = counted = 0
        not_published = ExclusionReason.NOT_PUBLISHED_FILE.value
        wrong_method = ExclusionReason.METHOD.value
        wrong_status = ExclusionReason.STATUS.value
        for raw in handle:
            if raw[-1:] != b"\n":
                break  # a line still being written: next run reads it
            if lines >= self.flush_lines:
                self._flush(state, offset, lines)
                buckets = self.buckets
                lines = 0
            offset += len(raw)
            lines += 1
            try:
                record = loads(raw)
                host = record["host"]
                moment = record["time"]
                day = moment[:10]
                by_day = buckets.get(host)
                if by_day is None:
                    by_day = self._host_buckets(host)
                    if by_day is None:
                        continue  # an unknown host, counted as such
                bucket = by_day.get(day)
                if not bucket:
                    if bucket is None:
                        bucket = self._bucket(host, by_day, day)
                    if bucket is False:
                        summary.before_since += 1
                        continue
                if record["static"] not in COUNTED_MARKS:
                    excluded = bucket[5]
                    excluded[not_published] = excluded.get(not_published, 0) + 1
                    continue
                if record["method"] != "GET":
                    excluded = bucket[5]
                    excluded[wrong_method] = excluded.get(wrong_method, 0) + 1
                    continue
                status = record["status"]
                if not (200 <= status < 300 or status == 304):
                    excluded = bucket[5]
                    excluded[wrong_status] = excluded.get(wrong_status, 0) + 1
                    continue
                user_agent = record["user_agent"]
                path = record["path"]
                referer = record["referer"]
                # Text only (a number or null is a malformed line, not a crash
                # later in the classifier or when the chunk is written).
                if not (
                    user_agent.__class__ is str
                    and path.__class__ is str
                    and referer.__class__ is str
                ):
                    raise TypeError
                kind = known_agents.get(user_agent) or classify(user_agent)
                if kind in (BOT, PLATFORM):
                    excluded = bucket[5]
                    excluded[kind] = excluded.get(kind, 0) + 1
                    continue
                network = record["network"]
                hour_minute = moment[11:16]
                minute = minutes.get(hour_minute)
                if minute is None:
                    minute = int(moment[11:13]) * 60 + int(moment[14:16])
                    if len(minutes) < 10_000:
                        minutes[hour_minute] = minute
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                summary.malformed += 1
                continue
            _site, counts, seen, pages, referrers, _excluded, digests = bucket
            counts[0] += 1
            counts[3 if kind == DESKTOP else 4 if kind == MOBILE else 5] += 1
            digest = digests.get((network, user_agent))
            if digest is None:
                digest = self._digest(digests, day, network, user_agent)
            last = seen.get(digest)
            if last is None:
                counts[1] += 1
                counts[2] += 1
                seen[digest] = minute
            elif minute > last:
                if minute - last > gap:
                    counts[1] += 1
                seen[digest] = minute
            pages[path] = pages.get(path, 0) + 1
            referrers[referer] = referrers.get(referer, 0) + 1
            counted += 1
        summary.counted += counted
        self._flush(state, offset, lines)

    def _host_buckets(self, host):
        """The buckets of a known host (None for an unknown one, counted)."""
        if host not in self.sites:
            self.summary.unknown_hosts[host] += 1
            return None
        by_day = self.buckets[host] = {}
        return by_day

    def _bucket(self, host, by_day, day):
        """A new bucket for a host and day, or False for a day before --since."""
        if day < self.since:
            by_day[day] = False
            return False
        site = self.sites[host]
        seen = self.visitors.get((site, day))
        if seen is None:
            seen = self._load_visitors(site, day)
        digests = self.digests.get(day)
        if digests is None:
            digests = self.digests[day] = {}
        bucket = by_day[day] = [
            site,
            [0, 0, 0, 0, 0, 0],
            seen,
            {},
            {},
            {},
            digests,
        ]
        return bucket

    def _digest(self, digests, day, network, user_agent):
        """The visitor digest of one day (`digests`: that day's cache)."""
        key = self.day_keys.get(day)
        if key is None:
            key = self.day_keys[day] = daily_key(day)
        if len(digests) > 1_000_000:
            digests.clear()
        digest = digests[network, user_agent] = visitor_digest(
            day, network, user_agent, key
        )
        return digest

    def _load_visitors(self, site, day):
        seen = {}
        if (site, day) in self.stored_visitor_days:
            packed = (
                VisitorDigests.objects.filter(site_id=site, day=day)
                .values_list("packed", flat=True)
                .first()
            )
            if packed is not None:
                seen = unpack(packed)
        self.visitors[site, day] = seen
        return seen

    def _aggregates(self):
        """The buckets as rows to add: traffic by (site, day), pages by
        (site, day, path), referring origins by (site, day, origin) without
        the site's own (internal navigation), exclusions by (site, day,
        reason)."""
        traffic = {}
        pages = {}
        referrers = {}
        exclusions = {}
        for host, by_day in self.buckets.items():
            for day, bucket in by_day.items():
                if not bucket:
                    continue  # a day before --since
                site, counts, _seen, paths, origins, excluded = bucket[:6]
                for reason, lines in excluded.items():
                    key = (site, day, reason)
                    exclusions[key] = exclusions.get(key, 0) + lines
                if not counts[0]:
                    continue  # only excluded lines: no traffic row
                summed = traffic.get((site, day))
                if summed is None:
                    traffic[site, day] = list(counts)
                else:
                    for index, count in enumerate(counts):
                        summed[index] += count
                for path, views in paths.items():
                    key = (site, day, path[:MAX_PATH])
                    pages[key] = pages.get(key, 0) + views
                for referer, views in origins.items():
                    if referer.partition("://")[2] != host:  # not internal
                        key = (site, day, referer[:MAX_ORIGIN])
                        referrers[key] = referrers.get(key, 0) + views
        return traffic, pages, referrers, exclusions

    def _flush(self, state, offset, lines):
        """Commit the counts gathered so far with the file's new position."""
        self.progress(offset - state.offset)
        self.summary.lines += lines
        # Aggregated in a dry run too: it fails where a real run would.
        aggregates = self._aggregates()
        for (_site, _day, reason), count in aggregates[3].items():
            self.summary.excluded[reason] += count
        if not self.dry_run:
            with transaction.atomic():
                self._write_counts(*aggregates)
                state.offset = offset
                state.lines_read += lines
                if state.device or state.inode:  # a file, not a stream
                    state.save()
        else:
            state.offset = offset
        self._new_buffers()

    def _write_counts(self, traffic, pages, referrers, exclusions):
        days = {}

        def as_date(text):
            if text not in days:
                # SQLite stores a date as its ISO text: pass the text itself.
                days[text] = (
                    text if connection.vendor == "sqlite" else date.fromisoformat(text)
                )
            return days[text]

        upsert(
            DailyTraffic,
            ["site_id", "day"],
            [
                "page_views",
                "visits",
                "unique_visitors",
                "desktop_views",
                "mobile_views",
                "tablet_views",
            ],
            [(site, as_date(day), *counts) for (site, day), counts in traffic.items()],
        )
        cluster_days = {}
        for (_site, day), counts in traffic.items():
            summed = cluster_days.setdefault(day, [0] * len(counts))
            for index, count in enumerate(counts):
                summed[index] += count
        upsert(
            ClusterDailyTraffic,
            ["day"],
            [
                "page_views",
                "visits",
                "unique_visitors",
                "desktop_views",
                "mobile_views",
                "tablet_views",
            ],
            [(as_date(day), *counts) for day, counts in cluster_days.items()],
        )
        cluster_referrers = Counter()
        for (_site, day, origin), views in referrers.items():
            cluster_referrers[day, origin] += views
        upsert(
            ClusterDailyReferrer,
            ["day", "origin"],
            ["views"],
            [
                (as_date(day), origin, views)
                for (day, origin), views in cluster_referrers.items()
            ],
        )
        upsert(
            DailyPageViews,
            ["site_id", "day", "path"],
            ["views"],
            [
                (site, as_date(day), path, views)
                for (site, day, path), views in pages.items()
            ],
        )
        yearly_pages = Counter()
        for (site, day, path), views in pages.items():
            yearly_pages[site, int(day[:4]), path] += views
        upsert(
            YearlyPageViews,
            ["site_id", "year", "path"],
            ["views"],
            [
                (site, year, path, views)
                for (site, year, path), views in yearly_pages.items()
            ],
        )
        upsert(
            DailyReferrer,
            ["site_id", "day", "origin"],
            ["views"],
            [
                (site, as_date(day), origin, views)
                for (site, day, origin), views in referrers.items()
            ],
        )
        upsert(
            DailyExclusion,
            ["site_id", "day", "reason"],
            ["lines"],
            [
                (site, as_date(day), reason, lines)
                for (site, day, reason), lines in exclusions.items()
            ],
        )
        # A day's visitors are one row, rewritten whole when it had readers.
        cluster_exclusions = Counter()
        for (_site, day, reason), lines in exclusions.items():
            cluster_exclusions[day, reason] += lines
        upsert(
            ClusterDailyExclusion,
            ["day", "reason"],
            ["lines"],
            [
                (as_date(day), reason, lines)
                for (day, reason), lines in cluster_exclusions.items()
            ],
        )
        rows = []
        for site, day in traffic:
            seen = self.visitors[site, day]
            rows.append((site, as_date(day), len(seen), pack(seen)))
        upsert(
            VisitorDigests,
            ["site_id", "day"],
            ["visitors", "packed"],
            rows,
            add=False,
        )

    def close_days(self):
        """Forget the visitor hashes of days past VISITS_OPEN_DAYS."""
        cutoff = timezone.localdate() - timedelta(days=settings.VISITS_OPEN_DAYS)
        VisitorDigests.objects.filter(day__lt=cutoff).delete()


def upsert(model, key_columns, value_columns, rows, add=True):
    """INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike): the values
    are added to an existing row's (`add`) or replace them. The keys of `rows`
    must be distinct. On PostgreSQL the rows are copied (COPY) into a
    temporary table first, then upserted in one statement; on SQLite one
    prepared statement runs for every row (executemany)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = key_columns + value_columns
    if add:
        updates = ", ".join(
            f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}"
            for c in value_columns
        )
    else:
        updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in value_columns)
    names = ", ".join(quote(column) for column in columns)
    keys = ", ".join(quote(column) for column in key_columns)
    conflict = f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    # Table and column names come from the models, never from input.
    if connection.vendor == "postgresql":
        staging = quote(f"upsert_{model._meta.db_table}")
        with transaction.atomic(), connection.cursor() as cursor:
            create = (
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS",
                f"AS SELECT {names} FROM {table} WITH NO DATA",  # noqa: S608
            )
            cursor.execute(" ".join(create))
            with cursor.cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            insert = (
                f"INSERT INTO {table} ({names})",
                f"SELECT {names} FROM {staging}",  # noqa: S608
            )
            cursor.execute(" ".join((*insert, conflict)))
            cursor.execute(f"TRUNCATE {staging}")
        return
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES {placeholder} {conflict}",  # noqa: S608
            rows,
        )


def ingest(paths=None, since=None, dry_run=False, progress=None):
    """Ingest `paths` (default: the configured log files); an IngestSummary."""
    ingester = Ingester(since=since, dry_run=dry_run, progress=progress)
    return ingester.run(configured_log_files() if paths is None else paths)
