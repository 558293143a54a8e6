"""Plain text typed by the public, made safe to store and show: no markup,
no control characters, no surrounding blanks."""

import re

import nh3

CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e]"
)


def clean_plain_text(value):
    if not value:
        return ""
    # nh3 with no allowed tags drops markup and keeps text; it escapes what
    # remains, so undo the escaping: templates escape on output.
    text = nh3.clean(value, tags=set(), attributes={}, strip_comments=True)
    text = (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )
    text = CONTROL_CHARACTERS.sub("", text).replace("\r\n", "\n")
    return text.strip()
