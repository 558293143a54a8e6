"""The reader tools in a real browser (Debian's chromium) on a township site
served by the live server: 长者模式 persists across pages, the article tools
change the text size and lead to the neighbouring articles, printing keeps the
article only, and the site map lists the columns. Every step at desktop and
phone width, with axe-core (WCAG 2.1 A/AA) finding nothing."""

import json

import pytest

from cms.pages.models import ColumnPage
from sites.models import SiteLevel
from tests.browser.conftest import PHONE_WIDTH, axe_violations
from tests.cms.factories import add_item
from tests.factories import column, make_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [1280, PHONE_WIDTH]
TITLES = [  # newest first, as the column lists them
    "白马镇召开冬季森林防火工作部署会",
    "白马镇完成秋冬种农业生产任务",
    "白马镇开展人居环境整治“回头看”",
]


@pytest.fixture
def township(live_server):
    profile = make_site(
        "baima.localhost",
        "东坡县白马镇人民政府",
        SiteLevel.TOWNSHIP,
        "5120210012",
        sponsor="东坡县白马镇人民政府",
        address="东坡县白马镇正街2号",
    )
    news = column(profile, "news")
    articles = [
        add_item(
            news,
            title,
            days_ago=days,
            body="<p>近日，白马镇召开专题会议，研究部署有关工作。</p>" * 3,
        )
        for days, title in enumerate(TITLES)
    ]
    policies = column(profile, "policies")
    policies.add_child(instance=ColumnPage(title="规范性文件", slug="normative"))
    base = f"http://baima.localhost:{live_server.thread.port}"
    return {
        "base": base,
        "middle": f"{base}/news/{articles[1].slug}/",
    }


class Steps:
    """Runs axe-core on every page the journey reaches."""

    def __init__(self, axe_script, width):
        self.axe_script = axe_script
        self.width = width
        self.found = {}

    def check(self, page, step):
        if violations := axe_violations(page, self.axe_script):
            self.found[f"{step}@{self.width}"] = violations

    def assert_clean(self):
        assert self.found == {}, json.dumps(self.found, ensure_ascii=False, indent=1)


def root_font_size(page):
    return page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_elder_mode_is_remembered_across_pages(township, open_page, axe_script, width):
    steps = Steps(axe_script, width)
    page = open_page(township["base"] + "/", width=width)
    toggle = page.get_by_role("button", name="长者模式")
    assert toggle.get_attribute("aria-pressed") == "false"
    normal = root_font_size(page)
    steps.check(page, "home")

    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert root_font_size(page) == pytest.approx(normal * 1.25)
    steps.check(page, "home-elder")

    # Another page of the site, and a fresh load: still in 长者模式.
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="政务动态"
    ).click()
    page.wait_for_url(township["base"] + "/news/")
    assert page.evaluate("document.documentElement.classList.contains('elder-mode')")
    assert root_font_size(page) == pytest.approx(normal * 1.25)
    assert (
        page.get_by_role("button", name="长者模式").get_attribute("aria-pressed")
        == "true"
    )
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the column scrolls sideways by {overflow}px"
    steps.check(page, "column-elder")

    page.goto(township["middle"])
    assert root_font_size(page) == pytest.approx(normal * 1.25)
    steps.check(page, "article-elder")

    # Switched off, it stays off.
    page.get_by_role("button", name="长者模式").click()
    page.reload()
    assert root_font_size(page) == pytest.approx(normal)
    steps.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_article_tools_change_the_text_size_and_lead_to_the_neighbours(
    township, open_page, axe_script, width
):
    steps = Steps(axe_script, width)
    page = open_page(township["middle"], width=width)
    body = page.locator(".article__body")

    def body_font_size():
        return body.evaluate(
            "element => parseFloat(getComputedStyle(element).fontSize)"
        )

    medium = body_font_size()
    sizes = page.get_by_role("group", name="字号")
    sizes.get_by_role("button", name="大").click()
    assert body_font_size() > medium
    assert (
        sizes.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    )
    steps.check(page, "article-large")
    sizes.get_by_role("button", name="小").click()
    assert body_font_size() < medium
    sizes.get_by_role("button", name="中").click()
    assert body_font_size() == medium
    assert page.get_by_role("button", name="打印").is_visible()

    # Printed: the article without the header, navigation and tools.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".article-tools").is_visible()
    assert page.locator(".article__body").is_visible()
    page.emulate_media(media="screen")

    pager = page.get_by_role("navigation", name="上下篇")
    pager.get_by_role("link", name=TITLES[0]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLES[0]
    assert (
        "上一篇：没有了" in page.get_by_role("navigation", name="上下篇").inner_text()
    )
    steps.check(page, "newest-article")

    page.get_by_role("navigation", name="上下篇").get_by_role(
        "link", name=TITLES[1]
    ).click()
    page.wait_for_load_state()
    page.get_by_role("navigation", name="上下篇").get_by_role(
        "link", name=TITLES[2]
    ).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLES[2]
    steps.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_site_map_lists_the_columns(township, open_page, axe_script, width):
    steps = Steps(axe_script, width)
    page = open_page(township["base"] + "/", width=width)
    page.locator("footer").get_by_role("link", name="网站地图").click()
    page.wait_for_url(township["base"] + "/site-map/")
    assert page.locator("h1").inner_text() == "网站地图"
    site_map = page.locator(".site-map")
    for title in ("政务动态", "通知公告", "政策文件", "互动交流", "规范性文件"):
        assert site_map.get_by_role("link", name=title, exact=True).count() == 1
    steps.check(page, "site-map")
    site_map.get_by_role("link", name="规范性文件").click()
    page.wait_for_url(township["base"] + "/policies/normative/")
    steps.assert_clean()
