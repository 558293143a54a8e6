"""Fixtures for the publishing tests: editors and reviewers of the shared test
cluster, and dictionary entries."""

import pytest

from cms.publishing.models import DictionaryEntry, EntryKind
from tests.factories import UserFactory, add_article


@pytest.fixture
def town_editor(cluster):
    return UserFactory(username="town-editor", groups=[cluster.town.editors_group])


@pytest.fixture
def town_reviewer(cluster):
    return UserFactory(username="town-reviewer", groups=[cluster.town.reviewers_group])


@pytest.fixture
def city_editor(cluster):
    return UserFactory(
        username="city-editor",
        groups=[cluster.city.editors_group, cluster.city.reviewers_group],
    )


@pytest.fixture
def county_editor(cluster):
    return UserFactory(username="county-editor", groups=[cluster.county.editors_group])


@pytest.fixture
def leader_entry(cluster):
    return DictionaryEntry.objects.create(
        kind=EntryKind.LEADER_NAME,
        term="王建国市长",
        suggestion="王建华市长",
        note="测试市市长",
    )


_slugs = iter(range(1, 1_000_000))


def make_article(parent, title, **fields):
    """add_article with an ASCII slug (Chinese titles slugify to nothing)."""
    fields.setdefault("slug", f"item-{next(_slugs)}")
    return add_article(parent, title, **fields)
