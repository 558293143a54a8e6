"""A reader in a real browser (Debian's chromium) on a township site served by
the live server: navigation, accessibility (axe-core, WCAG 2.1 A/AA) and the
phone layout of every public page type."""

import json
import os
from pathlib import Path

import pytest

from cms.pages.models import ColumnPage
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
    base = f"http://qingshi.localhost:{live_server.thread.port}"
    return {
        "home": f"{base}/",
        "column": f"{base}/news/",
        "sub_column_parent": f"{base}/policies/",
        "article": f"{base}/news/{article.slug}/",
        "guide": f"{base}/services/{guide.slug}/",
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
    # Every page type at desktop width; the phone layout of the two listings.
    checks = [(name, 1280) for name in township] + [
        ("home", PHONE_WIDTH),
        ("column", PHONE_WIDTH),
    ]
    found = {}
    for name, width in checks:
        page = open_page(township[name], width=width)
        if violations := axe_violations(page, axe_script):
            found[f"{name}@{width}"] = violations
        page.context.close()
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_pages_fit_a_phone_screen_without_sideways_scrolling(township, open_page):
    screenshots = os.environ.get("PORTAL_SCREENSHOT_DIR")
    for name in ("home", "column", "article", "guide"):
        page = open_page(township[name], width=PHONE_WIDTH, height=800)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a phone"
        if screenshots:
            # Optional: keep screenshots for a human look (phone and desktop).
            page.screenshot(
                path=str(Path(screenshots) / f"{name}-phone.png"), full_page=True
            )
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(
                path=str(Path(screenshots) / f"{name}-desktop.png"), full_page=True
            )
