"""Signals other apps listen to when the cluster changes."""

from django.dispatch import Signal

# Sent inside the provisioning transaction once a new site's profile, home page,
# standard columns, groups and collection exist. Receivers add what their area
# needs on every site (a default workflow, a mailbox page, a disclosure section);
# an exception rolls the whole site back. Arguments: profile.
site_provisioned = Signal()

# Sent inside the consolidation transaction (sites/consolidation.py) once a
# closed site's pages have moved into the target site, its redirects exist and
# the closure notice is published. While consolidate() runs, receivers of
# Wagtail's per-page signals (publish, move) leave their work to this one
# (`sites.consolidation.consolidating()` is true), so the whole move costs one
# bulk update per area instead of one per page. Receivers queue what must wait
# for the commit with transaction.on_commit; an exception rolls everything
# back. Arguments: source_site and target_site (wagtail Site), section (the new
# ColumnPage holding the moved pages), moved_page_ids (the section and every
# page below it), notice (the published closure notice).
site_consolidated = Signal()
