"""The one sanitiser for HTML that does not come from the Draftail editor
(imported articles, API input, public form input shown again), and the step
that turns it into Wagtail's stored rich-text format."""

import html

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "div", "span",
    "h2", "h3", "h4", "h5", "h6",
    "b", "strong", "i", "em", "u", "sub", "sup", "blockquote",
    "ul", "ol", "li",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements removed with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math",
                        "template", "noscript", "textarea", "select", "title"}  # fmt: skip


def sanitize_html(value):
    """Safe HTML keeping text structure, tables, lists, images and links with
    http(s)/mailto/tel (or relative) URLs; everything else is removed."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text_to_html(text):
    """Plain text as paragraphs: a blank line separates paragraphs, a single
    line break stays a line break."""
    paragraphs = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>{}</p>".format(
            "<br/>".join(html.escape(line) for line in block.split("\n"))
        )
        for block in paragraphs
        if block
    )


def looks_like_html(text):
    return "<" in text and ">" in text and nh3.is_html(text)


# Rich-text features imported HTML may use: the editor's own, plus the tables
# and plain images old sites have (registered in wagtail_hooks.py).
RICH_TEXT_FEATURES = [
    "h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link",
    "document-link", "image", "embed", "legacy-table", "legacy-image",
]  # fmt: skip


def to_rich_text(value):
    """Sanitise HTML (or plain text) and convert it to Wagtail's stored
    rich-text format with its DbHTMLConverter."""
    from wagtail.admin.rich_text.converters.db_html import DbHTMLConverter

    value = value or ""
    if not looks_like_html(value):
        value = plain_text_to_html(value)
    cleaned = sanitize_html(value)
    stored, _removals = DbHTMLConverter(features=RICH_TEXT_FEATURES).clean(cleaned)
    return stored
