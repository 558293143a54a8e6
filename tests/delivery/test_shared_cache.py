"""Production runs several server processes, and they share one cache.

Production settings refuse to start without a shared cache (Redis, or the
database cache). Two gunicorn processes on production settings and Redis: a
citizen opens the application form on one, answers its captcha through the
other, and sees the receipt on the first again."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from cms.delivery.local_nginx import free_port, wait_for_port
from cms.protection import captcha
from disclosure.models import InformationApplication, IssuingBody
from sites.models import SiteLevel
from tests.disclosure.conftest import CITY_BODY_CODE, PERSON
from tests.factories import make_site

BIN = Path(sys.executable).parent
HOST = "city.localhost"


def production_env(tmp_path, **extra):
    """The environment of a production process, without any cache setting
    this machine's environment may carry."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CACHE_BACKEND", "CACHE_KEY_PREFIX"}
    }
    env.update(
        {
            "DATABASE_URL": env.get("DATABASE_URL") or "sqlite:///unused.sqlite3",
            **extra,
        },
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="shared-cache-test-" + "x" * 40,
        ALLOWED_HOSTS=".localhost,127.0.0.1",
        ADMIN_HOSTNAMES="admin.localhost",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_PUBLISH_ROOT=str(tmp_path / "published"),
        DISCLOSURE_PRIVATE_ROOT=str(tmp_path / "private"),
        PYTHONPATH=str(settings.BASE_DIR),
    )
    return env


def start_django(env):
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "import sys; sys.stdout.write(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_shared_cache(tmp_path):
    result = start_django(production_env(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL" in result.stderr
    assert "CACHE_BACKEND=database" in result.stderr


def test_production_refuses_an_unknown_cache_backend(tmp_path):
    result = start_django(production_env(tmp_path, CACHE_BACKEND="locmem"))
    assert result.returncode != 0
    assert "'locmem'" in result.stderr


@pytest.mark.parametrize(
    ("extra", "backend"),
    [
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/0"},
            "django.core.cache.backends.redis.RedisCache",
        ),
        (
            {"CACHE_BACKEND": "database"},
            "django.core.cache.backends.db.DatabaseCache",
        ),
    ],
)
def test_production_starts_with_a_shared_cache(tmp_path, extra, backend):
    result = start_django(production_env(tmp_path, **extra))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == backend


@pytest.fixture
def redis_url():
    """Redis as `make services` and .ci/run start it. Locally without it the
    test skips; under CI it fails, since CI starts Redis itself."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    with socket.socket() as probe:
        probe.settimeout(2)
        answers = probe.connect_ex(("127.0.0.1", 6379)) == 0
    if not answers:
        message = "no Redis on 127.0.0.1:6379 (start it with `make services`)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def database_url_for_servers(tmp_path):
    """A URL other processes can open with this test's (committed) data: the
    PostgreSQL test database itself, or a file copy of SQLite's in-memory one."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        path = tmp_path / "shared.sqlite3"
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"
    db = connection.settings_dict
    return (
        f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def two_servers(tmp_path, redis_url):
    """Two gunicorn processes (one worker each) on production settings and
    one Redis, under a key prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex}"
    database_url = database_url_for_servers(tmp_path)
    env = production_env(
        tmp_path,
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        DATABASE_URL=database_url,
    )
    servers = []
    try:
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
            servers[-1].base_url = f"http://127.0.0.1:{port}"
        yield servers, RedisCache(redis_url, {"KEY_PREFIX": prefix}), database_url
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_captcha_made_by_one_server_is_answered_through_another(tmp_path, request):
    city = make_site("city.localhost", "测试市人民政府", SiteLevel.CITY, "5120000001")
    body = IssuingBody.objects.create(
        site=city.site, name="测试市人民政府办公室", code=CITY_BODY_CODE
    )
    # The servers start after the site exists: SQLite's copy is taken then.
    (server_a, server_b), shared_cache, database_url = request.getfixturevalue(
        "two_servers"
    )
    form_path = f"/disclosure/apply/{body.pk}/"
    headers = {"Host": HOST}
    with httpx.Client(headers=headers, timeout=30) as browser:
        form = browser.get(server_a.base_url + form_path)
        assert form.status_code == 200
        html = form.text
        token = re.search(r'name="captcha_0" value="([^"]+)"', html)[1]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        # Read as a person reads the image: from the store both servers share.
        answer = shared_cache.get(captcha._cache_key(token))
        assert answer is not None and len(answer) == captcha.LENGTH

        # The other server knows the challenge: it draws and reads it out.
        image = browser.get(f"{server_b.base_url}/captcha/{token}.png")
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/png"

        submitted = browser.post(
            server_b.base_url + form_path,
            data={
                **PERSON,
                "agree": "on",
                "captcha_0": token,
                "captcha_1": answer,
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Referer": server_a.base_url + form_path},
        )
        assert submitted.status_code == 302, submitted.text[-2000:]

        # The receipt, kept in the session, shows on the first server too.
        receipt = browser.get(server_a.base_url + submitted.headers["location"])
    assert receipt.status_code == 200
    assert stored_tracking_code(database_url) in receipt.text


def stored_tracking_code(database_url):
    """The tracking code of the one application the servers stored."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as copy:
            (code,) = copy.execute(
                f"select tracking_code from {InformationApplication._meta.db_table}"  # noqa: S608
            ).fetchone()
        return code
    return InformationApplication.objects.get().tracking_code
