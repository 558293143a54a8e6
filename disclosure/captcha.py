"""A server-side arithmetic captcha for public forms, with no outside service.

Usage in any Django form shown on a public page::

    class MyForm(CaptchaFormMixin, forms.Form):
        ...

    form = MyForm(request.POST or None, request=request)

The mixin adds a `captcha` field. Rendering the form issues a new challenge
("7 加 5 等于多少？"); its answer is kept in the visitor's session under a
random token carried by a hidden input, so the answer never reaches the
browser. A challenge can be answered once and expires after
DISCLOSURE_CAPTCHA_MAX_AGE_SECONDS; at most MAX_PENDING challenges are kept per
session. Tests read the answer with `pending_answer(session, token)`.
"""

import secrets
import time

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SESSION_KEY = "captcha_challenges"
MAX_PENDING = 10
NUMERALS = "零一二三四五六七八九十"


def _spoken(number):
    """Small numbers as Chinese numerals, so the question is not plain digits."""
    if number <= 10:
        return NUMERALS[number]
    tens, units = divmod(number, 10)
    prefix = "" if tens == 1 else NUMERALS[tens]
    return f"{prefix}十{NUMERALS[units] if units else ''}"


def new_challenge(session):
    """Store a new challenge in `session`; return (token, question)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2):
        a, b = max(a, b), min(a, b)
        question = _("%(a)s 减 %(b)s 等于多少？（请填阿拉伯数字）") % {
            "a": _spoken(a),
            "b": _spoken(b),
        }
        answer = a - b
    else:
        question = _("%(a)s 加 %(b)s 等于多少？（请填阿拉伯数字）") % {
            "a": _spoken(a),
            "b": _spoken(b),
        }
        answer = a + b
    token = secrets.token_urlsafe(16)
    pending = {
        key: value
        for key, value in session.get(SESSION_KEY, {}).items()
        if not _expired(value)
    }
    while len(pending) >= MAX_PENDING:
        pending.pop(min(pending, key=lambda key: pending[key]["at"]))
    pending[token] = {"answer": answer, "question": question, "at": time.time()}
    session[SESSION_KEY] = pending
    return token, question


def _expired(challenge):
    return time.time() - challenge["at"] > settings.DISCLOSURE_CAPTCHA_MAX_AGE_SECONDS


def pending_answer(session, token):
    """The expected answer of a pending challenge (for tests), or None."""
    challenge = session.get(SESSION_KEY, {}).get(token)
    return None if challenge is None else challenge["answer"]


def check_answer(session, token, given):
    """Whether `given` answers the challenge `token`. The challenge is used up
    whatever the result, so an answer cannot be guessed twice."""
    pending = dict(session.get(SESSION_KEY, {}))
    challenge = pending.pop(token or "", None)
    session[SESSION_KEY] = pending
    if challenge is None or _expired(challenge):
        return False
    try:
        return int(str(given).strip()) == challenge["answer"]
    except (TypeError, ValueError):
        return False


class CaptchaWidget(forms.MultiWidget):
    template_name = "disclosure/widgets/captcha.html"

    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.TextInput(
                    attrs={
                        "inputmode": "numeric",
                        "autocomplete": "off",
                        "size": 4,
                        **(attrs or {}),
                    }
                ),
                forms.HiddenInput(),
            ],
            attrs,
        )
        self.question = ""

    def decompress(self, value):
        return [None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["question"] = self.question
        return context


class CaptchaField(forms.MultiValueField):
    widget = CaptchaWidget
    default_error_messages = {
        "required": gettext_lazy("请填写验证码。"),
        "invalid": gettext_lazy("验证码不正确或已过期，请重新计算新的题目。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("验证码"))
        super().__init__(
            fields=[forms.CharField(), forms.CharField()],
            require_all_fields=True,
            **kwargs,
        )

    def compress(self, data_list):
        return data_list


class CaptchaFormMixin:
    """Adds a captcha to a form; pass `request=` when constructing it."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["captcha"] = CaptchaField()

    def clean_captcha(self):
        answer, token = self.cleaned_data["captcha"]
        if not check_answer(self.request.session, token, answer):
            raise ValidationError(
                self.fields["captcha"].error_messages["invalid"], code="invalid"
            )
        return answer

    def prepare_captcha(self):
        """Issue a fresh challenge for rendering (every render needs one: the
        previous one is used up by a submission)."""
        token, question = new_challenge(self.request.session)
        field = self.fields["captcha"]
        field.widget.question = question
        # A bound form re-renders the submitted values: replace them.
        if self.is_bound:
            data = self.data.copy()
            data[f"{self.add_prefix('captcha')}_0"] = ""
            data[f"{self.add_prefix('captcha')}_1"] = token
            self.data = data
        else:
            field.initial = ["", token]
        return token
