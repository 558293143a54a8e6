"""Error messages of the public forms (applications, letters, solicitations,
lookups) that name the field, in place of Django's generic ones
("这个字段是必填项。", "确保该值不超过 50 个字符（它有 60 个）。"): a citizen
with a long form must see at once which box to correct."""

from django import forms
from django.utils.translation import gettext as _


def stock_messages(field):
    """Django's own messages for `field`'s class (not those of the project's
    fields, such as the captcha's "请输入验证码。")."""
    messages = {}
    for cls in reversed(type(field).__mro__):
        if cls.__module__.startswith("django."):
            messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _invalid_message(field, label):
    if isinstance(field, forms.EmailField):
        return _("%(label)s格式不正确，请核对（例如 zhangsan@example.com）。") % {
            "label": label
        }
    if isinstance(field, forms.URLField):
        return _(
            "%(label)s不是有效的网址，请填写完整（例如 https://www.gov.cn/）。"
        ) % {"label": label}
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return _("%(label)s请填写数字。") % {"label": label}
    if isinstance(field, forms.DateTimeField):
        return _("%(label)s请按“年-月-日 时:分”填写（例如 2026-03-01 09:30）。") % {
            "label": label
        }
    if isinstance(field, forms.DateField):
        return _("%(label)s请按“年-月-日”填写（例如 2026-03-01）。") % {"label": label}
    return _("%(label)s格式不正确，请核对。") % {"label": label}


def field_messages(field, name=""):
    """Messages naming `field` (labelled, else called `name`)."""
    label = str(field.label or name).strip().rstrip("：:")
    choosing = isinstance(
        field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField
    )
    if isinstance(field, forms.BooleanField):
        required = _("请勾选“%(label)s”。") % {"label": label}
    elif choosing:
        required = _("请选择%(label)s。") % {"label": label}
    else:
        required = _("请填写%(label)s。") % {"label": label}
    messages = {
        "required": required,
        "invalid": _invalid_message(field, label),
        "invalid_choice": _("请从列表中选择%(label)s。") % {"label": label},
        "invalid_list": _("请从列表中选择%(label)s。") % {"label": label},
        # Django fills in limit_value and show_value.
        "max_length": _(
            "%(label)s不能超过 %%(limit_value)d 个字（现有 %%(show_value)d 个）。"
        )
        % {"label": label},
        "min_length": _(
            "%(label)s至少要 %%(limit_value)d 个字（现有 %%(show_value)d 个）。"
        )
        % {"label": label},
        "max_value": _("%(label)s不能大于 %%(limit_value)s。") % {"label": label},
        "min_value": _("%(label)s不能小于 %%(limit_value)s。") % {"label": label},
    }
    # Format checks, length and range limits are validators whose code the
    # field's messages override (Field.run_validators).
    applies = set(stock_messages(field)) | {"invalid"}
    applies.update(
        key
        for key in ("max_length", "min_length", "max_value", "min_value")
        if getattr(field, key, None) is not None
    )
    return {key: value for key, value in messages.items() if key in applies}


def name_the_fields(form):
    """Give every field of `form` messages naming it, where the field still
    has Django's stock message (a message a field sets itself stays)."""
    for name, field in form.fields.items():
        stock = stock_messages(field)
        for key, message in field_messages(field, name).items():
            if str(field.error_messages.get(key, "")) == str(stock.get(key, "")):
                field.error_messages[key] = message
    return form


class NamedFieldErrorsMixin:
    """A public form whose errors name their field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_fields(self)
