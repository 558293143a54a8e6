"""Validators for the identity items every government website carries."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The colour validator belongs to the pages' branding; migrations of
# cms.pages written before it moved name it here.
from cms.pages.colours import HEX_COLOUR_RE, validate_hex_colour  # noqa: F401

# First two digits of an administrative division code (GB/T 2260): the provinces.
PROVINCE_PREFIXES = frozenset(
    [f"{n}" for n in range(11, 16)]
    + [f"{n}" for n in range(21, 24)]
    + [f"{n}" for n in range(31, 38)]
    + [f"{n}" for n in range(41, 47)]
    + [f"{n}" for n in range(50, 55)]
    + [f"{n}" for n in range(61, 66)]
    + ["71", "81", "82"]
)

IDENTITY_CODE_RE = re.compile(r"^\d{10}$")


def identity_code_problem(code):
    """The reason a government website identity code (网站标识码) is malformed,
    or None when it is well formed. Ten digits: a six-digit administrative
    division code followed by a four-digit sequence."""
    if not IDENTITY_CODE_RE.match(code or ""):
        return _("网站标识码必须是10位数字，例如 5109030018。")
    if code[:2] not in PROVINCE_PREFIXES:
        return _("网站标识码前两位“%(prefix)s”不是有效的省级行政区划代码。") % {
            "prefix": code[:2]
        }
    if code[2:4] == "00" and code[4:6] != "00":
        return _(
            "网站标识码前六位“%(division)s”不是有效的行政区划代码：地级代码为00时县级代码也必须为00。"
        ) % {"division": code[:6]}
    if code[6:] == "0000":
        return _("网站标识码后四位顺序号不能为0000。")
    return None


def validate_identity_code(code):
    problem = identity_code_problem(code)
    if problem:
        raise ValidationError(problem, code="invalid_identity_code")
