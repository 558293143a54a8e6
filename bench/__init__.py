"""Benchmarks (run with `python -m bench.<name>` from the project root).

Every benchmark prints the machine it ran on (`machine()`: cores, the CPUs it
is pinned to, the load average) and ends with one line from `print_result`:
`RESULT key=value …`, holding its figures and their targets. `Clock` measures
wall-clock and CPU time (this process and its waited-for children), so a
figure taken on a shared machine can be read against the CPU it cost."""

import os
import resource
import time

import django


def machine():
    """Cores, memory, the CPUs this process may run on, and the load average."""
    with open("/proc/meminfo") as meminfo:
        total_kib = int(meminfo.readline().split()[1])
    pinned = sorted(os.sched_getaffinity(0))
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores, {total_kib / 2**20:.0f} GiB RAM; "
        f"pinned to CPUs {','.join(map(str, pinned))}; "
        f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


MACHINE = machine()


def setup_django(default_sqlite, fresh=False):
    """Configure Django on DATABASE_URL, or on `default_sqlite` (removed
    first when `fresh`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    if "DATABASE_URL" not in os.environ:
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(default_sqlite + suffix):
                    os.remove(default_sqlite + suffix)
        os.environ["DATABASE_URL"] = f"sqlite:///{default_sqlite}"
    django.setup()


def _cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """`with Clock() as clock: …` then `clock.wall`, `clock.cpu` (seconds)."""

    def __enter__(self):
        self._wall, self._cpu = time.monotonic(), _cpu_seconds()
        return self

    def __exit__(self, *exc):
        self.wall = time.monotonic() - self._wall
        self.cpu = _cpu_seconds() - self._cpu


def _format(value):
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value).replace(" ", "_")


def print_result(**figures):
    """The bench's last line: `RESULT key=value …` (targets as `*_target`)."""
    load = os.getloadavg()[0]
    figures.setdefault("load", round(load, 2))
    print("RESULT " + " ".join(f"{k}={_format(v)}" for k, v in figures.items()))
