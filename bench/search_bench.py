"""Public search benchmark: index throughput and query latency (p50, p95, with
facets) through the same search path as /search/ (search.service.run_search),
and the same queries on stock Wagtail's database backend for comparison.

    DATABASE_URL=sqlite:////tmp/gc_bench_search.sqlite3 \\
        .venv/bin/python bench/search_bench.py --size 100000 [--stock]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gc_bench_search \\
        .venv/bin/python bench/search_bench.py --size 1000000

The corpus goes straight into the search index (no pages are created). Use a
database of its own: the benchmark empties the search tables first."""

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(
    0, str(Path(__file__).resolve().parent.parent)
)  # project root, when run as a file
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, models, transaction  # noqa: E402
from opensearchpy.helpers import bulk  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from bench.corpus import ONE_WORD_QUERIES, TWO_WORD_QUERIES, generate  # noqa: E402
from cms.pages.models import ArticlePage  # noqa: E402
from search import doc_numbers, fulltext  # noqa: E402
from search.engines import current_engine  # noqa: E402
from search.engines.server import index_name, source_of  # noqa: E402
from search.forms import SearchForm  # noqa: E402
from search.models import SearchDocument  # noqa: E402
from search.segmentation import segment  # noqa: E402
from search.service import run_search  # noqa: E402

BATCH = 2000
SITES = 20


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def make_batch(start, count, site_ids, content_type_id):
    """Generate, segment and shape one batch of index rows and build its
    bitmaps (runs in a worker process, so the storing process only sends
    the rows to the database and merges the bitmaps)."""
    rng = random.Random(start)
    rows, texts = [], []
    for row in generate(count, start=start):
        texts.append(
            fulltext.SegmentedText(
                segment(row["title"]), segment(row["doc_number"]), segment(row["text"])
            )
        )
        rows.append(
            {
                "site_id": site_ids[row["site"]],
                "content_type_id": content_type_id,
                "title": row["title"],
                "url": f"http://bench{row['site']}.localhost/d/{rng.getrandbits(40)}/",
                "text": row["text"],
                "category": row["category"],
                "issuing_body": row["issuing_body"],
                "doc_number": row["doc_number"],
                "doc_number_key": doc_numbers.normalise(row["doc_number"]),
                "date": datetime.combine(row["date"], datetime.min.time(), tzinfo=UTC),
                "year": row["date"].year,
            }
        )
    return rows, fulltext.shape(rows, texts)


def make_sources(start, count, ids, site_ids, content_type_id):
    """The search-server documents of one batch of the corpus: generated and
    segmented again (as indexing a page does), shaped by the engine's own
    `source_of`, with the ids the rows got in the database."""
    sources = []
    for pk, row in zip(ids, generate(count, start=start), strict=True):
        when = datetime.combine(row["date"], datetime.min.time(), tzinfo=UTC)
        document = SimpleNamespace(
            pk=pk,
            site_id=site_ids[row["site"]],
            content_type_id=content_type_id,
            category=row["category"],
            issuing_body=row["issuing_body"],
            year=row["date"].year,
            doc_number_key=doc_numbers.normalise(row["doc_number"]),
            date=when,
            expire_at=None,
        )
        text = fulltext.SegmentedText(
            segment(row["title"]), segment(row["doc_number"]), segment(row["text"])
        )
        sources.append(source_of(document, text))
    return sources


def make_sources_args(args):
    return make_sources(*args)


def node_facts(client):
    """(pid, heap in MB, JVM) of the OpenSearch node (on this machine)."""
    (info,) = client.nodes.info(metric="process,jvm")["nodes"].values()
    heap = info["jvm"]["mem"]["heap_max_in_bytes"] / 2**20
    return (
        info["process"]["id"],
        heap,
        f"{info['jvm']['vm_name']} {info['jvm']['version']}",
    )


