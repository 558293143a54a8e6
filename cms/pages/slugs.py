"""Page slugs from Chinese titles, in pinyin: 关于开展安全生产大检查的通知 ->
guan-yu-kai-zhan-an-quan-sheng-chan-da-jian-cha-de-tong-zhi.

Pinyin rather than Unicode slugs: the slug becomes part of every link,
sitemap entry and statically published file name, and ASCII paths survive
being copied into a message, an e-mail or a printed notice, where a Chinese
path turns into a wall of percent escapes (docs/publishing.md)."""

from django.utils.text import slugify
from pypinyin import lazy_pinyin
from wagtail.models import Page

# Long titles give long slugs; the slug is cut at a syllable boundary.
SLUG_MAX_LENGTH = 60


def pinyin_slug(title):
    """The slug of `title` in pinyin (other letters and digits kept), or ""
    when it has nothing to spell."""
    slug = ""
    for part in lazy_pinyin(title or ""):
        piece = slugify(part)
        if not piece:
            continue
        candidate = f"{slug}-{piece}" if slug else piece
        if len(candidate) > SLUG_MAX_LENGTH:
            break
        slug = candidate
    return slug or slugify(title or "")[:SLUG_MAX_LENGTH]


def unique_slug(base, parent, page=None):
    """`base`, or `base-2`, `base-3`…: the first free among `parent`'s
    children (other than `page` itself)."""
    candidate, suffix = base, 1
    while not Page._slug_is_available(candidate, parent, page):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


class PinyinSlugMixin:
    """First base of every page type: a page created in code without a slug
    gets the pinyin of its title, as the admin form gives it (GovPageForm),
    instead of Wagtail's slugify, which spells nothing of a Chinese title and
    leaves the page unsaveable."""

    def full_clean(self, *args, **kwargs):
        self.fill_slug_from_title()
        super().full_clean(*args, **kwargs)

    def fill_slug_from_title(self):
        # Only once the parent is known (a page being added under its parent,
        # or saved in place): the slug must be free among its siblings.
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if self.slug or not self.title or not parent_is_known:
            return
        base = pinyin_slug(self.title)
        if base:
            self.slug = unique_slug(base, self.get_parent(), self)
