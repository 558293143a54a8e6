"""The year's new-media figures of each site, for the annual website report
(政府网站工作年度报表, block 移动新媒体) and the supervisory report
(政府网站监管年度报表).

`year_summary(sites, year)` is the interface the reports use; its keys are
stable (add keys, never rename or remove one).

How activity is counted in a year:
* a staff record (ActivityRecord) counts in the year its period ends in;
* a feed item (NewMediaPost) counts in the year it was published, unless its
  date lies within the period of one of the account's staff records (the staff
  figure covers that period: nothing is counted twice);
* feeds do not say whether an item is original, so only staff records give
  original posts;
* followers are those of the account's latest staff record ending in or before
  the year (0 when none).
"""

from collections import Counter, defaultdict
from datetime import date

from django.utils import timezone

from monitoring.models import SiteResult

from .models import AccountStatus, FilingState, NewMediaAccount, Platform

# The platforms the national annual form names; the rest go under "other".
FORM_PLATFORMS = {Platform.WEIBO: "weibo", Platform.WECHAT: "wechat"}


def _site_id(site):
    return site if isinstance(site, int) else site.pk


def _empty_summary():
    return {
        "has_new_media": False,
        "accounts_total": 0,
        "accounts_in_year": 0,
        "by_platform": {},
        "weibo": {"names": [], "posts": 0, "followers": 0},
        "wechat": {"names": [], "posts": 0, "subscribers": 0},
        "other": {"names": [], "posts": 0, "followers": 0},
        "posts": 0,
        "original_posts": 0,
        "followers": 0,
        "messages": 0,
        "replies": 0,
        "opened": 0,
        "merged": 0,
        "closed": 0,
        "filed": 0,
        "unfiled": 0,
        "accounts": [],
        "spot_checks": {
            "runs": 0,
            "accounts_checked": 0,
            "accounts_failed": 0,
            "accounts_flagged": 0,
            "findings": {},
        },
    }


def _account_figures(account, year):
    """(posts, original posts, followers, messages, replies) of `account` in
    `year`, by the rules in the module docstring."""
    records = list(account.activity_records.all())
    posts = original = messages = replies = 0
    for record in records:
        if record.period_end.year == year:
            posts += record.posts
            original += record.original_posts
            messages += record.messages
            replies += record.replies
    covered = [(record.period_start, record.period_end) for record in records]
    for post in account.posts.all():
        day = timezone.localdate(post.published_at)
        if day.year == year and not any(start <= day <= end for start, end in covered):
            posts += 1
    latest = max(
        (
            record
            for record in records
            if record.period_end.year <= year and record.followers is not None
        ),
        key=lambda record: record.period_end,
        default=None,
    )
    followers = latest.followers if latest else 0
    return posts, original, followers, messages, replies


