"""The monitor checks thousands of sites at once: their dictionaries are read
and compiled once (`matchers_for_sites`) and rich text is read by a fast path
(`rich_text_prose`). Both must find exactly what the per-page content check
finds (`matcher_for_site`, `read_rich_text`)."""

import random

import pytest

from cms.publishing.checks import (
    matcher_for_site,
    matchers_for_sites,
    read_rich_text,
    rich_text_prose,
)
from cms.publishing.models import DictionaryEntry, EntryKind

pytestmark = pytest.mark.django_db

TEXTS = [
    "今天，王晓明市长调研了按装工程。",
    "王小明同志、李明华同志出席会议；李明同志缺席。",
    "ABC公司按装设备，abc 再次出现，Abc。",
    "张伟东同志强调，北朝鲜问题按装好。",
    "没有任何词条的句子。",
    "",
]


@pytest.fixture
def dictionaries(cluster):
    """Entries that collide across the cluster-wide dictionary and the
    sites' own: the same term with another suggestion, a site's term that
    is a leader's canonical name elsewhere, case and spacing variants, a
    canonical name that is another entry's term."""
    city, county, town, dept = (profile.site for profile in cluster.all())
    entry = DictionaryEntry.objects.create
    # 按装 → 安装 is in the starter set.
    entry(kind=EntryKind.TYPO, term="按装", suggestion="安装好", site=city)
    entry(kind=EntryKind.LEADER_NAME, term="王晓明", suggestion="王小明")
    entry(kind=EntryKind.TYPO, term="王小明", suggestion="王晓明", site=county)
    entry(kind=EntryKind.LEADER_NAME, term="李明", suggestion="李明华", site=town)
    entry(kind=EntryKind.SENSITIVE_WORD, term="ABC", suggestion="")
    entry(kind=EntryKind.SENSITIVE_WORD, term=" abc ", suggestion="某公司", site=city)
    entry(kind=EntryKind.LEADER_NAME, term="张卫东", suggestion="按装", site=dept)
    DictionaryEntry.objects.filter(site=None, term="北朝鲜").update(active=False)
    return [city, county, town, dept]


def _found(matcher, text):
    return [(f.rule, f.text, f.start, f.end, f.suggestion) for f in matcher.find(text)]


def test_one_dictionary_for_many_sites_finds_what_each_site_does(
    dictionaries, django_assert_num_queries
):
    sites = dictionaries
    with django_assert_num_queries(1):
        matchers = matchers_for_sites([site.pk for site in sites])
    for site in sites:
        for text in TEXTS:
            assert _found(matchers[site.pk], text) == _found(
                matcher_for_site(site), text
            ), (site.hostname, text)
    city, county, town, dept = sites
    # The site's own entry wins over the cluster-wide one with the same term.
    assert ("typo", "按装", 11, 13, "安装好") in _found(matchers[city.pk], TEXTS[0])
    assert ("typo", "按装", 11, 13, "安装") in _found(matchers[town.pk], TEXTS[0])
    # 王小明 is a protected canonical name, except where it is a typo.
    assert _found(matchers[city.pk], TEXTS[1]) == []
    assert [f[1] for f in _found(matchers[county.pk], TEXTS[1])] == ["王小明"]
    assert [f[1] for f in _found(matchers[town.pk], TEXTS[1])] == ["李明"]
    # An inactive entry finds nothing (北朝鲜 is in the starter set too).
    assert matchers[dept.pk].find("北朝鲜") == matcher_for_site(dept).find("北朝鲜")


def test_sites_without_own_entries_share_the_cluster_wide_dictionary(cluster):
    site = cluster.city.site
    [finding] = matchers_for_sites([site.pk])[site.pk].find("访问北朝鲜。")
    assert (finding.rule, finding.severity) == ("sensitive_word", "serious")
    assert matchers_for_sites([]) == {}


MARKUP = [
    "",
    "<p>正文内容。</p>",
    '<p>第一段<a linktype="page" id="3">链接</a>。</p><p>第二段</p>',
    "<h2>标题</h2><ul><li>一</li><li>二</li></ul><p>尾</p>",
    "<p>换行<br/>之后<br />再<br>末</br>尾</p>",
    "<P>大写</P><DIV>块</DIV>",
    "<p>实体&amp;符号 &lt;不是标签&gt;</p>",
    "<p>注释<!-- 王晓明 -->之后</p>",
    "<p>小于 < 号</p>",
    "<p>大于 > 号</p>",
    "<p><span class=x>无引号属性</span></p>",
    "<script>var a = '<p>';</script><p>脚本之后</p>",
    "<custom-tag>自定义</custom-tag>",
    '<p><embed embedtype="image" id="1" format="left"/>图后</p>',
    "<p>未闭合<b>粗体",
    "纯文本，没有标签",
    "</p>先闭合<p>",
    "<p></p><p></p>\n<p>空段落之后</p>",
    '<p>属性里的尖括号<a href="x>y">链</a></p>',
    "<table><tr><td>格</td></tr></table>表后",
]


def test_rich_text_prose_reads_text_exactly_as_the_parser_does():
    for html in MARKUP:
        assert rich_text_prose(html) == read_rich_text(html)[0], html
    assert rich_text_prose(MARKUP[4]) == "换行\n之后\n再末\n尾\n"


def test_rich_text_prose_agrees_with_the_parser_on_random_markup():
    rng = random.Random(18)
    pieces = [
        "<p>", "</p>", "<br/>", "<br>", "</br>", "<li>", "</li>", "<b>", "</b>",
        '<a href="/x/">', '<a linktype="page" id="7">', "</a>", "<h3>", "</h3>",
        "王晓明", "按装", "文字", "\n", " ", "&amp;", "<", ">", "<!-- c -->",
        "<div class='q'>", "</div>", "<P>", "</P>", "<hr/>", "<x-y>",
    ]  # fmt: skip
    for _ in range(400):
        html = "".join(rng.choices(pieces, k=rng.randint(0, 25)))
        assert rich_text_prose(html) == read_rich_text(html)[0], html
