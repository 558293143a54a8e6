"""Chinese word segmentation for every search path (index and query alike).

Text is cut with rjieba in search mode, which emits both a long word and the
shorter words inside it (青川县 -> 青川, 青川县), so a query for a word inside a
longer one still matches. Administrators add place and programme names as
`CustomWord` rows; they are loaded into the segmenter the first time text is
segmented after they change, and affect indexed text on reindex."""

import re
import threading

import rjieba
from django.core.cache import cache
from django.utils.html import strip_tags

# Bumped whenever the custom words change (in this process or another one).
CUSTOM_WORDS_VERSION_KEY = "govsearch:custom-words-version"

_lock = threading.Lock()
_loaded_version = None
_loaded_words = set()


def custom_words_changed():
    """Tell every process to reload the custom words before segmenting again."""
    try:
        cache.incr(CUSTOM_WORDS_VERSION_KEY)
    except ValueError:
        cache.set(CUSTOM_WORDS_VERSION_KEY, 1, timeout=None)


def _ensure_custom_words():
    global _loaded_version
    version = cache.get(CUSTOM_WORDS_VERSION_KEY, 0)
    if version == _loaded_version:
        return
    from search.models import CustomWord

    with _lock:
        words = set(CustomWord.objects.values_list("word", flat=True))
        for word in words - _loaded_words:
            rjieba.add_word(word, None, None)
        # rjieba cannot forget a word; a deleted word keeps being recognised
        # until the process restarts, which only makes matching finer.
        _loaded_words.update(words)
        _loaded_version = version


def tokens(text):
    """The search tokens of `text`, in order, without punctuation: each token
    rjieba cuts keeps its word characters only, lowercased, and tokens left
    empty (punctuation, spaces) are dropped. Only word characters survive,
    so no token can carry full-text query syntax (quotes, operators) into
    FTS5 or to_tsquery.

    Done on the joined tokens, not token by token: one regular expression,
    one lower() and one split over the whole text stay in C, where a Python
    loop over a document's thousand tokens cost as much as cutting them
    (bench/search_bench.py's profile)."""
    if not text:
        return []
    _ensure_custom_words()
    # SEPARATOR is no word character: the text's own become spaces first.
    cut = rjieba.cut_for_search(text.replace(_SEPARATOR, " "))
    joined = _NON_WORD_KEEPING_SEPARATOR.sub("", _SEPARATOR.join(cut)).lower()
    return list(filter(None, joined.split(_SEPARATOR)))


_SEPARATOR = "\x00"
# Every non-word character (and the underscore, which \w counts) but
# SEPARATOR.
_NON_WORD_KEEPING_SEPARATOR = re.compile(r"[^\w\x00]+|_+")


def segment(text):
    """`text` as space-separated tokens, ready for a whitespace tokenizer
    (SQLite FTS5 unicode61, PostgreSQL's 'simple' configuration)."""
    return " ".join(tokens(text))


def segment_html(html):
    return segment(strip_tags(html or ""))


def query_words(text):
    """The distinct words of a query a reader types, in order: used for
    matching and for highlighting."""
    seen = []
    for token in tokens(text):
        if token not in seen:
            seen.append(token)
    return seen
