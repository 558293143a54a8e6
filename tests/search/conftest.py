"""A small cluster with a handful of realistic documents, indexed through the
same tasks publishing triggers."""

import os
from datetime import datetime

import pytest
from django.utils import timezone

from cms.delivery import publisher
from search import indexing
from search.engines import engine_named
from tests.factories import add_article, column


@pytest.fixture(autouse=True)
def no_static_renders(monkeypatch):
    """Search tests read the index, never the published files: the render
    requests that publishing queues stay queued, as they do until db_worker
    takes them, instead of rendering every affected page inline (half of
    this suite's time went there). tests/delivery tests static publishing."""
    monkeypatch.setattr(publisher, "_enqueue_unless_waiting", lambda: None)


def at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 9, 0))


@pytest.fixture
def corpus(cluster, django_capture_on_commit_callbacks):
    """Articles on the city and county sites, one unpublished and one expired."""
    city_policies = column(cluster.city, "policies")
    city_news = column(cluster.city, "news")
    county_notices = column(cluster.county, "notices")
    with django_capture_on_commit_callbacks(execute=True):
        pages = {
            "inspection": add_article(
                city_notices := column(cluster.city, "notices"),
                "关于开展安全生产大检查的通知",
                slug="inspection",
                published_at=at(2024, 3, 1),
                body="<p>各区县人民政府：为切实加强安全生产工作，决定开展全市大检查。</p>",
            ),
            "state_council": add_article(
                city_policies,
                "国务院关于印发“互联网+政务服务”技术体系建设指南的通知",
                slug="state-council",
                published_at=at(2016, 9, 29),
                doc_number="国发〔2016〕55号",
                body="<p>加快推进互联网政务服务，优化营商环境。</p>",
            ),
            "citing": add_article(
                city_news,
                "我市召开政务服务工作会议",
                slug="citing",
                published_at=at(2016, 10, 20),
                body="<p>会议传达学习国发〔2016〕55号文件精神，部署政务服务工作。</p>",
            ),
            "body_only": add_article(
                city_news,
                "全市春耕备耕工作会议召开",
                slug="body-only",
                published_at=at(2025, 2, 10),
                body="<p>会议强调，要统筹抓好春耕备耕和安全生产各项工作。</p>",
            ),
            "county": add_article(
                county_notices,
                "县应急管理局关于安全生产月活动的通知",
                slug="county",
                published_at=at(2025, 6, 1),
                body="<p>全县安全生产月活动安排。</p>",
            ),
            "medical": add_article(
                city_notices,
                "关于调整城乡居民医疗保险待遇的通知",
                slug="medical-insurance",
                published_at=at(2025, 1, 6),
                body="<p>参加城乡居民医疗保险的群众，住院费用报销比例提高五个百分点。</p>",
            ),
            "abbreviated": add_article(
                city_news,
                "市民可在手机上办理医保和公积金业务",
                slug="abbreviated",
                published_at=at(2025, 3, 3),
                body="<p>医保参保登记、公积金提取均可在线办理。</p>",
            ),
            "draft": add_article(
                city_notices,
                "安全生产督查草稿",
                slug="draft",
                publish=False,
                body="<p>尚未发布的安全生产督查内容。</p>",
            ),
        }
    return pages


# A search server each engine's contract runs on, when one answers there:
# OpenSearch is started by `make opensearch` (CI starts it in .ci/run);
# Elasticsearch is not started by the project (see docs/search.md).
SERVERS = {
    "opensearch": ("OPENSEARCH_URL", "http://127.0.0.1:9200"),
    "elasticsearch": ("ELASTICSEARCH_URL", ""),
}
# This run's indices: runs side by side (CI's SQLite and PostgreSQL runs)
# share one node without sharing an index.
TEST_INDEX_PREFIX = f"govcluster_test_{os.getpid()}_"


def server_answers(engine):
    try:
        return engine.client().ping()
    except Exception:  # noqa: BLE001  (any failure means: no server here)
        return False


@pytest.fixture(scope="session")
def used_servers():
    """The search engines this run indexed into; their indices are deleted
    at the end of the run."""
    used = {}
    yield used
    for client in used.values():
        names = list(client.indices.get(index=f"{TEST_INDEX_PREFIX}*"))
        if names:
            client.indices.delete(index=",".join(names))


def use_server(name, settings, used_servers):
    """Point the settings at engine `name`'s server and this run's indices;
    skip (fail for OpenSearch under CI=true) when no server answers there.
    Returns the server's URL."""
    setting, default = SERVERS[name]
    url = os.environ.get(setting) or default
    if url:
        setattr(settings, setting, url)
        settings.GOVSEARCH_INDEX_PREFIX = TEST_INDEX_PREFIX
        settings.GOVSEARCH_SERVER_REFRESH = True
    engine = engine_named(name)
    if not url or not server_answers(engine):
        reason = (
            f"{name} tests: no server answers at {url} (docs/search.md)"
            if url
            else f"{name} tests: {setting} is not set and the project starts "
            f"no {name} server (docs/search.md)"
        )
        if name == "opensearch" and os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI starts it with scripts/opensearch.sh")
        pytest.skip(reason)
    used_servers[name] = engine.client()
    return url


@pytest.fixture(params=["database", "opensearch", "elasticsearch"])
def engine_name(request, settings, used_servers):
    """Every search engine the contract holds for. The database engine is the
    one of the database the tests run on (SQLite or PostgreSQL; CI runs both).
    OpenSearch and Elasticsearch need a server: without one the tests skip,
    except OpenSearch under CI=true, where .ci/run has started it."""
    if request.param in SERVERS:
        use_server(request.param, settings, used_servers)
    settings.GOVSEARCH_ENGINE = request.param
    return request.param


@pytest.fixture
def searchable(engine_name, corpus):
    """The corpus indexed by the engine under test."""
    indexing.rebuild()
    return corpus
