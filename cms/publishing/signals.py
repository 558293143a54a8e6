"""Signals the publishing area sends for other apps to act on."""

from django.dispatch import Signal

# Pages that went live without Page.save() or a revision being published (the
# importer inserts them in bulk), so Wagtail's page_published is not sent for
# them. Sent inside the transaction with `page_ids`; receivers that act on the
# database queue their work with transaction.on_commit.
pages_published_in_bulk = Signal()
