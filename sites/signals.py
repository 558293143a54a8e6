"""Signals other apps listen to when the cluster changes."""

from django.dispatch import Signal

# Sent inside the provisioning transaction once a new site's profile, home page,
# standard columns, groups and collection exist. Receivers add what their area
# needs on every site (a default workflow, a mailbox page, a disclosure section);
# an exception rolls the whole site back. Arguments: profile.
site_provisioned = Signal()
