"""A reader in a real browser (Debian's chromium) on a township site served by
the live server: navigation, accessibility (axe-core, WCAG 2.1 A/AA) and the
phone layout of every public page type."""

import json
import os
from datetime import date
from pathlib import Path

import pytest
from wagtail.models import Site

from cms.pages.models import ColumnPage, SiteBranding
from disclosure.models import (
    ApplicationPage,
    DisclosureDocumentPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    IssuingBody,
    SubjectCategory,
)
from interaction.models import MailboxPage
from sites.models import SiteLevel
from tests.browser.conftest import PHONE_WIDTH, axe_violations
from tests.cms.factories import add_guide, add_item, attach, make_image
from tests.factories import column, make_site

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; restore Wagtail's initial pages
    # afterwards for any later transactional test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def township(live_server):
    """A township site with an article in each listing, a sub-column and a
    service guide; answers {"home", "column", "article", "guide"} URLs on
    qingshi.localhost at the live server's port (Wagtail matches the site by
    hostname, whatever the port)."""
    profile = make_site(
        "qingshi.localhost",
        "东坡县青石镇人民政府",
        SiteLevel.TOWNSHIP,
        "5120210011",
        sponsor="东坡县青石镇人民政府",
        undertaker="青石镇党政综合办公室",
        address="东坡县青石镇正街18号",
        email="qsz@dongpo.example.cn",
    )
    news = column(profile, "news")
    for days, title in enumerate(
        [
            "青石镇召开2026年冬季森林防火工作部署会",
            "镇党委理论学习中心组开展专题学习",
            "青石镇完成秋冬种农业生产任务",
        ]
    ):
        add_item(news, title, days_ago=days, source="青石镇党政综合办公室")
    article = add_item(
        news,
        "青石镇开展人居环境整治“回头看”",
        days_ago=4,
        source="青石镇人民政府",
        author="王芳",
        summary="全镇12个村（社区）逐户排查，整改问题86处。",
        cover_image=make_image("整治后的村道"),
        body="<p>近日，青石镇组织开展农村人居环境整治“回头看”行动。</p>",
    )
    attach(article, 1)
    policies = column(profile, "policies")
    normative = ColumnPage(title="规范性文件", slug="normative")
    policies.add_child(instance=normative)
    add_item(
        normative, "青石镇村级公益事业一事一议实施办法", doc_number="青府发〔2026〕3号"
    )
    guide = add_guide(column(profile, "services"), "个体工商户设立登记")
    # The disclosure catalog with a document whose index number, document
    # number and date do not wrap, and a body with a long e-mail address in
    # the disclosure guide's table.
    body = IssuingBody.objects.create(
        site=profile.site,
        name="东坡县青石镇人民政府党政综合办公室",
        code="11512021MB0000011X",
        office_email="qingshizhen-zhengwugongkai@dongpo.example.cn",
        office_address="东坡县青石镇正街18号便民服务中心二楼政务公开办公室",
    )
    catalog = DisclosureIndexPage.objects.descendant_of(profile.site.root_page).get()
    document = DisclosureDocumentPage(
        title="东坡县青石镇人民政府关于印发青石镇2026年度重点民生实事项目实施方案的通知",
        slug="doc-1",
        category=SubjectCategory.objects.get(name="综合政务"),
        issuing_body=body,
        date_drafted=date(2026, 11, 2),
        published_date=date(2026, 11, 9),
        doc_number="青府发〔2026〕112号",
        body="<p>各村（社区）、镇属各单位：现将方案印发给你们，请认真贯彻执行。</p>",
    )
    catalog.add_child(instance=document)
    document.save_revision().publish()
    mailbox = MailboxPage.objects.descendant_of(profile.site.root_page).first()
    guide_page = DisclosureGuidePage.objects.descendant_of(profile.site.root_page).get()
    application = ApplicationPage.objects.descendant_of(profile.site.root_page).get()
    base = f"http://qingshi.localhost:{live_server.thread.port}"

    def url(page):
        return base + page.get_url_parts()[2]

    return {
        "home": f"{base}/",
        "column": f"{base}/news/",
        "sub_column_parent": f"{base}/policies/",
        "article": f"{base}/news/{article.slug}/",
        "guide": f"{base}/services/{guide.slug}/",
        "search": f"{base}/search/?q=青石镇",
        "catalog": url(catalog),
        "catalog_filtered": url(catalog) + "?year=2026",
        "document": url(document),
        "disclosure_guide": url(guide_page),
        "application": url(application),
        "application_form": f"{url(application)}{body.pk}/",
        "application_status": f"{url(application)}status/",
        "mailbox": url(mailbox),
        "letter_form": f"{url(mailbox)}write/",
        "letter_lookup": f"{url(mailbox)}lookup/",
        "not_found": f"{base}/no-such-page/",
    }


