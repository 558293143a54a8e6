"""The catalog: section pages on every site, index numbers, the metadata table,
browsing with counts, the RSS feed and the lateness flag."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from disclosure.forms.pages import DisclosureDocumentPageForm
from disclosure.lateness import late_documents
from disclosure.models import (
    AnnualReportIndexPage,
    ApplicationPage,
    DisclosureDocumentPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    IndexNumberSequence,
    Validity,
)
from disclosure.sections import disclosure_column
from disclosure.warnings import document_warnings
from tests.disclosure.conftest import CITY_BODY_CODE, add_document, category
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECTION_TYPES = [
    DisclosureGuidePage,
    DisclosureIndexPage,
    ApplicationPage,
    AnnualReportIndexPage,
]


def test_new_site_gets_the_disclosure_sections(city, client):
    column = disclosure_column(city)
    for model in SECTION_TYPES:
        assert model.objects.child_of(column).live().count() == 1
    for path in ("guide/", "catalog/", "apply/", "annual-reports/"):
        response = client.get(f"/disclosure/{path}", HTTP_HOST="city.localhost")
        assert response.status_code == 200, path


def test_sections_command_restores_missing_sections_idempotently(city):
    column = disclosure_column(city)
    DisclosureGuidePage.objects.child_of(column).get().delete()
    out = StringIO()
    call_command("disclosure_sections", "--dry-run", stdout=out)
    assert "将创建 政府信息公开指南" in out.getvalue()
    assert not DisclosureGuidePage.objects.child_of(column).exists()
    call_command("disclosure_sections", stdout=StringIO())
    assert DisclosureGuidePage.objects.child_of(column).count() == 1
    pages_before = Page.objects.count()
    out = StringIO()
    call_command("disclosure_sections", stdout=out)
    assert Page.objects.count() == pages_before
    assert "共创建 0 个" in out.getvalue()


def test_sections_command_rejects_unknown_site(city):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="不存在"):
        call_command("disclosure_sections", "--site", "nope.localhost")


def test_index_numbers_are_sequential_per_body_and_year_and_never_reused(
    city, city_body
):
    first = add_document(city, city_body, "文件一", date(2026, 3, 2), date(2026, 3, 3))
    second = add_document(city, city_body, "文件二", date(2026, 3, 4), date(2026, 3, 5))
    older = add_document(city, city_body, "文件三", date(2025, 12, 1), date(2026, 1, 5))
    assert first.index_number == f"{CITY_BODY_CODE}/2026-00001"
    assert second.index_number == f"{CITY_BODY_CODE}/2026-00002"
    assert older.index_number == f"{CITY_BODY_CODE}/2025-00001"
    second.delete()
    third = add_document(city, city_body, "文件四", date(2026, 5, 6), date(2026, 5, 7))
    assert third.index_number == f"{CITY_BODY_CODE}/2026-00003"
    assert IndexNumberSequence.objects.get(body=city_body, year=2026).last_number == 3


def test_copied_document_gets_a_new_index_number(city, city_body):
    original = add_document(city, city_body, "原件", date(2026, 3, 2), date(2026, 3, 3))
    copy = original.copy(update_attrs={"slug": "copy-of-original", "title": "副本"})
    assert copy.index_number == f"{CITY_BODY_CODE}/2026-00002"


def test_a_number_typed_by_an_administrator_is_skipped(city, city_body):
    add_document(
        city,
        city_body,
        "手工编号",
        date(2026, 3, 2),
        date(2026, 3, 3),
        index_number=f"{CITY_BODY_CODE}/2026-00001",
    )
    page = add_document(city, city_body, "自动编号", date(2026, 3, 2), date(2026, 3, 3))
    assert page.index_number == f"{CITY_BODY_CODE}/2026-00002"


def _form(user, page, parent, data=None):
    form_class = DisclosureDocumentPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, DisclosureDocumentPageForm)
    return form_class(data, instance=page, parent_page=parent, for_user=user)


def test_only_cluster_admins_may_edit_the_index_number(city, city_body):
    page = add_document(city, city_body, "文件", date(2026, 3, 2), date(2026, 3, 3))
    editor = UserFactory(username="editor", groups=[city.editors_group])
    admin = UserFactory(username="admin", is_superuser=True)
    parent = page.get_parent()
    assert _form(editor, page, parent).fields["index_number"].disabled
    assert not _form(admin, page, parent).fields["index_number"].disabled


def test_issuing_body_choices_are_the_sites_own(city, city_body, other_body):
    page = add_document(city, city_body, "文件", date(2026, 3, 2), date(2026, 3, 3))
    admin = UserFactory(username="admin", is_superuser=True)
    choices = _form(admin, page, page.get_parent()).fields["issuing_body"].queryset
    assert list(choices) == [city_body]


def test_document_page_shows_the_metadata_table(city, city_body, client):
    newer = add_document(city, city_body, "新办法", date(2026, 6, 1), date(2026, 6, 2))
    page = add_document(
        city,
        city_body,
        "关于印发旧办法的通知",
        date(2026, 3, 2),
        date(2026, 3, 3),
        doc_number="测府发〔2026〕3号",
        keywords="办法 管理",
        validity=Validity.REPEALED,
        repealed_on=date(2026, 6, 2),
        replaced_by=newer,
    )
    html = client.get(page.url, HTTP_HOST="city.localhost").content.decode()
    for text in (
        "索引号",
        page.index_number,
        "综合政务",
        "测试市人民政府办公室",
        "2026-03-02",
        "测府发〔2026〕3号",
        "办法 管理",
        "废止",
        "新办法",
    ):
        assert text in html
    assert f'href="{newer.url}"' in html


def test_repealed_document_needs_a_repeal_date(city, city_body):
    page = add_document(city, city_body, "文件", date(2026, 3, 2), date(2026, 3, 3))
    page.validity = Validity.REPEALED
    with pytest.raises(Exception, match="废止"):
        page.full_clean()


def test_catalog_counts_per_classification_body_and_year(city, city_body, client):
    add_document(city, city_body, "甲", date(2025, 3, 2), date(2025, 3, 3))
    add_document(city, city_body, "乙", date(2026, 3, 2), date(2026, 3, 3))
    add_document(
        city,
        city_body,
        "丙",
        date(2026, 4, 1),
        date(2026, 4, 2),
        category=category("科技、教育"),
    )
    response = client.get("/disclosure/catalog/", HTTP_HOST="city.localhost")
    facets = response.context["facets"]
    assert {row["name"]: row["count"] for row in facets["categories"]} == {
        "综合政务": 2,
        "科技、教育": 1,
    }
    assert {row["name"]: row["count"] for row in facets["years"]} == {2026: 2, 2025: 1}
    assert facets["bodies"][0]["count"] == 3
    education = category("科技、教育").pk
    response = client.get(
        f"/disclosure/catalog/?year=2026&category={education}",
        HTTP_HOST="city.localhost",
    )
    assert [d.title for d in response.context["documents"]] == ["丙"]
    # With 2026 chosen, the classification counts are those of 2026.
    assert {
        row["name"]: row["count"] for row in response.context["facets"]["categories"]
    } == {"综合政务": 1, "科技、教育": 1}


def test_catalog_of_one_site_never_shows_another_sites_documents(
    city, other_city, city_body, other_body, client
):
    add_document(city, city_body, "本市文件", date(2026, 3, 2), date(2026, 3, 3))
    add_document(other_city, other_body, "外市文件", date(2026, 3, 2), date(2026, 3, 3))
    html = client.get("/disclosure/catalog/", HTTP_HOST="city.localhost").content
    assert "本市文件" in html.decode() and "外市文件" not in html.decode()


def test_rss_feed_lists_the_sites_documents(city, city_body, client):
    page = add_document(city, city_body, "通知甲", date(2026, 3, 2), date(2026, 3, 3))
    response = client.get("/disclosure/catalog/feed/", HTTP_HOST="city.localhost")
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert "通知甲" in body and page.index_number in body


def test_lateness_counts_working_days_across_national_day(city, city_body):
    # Drafted 28 Sep: the 20th working day is 30 Oct (National Day skipped,
    # Saturday 10 Oct counted).
    on_time = add_document(
        city, city_body, "按时", date(2026, 9, 28), date(2026, 10, 30)
    )
    late = add_document(city, city_body, "逾期", date(2026, 9, 28), date(2026, 11, 2))
    assert not on_time.is_published_late()
    assert late.is_published_late()
    assert list(late_documents(city)) == [late]
    warnings = document_warnings(late)
    assert any(
        "逾期公开" in warning and "2026-10-30" in warning for warning in warnings
    )


def test_late_documents_exclude_unpublished_and_other_sites(
    city, other_city, city_body, other_body
):
    draft = add_document(city, city_body, "草稿", date(2026, 1, 5), date(2026, 6, 1))
    draft.unpublish()
    add_document(other_city, other_body, "外市", date(2026, 1, 5), date(2026, 6, 1))
    assert list(late_documents(city)) == []


def test_unconfirmed_calendar_is_flagged_to_the_editor(city, city_body):
    page = add_document(city, city_body, "将来", date(2026, 12, 1), date(2026, 12, 2))
    page.date_drafted, page.published_date = date(2031, 3, 3), date(2031, 3, 4)
    assert any("2031年的国家节假日安排尚未录入" in w for w in document_warnings(page))


def test_search_facets_contract(city, city_body):
    page = add_document(
        city, city_body, "文件", date(2026, 3, 2), date(2026, 3, 3), doc_number="X号"
    )
    assert page.search_facets() == {
        "category": "综合政务",
        "body": "测试市人民政府办公室",
        "doc_number": "X号",
        "date": date(2026, 3, 3),
    }
