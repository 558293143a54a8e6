"""The new-media figures of both annual reports.

Not wired yet: the new-media records arrive with the `newmedia` app; until
then every figure is zero (and every name empty)."""


def website_figures(site, year):
    """The 移动新媒体 block of a site's report."""
    return {
        "has_new_media": False,
        "weibo_name": "",
        "weibo_posts": 0,
        "weibo_followers": 0,
        "wechat_name": "",
        "wechat_posts": 0,
        "wechat_subscribers": 0,
        "other_accounts": "",
    }


def supervision_figures(sites, year):
    """The 政务新媒体 block of the supervisory report, and the accounts listed
    under it."""
    return {
        "accounts_total": 0,
        "accounts_opened": 0,
        "accounts_merged": 0,
        "accounts_closed": 0,
        "accounts_checked": 0,
        "accounts_failed": 0,
        "posts": 0,
    }, []
