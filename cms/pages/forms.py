"""The admin form of every page type: it fills an empty slug from the title,
and names the tabs that hold validation errors."""

from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from cms.pages.slugs import pinyin_slug, unique_slug


class GovPageForm(WagtailAdminPageForm):
    """Every page type's `base_form_class`. An editor types a Chinese title
    and never has to open the 推荐 tab for the slug; when something is wrong
    on a tab other than the one in view, the banner says which tab."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = gettext_lazy(
                "页面在网址中的名称。留空时按标题的汉语拼音自动生成，"
                "例如“通知公告”生成 tong-zhi-gong-gao。"
            )

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and not cleaned_data.get("slug"):
            self.fill_slug(cleaned_data)
        return cleaned_data

    def fill_slug(self, cleaned_data):
        title = cleaned_data.get("title") or ""
        if not title:
            return  # the title's own error says what to do
        base = pinyin_slug(title)
        if not base:
            self.add_error(
                "slug", _("无法从标题生成网址名称，请在「推荐」选项卡中填写。")
            )
            return
        parent = self.parent_page or self.instance.get_parent()
        cleaned_data["slug"] = unique_slug(base, parent, self.instance)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for heading in self.tabs_with_errors():
            self.add_error(
                None,
                _("「%(tab)s」选项卡中有错误，请切换到该选项卡修改。")
                % {"tab": heading},
            )

    def tabs_with_errors(self):
        """The headings of the edit tabs holding a field or formset with
        errors, in tab order."""
        failed = {name for name in self.errors if name != NON_FIELD_ERRORS}
        failed.update(
            name for name, formset in self.formsets.items() if not formset.is_valid()
        )
        if not failed:
            return []
        handler = self._meta.model.get_edit_handler()
        headings = []
        for tab in handler.children:
            options = tab.get_form_options()
            names = set(options.get("fields", [])) | set(options.get("formsets", {}))
            if names & failed and tab.heading:
                headings.append(str(tab.heading))
        return headings


class GovFormPageForm(GovPageForm, WagtailAdminFormPageForm):
    """The same for page types built on Wagtail's form pages."""
