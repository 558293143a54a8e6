"""Document numbers (发文字号) such as 国发〔2016〕55号, typed with any brackets."""

import re

# 〔〕 is the official form; readers type [], (), （）, 【】, ［］ or 〈〉 too.
_OPENING = "〔[(（【［〈<"
_CLOSING = "〕])）】］〉>"
DOC_NUMBER = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fffA-Za-z]{{1,20}})\s*[{re.escape(_OPENING)}]\s*"
    rf"(?P<year>\d{{4}})\s*[{re.escape(_CLOSING)}]\s*(?P<sequence>\d{{1,5}})\s*号?"
)


def normalise(text):
    """The canonical key of the first document number in `text`
    ("国发〔2016〕55号"), or "" when there is none."""
    match = DOC_NUMBER.search(text or "")
    if not match:
        return ""
    sequence = int(match["sequence"])
    return f"{match['issuer']}〔{match['year']}〕{sequence}号"


def is_doc_number_query(text):
    """True when the whole query is a document number."""
    match = DOC_NUMBER.fullmatch((text or "").strip())
    return match is not None
