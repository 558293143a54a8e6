"""Public search benchmark: indexing throughput and query latency (p50, p95,
facets included, cold and warm) through the path /search/ takes
(search.service.run_search), on the bitmap index, OpenSearch, or both, with
PostgreSQL full-text search as an anchor on PostgreSQL.

    .venv/bin/python -m bench.search_bench --size 20000
    .venv/bin/python -m bench.search_bench --size 100000 --db postgresql \\
        --engine both --opensearch-url http://127.0.0.1:9200

The corpus (bench/corpus.py) is drawn from jieba's 349,000-word dictionary
by its counts (Zipf), in documents of 800-3,000 characters; the queries are
word pairs drawn from the vocabulary at several frequency ranks and what
residents type (医保 报销, 公积金 提取), none taken from the generator's
topics. It goes straight into the public index (no pages are created).

Every run uses a database and OpenSearch indices of its own, named with
the process id (`--database` names another), and removes them at the end
unless `--keep` (then `--skip-load --database NAME` queries them again).

The machine is shared, so beside the wall clock every figure has the CPU
seconds it cost (this process, the segmenting workers, the PostgreSQL
backend, the OpenSearch node) and the speed they imply on idle cores. The
cost of generating the synthetic corpus is measured apart and left out of
the indexing figures: it is the harness, not the project. Cold figures are
the first pass over the queries with every cache the search path keeps
emptied before each query (this process's bitmap cache and Django cache,
OpenSearch's query, request and field-data caches); the operating system's
page cache and PostgreSQL's shared buffers are not dropped.

Ends with one line `RESULT key=value …` (targets of issue 17: indexing at
least 2,000 documents a second, two-word queries with facets p95 at most
100 ms, at 100,000 and 1,000,000 documents)."""

import argparse
import os
import sys
from contextlib import suppress

from bench import setup_django


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def parse_options():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", type=int, default=100_000, help="documents")
    parser.add_argument(
        "--engine",
        choices=("bitmap", "opensearch", "both"),
        default="bitmap",
        help="engines to measure (the bitmap index always holds the rows the "
        "results are read from)",
    )
    parser.add_argument(
        "--db", choices=("sqlite", "postgresql"), default="sqlite", help="database"
    )
    parser.add_argument(
        "--database",
        default=f"bench_search_{os.getpid()}",
        help="database name (PostgreSQL) or /tmp/NAME.sqlite3 (SQLite); "
        "default bench_search_<pid>, removed at the end unless --keep",
    )
    parser.add_argument("--host", default="127.0.0.1", help="PostgreSQL host")
    parser.add_argument("--port", type=int, default=5432, help="PostgreSQL port")
    parser.add_argument(
        "--opensearch-url",
        default="http://127.0.0.1:9200",
        help="OpenSearch node (`make opensearch` starts one)",
    )
    parser.add_argument(
        "--index-prefix",
        default=f"bench_{os.getpid()}_",
        help="prefix of this run's OpenSearch indices (default bench_<pid>_)",
    )
    parser.add_argument(
        "--no-pg-fulltext",
        action="store_true",
        help="skip the PostgreSQL full-text anchor",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="segmenting processes (default 2)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="warm runs of each query (default 3)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and indices"
    )
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="query what a --keep run loaded (give its --database and --index-prefix)",
    )
    return parser.parse_args()


def database_url(options):
    if options.db == "sqlite":
        return f"sqlite:////tmp/{options.database}.sqlite3"
    return f"postgres://postgres@{options.host}:{options.port}/{options.database}"


def server_connection(options):
    import psycopg

    return psycopg.connect(
        f"postgresql://postgres@{options.host}:{options.port}/postgres",
        autocommit=True,
    )


def create_database(options):
    if options.db != "postgresql" or options.skip_load:
        return
    with server_connection(options) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{options.database}"')
        server.execute(f'CREATE DATABASE "{options.database}"')


def drop_database(options):
    from django.db import connections

    connections.close_all()
    if options.db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                os.remove(f"/tmp/{options.database}.sqlite3{suffix}")
        return
    with server_connection(options) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')


def main():
    options = parse_options()
    if options.skip_load and options.keep is False:
        options.keep = True  # querying again must not drop what it queries
    os.environ["DATABASE_URL"] = database_url(options)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    if options.db == "sqlite" and not options.skip_load:
        with suppress(FileNotFoundError):
            os.remove(f"/tmp/{options.database}.sqlite3")
    create_database(options)
    setup_django(f"/tmp/{options.database}.sqlite3")
    from bench import search_run

    try:
        search_run.run(options)
    finally:
        if not options.keep:
            search_run.drop_indices(options)
            drop_database(options)
            say(f"removed database {options.database} and this run's indices")
        else:
            say(
                f"kept database {options.database} and indices "
                f"{options.index_prefix}*: --skip-load --database "
                f"{options.database} --index-prefix {options.index_prefix}"
            )


if __name__ == "__main__":
    main()
