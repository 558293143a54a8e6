"""Pages inside one part of the page tree, found through the index on `path`.

Wagtail's `descendant_of()` and `in_site()` filter on `path LIKE 'prefix%'`.
SQLite cannot answer that from an index (its LIKE ignores case unless the
column does, and Django adds an ESCAPE clause), so every such query reads the
whole page table: a spot check of 2,000 sites read it once per site and rule.
A subtree is also a range of paths: a page's descendants are the paths from
its own up to (not including) the next path of its depth, which both SQLite
and PostgreSQL answer from the unique index on `path`.

Tree paths are fixed-width steps over treebeard's alphabet (digits then
capital letters, `Page.alphabet`), so the next path of a depth is the path
read as a base-36 number plus one; it compares correctly byte by byte and in
any collation that orders digits before capital letters."""

from django.db.models import Q
from wagtail.models import Page


def next_path(path):
    """The first path after every path starting with `path` (the path plus one,
    carrying over its last character), or None when there is none."""
    alphabet = Page.alphabet
    chars = list(path)
    for position in range(len(chars) - 1, -1, -1):
        index = alphabet.index(chars[position])
        if index + 1 < len(alphabet):
            chars[position] = alphabet[index + 1]
            return "".join(chars)
        chars[position] = alphabet[0]
    return None


def subtree_q(page_or_path, *, inclusive=True, prefix=""):
    """A Q matching the pages under `page_or_path` (a Page or its path),
    the page itself too when `inclusive`; `prefix` for related lookups
    (e.g. "page__", "mailbox__")."""
    path = getattr(page_or_path, "path", page_or_path)
    condition = Q(**{f"{prefix}path__gte" if inclusive else f"{prefix}path__gt": path})
    upper = next_path(path)
    if upper is not None:
        condition &= Q(**{f"{prefix}path__lt": upper})
    return condition


def site_pages_q(site, prefix=""):
    """A Q matching every page of `site` (its root page included): what
    Wagtail's `in_site()` selects, through the index."""
    return subtree_q(site.root_page.path, prefix=prefix)


def any_subtree_q(paths, prefix=""):
    """A Q matching the pages under any of `paths` (each included), with one
    range for each run of consecutive siblings (a whole cluster's homepages
    make one range)."""
    ranges = []
    for path in sorted(set(paths)):
        if ranges and ranges[-1][1] == path:
            ranges[-1][1] = next_path(path)
        else:
            ranges.append([path, next_path(path)])
    condition = Q(**{f"{prefix}pk__in": []})
    for lower, upper in ranges:
        bounds = Q(**{f"{prefix}path__gte": lower})
        if upper is not None:
            bounds &= Q(**{f"{prefix}path__lt": upper})
        condition |= bounds
    return condition


def sites_holding(path, by_root_path):
    """The values of `by_root_path` ({root page path: site}) whose tree holds
    the page at `path`, outermost first (a site nested in another's tree
    holds its pages too, as Wagtail's `in_site()` has it)."""
    step = Page.steplen
    return [
        by_root_path[path[:end]]
        for end in range(step, len(path) + 1, step)
        if path[:end] in by_root_path
    ]
