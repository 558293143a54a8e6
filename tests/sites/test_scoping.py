"""Path ranges of page subtrees (sites.scoping); the pages they select are
compared with Wagtail's own in tests/monitoring/test_spotcheck.py."""

import pytest

from sites.scoping import next_path


@pytest.mark.parametrize(
    ("path", "following"),
    [
        ("00010001", "00010002"),
        ("00010009", "0001000A"),
        ("0001000Z", "00010010"),
        ("0001ZZZZ", "00020000"),
        ("ZZZZ", None),
    ],
)
def test_the_next_path_counts_in_the_tree_alphabet(path, following):
    assert next_path(path) == following
