"""Path ranges of page subtrees (sites.scoping); the pages they select are
compared with Wagtail's own in tests/monitoring/test_spotcheck.py."""

import pytest

from sites.scoping import any_subtree_q, next_path


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


def test_consecutive_siblings_make_one_range():
    condition = any_subtree_q(["00010003", "00010001", "00010002", "00010005"])
    ranges = [dict(child.children) for child in condition.children[1:]]
    assert ranges == [
        {"path__gte": "00010001", "path__lt": "00010004"},
        {"path__gte": "00010005", "path__lt": "00010006"},
    ]
