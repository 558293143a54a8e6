"""Delivery throughput: requests a second, and requests per CPU second of
the server, for a published article and a home page on three paths: the
production path (nginx with the shipped configuration serving the published
file), plain nginx serving a file of the same size (the baseline), and the
Django app server path (the same page through nginx with a query string,
which nginx hands to gunicorn, as every dynamic request).

    .venv/bin/python -m bench.delivery_throughput [--seconds 10] [--rounds 3]
        [--server-cpus 0] [--client-cpus 1] [--database NAME] [--port 5432]
        [--skip-prepare --database NAME]

The servers (nginx, gunicorn) run pinned to --server-cpus and wrk to
--client-cpus (taskset), so the load generator does not take the server's
core; each run reports which side was saturated (CPU seconds over the wall
clock), and requests per CPU second of the server, which does not depend on
who waits for whom. On a machine shared with other jobs neither core is the
benchmark's alone: the requests per CPU second are the figure to compare.

Each run uses its own PostgreSQL database (default bench_delivery_<pid>),
files under bench/out/<database>/ and Redis keys under its own prefix, and
removes the database and files at the end unless --keep. Preparing (the
demo cluster, 300 articles, the city portal published) takes a few minutes
(half an hour on a loaded machine); a kept database is reused with
--skip-prepare --database NAME.

Ends with `RESULT …`: `ratio` is the production path's requests a second
over plain nginx's (issue 18's delivery ratio, target ≥ 0.5), `ratio_cpu`
the same per CPU second."""

import argparse
import os
import resource
import shutil
from contextlib import ExitStack

from bench import machine, print_result
from bench.delivery_env import (
    OUT,
    cpu_seconds,
    drop_database,
    environment,
    gunicorn,
    pinned,
    plain_nginx,
    prepare_cluster,
    process_tree,
    setup_django,
    wrk,
)

HOST = "yunling.localhost"
PATHS = {"article": "/news/bench-1/", "home page": "/"}
RATIO_TARGET = 0.5


def cpu_list(text):
    """ "0" or "0,1" or "0-1" as a set of CPU numbers."""
    cpus = set()
    for part in text.split(","):
        first, _, last = part.partition("-")
        cpus.update(range(int(first), int(last or first) + 1))
    return cpus


def parse_options():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument(
        "--connections", type=int, default=64, help="wrk connections (static paths)"
    )
    parser.add_argument(
        "--django-connections",
        type=int,
        default=8,
        help="wrk connections on the Django path (default 8)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds (median taken)"
    )
    parser.add_argument(
        "--server-cpus", default="0", help="CPUs of nginx and gunicorn (default 0)"
    )
    parser.add_argument("--client-cpus", default="1", help="CPUs of wrk (default 1)")
    parser.add_argument(
        "--database",
        default=f"bench_delivery_{os.getpid()}",
        help="PostgreSQL database (default bench_delivery_<pid>)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="PostgreSQL host")
    parser.add_argument("--port", type=int, default=5432, help="PostgreSQL port")
    parser.add_argument(
        "--skip-prepare",
        action="store_true",
        help="use the cluster a --keep run left in --database",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and files"
    )
    return parser.parse_args()


class Server:
    """Processes whose CPU a run is charged with: process trees (nginx,
    gunicorn) and the PostgreSQL backends of the benchmark's database."""

    def __init__(self, *roots, database=None):
        self.roots = roots
        self.database = database

    def pids(self):
        pids = [pid for root in self.roots for pid in process_tree(root)]
        if self.database:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s "
                    "AND pid <> pg_backend_pid()",
                    [self.database],
                )
                pids += [pid for (pid,) in cursor.fetchall()]
        return pids

    def run(self, url, host, options, connections, cpus):
        """One wrk run: (requests/s, p50 ms, p99 ms, requests per server CPU
        second, server cores busy, wrk cores busy)."""
        before = cpu_seconds(self.pids())
        client_before = children_cpu()
        rate, p50, p99, _output = wrk(
            url,
            host,
            options.seconds,
            connections,
            threads=len(cpu_list(cpus)),
            cpus=cpus,
        )
        after = cpu_seconds(self.pids())
        used = sum(after[pid] - before.get(pid, 0.0) for pid in after)
        client = children_cpu() - client_before
        requests = rate * options.seconds
        return {
            "rate": rate,
            "p50": p50,
            "p99": p99,
            "per_cpu": requests / used if used else float("nan"),
            "server_busy": used / options.seconds,
            "client_busy": client / options.seconds,
        }


