"""Staff views: the queue and its filters, isolation between two sites'
handlers, masking, actions through the admin, the dashboard warnings and the
site-scoped snippets."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.casework.models import HolidayOverride
from cms.casework.workdays import is_working_day, working_days_between
from disclosure.models import ApplicantType, ApplicationStatus, IssuingBody
from tests.disclosure.conftest import PERSON, add_document, make_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
QUEUE = "/admin/disclosure/"


def working_days_before(day, n):
    while n:
        day -= timedelta(days=1)
        n -= is_working_day(day)
    return day


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def applications(city_body, other_body, today):
    return {
        "overdue": make_application(city_body, working_days_before(today, 25)),
        "soon": make_application(city_body, working_days_before(today, 18)),
        "fresh": make_application(city_body, today),
        "other": make_application(other_body, working_days_before(today, 25)),
    }


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params, HTTP_HOST="localhost")


def codes(response):
    return {row["application"].tracking_code for row in response.context["rows"]}


def test_queue_shows_only_the_handlers_own_sites(
    client, city_handler, other_handler, applications
):
    response = get(client, city_handler, QUEUE)
    assert response.status_code == 200
    assert codes(response) == {
        applications[key].tracking_code for key in ("overdue", "soon", "fresh")
    }
    response = get(client, other_handler, QUEUE)
    assert codes(response) == {applications["other"].tracking_code}


def test_queue_filters_overdue_and_due_soon(client, city_handler, applications, today):
    overdue = get(client, city_handler, QUEUE, due="overdue")
    assert codes(overdue) == {applications["overdue"].tracking_code}
    soon = get(client, city_handler, QUEUE, due="soon")
    assert codes(soon) == {applications["soon"].tracking_code}
    row = next(iter(overdue.context["rows"]))
    application = applications["overdue"]
    assert row["days_left"] == working_days_between(today, application.due_date) < 0
    assert "已逾期" in overdue.content.decode()


def test_id_numbers_are_masked_in_list_and_export(client, city_handler, applications):
    html = get(client, city_handler, QUEUE).content.decode()
    assert PERSON["id_number"] not in html
    assert "110*************2X" in html
    export = get(client, city_handler, QUEUE, export="csv")
    content = export.content.decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv")
    assert PERSON["id_number"] not in content and PERSON["phone"] not in content
    assert "110*************2X" in content
    assert applications["other"].tracking_code not in content


def test_only_the_bodys_handlers_see_the_full_record(
    client, city, city_handler, other_handler, applications
):
    application = applications["overdue"]
    url = reverse("disclosure_admin:application", args=[application.pk])
    response = get(client, city_handler, url)
    assert response.status_code == 200
    assert PERSON["id_number"] in response.content.decode()
    # Wagtail turns PermissionDenied into a redirect to the dashboard.
    assert get(client, other_handler, url).status_code in (302, 403)
    # A reviewer of the same site who is not a handler sees the masked list only.
    colleague = UserFactory(username="colleague", groups=[city.reviewers_group])
    assert get(client, colleague, url).status_code in (302, 403)
    html = get(client, colleague, QUEUE).content.decode()
    assert application.tracking_code in html
    assert "张*" in html and "张三" not in html


def test_actions_through_the_admin_are_recorded(client, city_handler, city_body):
    application = make_application(city_body, date(2026, 9, 28))
    url = reverse("disclosure_admin:application", args=[application.pk])
    client.force_login(city_handler)
    response = client.post(
        url,
        {
            "action": "request_correction",
            "request_correction-on": "2026-10-14",
            "request_correction-request_text": "请补充文号",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 400
    assert "已超过期限" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    response = client.post(
        url,
        {
            "action": "extend",
            "extend-on": "2026-10-12",
            "extend-days": "10",
            "extend-reason": "需要调取档案",
            "extend-approver": "李主任",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.extension_days == 10
    assert application.due_date == date(2026, 11, 13)
    event = application.events.last()
    assert event.actor == city_handler and event.actor_name == "city-handler"
    page = client.get(url, HTTP_HOST="localhost").content.decode()
    assert "延长答复期限" in page and "李主任" in page


def test_other_sites_handler_cannot_act(client, other_handler, city_body):
    application = make_application(city_body, date(2026, 9, 28))
    url = reverse("disclosure_admin:application", args=[application.pk])
    client.force_login(other_handler)
    response = client.post(
        url,
        {"action": "extend", "extend-on": "2026-10-12", "extend-days": "10"},
        HTTP_HOST="localhost",
    )
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.extension_days == 0


def test_dashboard_warns_before_anything_goes_overdue(
    client, city_handler, applications
):
    html = get(client, city_handler, "/admin/").content.decode()
    assert "依申请公开期限提醒" in html
    assert "1 件申请已超过答复期限" in html
    assert "1 件申请将在 3 个工作日内到期" in html


def test_issuing_bodies_are_scoped_to_the_users_site(
    client, city, city_body, other_body
):
    reviewer = UserFactory(username="reviewer", groups=[city.reviewers_group])
    index = get(client, reviewer, reverse("disclosure_bodies:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert city_body.name in html and other_body.name not in html
    edit_other = get(
        client, reviewer, reverse("disclosure_bodies:edit", args=[other_body.pk])
    )
    assert edit_other.status_code in (302, 403)
    add = get(client, reviewer, reverse("disclosure_bodies:add"))
    site_choices = list(add.context["form"].fields["site"].queryset)
    assert site_choices == [city.site]


def test_office_creates_a_body_with_a_checked_code(client, city):
    reviewer = UserFactory(username="reviewer", groups=[city.reviewers_group])
    client.force_login(reviewer)
    url = reverse("disclosure_bodies:add")
    data = {
        "site": city.site.pk,
        "name": "测试市财政局",
        "code": "11512000MB0000002X",
        "sort_order": 0,
        "accepts_applications": "on",
    }
    response = client.post(url, data, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "不是有效的统一社会信用代码" in response.content.decode()
    data["code"] = "000014349"
    response = client.post(url, data, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert IssuingBody.objects.get(code="000014349").site == city.site


def test_holiday_overrides_are_for_cluster_admins_only(client, city):
    reviewer = UserFactory(username="reviewer", groups=[city.reviewers_group])
    url = reverse("disclosure_holidays:add")
    assert get(client, reviewer, url).status_code in (302, 403)
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(admin)
    response = client.post(
        url,
        {"date": "2031-01-01", "is_working_day": "", "note": "元旦"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302
    assert HolidayOverride.objects.get().note == "元旦"


def test_queue_warns_when_a_due_date_is_in_an_unconfirmed_year(
    client, city_handler, city_body
):
    application = make_application(city_body, date(2026, 9, 28))
    InformationApplicationModel = type(application)
    InformationApplicationModel.objects.filter(pk=application.pk).update(
        due_date=date(2031, 1, 10)
    )
    html = get(client, city_handler, QUEUE).content.decode()
    assert "2031年的国家节假日安排尚未录入" in html


def test_late_documents_list_is_per_site(
    client, city, other_city, city_body, other_body, city_handler
):
    add_document(city, city_body, "本市迟发", date(2026, 1, 5), date(2026, 6, 1))
    add_document(other_city, other_body, "外市迟发", date(2026, 1, 5), date(2026, 6, 1))
    html = get(
        client, city_handler, reverse("disclosure_admin:late_documents")
    ).content.decode()
    assert "本市迟发" in html and "外市迟发" not in html


def test_editor_creates_a_document_and_gets_an_index_number(client, city, city_body):
    from disclosure.models import DisclosureDocumentPage
    from tests.disclosure.conftest import catalog_of, category

    editor = UserFactory(username="editor", groups=[city.editors_group])
    catalog = catalog_of(city)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["disclosure", "disclosuredocumentpage", catalog.pk],
    )
    form = get(client, editor, url)
    assert form.status_code == 200
    assert list(form.context["form"].fields["issuing_body"].queryset) == [city_body]
    response = client.post(
        url,
        {
            "title": "关于做好防汛工作的通知",
            "slug": "flood-notice",
            "index_number": "HACKED/2026-99999",
            "category": category().pk,
            "issuing_body": city_body.pk,
            "date_drafted": "2026-06-01",
            "published_date": "2026-06-03",
            "doc_number": "测府办发〔2026〕8号",
            "keywords": "防汛",
            "validity": "valid",
            "repealed_on": "",
            "replaced_by": "",
            "regulatory_kind": "",
            "summary": "",
            "body": json.dumps(
                {
                    "blocks": [
                        {
                            "key": "a1b2c",
                            "type": "unstyled",
                            "text": "各有关单位：",
                            "depth": 0,
                            "inlineStyleRanges": [],
                            "entityRanges": [],
                            "data": {},
                        }
                    ],
                    "entityMap": {},
                }
            ),
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        },
        HTTP_HOST="localhost",
    )
    assert response.status_code == 302, response.context["form"].errors
    page = DisclosureDocumentPage.objects.get(slug="flood-notice")
    # The editor cannot choose the index number: it is allocated.
    assert page.index_number == "11512000MB0000001J/2026-00001"


def test_the_export_keeps_formulas_typed_by_applicants_as_text(
    client, city_handler, city_body, today
):
    make_application(
        city_body,
        today,
        applicant_type=ApplicantType.OTHER_ORG,
        name='=HYPERLINK("http://example.com","点击")',
    )
    export = get(client, city_handler, QUEUE, export="csv")
    content = export.content.decode("utf-8-sig")
    assert """'=HYPERLINK(""http://example.com"",""点击"")""" in content
    assert ",=HYPERLINK" not in content
