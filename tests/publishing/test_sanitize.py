from html.parser import HTMLParser

import pytest

from cms.publishing.sanitize import sanitize_html, to_rich_text

# XSS cheat-sheet style payloads (OWASP filter evasion examples and friends).
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    '<img src=x onerror="alert(1)">',
    "<img src=x OnErRoR=alert(1)//",
    '<a href="javascript:alert(1)">click</a>',
    '<a href=" &#14;  javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="x:expression(alert(1))">x</p>',
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<table background="javascript:alert(1)"><tr><td onmouseover=alert(1)>x</td></tr></table>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<details open ontoggle=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<p>unclosed <b>bold <i>italic</p></b> <li>stray",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="https://example.cn/a.png" alt="a" onload=alert(1)>',
]

SAFE_TAGS = {
    "p", "br", "hr", "div", "span", "h2", "h3", "h4", "h5", "h6", "b", "strong",
    "i", "em", "u", "sub", "sup", "blockquote", "ul", "ol", "li", "table",
    "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img",
}  # fmt: skip
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_nothing_executable(html):
    """Every element is an allowed one, no event handler or style attribute
    survives, and every URL is relative or has a safe scheme."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag in SAFE_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (name, html)
            if name in ("href", "src"):
                url = "".join((value or "").split()).lower()
                assert ":" not in url.split("/")[0] or url.startswith(SAFE_SCHEMES), (
                    url,
                    html,
                )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_leaves_nothing_executable(payload):
    assert_nothing_executable(sanitize_html(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_rich_text_is_safe_too(payload, db):
    assert_nothing_executable(to_rich_text(payload))


def test_escaped_markup_stays_text():
    assert sanitize_html("&lt;script&gt;x&lt;/script&gt;") == (
        "&lt;script&gt;x&lt;/script&gt;"
    )


def test_tables_lists_images_and_safe_links_are_kept():
    html = (
        "<table><thead><tr><th colspan=2>项目</th></tr></thead>"
        "<tbody><tr><td>甲</td><td rowspan=1>乙</td></tr></tbody></table>"
        "<ul><li>一</li></ul><ol><li>二</li></ol>"
        '<img src="https://www.example.gov.cn/a.png" alt="图">'
        '<a href="https://www.gov.cn/">国务院</a>'
        '<a href="mailto:ban@example.gov.cn">信箱</a>'
        '<a href="/notices/">相对链接</a>'
    )
    cleaned = sanitize_html(html)
    for kept in (
        "<table>",
        '<th colspan="2">',
        "<td>甲</td>",
        "<ul><li>一</li></ul>",
        "<ol><li>二</li></ol>",
        '<img src="https://www.example.gov.cn/a.png" alt="图">',
        'href="https://www.gov.cn/"',
        'href="mailto:ban@example.gov.cn"',
        'href="/notices/"',
    ):
        assert kept in cleaned


def test_rich_text_keeps_structure_for_storage(db):
    stored = to_rich_text(
        "<h2>标题</h2><table><tr><td>格</td></tr></table>"
        '<p><img src="https://example.cn/a.png" alt="图"></p>'
        '<p><a href="https://www.gov.cn/">链接</a></p>'
    )
    assert "<h2>标题</h2>" in stored
    assert "<td>格</td>" in stored
    assert 'src="https://example.cn/a.png"' in stored
    assert '<a href="https://www.gov.cn/">链接</a>' in stored


def test_plain_text_becomes_paragraphs(db):
    assert to_rich_text("第一段\n第二行\n\n第二段 <不是标签") == (
        "<p>第一段<br/>第二行</p><p>第二段 &lt;不是标签</p>"
    )
