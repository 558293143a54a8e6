from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The parameters of the public search page, the API and the command."""

    q = forms.CharField(
        label=_("关键词"),
        required=False,
        strip=True,
        max_length=settings.GOVSEARCH_MAX_QUERY_LENGTH,
        error_messages={"max_length": _("关键词不能超过 %(limit_value)d 个字。")},
    )
    scope = forms.ChoiceField(
        label=_("范围"),
        required=False,
        choices=[("site", _("本站")), ("cluster", _("全站群"))],
        error_messages={
            "invalid_choice": _("范围只能是 site（本站）或 cluster（全站群）。")
        },
    )
    site = forms.CharField(label=_("站点"), required=False, max_length=255)
    type = forms.CharField(label=_("内容类型"), required=False, max_length=100)
    category = forms.CharField(label=_("主题分类"), required=False, max_length=100)
    body = forms.CharField(label=_("发布机构"), required=False, max_length=200)
    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=1949,
        max_value=2100,
        error_messages={
            "invalid": _("年份应为四位数字。"),
            "min_value": _("年份不能早于 %(limit_value)s 年。"),
            "max_value": _("年份不能晚于 %(limit_value)s 年。"),
        },
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("relevance", _("按相关度")), ("date", _("按时间"))],
        error_messages={
            "invalid_choice": _("排序只能是 relevance（相关度）或 date（时间）。")
        },
    )
    page = forms.IntegerField(
        label=_("页码"),
        required=False,
        min_value=1,
        max_value=settings.GOVSEARCH_MAX_PAGE,
        error_messages={
            "invalid": _("页码应为正整数。"),
            "min_value": _("页码应为正整数。"),
            "max_value": _("最多只能翻到第 %(limit_value)s 页，请缩小检索范围。"),
        },
    )

    def clean(self):
        data = super().clean()
        data["scope"] = data.get("scope") or "site"
        data["sort"] = data.get("sort") or "relevance"
        data["page"] = data.get("page") or 1
        return data
