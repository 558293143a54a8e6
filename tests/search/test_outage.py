"""An outage of the search server loses no index update.

The test starts an OpenSearch node of its own (scripts/opensearch.sh on a free
port, data in a temporary folder), so the shared node of `make opensearch`
is never stopped. Pages are published and indexed by the task worker; the
node is killed (SIGKILL) while the worker is writing the next updates; more
pages are published and one unpublished while it is down, and public search
says in Chinese that it is unavailable; the node restarts, the worker runs
the retried tasks, and search finds exactly the pages that are live."""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from search.engines import engine_named
from search.engines.opensearch import OpenSearchEngine
from search.engines.server import index_name
from search.models import SearchDocument
from tests.factories import add_article, column
from tests.search.helpers import search, titles

UNAVAILABLE = "搜索服务暂时不可用，请稍后再试。"
SCRIPT = django_settings.BASE_DIR / "scripts" / "opensearch.sh"


def free_port_pair():
    """A port for HTTP whose transport port (100 above) is free too."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + 100 > 65535:
            continue
        with socket.socket() as other:
            if other.connect_ex(("127.0.0.1", port + 100)) != 0:
                return port
    raise RuntimeError("no free port pair")


class Node:
    """A single OpenSearch node of scripts/opensearch.sh, on its own port."""

    def __init__(self, port, state):
        self.port, self.state = port, state
        self.url = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            "OPENSEARCH_PORT": str(port),
            "OPENSEARCH_STATE": str(state),
            "OPENSEARCH_HEAP": "256m",
        }

    def script(self, command):
        return subprocess.run(  # noqa: S603 - fixed script and arguments
            ["bash", str(SCRIPT), command],  # noqa: S607
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def start(self):
        """Start and wait until green; returns the script's failure, if any."""
        result = self.script("start")
        return None if result.returncode == 0 else result.stdout + result.stderr

    def kill(self):
        """SIGKILL, as a machine losing power or the OOM killer would."""
        pid = int((self.state / "node.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def stop(self):
        self.script("stop")


@pytest.fixture(scope="module")
def own_node(tmp_path_factory):
    """The test's own node. It needs Java and Maven (and Maven Central, or
    the artifacts in ~/.m2): without them the test skips and says so."""
    missing = [tool for tool in ("java", "mvn", "curl") if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"the outage test starts its own OpenSearch node and needs "
            f"{', '.join(missing)} (docs/search.md)"
        )
    node = Node(free_port_pair(), tmp_path_factory.mktemp("opensearch"))
    failure = node.start()
    if failure and "Maven build failed" in failure:
        pytest.skip(
            "the outage test could not build its OpenSearch node from Maven "
            f"artifacts: {failure[-500:]}"
        )
    assert failure is None, failure
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture
def on_own_node(own_node, settings, monkeypatch):
    """Search on the test's node; tasks queued in the database and run by
    db_worker, as in production, retried after 0.2 s, 0.4 s, … at most 1 s."""
    settings.GOVSEARCH_ENGINE = "opensearch"
    settings.OPENSEARCH_URL = own_node.url
    settings.GOVSEARCH_INDEX_PREFIX = f"outage_{uuid.uuid4().hex[:8]}_"
    settings.GOVSEARCH_SERVER_REFRESH = True
    settings.GOVSEARCH_SERVER_TIMEOUT = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.GOVSEARCH_RETRY_DELAY = 0.2
    settings.GOVSEARCH_RETRY_MAX_DELAY = 1
    # db_worker runs in this process, inside the test's transaction: its
    # check for stale connections would close the one holding that
    # transaction (on PostgreSQL, where autocommit is off inside it).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return own_node


def run_worker():
    """db_worker until no task is due (deferred retries may wait)."""
    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--interval",
        "0",
        "--queue-name",
        "*",
        verbosity=0,
    )


def waiting_tasks():
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY)


def run_worker_until_done(timeout=60):
    deadline = time.monotonic() + timeout
    run_worker()
    while waiting_tasks().exists():
        assert time.monotonic() < deadline, "retried tasks still waiting"
        time.sleep(0.2)
        run_worker()


def publish(parent, *titles_and_slugs, capture):
    with capture(execute=True):
        return [
            add_article(parent, title, slug=slug, body=f"<p>{title}的具体安排。</p>")
            for title, slug in titles_and_slugs
        ]


@pytest.mark.django_db
def test_an_outage_loses_no_index_update(
    on_own_node, cluster, client, django_capture_on_commit_callbacks, monkeypatch
):
    capture = django_capture_on_commit_callbacks
    news = column(cluster.city, "news")
    first = publish(
        news,
        ("防汛抗旱工作第一次会议", "flood-1"),
        ("防汛抗旱工作第二次会议", "flood-2"),
        capture=capture,
    )
    run_worker()
    assert len(titles(search(q="防汛抗旱", scope="cluster"))) == 2

    # The node dies while the worker writes the next updates: the first of
    # them reaches it, the others find it gone.
    publish(
        news,
        ("防汛抗旱工作第三次会议", "flood-3"),
        ("防汛抗旱工作第四次会议", "flood-4"),
        ("防汛抗旱工作第五次会议", "flood-5"),
        capture=capture,
    )
    real_bulk = OpenSearchEngine.bulk
    writes = []

    def bulk_then_die(self, client, actions, **options):
        writes.append(len(actions))
        if len(writes) == 2:  # one bulk request per new page
            on_own_node.kill()
        return real_bulk(self, client, actions, **options)

    monkeypatch.setattr(OpenSearchEngine, "bulk", bulk_then_die)
    run_worker()
    monkeypatch.setattr(OpenSearchEngine, "bulk", real_bulk)
    assert waiting_tasks().count() >= 2  # the failed updates wait to be retried

    # While it is down: more pages published, one unpublished.
    publish(
        news,
        ("防汛抗旱工作第六次会议", "flood-6"),
        ("防汛抗旱工作第七次会议", "flood-7"),
        capture=capture,
    )
    with capture(execute=True):
        first[0].unpublish()
    run_worker()
    page = client.get("/search/", {"q": "防汛抗旱"}, HTTP_HOST="city.localhost")
    assert page.status_code == 503
    assert UNAVAILABLE in page.content.decode()
    assert client.get("/healthz").json()["search"] == "error"

    assert on_own_node.start() is None
    run_worker_until_done()
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()

    expected = {f"防汛抗旱工作第{n}次会议" for n in "二三四五六七"}
    assert set(titles(search(q="防汛抗旱", scope="cluster"))) == expected
    answer = client.get("/api/search/", {"q": "防汛抗旱"}, HTTP_HOST="city.localhost")
    assert answer.status_code == 200
    assert {result["title"] for result in answer.json()["results"]} == expected
    # Nothing else on the node: no document of a write that failed half-way.
    client_ = engine_named("opensearch").client()
    client_.indices.refresh(index=index_name())
    on_node = client_.count(index=index_name())["count"]
    assert on_node == SearchDocument.objects.count()
