"""The one captcha of the public forms: a self-hosted image (no external service).

The server keeps each challenge's answer in the Django cache under a random
token; the form carries only the token, the browser sees only the image at
/captcha/<token>.png. A challenge is single-use and expires after
CAPTCHA_MAX_AGE_SECONDS. Add `captcha = CaptchaField()` to any form (or wrap a
form class with `with_captcha`); every rendering shows a new image."""

import io
import secrets

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# No look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B).
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 4
_CACHE_PREFIX = "captcha:"


def _cache_key(token):
    return f"{_CACHE_PREFIX}{token}"


def new_challenge():
    """Create a challenge and return its token."""
    token = secrets.token_urlsafe(16)
    answer = "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))
    cache.set(_cache_key(token), answer, settings.CAPTCHA_MAX_AGE_SECONDS)
    return token


def check_answer(token, answer):
    """True when `answer` solves the challenge `token`; the challenge is used
    up either way, so one image cannot be tried repeatedly."""
    if not token or not answer:
        return False
    key = _cache_key(token)
    expected = cache.get(key)
    cache.delete(key)
    return expected is not None and secrets.compare_digest(
        expected, answer.strip().upper()
    )


def render_png(text):
    """The challenge drawn with jitter, noise lines and dots."""
    rng = secrets.SystemRandom()
    width, height = 36 * len(text) + 20, 48
    image = Image.new("RGB", (width, height), (246, 246, 240))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=30)
    for _i in range(6):
        draw.line(
            [(rng.randint(0, width), rng.randint(0, height)) for _p in range(2)],
            fill=(rng.randint(120, 200),) * 3,
            width=1,
        )
    for index, char in enumerate(text):
        glyph = Image.new("RGBA", (40, 44), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (6, 2),
            char,
            font=font,
            fill=(rng.randint(10, 90), rng.randint(10, 90), rng.randint(60, 140)),
        )
        glyph = glyph.rotate(rng.uniform(-25, 25), expand=False)
        image.paste(glyph, (10 + index * 36, rng.randint(0, 6)), glyph)
    for _i in range(width * height // 30):
        draw.point(
            (rng.randrange(width), rng.randrange(height)),
            fill=(rng.randint(100, 220),) * 3,
        )
    buffer = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(buffer, format="PNG")
    return buffer.getvalue()


def captcha_image(request, token):
    """The image of a pending challenge; 404 once it is used up or expired."""
    answer = cache.get(_cache_key(token))
    if answer is None:
        raise Http404
    response = HttpResponse(render_png(answer), content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


class CaptchaWidget(forms.MultiWidget):
    """A hidden token and a text input; every rendering issues a new challenge
    (a failed answer never shows the same image again)."""

    template_name = "protection/captcha_widget.html"

    def __init__(self, attrs=None):
        widgets = (
            forms.HiddenInput(),
            forms.TextInput(
                attrs={
                    "class": "captcha__answer",
                    "autocomplete": "off",
                    "inputmode": "latin",
                    "maxlength": LENGTH,
                    "size": LENGTH + 2,
                    **(attrs or {}),
                }
            ),
        )
        super().__init__(widgets)

    def decompress(self, value):
        return [None, None]

    def id_for_label(self, id_):
        # The label names the answer box, not the hidden token.
        return f"{id_}_1" if id_ else ""

    def get_context(self, name, value, attrs):
        token = new_challenge()
        context = super().get_context(name, [token, ""], attrs)
        context["captcha_image_url"] = reverse("captcha_image", args=[token])
        return context


class CaptchaField(forms.MultiValueField):
    widget = CaptchaWidget
    default_error_messages = {
        "invalid": _("验证码错误或已过期，请按新图片重新输入。"),
        "required": _("请输入验证码。"),
        "incomplete": _("请输入验证码。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("验证码"))
        kwargs.setdefault(
            "help_text", _("请输入图片中的字符，不区分大小写。看不清可刷新页面。")
        )
        super().__init__(
            fields=(forms.CharField(), forms.CharField()),
            require_all_fields=True,
            **kwargs,
        )

    def compress(self, data_list):
        token, answer = data_list
        if not check_answer(token, answer):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return True


def with_captcha(form_class):
    """`form_class` (e.g. a form-builder form) with a captcha as last field."""
    return type(form_class.__name__, (form_class,), {"captcha": CaptchaField()})
