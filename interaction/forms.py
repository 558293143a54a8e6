"""Forms of the public mailbox pages and the admin handling views."""

import re
import unicodedata

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from cms.casework.form_messages import NamedFieldErrorsMixin
from cms.protection.captcha import CaptchaField

from .models import TRACKING_CODE_LENGTH, CloseReason, Department, Letter

PHONE_PATTERN = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def plain_text(value):
    """Letters are plain text: drop markup and control characters (keeping
    line breaks); templates escape the rest on output."""
    value = strip_tags(value or "")
    value = "".join(
        char
        for char in value
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf")
    )
    return value.replace("\r\n", "\n").strip()


def normalise_phone(value):
    return re.sub(r"[\s()（）]", "", value or "")


class LetterForm(NamedFieldErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        error_messages={"required": _("请填写姓名。")},
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        help_text=_("手机号或带区号的固定电话，仅用于工作人员联系和查询答复。"),
        error_messages={"required": _("请填写联系电话。")},
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        error_messages={"invalid": _("请填写有效的电子邮箱地址。")},
    )
    subject = forms.CharField(
        label=_("标题"),
        max_length=100,
        error_messages={
            "required": _("请填写标题。"),
            "max_length": _(
                "标题不能超过%(limit_value)d个字（现有%(show_value)d个）。"
            ),
        },
    )
    category = forms.ChoiceField(
        label=_("分类"),
        error_messages={
            "required": _("请选择分类。"),
            "invalid_choice": _("请从列表中选择分类。"),
        },
    )
    content = forms.CharField(
        label=_("内容"),
        max_length=3000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("请填写来信内容。"),
            "min_length": _("内容至少%(limit_value)d个字，请把问题说清楚。"),
            "max_length": _(
                "内容不能超过%(limit_value)d个字（现有%(show_value)d个）。"
            ),
        },
    )
    agrees_to_publish = forms.BooleanField(
        label=_("同意公开来信内容和答复"),
        required=False,
        help_text=_("公开时不显示您的姓名、电话和邮箱。"),
    )
    captcha = CaptchaField()

    def __init__(self, *args, mailbox, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            ("", _("请选择")),
            *mailbox.category_choices(),
        ]

    def _clean_text(self, name):
        value = plain_text(self.cleaned_data.get(name))
        if not value:
            raise forms.ValidationError(_("内容不能只包含空白或标记。"))
        return value

    def clean_name(self):
        return self._clean_text("name")

    def clean_subject(self):
        return self._clean_text("subject")

    def clean_content(self):
        return self._clean_text("content")

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone"))
        if not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                _("请填写正确的手机号码（11位）或带区号的固定电话。")
            )
        return phone

    def letter_fields(self):
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "name",
                "phone",
                "email",
                "subject",
                "category",
                "content",
                "agrees_to_publish",
            )
        }


class LookupForm(NamedFieldErrorsMixin, forms.Form):
    tracking_code = forms.CharField(
        label=_("查询码"),
        max_length=TRACKING_CODE_LENGTH + 4,
        error_messages={"required": _("请填写查询码。")},
    )
    phone = forms.CharField(
        label=_("写信时填写的联系电话"),
        max_length=20,
        error_messages={"required": _("请填写联系电话。")},
    )

    def clean_tracking_code(self):
        return re.sub(r"[\s-]", "", self.cleaned_data["tracking_code"]).upper()

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def find_letter(self, mailbox):
        """The letter of this mailbox matching code and phone, or None; the
        same answer whichever of the two is wrong."""
        return (
            Letter.objects.filter(
                mailbox=mailbox,
                tracking_code=self.cleaned_data["tracking_code"],
                phone=self.cleaned_data["phone"],
            )
            .select_related("department")
            .first()
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50)


# --- admin handling ------------------------------------------------------


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=Department.objects.none(),
        error_messages={"required": _("请选择承办单位。")},
    )
    note = forms.CharField(label=_("分办意见"), required=False, max_length=500)

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            site=site, is_active=True
        )


class DraftForm(forms.Form):
    answer = forms.CharField(
        label=_("答复内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("答复内容不能为空。")},
    )

    def clean_answer(self):
        return plain_text(self.cleaned_data["answer"])


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请写明原因。")},
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("关闭原因"), choices=CloseReason.choices)
    duplicate_of = forms.CharField(
        label=_("原始来信查询码"),
        required=False,
        help_text=_("重复来信时填写。"),
    )
    note = forms.CharField(
        label=_("关闭理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请写明关闭理由。")},
    )

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter

    def clean_duplicate_of(self):
        code = self.cleaned_data["duplicate_of"].strip().upper()
        if not code:
            return None
        original = (
            Letter.objects.filter(site=self.letter.site, tracking_code=code)
            .exclude(pk=self.letter.pk)
            .first()
        )
        if original is None:
            raise forms.ValidationError(_("本站没有查询码为该值的其他来信。"))
        return original

    def clean(self):
        data = super().clean()
        if data.get("reason") == CloseReason.DUPLICATE and not data.get("duplicate_of"):
            self.add_error("duplicate_of", _("重复来信须填写原始来信的查询码。"))
        return data


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "is_active"]

    def clean_name(self):
        name = plain_text(self.cleaned_data["name"])
        duplicates = Department.objects.filter(site=self.instance.site, name=name)
        if duplicates.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("本站已有同名承办单位。"))
        return name
