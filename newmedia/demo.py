"""Demo new-media accounts: the city portal's, some counties' and
departments' WeChat, Weibo, Douyin and Toutiao accounts with a year of weekly
figures entered by staff, one account merged and one closed during the year,
one never filed, and 南坪文旅 (Douyin) silent for two months, so the spot
check flags it. Idempotent; a few hundred rows in two inserts."""

from datetime import date, timedelta

from sites.demo.cluster import hostname_for

from .models import (
    AccountStatus,
    ActivityRecord,
    FilingState,
    NewMediaAccount,
    Platform,
)

WEEKS = 52
# Days since the dormant account last published.
DORMANT_DAYS = 61

# (site slug, platform, name, account id, body, opened on, options)
ACCOUNTS = [
    (
        "yunling",
        Platform.WECHAT,
        "云岭发布",
        "yunlingfabu",
        "云岭市人民政府办公室",
        date(2016, 5, 4),
        {},
    ),
    (
        "yunling",
        Platform.WEIBO,
        "云岭发布",
        "5120000001",
        "云岭市人民政府办公室",
        date(2013, 3, 1),
        {},
    ),
    (
        "yunling",
        Platform.DOUYIN,
        "云岭发布",
        "yunling_fabu",
        "云岭市人民政府办公室",
        date(2020, 8, 18),
        {},
    ),
    (
        "dongpo",
        Platform.WECHAT,
        "东坡发布",
        "dongpofabu",
        "东坡县人民政府办公室",
        date(2017, 1, 9),
        {},
    ),
    (
        "dongpo",
        Platform.TOUTIAO,
        "东坡发布",
        "dongpo_toutiao",
        "东坡县人民政府办公室",
        date(2019, 6, 3),
        {"filed": False},
    ),
    (
        "xishan",
        Platform.WECHAT,
        "西山发布",
        "xishanfabu",
        "西山县人民政府办公室",
        date(2017, 4, 1),
        {},
    ),
    (
        "xishan",
        Platform.WECHAT,
        "西山政务服务",
        "xishanzwfw",
        "西山县人民政府办公室",
        date(2018, 9, 1),
        {"merged_days_ago": 150, "merged_into": "xishanfabu"},
    ),
    (
        "nanping",
        Platform.WECHAT,
        "南坪发布",
        "nanpingfabu",
        "南坪县人民政府办公室",
        date(2017, 7, 1),
        {},
    ),
    (
        "nanping",
        Platform.DOUYIN,
        "南坪文旅",
        "nanping_wenlv",
        "南坪县文化广电旅游局",
        date(2021, 4, 20),
        {"dormant": True},
    ),
    (
        "nanping",
        Platform.TOUTIAO,
        "南坪县政府",
        "nanping_toutiao",
        "南坪县人民政府办公室",
        date(2018, 2, 1),
        {"closed_days_ago": 240},
    ),
    (
        "jiaoyu",
        Platform.WECHAT,
        "云岭教育",
        "yunlingjiaoyu",
        "云岭市教育局",
        date(2016, 9, 1),
        {},
    ),
    (
        "weijian",
        Platform.WECHAT,
        "健康云岭",
        "jiankangyunling",
        "云岭市卫生健康委员会",
        date(2016, 3, 1),
        {},
    ),
    (
        "weijian",
        Platform.WEIBO,
        "健康云岭",
        "5120000031",
        "云岭市卫生健康委员会",
        date(2016, 3, 1),
        {"unanswered": 3},
    ),
    (
        "weijian",
        Platform.DOUYIN,
        "健康云岭",
        "jiankang_yunling",
        "云岭市卫生健康委员会",
        None,
        {"opened_days_ago": 200},
    ),
]


def seed(context):
    hostnames = {hostname_for(row[0]) for row in ACCOUNTS}
    sites = {
        profile.site.hostname: profile.site
        for profile in context.profiles.values()
        if profile.site.hostname in hostnames
    }
    if not sites or NewMediaAccount.objects.filter(site__in=sites.values()).exists():
        return
    today = context.today
    rng = context.rng
    made = {}
    for slug, platform, name, account_id, body, opened, options in ACCOUNTS:
        site = sites.get(hostname_for(slug))
        if site is None:
            continue
        opened = opened or today - timedelta(days=options["opened_days_ago"])
        fields = {}
        if "merged_days_ago" in options:
            fields = {
                "status": AccountStatus.MERGED,
                "status_changed_on": today - timedelta(days=options["merged_days_ago"]),
                "status_reason": "功能相近，整合至“西山发布”。",
                "merged_into": made[options["merged_into"]],
            }
        elif "closed_days_ago" in options:
            fields = {
                "status": AccountStatus.CLOSED,
                "status_changed_on": today - timedelta(days=options["closed_days_ago"]),
                "status_reason": "长期更新不足，关停注销，内容由“南坪发布”承接。",
            }
        filed = options.get("filed", True)
        made[account_id] = NewMediaAccount.objects.create(
            site=site,
            platform=platform,
            name=name,
            account_id=account_id,
            body=body,
            sponsor=body,
            opened_on=opened,
            filing_state=FilingState.FILED if filed else FilingState.UNFILED,
            filed_on=opened + timedelta(days=10) if filed else None,
            **fields,
        )
    records = []
    for row in ACCOUNTS:
        account = made.get(row[3])
        if account is not None:
            records += _weekly_records(account, row[6], today, rng)
    ActivityRecord.objects.bulk_create(records)


def _weekly_records(account, options, today, rng):
    """A year of weekly figures, up to today or to the account's merger or
    closure; nothing published for DORMANT_DAYS by a dormant account."""
    last_day = account.status_changed_on or today
    silent_since = today - timedelta(days=DORMANT_DAYS)
    followers = rng.randint(3000, 60000)
    records = []
    for week in reversed(range(WEEKS)):
        end = today - timedelta(days=7 * week)
        start = end - timedelta(days=6)
        if start < account.opened_on or end > last_day:
            continue
        followers += rng.randint(5, 120)
        posts = rng.randint(3, 12)
        last_post_on = end - timedelta(days=rng.randint(0, 1))
        if options.get("dormant") and end >= silent_since:
            posts = 0 if start > silent_since else 1
            last_post_on = silent_since if posts else None
        messages = rng.randint(0, 15)
        replies = messages
        if options.get("unanswered") and week == 0:
            messages += options["unanswered"]
        records.append(
            ActivityRecord(
                account=account,
                period_start=start,
                period_end=end,
                posts=posts,
                original_posts=round(posts * rng.uniform(0.5, 0.9)),
                last_post_on=last_post_on,
                followers=followers,
                messages=messages,
                replies=replies,
            )
        )
    return records
