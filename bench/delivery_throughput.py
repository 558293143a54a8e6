"""Requests a second for a published article and a home page through the
production path (nginx + static files, gunicorn behind), against nginx
serving a plain file of the same size, in one run; plus gunicorn alone.

    .venv/bin/python bench/delivery_throughput.py [--seconds 10] [--skip-prepare]
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.delivery_env import (  # noqa: E402
    MACHINE,
    OUT,
    environment,
    gunicorn,
    plain_nginx,
    prepare_cluster,
    setup_django,
    wrk,
)

HOST = "yunling.localhost"
PATHS = {"article": "/news/bench-1/", "home page": "/"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-prepare", action="store_true")
    options = parser.parse_args()
    if not options.skip_prepare:
        prepare_cluster()
    setup_django()
    from cms.delivery.local_nginx import LocalNginx
    from cms.delivery.publisher import file_for

    env = environment()
    plain_root = OUT / "plain"
    plain_root.mkdir(parents=True, exist_ok=True)
    for name, path in PATHS.items():
        shutil.copyfile(
            file_for(HOST, path), plain_root / f"{name.replace(' ', '-')}.html"
        )
    print(
        f"Delivery throughput — machine: {MACHINE}; wrk -t2 -c{options.connections} "
        f"-d{options.seconds}s on 127.0.0.1; database {env['DATABASE_URL'].split('://')[0]}"
    )
    with (
        gunicorn(workers=2, env=env) as (_process, app_port),
        LocalNginx(
            env["STATIC_PUBLISH_ROOT"],
            f"127.0.0.1:{app_port}",
            workers=2,
            static_root=env["STATIC_ROOT"],
            media_root=env["MEDIA_ROOT"],
        ) as front,
        plain_nginx(plain_root) as plain_port,
    ):
        for name, path in PATHS.items():
            size = file_for(HOST, path).stat().st_size
            production_runs, plain_runs = [], []
            # Interleaved rounds, so a busy moment of the machine hits both.
            for _round in range(options.rounds):
                production_runs.append(
                    wrk(
                        front.base_url + path,
                        HOST,
                        options.seconds,
                        options.connections,
                    )
                )
                plain_runs.append(
                    wrk(
                        f"http://127.0.0.1:{plain_port}/{name.replace(' ', '-')}.html",
                        None,
                        options.seconds,
                        options.connections,
                    )
                )
            django_only = wrk(
                f"http://127.0.0.1:{app_port}{path}", HOST, options.seconds, 8
            )
            production, plain = median_run(production_runs), median_run(plain_runs)
            print(
                f"{name} ({size} bytes), median of {options.rounds} interleaved rounds:"
            )
            print(
                f"  production path (nginx + static file): {production[0]:10.0f} req/s  p50 {production[1]:.2f} ms  p99 {production[2]:.2f} ms"
            )
            print(
                f"  plain nginx, same-size file:           {plain[0]:10.0f} req/s  p50 {plain[1]:.2f} ms  p99 {plain[2]:.2f} ms"
            )
            print(
                f"  gunicorn alone (2 workers, -c8):       {django_only[0]:10.0f} req/s  p50 {django_only[1]:.2f} ms  p99 {django_only[2]:.2f} ms"
            )
            print(
                f"  ratio production/plain: {production[0] / plain[0]:.2f} (target >= 0.5)"
            )
    print(
        f"load average at the end: {os.getloadavg()[0]:.1f} (other processes share the 2 cores)"
    )


def median_run(runs):
    return sorted(runs, key=lambda run: run[0])[len(runs) // 2]


if __name__ == "__main__":
    main()
