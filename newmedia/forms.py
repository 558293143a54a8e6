"""The admin form of a new-media account."""

from sites.forms import SiteOwnedAdminForm
from sites.isolation import manageable_sites


class NewMediaAccountForm(SiteOwnedAdminForm):
    """Besides the site: the account merged into is one of the user's sites'
    accounts, and staff records are signed by whoever entered them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        merged_into = self.fields.get("merged_into")
        if merged_into is not None and self.for_user is not None:
            queryset = merged_into.queryset.filter(
                site__in=manageable_sites(self.for_user)
            )
            if self.instance.pk:
                queryset = queryset.exclude(pk=self.instance.pk)
            merged_into.queryset = queryset

    def save(self, commit=True):
        records = self.formsets.get("activity_records")
        if records is not None and self.for_user is not None:
            for form in records.forms:
                if form.has_changed():
                    form.instance.entered_by = self.for_user
        return super().save(commit=commit)
