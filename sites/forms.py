"""Admin forms shared by the site-owned models of every area."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .isolation import manageable_sites


class SiteOwnedAdminForm(WagtailAdminModelForm):
    """The admin form of every `SiteOwnedModel`: the site can only be one the
    user manages, and is filled in when they manage exactly one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site_field = self.fields.get("site")
        if site_field is None or self.for_user is None:
            return
        sites = manageable_sites(self.for_user).order_by("hostname")
        site_field.queryset = sites
        site_field.error_messages["invalid_choice"] = _("只能选择您负责管理的站点。")
        if not self.instance.pk and len(sites) == 1:
            site_field.initial = sites[0].pk

    def clean_site(self):
        site = self.cleaned_data.get("site")
        if (
            site is not None
            and self.for_user is not None
            and not manageable_sites(self.for_user).filter(pk=site.pk).exists()
        ):
            raise forms.ValidationError(_("只能选择您负责管理的站点。"))
        return site


class SiteProfileForm(WagtailAdminModelForm):
    """The cluster office's form for a site profile; every mistake is
    explained in Chinese next to the field concerned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = type(self.instance).objects.with_site()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for name in ("superior", "merged_into"):
            if name in self.fields:
                self.fields[name].queryset = others

    def clean(self):
        cleaned = super().clean()
        superior = cleaned.get("superior")
        if (
            superior is not None
            and self.instance.pk
            and self.instance.pk
            in {superior.pk, *(ancestor.pk for ancestor in superior.ancestors())}
        ):
            self.add_error(
                "superior",
                _("上级站点不能是本站点或其下级站点，否则层级会形成循环。"),
            )
        closed = cleaned.get("status") == "closed"
        merged_into = cleaned.get("merged_into")
        if closed and merged_into is None:
            self.add_error("merged_into", _("已关停的站点必须指定内容迁入的站点。"))
        if closed and not cleaned.get("closed_on"):
            self.add_error("closed_on", _("已关停的站点必须填写关停日期。"))
        if not closed and merged_into is not None:
            self.add_error("merged_into", _("只有已关停的站点才能指定迁入站点。"))
        if merged_into is not None and merged_into.status == "closed":
            self.add_error("merged_into", _("不能迁入一个已关停的站点。"))
        return cleaned
