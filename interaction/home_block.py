"""The interaction column's block on a site's home page: the letters whose
answers were published most recently, each linking to its public page."""

from cms.pages.home_blocks import BlockItem

from .models import Letter
from .setup import INTERACTION_COLUMN_SLUG


def published_letters(column, limit, request):
    """[BlockItem] of the newest published letters of the live, public
    mailboxes below the site's interaction column; [] for any other column.
    One query."""
    if column.slug != INTERACTION_COLUMN_SLUG:
        return []
    letters = (
        Letter.objects.published()
        .filter(
            mailbox__path__startswith=column.path,
            mailbox__live=True,
            mailbox__view_restrictions__isnull=True,
        )
        .select_related("mailbox")
        .only("pk", "subject", "published_at", "mailbox")
        .order_by("-published_at", "-pk")[:limit]
    )
    return [
        BlockItem(
            title=letter.subject,
            href=letter.mailbox.get_url(request)
            + letter.mailbox.reverse_subpage("letter", args=[letter.pk]),
            shown_at=letter.published_at,
        )
        for letter in letters
    ]
