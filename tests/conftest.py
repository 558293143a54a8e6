"""Shared fixtures: a small cluster built through the same provisioning code as
`create_site`, and users of each role."""

import pytest

from tests.factories import make_cluster


@pytest.fixture
def cluster(db):
    """city.localhost with county.localhost below it and town.localhost below
    that, plus dept.localhost below the city."""
    return make_cluster()
