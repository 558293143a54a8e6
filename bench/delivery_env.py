"""Shared set-up of the delivery benchmarks: a production-settings cluster on
PostgreSQL (or SQLite), gunicorn behind the shipped nginx configuration, wrk.

Everything runs on 127.0.0.1 and lives under bench/out/. Machine of the
recorded figures: 2 cores, 24 GiB."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "bench" / "out"
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
MACHINE = "2 cores, 24 GiB"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/gc_issue8_bench"


def environment(database_url=None, out=None, cache_prefix="govcluster"):
    """The production environment of the benchmark servers: the database
    (`database_url`, else BENCH_DATABASE_URL, else DEFAULT_DB), the files
    under `out` (default OUT) and the Redis keys under `cache_prefix`."""
    database_url = database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    out = Path(out or OUT)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": ".localhost,localhost,127.0.0.1",
        "ADMIN_HOSTNAMES": "admin.localhost",
        "DATABASE_URL": database_url,
        # Production needs a shared cache: Redis as `make services` starts it.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_PUBLISH_HTTPS": "0",
        "CACHE_KEY_PREFIX": cache_prefix,
        "STATIC_PUBLISH_ROOT": str(out / "published"),
        "STATIC_ROOT": str(out / "static"),
        "MEDIA_ROOT": str(out / "media"),
        "PYTHONPATH": str(BASE_DIR),
    }


def _server(url):
    import psycopg

    server, _, name = url.rpartition("/")
    connection = psycopg.connect(
        server.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True
    )
    return connection, name


def ensure_database(env):
    url = env["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    connection, name = _server(url)
    with connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(env):
    """Drop the benchmark's PostgreSQL database (or remove its SQLite file)."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    connection, name = _server(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(env=None):
    """Configure Django in this process with the benchmark environment."""
    os.environ.update(env or environment())
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def manage(*args, env=None, check=True):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env or environment(),
        check=check,
        capture_output=True,
        text=True,
    )


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, timeout=30):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


@contextmanager
def gunicorn(workers=2, env=None):
    port = free_port()
    process = subprocess.Popen(
        [
            GUNICORN,
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env or environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        yield process, port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def db_worker(env=None, interval="0.2"):
    process = subprocess.Popen(
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--interval",
            interval,
            "--no-startup-delay",
        ],
        cwd=BASE_DIR,
        env=env or environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def plain_nginx(root, workers=2):
    """nginx with nothing but a root: the ceiling for serving one file."""
    from cms.delivery.local_nginx import nginx_binary

    workdir = Path(tempfile.mkdtemp(prefix="govcluster-plain-nginx-"))
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(
        f"{user}worker_processes {workers};\npid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log;\n"
        "events { worker_connections 4096; }\n"
        "http { include /etc/nginx/mime.types; access_log off; sendfile on; tcp_nopush on;"
        " keepalive_requests 100000;\n"
        f"  client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy;"
        f" fastcgi_temp_path {workdir}/f; uwsgi_temp_path {workdir}/u; scgi_temp_path {workdir}/s;\n"
        f"  server {{ listen 127.0.0.1:{port}; root {root}; }}\n}}\n"
    )
    process = subprocess.Popen(
        [
            nginx_binary(),
            "-p",
            str(workdir),
            "-c",
            str(workdir / "nginx.conf"),
            "-e",
            str(workdir / "error.log"),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        yield process, port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def process_tree(pid):
    """`pid` and every process below it."""
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def cpu_seconds(pids):
    """{pid: user + system CPU seconds} of the processes still running."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


@contextmanager
def pinned(cpus):
    """Run the block with this process pinned to `cpus` (a set): the
    processes it starts inherit the pinning."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def wrk(url, host=None, seconds=10, connections=64, threads=2, script=None, cpus=None):
    """Run wrk against a loopback URL (pinned to `cpus`, e.g. "1", with
    taskset); returns (requests/s, p50 ms, p99 ms, output)."""
    assert url.startswith("http://127.0.0.1:")
    command = ["taskset", "-c", cpus] if cpus else []
    command += [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if host:
        command += ["-H", f"Host: {host}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, _latency(output, "50%"), _latency(output, "99%"), output


def _latency(output, label):
    match = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)\b", output)
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def prepare_cluster(articles=300, env=None, sites=()):
    """Migrate, build the demo cluster plus a realistic volume of articles on
    the city portal, collect static files and publish every site (or only
    the hostnames in `sites`). Steps already done are quick to repeat."""
    env = env or environment()
    ensure_database(env)
    Path(env["STATIC_PUBLISH_ROOT"]).parent.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--no-input", "-v0", env=env)
    manage("seed_demo", "--if-empty", env=env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    manage(
        "shell",
        "-c",
        f"from bench.delivery_content import fill; fill({articles})",
        env=env,
    )
    if sites:
        manage("publish_static", *(f"--site={host}" for host in sites), env=env)
    else:
        manage("publish_static", "--all", env=env)
    # Work the content queued (search and reference index upkeep) as the
    # production worker would have by now, so the runs start from an idle queue.
    manage("db_worker", "--batch", "--no-startup-delay", "-v0", env=env)
