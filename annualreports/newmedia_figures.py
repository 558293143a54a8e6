"""The new-media figures of both annual reports, from the new-media records
(`newmedia.reporting.year_summary`)."""

from newmedia.reporting import year_summary


def _names(line):
    return "、".join(line["names"])


def website_figures(site, year):
    """The 移动新媒体 block of a site's report: the Weibo and WeChat lines of
    the national form, and the other platforms' accounts as text."""
    summary = year_summary([site], year)[site.pk]
    weibo, wechat, other = summary["weibo"], summary["wechat"], summary["other"]
    return {
        "has_new_media": summary["has_new_media"],
        "weibo_name": _names(weibo),
        "weibo_posts": weibo["posts"],
        "weibo_followers": weibo["followers"],
        "wechat_name": _names(wechat),
        "wechat_posts": wechat["posts"],
        "wechat_subscribers": wechat["subscribers"],
        "other_accounts": (
            f"{_names(other)}：信息发布量{other['posts']}条，关注量{other['followers']}个"
            if other["names"]
            else ""
        ),
    }


def supervision_figures(sites, year):
    """The 政务新媒体 block of the supervisory report over `sites`, and one row
    per account of the year (with its site)."""
    summaries = year_summary(sites, year)
    hostnames = {site.pk: site.hostname for site in sites}
    figures = dict.fromkeys(
        (
            "accounts_total",
            "accounts_opened",
            "accounts_merged",
            "accounts_closed",
            "accounts_checked",
            "accounts_failed",
            "posts",
        ),
        0,
    )
    accounts = []
    for site_id, summary in summaries.items():
        figures["accounts_total"] += summary["accounts_total"]
        figures["accounts_opened"] += summary["opened"]
        figures["accounts_merged"] += summary["merged"]
        figures["accounts_closed"] += summary["closed"]
        figures["accounts_checked"] += summary["spot_checks"]["accounts_checked"]
        figures["accounts_failed"] += summary["spot_checks"]["accounts_failed"]
        figures["posts"] += summary["posts"]
        for account in summary["accounts"]:
            accounts.append(
                {
                    "site": hostnames[site_id],
                    "platform": account["platform_label"],
                    "name": account["name"],
                    "account_id": account["account_id"],
                    "sponsor": account["sponsor"],
                    "status": account["status_label"],
                    "opened_on": account["opened_on"],
                    "status_changed_on": account["status_changed_on"],
                    "filing": account["filing_label"],
                    "posts": account["posts"],
                    "followers": account["followers"],
                }
            )
    accounts.sort(key=lambda row: (row["site"], row["platform"], row["name"]))
    return figures, accounts
