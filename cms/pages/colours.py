"""Colour contrast (WCAG 2.1) for a site's main colour: the header and
navigation put white text on it, so it must stay readable."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WHITE = "#ffffff"
HEX_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_hex_colour(value):
    if not HEX_COLOUR_RE.match(value or ""):
        raise ValidationError(
            _("颜色必须写成 #RRGGBB 形式，例如 #b71c1c。"), code="invalid_colour"
        )


def relative_luminance(hex_colour):
    """WCAG 2.1 relative luminance of a #RRGGBB colour, from 0 to 1."""
    channels = []
    for start in (1, 3, 5):
        value = int(hex_colour[start : start + 2], 16) / 255
        channels.append(
            value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        )
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """WCAG 2.1 contrast ratio of two #RRGGBB colours, from 1 to 21."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def validate_contrast_with_white(value):
    """Reject a main colour on which white text falls below the required
    contrast. Malformed values are left to the format validator."""
    if not HEX_COLOUR_RE.match(value or ""):
        return
    ratio = contrast_ratio(value, WHITE)
    minimum = settings.PORTAL_MIN_TEXT_CONTRAST
    if ratio < minimum:
        raise ValidationError(
            _(
                "主色调 %(colour)s 与白色文字的对比度只有 %(ratio).2f:1，"
                "低于无障碍要求的 %(minimum).1f:1，页头文字将难以辨认。"
                "请选用更深的颜色。"
            ),
            code="low_contrast",
            params={"colour": value, "ratio": ratio, "minimum": minimum},
        )
