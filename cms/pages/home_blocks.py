"""What a home page's column block shows when the column holds no dated
page: other apps may offer items of their own (the interaction app offers the
answered letters it has published), so that a block such as 互动交流 is not
left saying 暂无内容 on a site that answers its letters. The apps register a
source in `AppConfig.ready()`; this app imports none of them."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class BlockItem:
    """An item of a column block that is not a page."""

    title: str
    href: str
    shown_at: datetime | None


_sources = []


def register_block_items(source):
    """Let `source(column, limit, request)` -> [BlockItem] fill the block of
    a column without items of its own."""
    if source not in _sources:
        _sources.append(source)


def block_items(column, limit, request):
    """The first non-empty answer of the registered sources for `column`."""
    for source in _sources:
        if items := source(column, limit, request):
            return items
    return []
