"""Uncached render time and query count of each page type, rendered through
the full Django stack as the static publisher does (production settings).

    .venv/bin/python bench/delivery_render_cost.py [--repeat 20] [--skip-prepare]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.delivery_env import MACHINE, prepare_cluster, setup_django  # noqa: E402

HOST = "yunling.localhost"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-prepare", action="store_true")
    options = parser.parse_args()
    if not options.skip_prepare:
        prepare_cluster()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.delivery.publisher import StaticRenderer
    from cms.pages.models import ArticlePage, ColumnPage, ServiceGuidePage

    article = ArticlePage.objects.get(slug="bench-1")
    guide = ServiceGuidePage.objects.get(slug="bench-guide")
    column = ColumnPage.objects.get(pk=article.get_parent().pk)
    site_root = article.get_site().root_page.url_path
    rel = lambda page: "/" + page.url_path.removeprefix(site_root)  # noqa: E731
    cases = [
        ("home page", "/", None),
        ("column listing, page 1", rel(column), None),
        ("column listing, page 3", rel(column), {"page": 3}),
        ("article", rel(article), None),
        ("service guide", rel(guide), None),
        ("sitemap.xml", "/sitemap.xml", None),
        ("feed.xml", "/feed.xml", None),
    ]
    renderer = StaticRenderer()
    print(
        f"Uncached render cost per page type — machine: {MACHINE}; "
        f"{connection.vendor}; median of {options.repeat}; "
        f"{ArticlePage.objects.count()} articles in the cluster"
    )
    for name, path, query in cases:
        renderer.fetch(HOST, path, query)  # warm imports and template loading
        timings = []
        for _ in range(options.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response, content = renderer.fetch(HOST, path, query)
                timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        print(
            f"  {name:26s} {statistics.median(timings):8.1f} ms  {len(queries):3d} queries  "
            f"{len(content):7d} bytes"
        )


if __name__ == "__main__":
    main()
