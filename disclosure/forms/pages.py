"""The admin form of DisclosureDocumentPage."""

from django.utils.translation import gettext_lazy as _

from cms.pages.forms import GovPageForm
from sites.isolation import is_cluster_admin


class DisclosureDocumentPageForm(GovPageForm):
    """Offers only the issuing bodies of the page's own site, and lets only
    cluster administrators change the index number."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site = self._page_site()
        if "issuing_body" in self.fields and site is not None:
            self.fields["issuing_body"].queryset = self.fields[
                "issuing_body"
            ].queryset.filter(site=site)
        if "category" in self.fields:
            current = getattr(self.instance, "category_id", None)
            queryset = self.fields["category"].queryset
            self.fields["category"].queryset = queryset.filter(
                is_active=True
            ) | queryset.filter(pk=current)
        index_field = self.fields.get("index_number")
        if index_field is not None and not (
            self.for_user is not None and is_cluster_admin(self.for_user)
        ):
            index_field.disabled = True
            index_field.help_text = _(
                "保存时自动生成：机构代码/年份-五位序号。如需更正请联系站群管理员。"
            )

    def _page_site(self):
        page = self.parent_page if self.instance.pk is None else self.instance
        if page is None:
            return None
        return page.get_site()

    def clean_index_number(self):
        value = (self.cleaned_data.get("index_number") or "").strip()
        if self.fields["index_number"].disabled:
            return self.instance.index_number
        return value
