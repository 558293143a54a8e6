from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from cms.pages.models import ColumnKind
from sites.isolation import manageable_sites
from sites.models import SiteLevel

from .models import PushMode


class DictionaryEntryForm(WagtailAdminModelForm):
    """Editors keep entries for their own sites; only cluster administrators
    keep the cluster-wide ones (no site)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        user = for_user
        if user is not None and not user.is_superuser and "site" in self.fields:
            self.fields["site"].queryset = manageable_sites(user)
            self.fields["site"].required = True
            self.fields["site"].empty_label = None


class PushForm(forms.Form):
    SCOPE_ALL = "all"
    SCOPE_LEVEL = "level"
    SCOPE_CHOSEN = "chosen"

    scope = forms.ChoiceField(
        label=_("推送范围"),
        choices=[
            (SCOPE_ALL, _("全部下级站点")),
            (SCOPE_LEVEL, _("某一层级的下级站点")),
            (SCOPE_CHOSEN, _("指定站点")),
        ],
        initial=SCOPE_ALL,
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(
        label=_("层级"),
        choices=[("", "---"), *SiteLevel.choices],
        required=False,
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("接收站点"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    column_kind = forms.ChoiceField(label=_("放入栏目类型"), choices=ColumnKind.choices)
    mode = forms.ChoiceField(
        label=_("推送方式"),
        choices=PushMode.choices,
        initial=PushMode.ALIAS,
        widget=forms.RadioSelect,
        help_text=_("同步引用会随原文修改自动更新；独立副本可由接收站点自行修改。"),
    )

    def __init__(self, *args, subordinate_sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.subordinate_sites = subordinate_sites
        self.fields["sites"].queryset = subordinate_sites
        self.fields["sites"].label_from_instance = lambda site: (
            f"{site.site_name}（{site.hostname}）"
        )

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if scope == self.SCOPE_LEVEL and not cleaned.get("level"):
            self.add_error("level", _("请选择层级。"))
        if scope == self.SCOPE_CHOSEN and not cleaned.get("sites"):
            self.add_error("sites", _("请至少选择一个站点。"))
        return cleaned

    def target_sites(self):
        scope = self.cleaned_data["scope"]
        if scope == self.SCOPE_CHOSEN:
            return list(self.cleaned_data["sites"])
        sites = self.subordinate_sites
        if scope == self.SCOPE_LEVEL:
            sites = sites.filter(profile__level=self.cleaned_data["level"])
        return list(sites)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("拒绝原因"), max_length=200, required=False)
