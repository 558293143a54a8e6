"""Fixtures of the disclosure tests: a cluster with issuing bodies, documents
and the users who handle applications."""

import itertools
from datetime import date

import pytest

from disclosure.handling import submit_application
from disclosure.models import (
    ApplicantType,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    IssuingBody,
    SubjectCategory,
)
from sites.models import SiteLevel
from tests.factories import UserFactory, column, make_site
from tests.shared_rows import shared_rows

# Valid codes (check characters computed by disclosure.codes).
CITY_BODY_CODE = "11512000MB0000001J"
OTHER_BODY_CODE = "000014349"


def make_city():
    return make_site("city.localhost", "测试市人民政府", SiteLevel.CITY, "5120000001")


def make_other_city():
    return make_site("other.localhost", "另一市人民政府", SiteLevel.CITY, "5130000001")


def make_city_body(city):
    return IssuingBody.objects.create(
        site=city.site,
        name="测试市人民政府办公室",
        code=CITY_BODY_CODE,
        office_phone="0825-1234567",
    )


def make_other_body(other_city):
    return IssuingBody.objects.create(
        site=other_city.site, name="另一市人民政府办公室", code=OTHER_BODY_CODE
    )


_city_rows = shared_rows(make_city)
_other_city_rows = shared_rows(make_other_city)


@pytest.fixture
def city(_city_rows, db):
    """One site (two pages fewer to build than the shared four-site cluster)."""
    return _city_rows.fresh()


@pytest.fixture
def other_city(_other_city_rows, db):
    """A second, unrelated site for isolation tests."""
    return _other_city_rows.fresh()


@pytest.fixture
def city_body(city):
    return make_city_body(city)


@pytest.fixture
def other_body(other_city):
    return make_other_body(other_city)


@pytest.fixture
def city_handler(city_body):
    user = UserFactory(username="city-handler", groups=[])
    user.groups.add(city_body.site.profile.reviewers_group)
    city_body.handlers.add(user)
    return user


@pytest.fixture
def other_handler(other_body):
    user = UserFactory(username="other-handler", groups=[])
    user.groups.add(other_body.site.profile.reviewers_group)
    other_body.handlers.add(user)
    return user


SLUG_NUMBERS = itertools.count(1)


def catalog_of(profile):
    return DisclosureIndexPage.objects.child_of(column(profile, "disclosure")).get()


def category(name="综合政务"):
    return SubjectCategory.objects.get(name=name)


def add_document(profile, body, title, date_drafted, published_date, **fields):
    page = DisclosureDocumentPage(
        title=title,
        slug=fields.pop("slug", None) or f"doc-{next(SLUG_NUMBERS)}",
        category=fields.pop("category", None) or category(),
        issuing_body=body,
        date_drafted=date_drafted,
        published_date=published_date,
        body="<p>正文。</p>",
        **fields,
    )
    catalog_of(profile).add_child(instance=page)
    page.save_revision().publish()
    return page


PERSON = {
    "applicant_type": ApplicantType.NATURAL,
    "name": "张三",
    "id_type": "id_card",
    "id_number": "11010519491231002X",
    "phone": "13800138000",
    "email": "zhangsan@example.cn",
    "address": "测试市人民路1号",
    "description": "请公开2025年本市老旧小区改造项目的资金安排文件。",
    "delivery_form": "electronic",
    "delivery_method": "email",
}


def make_application(body, received_on=date(2026, 9, 28), **overrides):
    return submit_application(body, {**PERSON, **overrides}, on=received_on)
