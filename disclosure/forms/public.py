"""The public application form and the status lookup form."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.casework.form_messages import NamedFieldErrorsMixin, name_the_fields
from cms.protection.captcha import CaptchaField

from ..codes import is_valid_uscc
from ..models import ApplicantType, InformationApplication
from ..models.applications import DeliveryMethod, IdType
from ..text import clean_plain_text
from ..uploads import AttachmentsField

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
POSTCODE = re.compile(r"^\d{6}$")
ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CARD_CHECK = "10X98765432"
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 2000

PERSON_FIELDS = ("id_type", "id_number", "address", "postcode", "email")
ORGANISATION_FIELDS = ("credit_code", "legal_representative", "contact_person")


def is_valid_id_card(number):
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_CARD_WEIGHTS, strict=True))
    return ID_CARD_CHECK[total % 11] == number[17]


def normalise_phone(value):
    return re.sub(r"[\s()（）]", "", value or "")


class ApplicationForm(forms.ModelForm):
    attachments = AttachmentsField(
        label=gettext_lazy("附件"),
        help_text=gettext_lazy(
            "可选。PDF、Word、OFD、JPG 或 PNG 格式，每个不超过 10MB，最多 3 个。"
        ),
    )
    captcha = CaptchaField()
    agree = forms.BooleanField(
        label=gettext_lazy("我承诺所填信息真实有效"),
        error_messages={"required": gettext_lazy("请确认所填信息真实有效。")},
    )

    class Meta:
        model = InformationApplication
        fields = [
            "applicant_type",
            "name",
            "id_type",
            "id_number",
            "credit_code",
            "legal_representative",
            "contact_person",
            "phone",
            "email",
            "address",
            "postcode",
            "description",
            "delivery_form",
            "delivery_method",
        ]
        widgets = {
            "applicant_type": forms.RadioSelect,
            "delivery_form": forms.RadioSelect,
            "delivery_method": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = ApplicantType.choices
        self.fields["id_type"].choices = [("", _("请选择…")), *IdType.choices]
        for name in ("delivery_form", "delivery_method"):
            self.fields[name].choices = self.fields[name].choices[1:]
        # Messages naming the field; those a field sets itself
        # ("请确认所填信息真实有效。") stay.
        name_the_fields(self)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and name != "captcha":
                cleaned[name] = clean_plain_text(value)
        kind = cleaned.get("applicant_type")
        if kind == ApplicantType.NATURAL:
            self._require(cleaned, "id_type", _("请选择证件类型。"))
            self._require(cleaned, "id_number", _("请填写证件号码。"))
            number = cleaned.get("id_number", "").upper()
            cleaned["id_number"] = number
            if (
                number
                and cleaned.get("id_type") == IdType.ID_CARD
                and not is_valid_id_card(number)
            ):
                self.add_error("id_number", _("身份证号码不正确，请核对。"))
            for name in ORGANISATION_FIELDS:
                cleaned[name] = ""
        elif kind:
            self._require(cleaned, "credit_code", _("请填写统一社会信用代码。"))
            self._require(cleaned, "legal_representative", _("请填写法定代表人。"))
            self._require(cleaned, "contact_person", _("请填写联系人。"))
            code = cleaned.get("credit_code", "").upper()
            cleaned["credit_code"] = code
            if code and not is_valid_uscc(code):
                self.add_error("credit_code", _("统一社会信用代码不正确，请核对。"))
            cleaned["id_type"] = ""
            cleaned["id_number"] = ""
        phone = normalise_phone(cleaned.get("phone"))
        cleaned["phone"] = phone
        if phone and not (MOBILE.match(phone) or LANDLINE.match(phone)):
            self.add_error(
                "phone", _("请填写正确的手机号码或固定电话（如 0825-1234567）。")
            )
        postcode = cleaned.get("postcode")
        if postcode and not POSTCODE.match(postcode):
            self.add_error("postcode", _("邮政编码应为6位数字。"))
        method = cleaned.get("delivery_method")
        if method == DeliveryMethod.EMAIL and not cleaned.get("email"):
            self.add_error("email", _("选择电子邮件方式获取信息时，请填写电子邮箱。"))
        if method == DeliveryMethod.POST and not cleaned.get("address"):
            self.add_error("address", _("选择邮寄方式获取信息时，请填写通信地址。"))
        description = cleaned.get("description", "")
        if description and len(description) < DESCRIPTION_MIN:
            self.add_error(
                "description",
                _("请至少用%(min)d个字描述所需信息（名称、文号或其他特征）。")
                % {"min": DESCRIPTION_MIN},
            )
        if len(description) > DESCRIPTION_MAX:
            self.add_error(
                "description",
                _("内容描述不能超过%(max)d个字。") % {"max": DESCRIPTION_MAX},
            )
        return cleaned

    def _require(self, cleaned, name, message):
        if not cleaned.get(name) and name not in self.errors:
            self.add_error(name, message)

    def application_data(self):
        """The cleaned values stored on the application."""
        return {name: self.cleaned_data.get(name, "") for name in self.Meta.fields}


class StatusLookupForm(NamedFieldErrorsMixin, forms.Form):
    tracking_code = forms.CharField(
        label=gettext_lazy("查询码"),
        max_length=30,
        help_text=gettext_lazy("提交申请后获得，例如 YS20261008-K7M3QPXA。"),
    )
    phone = forms.CharField(
        label=gettext_lazy("联系电话"),
        max_length=20,
        help_text=gettext_lazy("提交申请时填写的联系电话。"),
    )

    def clean_tracking_code(self):
        return self.cleaned_data["tracking_code"].strip().upper()

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])
