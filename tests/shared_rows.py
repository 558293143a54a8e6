"""Rows built once per module and shared by its tests.

Provisioning a site is the most expensive thing a test does. A fixture made by
`shared_rows` builds its rows once, inside a transaction rolled back when the
module is done; each test runs in a savepoint of that transaction (the `db`
fixture) and gets its own copy of the objects. A test sees exactly the rows it
asks for: shared rows it does not ask for are rolled back before it starts
(and built again for the next test that asks). tests/conftest.py resets the
state a rollback does not undo (caches) before every test."""

import copy

import pytest
from django.db import transaction


def is_transactional(item):
    """True for a test that commits (transaction=True, live_server...): it
    cannot run inside a module's transaction, so it builds its own rows."""
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        args = dict(
            zip(("transaction", "reset_sequences"), marker.args, strict=False),
            **marker.kwargs,
        )
        if args.get("transaction") or args.get("reset_sequences"):
            return True
    return bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"}
        & set(getattr(item, "fixturenames", ()))
    )


def wanted_by(item):
    """Names of the shared rows `item` may run inside."""
    return set() if is_transactional(item) else set(item.fixturenames)


class SharedRows:
    """The rows `build()` creates and the objects it returned, held open in a
    transaction while the tests that ask for them run."""

    alive = []  # holders of the current module
    open_ones = []  # holders whose transaction is open, innermost last
    current_item = None  # the test being set up

    def __init__(self, name, build, django_db_blocker):
        self.name = name
        self.build = build
        self.blocker = django_db_blocker
        self.atomic = None
        self.value = None

    def open(self):
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            SharedRows.open_ones.append(self)
            try:
                self.value = self.build()
            except BaseException:
                self.close()
                raise

    def close(self):
        """Roll the rows back (and any shared rows opened inside these)."""
        while self.atomic is not None:
            innermost = SharedRows.open_ones.pop()
            with self.blocker.unblock():
                transaction.set_rollback(True)
                innermost.atomic.__exit__(None, None, None)
            innermost.atomic = innermost.value = None

    def fresh(self):
        """What `build()` returned, for one test: a deep copy of the shared
        objects (the database is back to the state they were built in), or,
        for a transactional test, newly built rows."""
        if self.atomic is None:
            return self.build()
        return copy.deepcopy(self.value)

    @classmethod
    def prepare_for(cls, item):
        """Before `item` is set up (and opens its own savepoint): roll back
        the shared rows it does not ask for, rebuild those it asks for."""
        cls.current_item = item
        wanted = wanted_by(item)
        unwanted = [rows for rows in cls.open_ones if rows.name not in wanted]
        if unwanted:
            unwanted[0].close()
        for rows in cls.alive:
            if rows.name in wanted and rows.atomic is None:
                rows.open()


def shared_rows(build, scope="module"):
    """A `scope` fixture holding the rows `build()` creates, built inside a
    transaction rolled back at the end of the scope. A test asks for them
    through a function fixture that also takes `db` and returns
    `rows.fresh()`: each test runs in a savepoint of that transaction and gets
    its own copy of the objects, so nothing a test writes reaches the next
    one. Transactional tests get rows of their own. The hook
    `pytest_runtest_setup` in tests/conftest.py calls
    `SharedRows.prepare_for`."""

    @pytest.fixture(scope=scope)
    def rows(request, django_db_setup, django_db_blocker):
        shared = SharedRows(request.fixturename, build, django_db_blocker)
        SharedRows.alive.append(shared)
        if shared.name in wanted_by(SharedRows.current_item):
            shared.open()
        yield shared
        shared.close()
        SharedRows.alive.remove(shared)

    return rows
