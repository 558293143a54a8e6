"""Synonyms and abbreviations the public search treats as one (医保 and
医疗保险): a cluster-wide table of groups, edited by cluster administrators
(`Synonym`), applied by expanding the query before any engine sees it.

A query is cut into clauses: each synonym term found in its text (longest
first) is one clause whose alternatives are the group's terms; the rest of
the text gives one clause per word. A document matches when every clause
has an alternative all of whose words it holds, so the bitmap index and the
search servers, given the same clauses, find the same documents. Documents
are indexed as before: changing the table needs no reindex."""

import re

from search.models import Synonym
from search.segmentation import query_words


def alternative(term):
    """The words a document must hold to contain `term`."""
    return tuple(query_words(term))


def clauses(text):
    """The clauses of query `text`: [[alternative, ...], ...], each
    alternative a tuple of words; without synonyms, one clause per word with
    that word as its only alternative."""
    text = (text or "").lower()
    group_of = {}
    for group in Synonym.groups():
        for term in group:
            group_of[term.lower()] = group
    found = []
    if group_of:
        pattern = re.compile(
            "|".join(
                re.escape(term) for term in sorted(group_of, key=len, reverse=True)
            )
        )
        position = 0
        for match in pattern.finditer(text):
            found.extend(plain_clauses(text[position : match.start()]))
            options = [alternative(term) for term in group_of[match.group()]]
            found.append([option for option in dict.fromkeys(options) if option])
            position = match.end()
        text = text[position:]
    found.extend(plain_clauses(text))
    distinct = []
    for clause in found:
        if clause and clause not in distinct:
            distinct.append(clause)
    return distinct


def plain_clauses(text):
    return [[(word,)] for word in query_words(text)]