def year_summary(sites, year):
    """The new-media figures of `year` for each of `sites` (Site objects or
    site ids): a dict keyed by site id, with an entry for every site given
    (a site without accounts has `has_new_media` False and zeros).

    Each entry holds:

    ``has_new_media``
        whether the site had an account running at some time in the year
        (是否有移动新媒体).
    ``accounts_total``
        accounts running on 31 December; ``accounts_in_year`` those running
        at some time in the year.
    ``by_platform``
        {platform code: {"label", "accounts", "names", "posts",
        "original_posts", "followers"}} over the accounts of the year.
    ``weibo``, ``wechat``, ``other``
        the national form's lines: names, posts (信息发布量) and followers
        (微博 关注量; 微信 ``subscribers`` 订阅数).
    ``posts``, ``original_posts``, ``followers``, ``messages``, ``replies``
        totals over the accounts of the year.
    ``opened``, ``merged``, ``closed``
        accounts opened, merged (整合) and closed (关停) during the year.
    ``filed``, ``unfiled``
        accounts of the year whose filing (备案) is done / not done (an
        unfiled change counts as not done).
    ``accounts``
        one dict per account of the year: ``id``, ``platform``,
        ``platform_label``, ``name``, ``account_id``, ``body``, ``sponsor``,
        ``status`` and ``status_label``, ``opened_on``,
        ``status_changed_on``, ``status_reason``, ``filing_state`` and
        ``filing_label``, ``posts``, ``original_posts``, ``followers``,
        ``messages``, ``replies``.
    ``spot_checks``
        what the spot checks run as of a date in the year found on the new
        media: ``runs`` (runs that covered the site), ``accounts_checked``
        (account checks, one per account per run), ``accounts_failed``
        (failing account checks), ``accounts_flagged`` (distinct accounts
        failing at least once) and ``findings`` ({finding code: number of
        account checks with it}, vetoes and deductions).
    """
    site_ids = [_site_id(site) for site in sites]
    summaries = {site_id: _empty_summary() for site_id in site_ids}
    first, last = date(year, 1, 1), date(year, 12, 31)
    accounts = (
        NewMediaAccount.objects.filter(site_id__in=site_ids, opened_on__lte=last)
        .exclude(
            status_changed_on__lt=first,
            status__in=[AccountStatus.MERGED, AccountStatus.CLOSED],
        )
        .prefetch_related("activity_records", "posts")
        .order_by("platform", "name", "pk")
    )
    for account in accounts:
        summary = summaries[account.site_id]
        posts, original, followers, messages, replies = _account_figures(account, year)
        summary["has_new_media"] = True
        summary["accounts_in_year"] += 1
        if account.is_open_on(last):
            summary["accounts_total"] += 1
        if account.opened_on >= first:
            summary["opened"] += 1
        if (
            account.status != AccountStatus.OPEN
            and account.status_changed_on
            and first <= account.status_changed_on <= last
        ):
            summary[account.status] += 1
        if account.filing_state == FilingState.FILED:
            summary["filed"] += 1
        else:
            summary["unfiled"] += 1
        for key, value in (
            ("posts", posts),
            ("original_posts", original),
            ("followers", followers),
            ("messages", messages),
            ("replies", replies),
        ):
            summary[key] += value
        platform = summary["by_platform"].setdefault(
            account.platform,
            {
                "label": str(Platform(account.platform).label),
                "accounts": 0,
                "names": [],
                "posts": 0,
                "original_posts": 0,
                "followers": 0,
            },
        )
        platform["accounts"] += 1
        platform["names"].append(account.name)
        platform["posts"] += posts
        platform["original_posts"] += original
        platform["followers"] += followers
        line = summary[FORM_PLATFORMS.get(account.platform, "other")]
        line["names"].append(
            account.name
            if account.platform in FORM_PLATFORMS
            else f"{account.name}（{account.platform_label}）"
        )
        line["posts"] += posts
        line["subscribers" if account.platform == Platform.WECHAT else "followers"] += (
            followers
        )
        summary["accounts"].append(
            {
                "id": account.pk,
                "platform": account.platform,
                "platform_label": account.platform_label,
                "name": account.name,
                "account_id": account.account_id,
                "body": account.body,
                "sponsor": account.sponsor,
                "status": account.status,
                "status_label": str(AccountStatus(account.status).label),
                "opened_on": account.opened_on.isoformat(),
                "status_changed_on": (
                    account.status_changed_on.isoformat()
                    if account.status_changed_on
                    else None
                ),
                "status_reason": account.status_reason,
                "filing_state": account.filing_state,
                "filing_label": str(FilingState(account.filing_state).label),
                "posts": posts,
                "original_posts": original,
                "followers": followers,
                "messages": messages,
                "replies": replies,
            }
        )
    _add_spot_checks(summaries, site_ids, year)
    return summaries


def _add_spot_checks(summaries, site_ids, year):
    results = SiteResult.objects.filter(
        profile__site_id__in=site_ids, run__as_of__year=year
    ).values_list("profile__site_id", "run_id", "new_media")
    runs, flagged = defaultdict(set), defaultdict(set)
    findings = defaultdict(Counter)
    for site_id, run_id, accounts in results:
        checks = summaries[site_id]["spot_checks"]
        runs[site_id].add(run_id)
        for account in accounts:
            checks["accounts_checked"] += 1
            if not account["passed"]:
                checks["accounts_failed"] += 1
                flagged[site_id].add(account["account"])
            codes = {item["code"] for item in account["vetoes"] + account["deductions"]}
            findings[site_id].update(codes)
    for site_id in site_ids:
        checks = summaries[site_id]["spot_checks"]
        checks["runs"] = len(runs[site_id])
        checks["accounts_flagged"] = len(flagged[site_id])
        checks["findings"] = dict(sorted(findings[site_id].items()))
