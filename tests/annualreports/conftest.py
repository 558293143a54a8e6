"""A small city site with a known year of data for the annual reports: visit
rows, articles by column kind, a topic column, a disclosure document, a
service guide, letters, a solicitation with opinions, an interview, spot-check
results and a manual finding; and an unrelated site for isolation."""

from datetime import date, datetime

import pytest
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from cms.pages.models import ColumnKind, ColumnPage, ServiceGuidePage
from disclosure.models import IssuingBody
from interaction.models import (
    InterviewGuest,
    InterviewPage,
    Letter,
    LetterStatus,
    MailboxPage,
    SolicitationPage,
)
from monitoring.models import ManualFinding, ScoreRule, SiteResult, SpotCheckRun
from newmedia.models import (
    AccountStatus,
    ActivityRecord,
    NewMediaAccount,
    NewMediaPost,
    Platform,
)
from sites.models import SiteLevel, SiteProfile
from tests.disclosure.conftest import add_document
from tests.factories import add_article, column, make_site
from tests.shared_rows import shared_rows
from visits.models import DailyTraffic

YEAR = 2026


def at(month, day, hour=10):
    return timezone.make_aware(datetime(YEAR, month, day, hour))


def make_city():
    return make_site("city.localhost", "测试市人民政府", SiteLevel.CITY, "5120000001")


def make_other():
    return make_site("other.localhost", "另一市人民政府", SiteLevel.CITY, "5130000001")


def add_letter(profile, received, answered=None, published=None, **fields):
    mailbox = MailboxPage.objects.descendant_of(profile.site.root_page).first()
    return Letter.objects.create(
        mailbox=mailbox,
        site=profile.site,
        tracking_code=f"L{Letter.objects.count() + 1:08d}",
        name="张三",
        phone="13800138000",
        subject="咨询",
        category="其他",
        content="请问办理时间？",
        received_at=received,
        due_date=received.date(),
        status=LetterStatus.PUBLISHED
        if published
        else (LetterStatus.ANSWERED if answered else LetterStatus.RECEIVED),
        answered_at=answered,
        published_at=published,
        **fields,
    )