def forget_cache(env):
    """Delete the run's keys from the shared Redis (Django's keys are
    `<prefix>:<version>:<key>`)."""
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    for key in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*"):
        client.delete(key)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def median_run(runs):
    return sorted(runs, key=lambda run: run["rate"])[len(runs) // 2]


def describe(label, run):
    return (
        f"  {label:<40} {run['rate']:9,.0f} req/s  p50 {run['p50']:.2f} ms  "
        f"p99 {run['p99']:.2f} ms  {run['per_cpu']:9,.0f} req per server CPU s  "
        f"(server {run['server_busy']:.2f} cores busy, wrk {run['client_busy']:.2f})"
    )


def main():
    options = parse_options()
    database_url = (
        f"postgres://postgres@{options.host}:{options.port}/{options.database}"
    )
    out = OUT / options.database
    env = environment(
        database_url=database_url, out=out, cache_prefix=f"bench_{options.database}"
    )
    server_cpus = cpu_list(options.server_cpus)
    print(
        f"Delivery throughput — machine: {machine()}; servers pinned to CPUs "
        f"{options.server_cpus}, wrk to CPUs {options.client_cpus}; wrk "
        f"-c{options.connections} (Django path -c{options.django_connections}) "
        f"-d{options.seconds}s on 127.0.0.1; database {options.database}",
        flush=True,
    )
    try:
        if not options.skip_prepare:
            # Only the city portal is served: the other sites stay unpublished.
            prepare_cluster(env=env, sites=[HOST])
            print(f"cluster prepared (not timed); {machine()}", flush=True)
        measure(options, env, out, server_cpus)
    finally:
        if not options.keep:
            from django.db import connections

            connections.close_all()
            drop_database(env)
            shutil.rmtree(out, ignore_errors=True)
            forget_cache(env)
            print(f"removed database {options.database}, {out} and its cache keys")


def measure(options, env, out, server_cpus):
    setup_django(env)
    from cms.delivery.local_nginx import LocalNginx
    from cms.delivery.publisher import file_for

    plain_root = out / "plain"
    plain_root.mkdir(parents=True, exist_ok=True)
    for name, path in PATHS.items():
        shutil.copyfile(
            file_for(HOST, path), plain_root / f"{name.replace(' ', '-')}.html"
        )
    figures = {}
    with ExitStack() as servers:
        with pinned(server_cpus):
            app_process, app_port = servers.enter_context(gunicorn(workers=2, env=env))
            front = servers.enter_context(
                LocalNginx(
                    env["STATIC_PUBLISH_ROOT"],
                    f"127.0.0.1:{app_port}",
                    workers=len(server_cpus),
                    static_root=env["STATIC_ROOT"],
                    media_root=env["MEDIA_ROOT"],
                )
            )
            plain_process, plain_port = servers.enter_context(
                plain_nginx(plain_root, workers=len(server_cpus))
            )
        paths = {
            "production": (Server(front.process.pid), options.connections),
            "plain": (Server(plain_process.pid), options.connections),
            "django": (
                Server(front.process.pid, app_process.pid, database=options.database),
                options.django_connections,
            ),
        }
        for name, path in PATHS.items():
            size = file_for(HOST, path).stat().st_size
            urls = {
                "production": (front.base_url + path, HOST),
                "plain": (
                    f"http://127.0.0.1:{plain_port}/{name.replace(' ', '-')}.html",
                    None,
                ),
                "django": (f"{front.base_url}{path}?from=bench", HOST),
            }
            runs = {kind: [] for kind in paths}
            # Interleaved rounds, so a busy moment of the machine hits each.
            for _round in range(options.rounds):
                for kind, (server, connections) in paths.items():
                    url, host = urls[kind]
                    runs[kind].append(
                        server.run(url, host, options, connections, options.client_cpus)
                    )
            production, baseline, django = (
                median_run(runs[kind]) for kind in ("production", "plain", "django")
            )
            ratio = production["rate"] / baseline["rate"]
            ratio_cpu = production["per_cpu"] / baseline["per_cpu"]
            print(
                f"{name} ({size:,} bytes), median of {options.rounds} interleaved "
                f"rounds (load {os.getloadavg()[0]:.1f}):"
            )
            print(describe("production path (nginx + published file)", production))
            print(describe("plain nginx, same-size file", baseline))
            print(describe("Django path (nginx + gunicorn, 2 workers)", django))
            print(
                f"  ratio production/plain: {ratio:.2f} req/s, {ratio_cpu:.2f} per "
                f"CPU second (target ≥ {RATIO_TARGET}); static over Django per CPU "
                f"second: {production['per_cpu'] / django['per_cpu']:,.0f}×",
                flush=True,
            )
            figures[name.split()[0]] = {
                "ratio": ratio,
                "ratio_cpu": ratio_cpu,
                "static": production,
                "plain": baseline,
                "django": django,
            }
    worst = min(figures.values(), key=lambda figure: figure["ratio"])
    article = figures["article"]
    print(f"machine at the end: {machine()}")
    print_result(
        ratio=round(worst["ratio"], 2),
        ratio_target=RATIO_TARGET,
        ratio_cpu=round(min(f["ratio_cpu"] for f in figures.values()), 2),
        article_static_req_s=round(article["static"]["rate"]),
        article_plain_req_s=round(article["plain"]["rate"]),
        article_django_req_s=round(article["django"]["rate"], 1),
        article_static_req_per_cpu_s=round(article["static"]["per_cpu"]),
        article_plain_req_per_cpu_s=round(article["plain"]["per_cpu"]),
        article_django_req_per_cpu_s=round(article["django"]["per_cpu"], 1),
        home_ratio=round(figures["home"]["ratio"], 2),
        server_cpus=options.server_cpus,
        client_cpus=options.client_cpus,
        rounds=options.rounds,
    )


if __name__ == "__main__":
    main()
