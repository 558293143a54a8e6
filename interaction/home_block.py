"""The interaction column's block on a site's home page: the letters whose
answers were published most recently, each linking to its public page."""

from cms.pages.home_blocks import BlockItem

from .models import Letter, MailboxPage


def published_letters(column, limit, request):
    """[BlockItem] of the newest published letters of the mailboxes below
    `column`, or [] when it holds no mailbox."""
    mailboxes = {
        mailbox.pk: mailbox
        for mailbox in MailboxPage.objects.descendant_of(column).live().public()
    }
    if not mailboxes:
        return []
    letters = (
        Letter.objects.published()
        .filter(mailbox__in=list(mailboxes))
        .only("pk", "subject", "published_at", "mailbox_id")
        .order_by("-published_at", "-pk")[:limit]
    )
    return [
        BlockItem(
            title=letter.subject,
            href=mailboxes[letter.mailbox_id].get_url(request)
            + mailboxes[letter.mailbox_id].reverse_subpage("letter", args=[letter.pk]),
            shown_at=letter.published_at,
        )
        for letter in letters
    ]