def make_year_of_data():
    city = make_city()
    other = make_other()
    site = city.site
    # Visits: two days in the year, one the year before, another site's.
    DailyTraffic.objects.create(
        site=site, day=date(YEAR, 3, 1), visits=120, unique_visitors=80, page_views=300
    )
    DailyTraffic.objects.create(
        site=site, day=date(YEAR, 12, 31), visits=30, unique_visitors=20
    )
    DailyTraffic.objects.create(
        site=site, day=date(YEAR - 1, 12, 31), visits=999, unique_visitors=999
    )
    DailyTraffic.objects.create(
        site=other.site, day=date(YEAR, 3, 1), visits=777, unique_visitors=777
    )
    # Releases: 3 news (one last year, one a draft), 1 interpretation, 1 notice.
    add_article(column(city, "news"), "新闻一", at(2, 1), slug="a1")
    add_article(column(city, "news"), "新闻二", at(11, 30), slug="a2")
    add_article(
        column(city, "news"),
        "旧闻",
        timezone.make_aware(datetime(2025, 6, 1)),
        slug="a3",
    )
    add_article(column(city, "news"), "草稿", at(5, 1), publish=False, slug="a4")
    add_article(column(city, "interpretation"), "解读一", at(4, 1), slug="a5")
    add_article(column(city, "notices"), "通知一", at(4, 2), slug="a6")
    add_article(column(other, "news"), "另一站新闻", at(4, 2), slug="a7")
    body = IssuingBody.objects.create(
        site=site, name="测试市人民政府办公室", code="11512000MB0000001J"
    )
    add_document(city, body, "文件一", date(YEAR, 1, 5), date(YEAR, 1, 10))
    # A topic column opened in the year, with an item.
    topic = ColumnPage(title="专题：营商环境", slug="topic-1", kind=ColumnKind.TOPIC)
    column(city, "news").get_parent().add_child(instance=topic)
    topic.save_revision().publish()
    add_article(topic, "专题文章", at(6, 1), slug="a8")
    # A service guide.
    guide = ServiceGuidePage(
        title="办事指南一", slug="guide-1", item_name="事项一", published_at=at(1, 2)
    )
    column(city, "services").add_child(instance=guide)
    guide.save_revision().publish()
    # Letters: received 3 in the year (2 answered, 1 published), 1 last year
    # answered this year.
    add_letter(city, at(3, 1), answered=at(3, 3), published=at(3, 4))
    add_letter(city, at(5, 1), answered=at(5, 2))
    add_letter(city, at(12, 30))
    add_letter(
        city,
        timezone.make_aware(datetime(YEAR - 1, 12, 30, 10)),
        answered=at(1, 2, 10),
    )
    # A solicitation with two opinions and its results published.
    solicitation = SolicitationPage(
        title="征集一",
        slug="solicitation-1",
        opens_at=at(6, 1),
        closes_at=at(6, 30),
        results_published_at=at(7, 5),
    )
    column(city, "interaction").add_child(instance=solicitation)
    solicitation.save_revision().publish()
    for _n in range(2):
        FormSubmission.objects.create(page=solicitation, form_data={"opinion": "好"})
    interview = InterviewPage(title="访谈一", slug="interview-1", starts_at=at(8, 1))
    interview.guests.add(InterviewGuest(name="王五", position="局长"))
    column(city, "interaction").add_child(instance=interview)
    interview.save_revision().publish()
    # Spot checks: two runs; an item found then fixed, another still there.
    first = SpotCheckRun.objects.create(as_of=date(YEAR, 2, 1), scope="all")
    second = SpotCheckRun.objects.create(as_of=date(YEAR, 5, 1), scope="all")
    for run, codes, passed in (
        (first, ["typo", "column_stale"], False),
        (second, ["typo"], True),
    ):
        SiteResult.objects.create(
            run=run,
            profile=city,
            hostname=site.hostname,
            passed=passed,
            score=90,
            deductions=[{"code": code, "points": 1} for code in codes],
        )
        SiteResult.objects.create(
            run=run, profile=other, hostname=other.site.hostname, passed=True, score=95
        )
    ManualFinding.objects.create(
        profile=city,
        rule=ScoreRule.objects.get(code="typo"),
        found_on=date(YEAR, 3, 1),
        resolved_on=date(YEAR, 3, 10),
        detail="错别字",
        evidence="https://city.localhost/",
    )
    # New media: a WeChat account with a staff record, a Weibo account with
    # two feed items this year (one last year), a Douyin account closed in June.
    wechat = NewMediaAccount.objects.create(
        site=site,
        platform=Platform.WECHAT,
        name="测试市发布",
        account_id="csfb",
        body="测试市人民政府办公室",
        sponsor="测试市人民政府办公室",
        opened_on=date(YEAR - 1, 1, 1),
    )
    ActivityRecord.objects.create(
        account=wechat,
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
        posts=120,
        followers=5000,
    )
    weibo = NewMediaAccount.objects.create(
        site=site,
        platform=Platform.WEIBO,
        name="测试市微博",
        account_id="csweibo",
        body="测试市人民政府办公室",
        sponsor="测试市人民政府办公室",
        opened_on=date(YEAR, 3, 1),
    )
    for n, moment in enumerate((at(3, 2), at(4, 2), at(12, 31, 23))):
        NewMediaPost.objects.create(account=weibo, guid=f"p{n}", published_at=moment)
    NewMediaPost.objects.create(
        account=weibo,
        guid="old",
        published_at=timezone.make_aware(datetime(YEAR - 1, 6, 1)),
    )
    NewMediaAccount.objects.create(
        site=site,
        platform=Platform.DOUYIN,
        name="测试市抖音",
        account_id="csdy",
        body="测试市人民政府办公室",
        sponsor="测试市人民政府办公室",
        opened_on=date(YEAR - 1, 1, 1),
        status=AccountStatus.CLOSED,
        status_changed_on=date(YEAR, 6, 1),
        status_reason="功能相近，整合到测试市发布",
    )
    # Times the reports read, set rather than left at the day the test runs.
    ColumnPage.objects.descendant_of(site.root_page).filter(
        kind=ColumnKind.STATIC
    ).update(last_published_at=at(1, 15))
    ColumnPage.objects.filter(pk=topic.pk).update(first_published_at=at(6, 1))
    ServiceGuidePage.objects.filter(pk=guide.pk).update(first_published_at=at(1, 2))
    SiteProfile.objects.filter(pk=city.pk).update(
        created_at=timezone.make_aware(datetime(YEAR - 1, 5, 1))
    )
    SiteProfile.objects.filter(pk=other.pk).update(created_at=at(9, 1))
    return city, other


_rows = shared_rows(make_year_of_data)


@pytest.fixture
def year_of_data(_rows, db):
    return _rows.fresh()