def test_reader_goes_from_home_to_a_column_and_an_article(township, open_page):
    page = open_page(township["home"])
    # A keyboard user's first Tab reaches the skip link, which moves focus
    # past the header to the main content.
    page.keyboard.press("Tab")
    assert page.get_by_role("link", name="跳到主要内容").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    assert page.locator(".site-brand__name").inner_text() == "东坡县青石镇人民政府"
    assert page.locator("footer").get_by_text("5120210011").count() == 1

    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="政务动态"
    ).click()
    page.wait_for_url(township["column"])
    assert page.locator("h1").inner_text() == "政务动态"
    first_item = page.locator(".item-list__item").first
    assert first_item.locator("time").inner_text()  # every item shows its date

    first_item.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "青石镇召开2026年冬季森林防火工作部署会"
    assert page.locator(".article__meta").get_by_text("发布时间").is_visible()
    assert page.get_by_role("navigation", name="当前位置").is_visible()


def test_public_pages_have_no_wcag_21_aa_violations(township, open_page, axe_script):
    # Every page type at desktop width and on a phone.
    checks = [(name, width) for name in township for width in (1280, PHONE_WIDTH)]
    found = {}
    for name, width in checks:
        page = open_page(township[name], width=width)
        if violations := axe_violations(page, axe_script):
            found[f"{name}@{width}"] = violations
        page.context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


# Reflow (WCAG 1.4.10): content fits 320 CSS px without scrolling sideways;
# a table too wide for the screen scrolls in its own container.
REFLOW_WIDTHS = (320, PHONE_WIDTH)
PAGE_OVERFLOW = """() => {
    const page = document.documentElement;
    const wide = [...document.querySelectorAll("body *")]
        .filter(element => element.getBoundingClientRect().right > page.clientWidth + 0.5)
        .filter(element => !element.closest(".table-scroll, .visually-hidden, .skip-link"))
        .slice(0, 5)
        .map(element => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
    return {overflow: page.scrollWidth - page.clientWidth, wide};
}"""


def test_pages_reflow_at_320_and_375_px_without_sideways_scrolling(township, open_page):
    screenshots = os.environ.get("PORTAL_SCREENSHOT_DIR")
    found = {}
    for name in township:
        for width in REFLOW_WIDTHS:
            page = open_page(township[name], width=width, height=800)
            result = page.evaluate(PAGE_OVERFLOW)
            if result["overflow"] > 0:
                found[f"{name}@{width}"] = result
            if screenshots and width == PHONE_WIDTH:
                # Optional: keep screenshots for a human look (phone and desktop).
                page.screenshot(
                    path=str(Path(screenshots) / f"{name}-phone.png"), full_page=True
                )
                page.set_viewport_size({"width": 1280, "height": 900})
                page.screenshot(
                    path=str(Path(screenshots) / f"{name}-desktop.png"), full_page=True
                )
            page.context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


# axe leaves text over a gradient "needs review": measure it. The contrast of
# each text in the header against the gradient's two end colours (the main
# colour with each stop composited over it, then any translucent background
# of the text's own ancestors, such as the navigation bar's).
HEADER_CONTRASTS = """() => {
    const rgba = value => {
        const [r, g, b, a = 1] = value.match(/[\\d.]+/g).map(Number);
        return {r, g, b, a};
    };
    const over = (top, bottom) => ({
        r: top.r * top.a + bottom.r * (1 - top.a),
        g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a),
        a: 1,
    });
    const luminance = ({r, g, b}) => {
        const [R, G, B] = [r, g, b].map(v => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const contrast = (x, y) => {
        const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p);
        return (light + 0.05) / (dark + 0.05);
    };
    const header = document.querySelector(".site-header");
    const style = getComputedStyle(header);
    const base = rgba(style.backgroundColor);
    const stops = style.backgroundImage.match(/rgba?\\([^)]*\\)/g).map(rgba);
    const ends = [stops[0], stops[stops.length - 1]].map(stop => over(stop, base));
    const texts = [".site-brand__name", ".site-nav__list a"].flatMap(
        selector => [...header.querySelectorAll(selector)]
    );
    return texts.map(element => {
        const layers = [];
        for (let node = element; node !== header; node = node.parentElement) {
            const colour = rgba(getComputedStyle(node).backgroundColor);
            if (colour.a > 0) layers.unshift(colour);
        }
        const colour = rgba(getComputedStyle(element).color);
        const ratios = ends.map(end => contrast(colour, layers.reduce((below, layer) => over(layer, below), end)));
        return {text: element.textContent.trim(), ratio: Math.min(...ratios)};
    });
}"""


@pytest.fixture
def main_colour_at_the_limit(township):
    """The township's main colour set to one white text just passes on
    (#e02a2a: 4.63:1), the lightest the branding settings accept."""

    branding = SiteBranding.for_site(Site.objects.get(hostname="qingshi.localhost"))
    branding.main_colour = "#e02a2a"
    branding.full_clean()
    branding.save()
    return branding.main_colour


def test_header_text_keeps_its_contrast_across_the_gradient(
    township, main_colour_at_the_limit, open_page
):
    page = open_page(township["home"])
    measured = page.evaluate(HEADER_CONTRASTS)
    assert len(measured) > 3
    low = [item for item in measured if item["ratio"] < 4.5]
    assert low == [], low
