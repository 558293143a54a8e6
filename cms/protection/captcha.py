"""The one captcha of the public forms, self-hosted (no external service).

The server keeps each challenge's answer in the Django cache under a random
token; the form carries only the token, the browser gets the challenge as an
image at /captcha/<token>.png and, for those who cannot see it, read aloud at
/captcha/<token>.wav (WCAG 2.1 SC 1.1.1). A challenge is single-use and expires
after CAPTCHA_MAX_AGE_SECONDS. Add `captcha = CaptchaField()` to any form (or
wrap a form class with `with_captcha`); every rendering shows a new challenge,
and the widget's 换一个 fetches another from /captcha/new."""

import io
import secrets
import string
import unicodedata

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .captcha_audio import render_wav
from .ratelimit import limit_reached, wait_text

# Digits only, so that the audio version can be understood: every listener
# knows the Mandarin digits, while Latin letters have no common spoken names.
# Six digits (10^6 answers) carry more entropy than the four letters of old
# (25^4), and the rate limits cap the guesses.
DIGITS = string.digits
LENGTH = 6
IMAGE_SIZE = (36 * LENGTH + 20, 48)
_CACHE_PREFIX = "captcha:"


def _cache_key(token):
    return f"{_CACHE_PREFIX}{token}"


def new_challenge():
    """Create a challenge and return its token."""
    token = secrets.token_urlsafe(16)
    answer = "".join(secrets.choice(DIGITS) for _i in range(LENGTH))
    cache.set(_cache_key(token), answer, settings.CAPTCHA_MAX_AGE_SECONDS)
    return token


def check_answer(token, answer):
    """True when `answer` solves the challenge `token`; the challenge is used
    up either way, so one challenge cannot be tried repeatedly. Full-width
    digits (Chinese input methods) and spaces are accepted."""
    if not token or not answer:
        return False
    key = _cache_key(token)
    expected = cache.get(key)
    cache.delete(key)
    typed = "".join(unicodedata.normalize("NFKC", answer).split())
    return expected is not None and secrets.compare_digest(expected, typed)


def challenge_urls(token):
    """The challenge `token` as the browser gets it: the token and the URLs of
    its image and audio (never the answer)."""
    return {
        "token": token,
        "image": reverse("captcha_image", args=[token]),
        "audio": reverse("captcha_audio", args=[token]),
    }


def render_png(text):
    """The challenge drawn with jitter, noise lines and dots."""
    rng = secrets.SystemRandom()
    width, height = IMAGE_SIZE
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


def _pending_answer(token):
    """The answer of a pending challenge; 404 once it is used up or expired."""
    answer = cache.get(_cache_key(token))
    if answer is None:
        raise Http404
    return answer


def _not_stored(response):
    response["Cache-Control"] = "no-store"
    return response


def captcha_image(request, token):
    """The challenge as an image."""
    png = render_png(_pending_answer(token))
    return _not_stored(HttpResponse(png, content_type="image/png"))


def captcha_audio(request, token):
    """The same challenge read aloud."""
    wav = render_wav(_pending_answer(token), token)
    return _not_stored(HttpResponse(wav, content_type="audio/wav"))


def captcha_new(request):
    """Another challenge for the widget's 换一个 (JSON: token, image, audio).
    Rate-limited: every challenge is a cache entry, so unlimited renewals
    would let one client fill the cache (nginx also limits /captcha/)."""
    if limit_reached(request, "captcha-new", settings.CAPTCHA_RENEW_RATE_LIMIT):
        response = JsonResponse(
            {
                "error": _("换验证码过于频繁，请 %(wait)s后再试。")
                % {"wait": wait_text(settings.CAPTCHA_RENEW_RATE_LIMIT)}
            },
            status=429,
        )
        response["Retry-After"] = str(settings.CAPTCHA_RENEW_RATE_LIMIT[1])
        return _not_stored(response)
    return _not_stored(JsonResponse(challenge_urls(new_challenge())))


class CaptchaWidget(forms.MultiWidget):
    """A hidden token, a text input, the image, the audio player and 换一个;
    every rendering issues a new challenge (a failed answer never shows the
    same one again)."""

    template_name = "protection/captcha_widget.html"

    def __init__(self, attrs=None):
        widgets = (
            forms.HiddenInput(),
            forms.TextInput(
                attrs={
                    "class": "captcha__answer",
                    "autocomplete": "off",
                    "inputmode": "numeric",
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
        # The token is filled by the server. HTML allows neither `required`
        # nor aria-* (aria-invalid, aria-describedby after an error) on a
        # hidden input: they belong to the answer box only.
        token_attrs = context["widget"]["subwidgets"][0]["attrs"]
        for attribute in list(token_attrs):
            if attribute == "required" or attribute.startswith("aria-"):
                del token_attrs[attribute]
        context["captcha"] = challenge_urls(token)
        context["image_width"], context["image_height"] = IMAGE_SIZE
        return context


class CaptchaField(forms.MultiValueField):
    widget = CaptchaWidget
    default_error_messages = {
        "invalid": _("验证码错误或已过期，请按新的图片或语音重新输入。"),
        "required": _("请输入验证码。"),
        "incomplete": _("请输入验证码。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("验证码"))
        kwargs.setdefault(
            "help_text", _("请输入图片中的数字；看不清可播放语音验证码收听。")
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
