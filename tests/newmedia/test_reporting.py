"""The year's new-media figures the annual reports read."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from monitoring.models import SiteResult, SpotCheckRun
from newmedia.reporting import year_summary

from .factories import account, post, record

pytestmark = pytest.mark.django_db


def noon(day):
    return timezone.make_aware(
        datetime.combine(day, datetime.min.time().replace(hour=12))
    )


def test_a_site_without_accounts_has_no_new_media(cluster):
    summary = year_summary([cluster.town.site], 2026)[cluster.town.site.pk]
    assert summary["has_new_media"] is False
    assert summary["posts"] == 0 and summary["accounts"] == []
    assert summary["spot_checks"]["accounts_checked"] == 0


def test_counts_staff_records_and_feed_items_once(cluster):
    site = cluster.county.site
    wechat = account(site, platform="wechat", name="东坡发布")
    record(
        wechat,
        date(2026, 1, 1),
        date(2026, 6, 30),
        posts=40,
        original_posts=30,
        followers=1200,
        messages=10,
        replies=9,
    )
    # Inside the staff period: already counted there.
    post(wechat, noon(date(2026, 3, 1)))
    # Outside it: counted as one more post.
    post(wechat, noon(date(2026, 8, 1)))
    # Another year: not counted.
    post(wechat, noon(date(2025, 12, 30)))
    record(wechat, date(2025, 7, 1), date(2025, 12, 31), posts=99, followers=900)
    weibo = account(site, platform="weibo", name="东坡发布", opened_on=date(2026, 3, 1))
    record(weibo, date(2026, 3, 1), date(2026, 12, 31), posts=5, followers=300)
    douyin = account(
        site,
        platform="douyin",
        name="东坡发布",
        opened_on=date(2019, 1, 1),
        status="closed",
        status_changed_on=date(2026, 5, 1),
        status_reason="长期无更新",
        filing_state="change_unfiled",
    )
    account(
        site,
        platform="toutiao",
        name="已关停",
        status="merged",
        status_changed_on=date(2025, 12, 31),
        status_reason="合并",
    )

    summary = year_summary([site], 2026)[site.pk]

    assert summary["has_new_media"] is True
    assert summary["accounts_in_year"] == 3
    assert summary["accounts_total"] == 2
    assert summary["posts"] == 40 + 1 + 5
    assert summary["original_posts"] == 30
    assert summary["followers"] == 1200 + 300
    assert (summary["messages"], summary["replies"]) == (10, 9)
    assert (summary["opened"], summary["merged"], summary["closed"]) == (1, 0, 1)
    assert (summary["filed"], summary["unfiled"]) == (2, 1)
    assert summary["wechat"] == {
        "names": ["东坡发布"],
        "posts": 41,
        "subscribers": 1200,
    }
    assert summary["weibo"] == {"names": ["东坡发布"], "posts": 5, "followers": 300}
    assert summary["other"]["names"] == ["东坡发布（抖音）"]
    assert summary["by_platform"]["douyin"]["accounts"] == 1
    closed = next(row for row in summary["accounts"] if row["id"] == douyin.pk)
    assert closed["status_label"] == "关停"
    assert closed["status_changed_on"] == "2026-05-01"
    # The year before: the 2025 feed item lies within the 2025 staff record.
    before = year_summary([site.pk], 2025)[site.pk]
    assert before["posts"] == 99


def test_spot_check_findings_of_the_year(cluster):
    site = cluster.county.site
    for as_of, passed in (
        (date(2026, 3, 31), False),
        (date(2026, 6, 30), True),
        (date(2025, 12, 31), False),
    ):
        run = SpotCheckRun.objects.create(as_of=as_of, scope="all")
        SiteResult.objects.create(
            run=run,
            profile=cluster.county,
            hostname=site.hostname,
            passed=True,
            score=90,
            new_media=[
                {
                    "account": 7,
                    "passed": passed,
                    "vetoes": [] if passed else [{"code": "new_media_silent"}],
                    "deductions": [{"code": "new_media_unfiled"}],
                }
            ],
        )
    checks = year_summary([site], 2026)[site.pk]["spot_checks"]
    assert checks == {
        "runs": 2,
        "accounts_checked": 2,
        "accounts_failed": 1,
        "accounts_flagged": 1,
        "findings": {"new_media_silent": 1, "new_media_unfiled": 2},
    }
