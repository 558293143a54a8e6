"""The lists under the figures of the 政府网站监管年度报表 (the year's
checks and the government new-media accounts), as tables for its page and
its Excel file's extra sheets."""

from django.utils.translation import gettext as _


def list_tables(data):
    """The lists under the figures, as (title, [header], [[cell]]) for the
    Excel file's extra sheets and the page's tables."""
    return [
        (
            _("抽查批次"),
            [_("检查基准日"), _("范围"), _("抽查网站数量"), _("不合格网站数量")],
            [
                [c["date"], c["scope"], c["sites_checked"], c["sites_failed"]]
                for c in data.get("checks", [])
            ],
        ),
        (
            _("政务新媒体账号"),
            [
                _("站点"),
                _("平台"),
                _("名称"),
                _("账号"),
                _("主办单位"),
                _("状态"),
                _("开设日期"),
                _("整合/关停日期"),
                _("备案"),
                _("信息发布量"),
                _("关注量"),
            ],
            [list(account.values()) for account in data.get("new_media_accounts", [])],
        ),
    ]
