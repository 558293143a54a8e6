"""Many application servers in front of one PostgreSQL, Redis and OpenSearch.

Two gunicorn processes on production settings (docs/deploy.md, "Many
application servers") and a task worker: a page changed and published through
the admin of one server is served fresh by the other and found by its
search; the search API's rate limit counts requests to both servers
together. (The captcha made by one and answered through the other:
tests/delivery/test_shared_cache.py.) Needs PostgreSQL: the processes cannot
share SQLite's in-memory test database; CI runs it on PostgreSQL."""

import subprocess
import sys
import uuid

import httpx
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from cms.delivery.local_nginx import free_port, wait_for_port
from sites.models import SiteLevel
from tests.delivery.test_shared_cache import (
    BIN,
    database_url_for_servers,
    production_env,
    redis_url,  # noqa: F401 - a fixture
)
from tests.factories import PASSWORD, add_article, column, make_site
from tests.search.conftest import (
    TEST_INDEX_PREFIX,
    use_server,
    used_servers,  # noqa: F401 - a fixture
)

HOST = "city.localhost"
ADMIN_HOST = "admin.localhost"


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "two application servers share one database: this test needs "
            "PostgreSQL (DATABASE_URL=postgres://...; CI runs it there)"
        )


@pytest.fixture
def environment(tmp_path, settings, used_servers, redis_url):  # noqa: F811 - fixtures
    """The production environment every process of the deployment gets:
    the test database, Redis under a key prefix of this test's own, the
    OpenSearch node under this run's index prefix."""
    url = use_server("opensearch", settings, used_servers)
    return production_env(
        tmp_path,
        DATABASE_URL=database_url_for_servers(tmp_path),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
        SEARCH_BACKEND="opensearch",
        OPENSEARCH_URL=url,
        GOVSEARCH_INDEX_PREFIX=f"{TEST_INDEX_PREFIX}servers_",
    )


def manage(env, *args):
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def start_servers(env, tmp_path):
    servers = []
    for name in ("a", "b"):
        port = free_port()
        log = tmp_path / f"gunicorn-{name}.log"
        process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [
                str(BIN / "gunicorn"),
                "cms.wsgi:application",
                "--workers=1",
                "--no-control-socket",
                f"--bind=127.0.0.1:{port}",
                f"--error-logfile={log}",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("ab"),
        )
        servers.append(process)
        assert wait_for_port(port, timeout=60), log.read_text()[-3000:]
        process.base_url = f"http://127.0.0.1:{port}"
    return servers


def api_search(server, query):
    return httpx.get(
        f"{server.base_url}/api/search/",
        params={"q": query, "scope": "cluster"},
        headers={"Host": HOST},
        timeout=30,
    )


def logged_in_admin(server, user):
    browser = httpx.Client(
        base_url=server.base_url, headers={"Host": ADMIN_HOST}, timeout=60
    )
    browser.get("/admin/login/")
    response = browser.post(
        "/admin/login/",
        data={
            "username": user.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "next": "/admin/",
        },
    )
    assert response.status_code == 302, response.text[-1000:]
    return browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_share_database_cache_and_search(
    on_postgresql, environment, tmp_path, settings
):
    # Production hashes passwords with its own hasher, not the tests' MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    city = make_site(HOST, "测试市人民政府", SiteLevel.CITY, "5120000001")
    article = add_article(column(city, "news"), "春季植树活动安排", slug="trees")
    editor = get_user_model().objects.create_superuser(
        "chief-editor", "chief@example.cn", PASSWORD
    )
    manage(environment, "update_index", "--public-only", "-v0")
    server_a, server_b = start_servers(environment, tmp_path)
    try:
        page = f"{server_b.base_url}/news/trees/"
        before = httpx.get(page, headers={"Host": HOST}, timeout=30)
        assert before.status_code == 200
        assert "春季植树活动安排" in before.text
        assert api_search(server_b, "植树").json()["count"] == 1

        # An editor changes the page and publishes it through server A.
        article.title = "春季义务植树活动延期举行"
        article.save_revision(user=editor)
        admin = logged_in_admin(server_a, editor)
        try:
            published = admin.post(
                f"/admin/bulk/wagtailcore/page/publish/?id={article.pk}&next=/admin/",
                data={"csrfmiddlewaretoken": admin.cookies["csrftoken"]},
            )
        finally:
            admin.close()
        assert published.status_code == 302, published.text[-1000:]
        # The task worker (a process of its own) updates the search index.
        manage(
            environment, "db_worker", "--batch", "--no-startup-delay", "-v0",
            "--queue-name", "*",
        )  # fmt: skip

        # Server B serves the new version and its search finds it.
        after = httpx.get(page, headers={"Host": HOST}, timeout=30)
        assert after.status_code == 200
        assert "春季义务植树活动延期举行" in after.text
        answer = api_search(server_b, "延期").json()
        assert [result["title"] for result in answer["results"]] == [
            "春季义务植树活动延期举行"
        ]

        # One rate limit for both: the API's allowance (60 a minute for one
        # address) is used up by requests to either server.
        allowed, _window = settings.GOVSEARCH_API_RATE_LIMIT
        statuses = [
            api_search((server_a, server_b)[number % 2], "植树").status_code
            for number in range(allowed - 2)  # two were asked above
        ]
        assert set(statuses) == {200}
        refused = api_search(server_a, "植树")
        assert refused.status_code == 429
        assert "Retry-After" in refused.headers
        assert api_search(server_b, "植树").status_code == 429
    finally:
        for process in (server_a, server_b):
            process.terminate()
        for process in (server_a, server_b):
            process.wait(timeout=30)
