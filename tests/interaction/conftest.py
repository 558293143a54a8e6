"""Fixtures of the interaction tests: the shared test cluster's mailboxes, site
staff of two sites, and a helper to write letters."""

from datetime import datetime

import pytest
from django.utils import timezone

from interaction import handling
from interaction.models import Department, MailboxKind, MailboxPage
from sites.models import SiteLevel
from tests.factories import UserFactory, make_site
from tests.shared_rows import shared_rows


def mailbox_of(profile, kind=MailboxKind.CONSULTATION):
    return MailboxPage.objects.descendant_of(profile.site.root_page).get(kind=kind)


def path_of(page, suffix=""):
    """The page's path on its own site (tests send the Host header)."""
    return page.get_url_parts()[2] + suffix


def aware(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def write_letter(mailbox, at=None, **fields):
    values = {
        "name": "张三",
        "phone": "13800138000",
        "email": "zhangsan@example.cn",
        "subject": "咨询学区划分",
        "category": "咨询",
        "content": "请问今年小学学区怎么划分？需要准备哪些材料？",
        "agrees_to_publish": True,
        **fields,
    }
    return handling.receive(mailbox, at=at, **values)


class Pair:
    """A county portal and a township below it: enough for isolation (the
    town's staff never see the county's letters) and superior access (the
    county's staff handle the town's)."""

    def __init__(self):
        self.county = make_site(
            "county.localhost", "测试县人民政府", SiteLevel.COUNTY, "5120210001"
        )
        self.town = make_site(
            "town.localhost",
            "测试县测试镇人民政府",
            SiteLevel.TOWNSHIP,
            "5120210011",
            superior="county.localhost",
        )


_pair_rows = shared_rows(Pair)


@pytest.fixture
def cluster(_pair_rows, db):
    """Overrides the shared four-site cluster: two sites keep these tests fast."""
    return _pair_rows.fresh()


@pytest.fixture
def county_mailbox(cluster):
    return mailbox_of(cluster.county)


@pytest.fixture
def county_department(cluster):
    return Department.objects.create(site=cluster.county.site, name="县教育局")


@pytest.fixture
def county_editor(cluster):
    return UserFactory(username="county-editor", groups=[cluster.county.editors_group])


@pytest.fixture
def county_reviewer(cluster):
    return UserFactory(
        username="county-reviewer", groups=[cluster.county.reviewers_group]
    )


@pytest.fixture
def town_editor(cluster):
    """Staff of another site, who must never see the county's letters."""
    return UserFactory(username="town-editor", groups=[cluster.town.editors_group])


@pytest.fixture
def town_reviewer(cluster):
    return UserFactory(username="town-reviewer", groups=[cluster.town.reviewers_group])


def answer_letter(letter, department, editor, reviewer, *, drafted_at, approved_at):
    handling.assign(letter, department, editor, at=drafted_at)
    handling.draft_answer(letter, "答复：请按招生方案办理。", editor, at=drafted_at)
    return handling.approve(letter, reviewer, at=approved_at)
