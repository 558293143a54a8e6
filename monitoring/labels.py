"""What the monitor's codes are called where people read them: the
dashboard, the scorecard and the Excel export show these names, never the
codes stored in the results (domain.md, the national indicators).

One mapping for every place that shows a finding or a site level; a code
without a name here is shown as 其他问题 rather than as a code."""

from django.utils.translation import gettext_lazy as _

from sites.models import SiteLevel

FINDING_LABELS = {
    # Single-veto items (单项否决).
    "unreachable": _("站点无法访问"),
    "homepage_stale": _("首页不更新"),
    "columns_stale": _("栏目不更新"),
    "columns_empty": _("空白栏目"),
    "serious_error": _("严重错误"),
    "interaction_poor": _("互动回应差"),
    "service_unusable": _("服务不实用"),
    # Deductions (扣分) and what the crawl reports.
    "broken_link_home": _("首页链接不可用"),
    "broken_link": _("链接不可用"),
    "broken_internal_link": _("站内链接不可用"),
    "typo": _("错别字"),
    "footer_identity": _("网站标识信息不全"),
    "search_missing": _("缺少站内搜索"),
    "disclosure_late": _("信息公开不及时"),
    "crawl_failed": _("链接检查未完成"),
    # New-media warnings (the items are named by the score table).
    "new_media_feed_failed": _("新媒体订阅源读取失败"),
}
OTHER_FINDING = _("其他问题")
# Results of sites outside the platform carry no level.
LEVEL_LABELS = {**dict(SiteLevel.choices), "": _("平台外网站")}


def finding_label(code):
    """The Chinese name of a finding: the names above, else the seeded score
    table's name of the item (monitoring.score_table.DEFAULT_RULES)."""
    from .score_table import DEFAULT_NEW_MEDIA_RULES, DEFAULT_RULES

    if code in FINDING_LABELS:
        return str(FINDING_LABELS[code])
    names = {rule[0]: rule[2] for rule in DEFAULT_RULES + DEFAULT_NEW_MEDIA_RULES}
    return str(names.get(code, OTHER_FINDING))


def finding_labels(codes):
    """The names of `codes`, joined as a Chinese list is (、)."""
    return "、".join(finding_label(code) for code in codes)


def level_label(level):
    return str(LEVEL_LABELS.get(level or "", level))
