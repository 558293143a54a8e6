"""Organisation identifiers of issuing bodies: the 18-character unified social
credit code (统一社会信用代码, GB 32100-2015) and the older 9-character
organisation code (组织机构代码, GB 11714-1997), each with its check character."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def uscc_check_character(first17):
    total = sum(
        USCC_CHARSET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_character(first8):
    total = sum(
        ORG_CHARSET.index(ch) * w for ch, w in zip(first8, ORG_WEIGHTS, strict=True)
    )
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def is_valid_uscc(code):
    return (
        len(code) == 18
        and all(ch in USCC_CHARSET for ch in code)
        and uscc_check_character(code[:17]) == code[17]
    )


def is_valid_org_code(code):
    return (
        len(code) == 9
        and all(ch in ORG_CHARSET for ch in code[:8])
        and org_code_check_character(code[:8]) == code[8]
    )


def validate_body_code(value):
    """Accept a unified social credit code or an organisation code."""
    if is_valid_uscc(value) or is_valid_org_code(value):
        return
    raise ValidationError(
        _(
            "“%(code)s”不是有效的统一社会信用代码（18位）或组织机构代码（9位），"
            "请核对校验位。"
        ),
        params={"code": value},
        code="invalid_body_code",
    )