def load_opensearch(size, sites, workers):
    """Index the corpus already in the database into OpenSearch the way the
    engine writes it: regenerated and segmented in `workers` processes, sent
    by bulk requests of BATCH documents (refresh off during the load, one
    refresh at the end). Returns docs/second, end to end."""
    engine = current_engine()
    engine.reset()
    client = engine.client()
    target = index_name()
    client.indices.put_settings(index=target, body={"refresh_interval": "-1"})
    site_ids = [site.pk for site in sites]
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    ids = list(SearchDocument.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == size, "load the database index first (without --skip-load)"
    node_pid, heap, _jvm = node_facts(client)
    node_cpu = process_cpu_seconds(node_pid)
    connections.close_all()
    pool = Pool(workers)
    own_cpu = time.process_time()
    started = time.perf_counter()
    loaded = 0
    starts = [
        (
            start,
            min(BATCH, size - start),
            ids[start : start + BATCH],
            site_ids,
            content_type_id,
        )
        for start in range(0, size, BATCH)
    ]
    for sources in pool.imap(make_sources_args, starts):
        bulk(
            client,
            (
                {"_index": target, "_id": source["id"], "_source": source}
                for source in sources
            ),
            chunk_size=BATCH,
            max_chunk_bytes=50 * 2**20,
            request_timeout=120,
        )
        loaded += len(sources)
        if loaded % 100_000 < BATCH:
            rate = loaded / (time.perf_counter() - started)
            say(f"  {loaded:>9,} documents, {rate:,.0f}/s")
    pool.close()
    pool.join()
    client.indices.put_settings(index=target, body={"refresh_interval": "1s"})
    client.indices.refresh(index=target, request_timeout=300)
    elapsed = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {
        "segmenting workers": children.ru_utime + children.ru_stime - CHILD_CPU[0],
        "sending process": time.process_time() - own_cpu,
        "OpenSearch node": process_cpu_seconds(node_pid) - node_cpu,
    }
    idle_seconds = max(sum(cpu.values()) / os.cpu_count(), *cpu.values())
    (stats,) = client.indices.stats(index=target)["indices"].values()
    stats = stats["primaries"]
    say(
        f"  {stats['docs']['count']:,} documents on the node, "
        f"{stats['store']['size_in_bytes'] / 2**20:,.0f} MB on disk; node heap {heap:,.0f} MB"
    )
    say(
        "  CPU seconds: "
        + ", ".join(f"{name} {seconds:,.0f}" for name, seconds in cpu.items())
        + f"; on {os.cpu_count()} idle cores that is ≈ {loaded / idle_seconds:,.0f} docs/s"
    )
    return loaded / elapsed, elapsed


# CPU of the child processes before the OpenSearch load (the database load's).
CHILD_CPU = [0.0]
# The OpenSearch node's pid, once it is used.
NODE_PID = [None]


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def prepare_sites():
    root = Page.objects.get(depth=1)
    sites = []
    for number in range(SITES):
        site, _ = Site.objects.get_or_create(
            hostname=f"bench{number}.localhost",
            port=80,
            defaults={"root_page": root, "site_name": f"基准站点{number}"},
        )
        sites.append(site)
    return sites


def process_cpu_seconds(pid):
    """User + system CPU seconds a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_server_pid():
    """The PostgreSQL backend serving this process (SQLite works in-process)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def load(size, sites, workers):
    """Empty the index, generate, segment and build bitmaps in worker
    processes, store the rows and merge the bitmaps in this one, write the
    bitmaps; returns (docs/second, seconds), end to end.

    The machine is shared, so wall-clock speed says little: the CPU seconds
    every process of the load used (workers, this process, the database
    server's backend on this machine) are printed too, and the speed they
    imply on two idle cores."""
    fulltext.clear()
    site_ids = [site.pk for site in sites]
    content_type_id = ContentType.objects.get_for_model(ArticlePage).pk
    # Fork the workers with no database connection open: a connection
    # inherited by a child shares its socket with the parent, and the
    # parent's next query reads the child's answer (or a broken stream).
    connections.close_all()
    pool = Pool(workers)
    server = database_server_pid()
    server_cpu = process_cpu_seconds(server) if server else 0.0
    own_cpu = time.process_time()
    started = time.perf_counter()
    loaded = 0
    starts = [
        (start, min(BATCH, size - start), site_ids, content_type_id)
        for start in range(0, size, BATCH)
    ]
    for rows, postings in pool.imap(make_batch_args, starts):
        fulltext.bulk_insert(rows, postings)
        loaded += len(rows)
        if loaded % 100_000 < BATCH:
            rate = loaded / (time.perf_counter() - started)
            say(f"  {loaded:>9,} documents, {rate:,.0f}/s")
    pool.close()
    pool.join()
    stored = time.perf_counter() - started
    own_cpu_stored = time.process_time()
    server_cpu_stored = process_cpu_seconds(server) if server else 0.0
    fulltext.optimise()
    elapsed = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {
        "segmenting workers": children.ru_utime + children.ru_stime,
        "storing process": own_cpu_stored - own_cpu,
        "database server": server_cpu_stored - server_cpu,
    }
    build = (time.process_time() - own_cpu_stored) + (
        process_cpu_seconds(server) - server_cpu_stored if server else 0.0
    )
    # On idle cores the load phase takes its CPU spread over the cores, or
    # the busiest single process if that is longer; writing the bitmaps is
    # one process on one core.
    idle_seconds = (
        max(
            sum(cpu.values()) / os.cpu_count(),
            cpu["storing process"],
            cpu["database server"],
        )
        + build
    )
    say(f"  stored in {stored:,.0f} s, bitmaps written in {elapsed - stored:,.0f} s")
    say(f"  {posting_summary()}")
    say(
        "  CPU seconds while storing: "
        + ", ".join(f"{name} {seconds:,.0f}" for name, seconds in cpu.items())
        + f"; bitmaps written {build:,.0f}; on {os.cpu_count()} idle cores "
        "that is "
        f"≈ {loaded / idle_seconds:,.0f} docs/s"
    )
    return loaded / elapsed, elapsed


def posting_summary():
    """Tokens, and the size of their bitmaps, in the index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(LENGTH(docs)), MAX(LENGTH(docs)) "
            "FROM govsearch_posting"
        )
        tokens, size, largest = cursor.fetchone()
    return (
        f"{tokens:,} tokens, bitmaps {size / 2**20:,.0f} MB "
        f"(largest {largest / 2**10:,.0f} kB)"
    )


def cache_summary():
    return (
        f"bitmap cache of this process: {len(fulltext.cache.entries):,} bitmaps, "
        f"{fulltext.cache.size / 2**20:,.1f} MB"
    )


def make_batch_args(args):
    return make_batch(*args)


def doc_number_queries(count=8):
    rng = random.Random(7)
    numbers = list(
        SearchDocument.objects.exclude(doc_number="")
        .order_by("id")
        .values_list("doc_number", flat=True)[:2000]
    )
    styles = [("〔", "〕"), ("[", "]"), ("(", ")"), ("（", "）"), ("【", "】")]
    queries = []
    for number in rng.sample(numbers, count):
        opening, closing = rng.choice(styles)
        queries.append((number.replace("〔", opening).replace("〕", closing), number))
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def contains_all(title, text, query):
    haystack = title + text
    return all(word in haystack for word in query.split())


def measure(label, queries, scope, site, repeats=3):
    """Wall-clock p50/p95 of run_search, and the CPU it used per query (this
    process and the database backend): on a shared machine the wall clock
    includes waiting for a core, the CPU time does not."""
    timings, answered = [], 0
    server = database_server_pid()
    server_cpu = process_cpu_seconds(server) if server else 0.0
    node_cpu = process_cpu_seconds(NODE_PID[0]) if NODE_PID[0] else 0.0
    own_cpu = time.process_time()
    for query in queries:
        form = SearchForm({"q": query, "scope": scope})
        form.is_valid()
        for repeat in range(repeats):
            started = time.perf_counter()
            outcome = run_search(form.cleaned_data, site)
            timings.append((time.perf_counter() - started) * 1000)
            if repeat == 0 and outcome.hits:
                answered += 1
    cpu = time.process_time() - own_cpu
    if server:
        cpu += process_cpu_seconds(server) - server_cpu
    if NODE_PID[0] and settings.GOVSEARCH_ENGINE == "opensearch":
        cpu += process_cpu_seconds(NODE_PID[0]) - node_cpu
    say(
        f"  {label:<38} p50 {statistics.median(timings):7.1f} ms  "
        f"p95 {percentile(timings, 0.95):7.1f} ms  "
        f"CPU {cpu * 1000 / len(timings):6.1f} ms/query  "
        f"answered {answered}/{len(queries)}"
    )
    return timings


def stock_comparison(size, queries):
    """Index the same corpus with stock modelsearch (no segmentation) and ask
    the same queries: speed, and how many find a document with the words."""
    from modelsearch.backends import get_search_backend
    from wagtail.search import index

    class StockDocument(index.Indexed, models.Model):
        title = models.CharField(max_length=255)
        text = models.TextField()
        search_fields = [
            index.SearchField("title", boost=10),
            index.SearchField("text"),
        ]  # noqa: RUF012

        class Meta:
            app_label = "govsearch"
            db_table = "bench_stock_document"

    with connection.schema_editor() as editor:
        editor.execute("DROP TABLE IF EXISTS bench_stock_document")
        editor.create_model(StockDocument)
    backend = get_search_backend("modelsearch.backends.database")
    backend.reset_indexes()
    started = time.perf_counter()
    for rows in batches(generate(size), BATCH):
        objects = StockDocument.objects.bulk_create(
            [StockDocument(title=row["title"], text=row["text"]) for row in rows]
        )
        backend.get_index_for_model(StockDocument).add_items(StockDocument, objects)
    rate = size / (time.perf_counter() - started)
    say(f"  stock indexing: {rate:,.0f} docs/s")
    timings, answered = [], 0
    for query in queries:
        for repeat in range(3):
            started = time.perf_counter()
            results = backend.search(query, StockDocument.objects.all())
            first = list(results[:10])
            results.count()
            timings.append((time.perf_counter() - started) * 1000)
            if (
                repeat == 0
                and first
                and contains_all(first[0].title, first[0].text, query)
            ):
                answered += 1
    say(
        f"  stock wagtail, all queries            p50 {statistics.median(timings):7.1f} ms  "
        f"p95 {percentile(timings, 0.95):7.1f} ms  answered {answered}/{len(queries)}"
    )


def update_cost(repeats=5):
    """What publishing and unpublishing one page cost the index: a copy of a
    loaded document written through the engine, then removed (wall clock and
    CPU of this process and the database backend, mean)."""
    engine = current_engine()
    template = SearchDocument.objects.order_by("id").first()
    # The stored words as one text: its lexemes are the same tokens.
    text = fulltext.SegmentedText("", "", template.words)
    server = database_server_pid()
    timings = {"write": [], "remove": []}
    cpu = {"write": 0.0, "remove": 0.0}
    for _ in range(repeats):
        document = SearchDocument.objects.get(pk=template.pk)
        document.pk = None
        document.save()
        for step in ("write", "remove"):
            server_cpu = process_cpu_seconds(server) if server else 0.0
            own_cpu = time.process_time()
            started = time.perf_counter()
            with transaction.atomic():
                if step == "write":
                    engine.write([document], [text])
                else:
                    engine.remove([document.pk])
            timings[step].append((time.perf_counter() - started) * 1000)
            cpu[step] += time.process_time() - own_cpu
            if server:
                cpu[step] += process_cpu_seconds(server) - server_cpu
        # The database engine's removal deleted the row; a server's did not.
        SearchDocument.objects.filter(pk=document.pk).delete()
    say(
        "  one document, "
        + "; ".join(
            f"{step}: {statistics.mean(timings[step]):.0f} ms, "
            f"CPU {cpu[step] * 1000 / repeats:.0f} ms"
            for step in timings
        )
    )


def relevant_answers(queries, site):
    """How many queries put a document containing every word first."""
    answered = 0
    for query in queries:
        form = SearchForm({"q": query, "scope": "cluster"})
        form.is_valid()
        outcome = run_search(form.cleaned_data, site)
        if outcome.hits:
            document = SearchDocument.objects.get(url=outcome.hits[0].url)
            if contains_all(document.title, document.text, query):
                answered += 1
    return answered


def run_queries(site, numbers):
    """Every query set through run_search on the current engine; returns the
    two-word cluster timings."""
    say(
        f"queries (each through search.service.run_search, facets included); "
        f"load average {load_average()}:"
    )
    two_word = measure("two words, cluster, facets", TWO_WORD_QUERIES, "cluster", site)
    measure("two words, one site, facets", TWO_WORD_QUERIES, "site", site)
    measure("one word, cluster, facets", ONE_WORD_QUERIES, "cluster", site)
    measure("document numbers, any brackets", [q for q, _n in numbers], "cluster", site)
    first_ok = 0
    for query, number in numbers:
        form = SearchForm({"q": query, "scope": "cluster"})
        form.is_valid()
        outcome = run_search(form.cleaned_data, site)
        first_ok += bool(outcome.hits and outcome.hits[0].doc_number == number)
    say(f"  document number found first: {first_ok}/{len(numbers)}")
    all_queries = TWO_WORD_QUERIES + ONE_WORD_QUERIES
    say(
        f"  relevant first result: {relevant_answers(all_queries, site)}/{len(all_queries)}"
    )
    say(f"  {cache_summary()}")
    update_cost()
    say(f"load average after the queries: {load_average()}")
    target = percentile(two_word, 0.95)
    say(
        f"target p95 < 100 ms for two-word queries with facets: {'met' if target < 100 else 'NOT met'} ({target:.1f} ms)"
    )
    return two_word


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="documents to load")
    parser.add_argument(
        "--skip-load", action="store_true", help="query the existing index"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="segmenting processes (default 2)"
    )
    parser.add_argument("--stock", action="store_true", help="also run stock Wagtail")
    parser.add_argument(
        "--opensearch",
        metavar="URL",
        help="also index the corpus into this OpenSearch node (index "
        "govcluster_bench_documents) and ask it the same queries",
    )
    args = parser.parse_args()

    say(
        f"GovCluster search benchmark — {connection.vendor}, {args.size:,} documents; "
        f"machine: {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )
    call_command("migrate", verbosity=0)
    sites = prepare_sites()
    if args.skip_load:
        say(f"  {posting_summary()}")
    else:
        say(f"load average before loading: {load_average()}")
        rate, elapsed = load(args.size, sites, args.workers)
        say(
            f"indexing: {rate:,.0f} docs/s ({elapsed:,.0f} s, "
            f"{args.workers} segmenting processes); load average {load_average()}"
        )
    site = sites[0]
    numbers = doc_number_queries()
    figures = {"bitmap index": run_queries(site, numbers)}
    if args.opensearch:
        settings.GOVSEARCH_ENGINE = "opensearch"
        settings.OPENSEARCH_URL = args.opensearch
        settings.GOVSEARCH_INDEX_PREFIX = "govcluster_bench_"
        client = current_engine().client()
        NODE_PID[0], heap, jvm = node_facts(client)
        say(
            f"OpenSearch {client.info()['version']['number']} at {args.opensearch}: "
            f"heap {heap:,.0f} MB, {jvm}, on this machine"
        )
        if args.skip_load:
            say(
                f"  {client.count(index=index_name())['count']:,} documents on the node"
            )
        else:
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            CHILD_CPU[0] = children.ru_utime + children.ru_stime
            say(f"load average before indexing: {load_average()}")
            rate, elapsed = load_opensearch(args.size, sites, args.workers)
            figures["OpenSearch indexing"] = rate
            say(
                f"OpenSearch indexing: {rate:,.0f} docs/s ({elapsed:,.0f} s, "
                f"{args.workers} segmenting processes); load average {load_average()}"
                f" — target ≥ 2,000: {'met' if rate >= 2000 else 'NOT met'}"
            )
        figures["OpenSearch"] = run_queries(site, numbers)
        say("two words + facets, whole cluster, same corpus and queries:")
        for name in ("bitmap index", "OpenSearch"):
            timings = figures[name]
            say(
                f"  {name:<14} p50 {statistics.median(timings):7.1f} ms  "
                f"p95 {percentile(timings, 0.95):7.1f} ms"
            )
    if args.stock:
        stock_comparison(args.size, TWO_WORD_QUERIES + ONE_WORD_QUERIES)


if __name__ == "__main__":
    main()
