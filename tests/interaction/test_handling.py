from datetime import timedelta

import pytest

from interaction import handling
from interaction.handling import TransitionError
from interaction.models import (
    CloseReason,
    Department,
    LetterAction,
    LetterStatus,
)

from .conftest import aware, write_letter

pytestmark = pytest.mark.django_db


def actions(letter):
    return list(letter.events.values_list("action", "from_status", "to_status"))


def test_receipt_records_the_letter_and_its_deadline(county_mailbox, cluster):
    letter = write_letter(county_mailbox, at=aware(2026, 3, 2))
    assert letter.status == LetterStatus.RECEIVED
    assert letter.site == cluster.county.site
    assert len(letter.tracking_code) == 10
    assert letter.due_date.isoformat() == "2026-03-23"
    assert actions(letter) == [("receive", "", "received")]


def test_full_path_to_publication_records_who_and_when(
    county_mailbox, county_department, county_editor, county_reviewer
):
    letter = write_letter(county_mailbox, at=aware(2026, 3, 2, 9))
    handling.assign(letter, county_department, county_editor, at=aware(2026, 3, 2, 11))
    assert letter.status == LetterStatus.ASSIGNED
    assert letter.department == county_department
    handling.draft_answer(letter, "  答复内容。 ", county_editor, at=aware(2026, 3, 4))
    assert letter.status == LetterStatus.DRAFTED
    assert letter.answer == "答复内容。"
    assert letter.answered_at is None
    handling.approve(letter, county_reviewer, at=aware(2026, 3, 5, 16))
    assert letter.status == LetterStatus.ANSWERED
    assert letter.answered_at == aware(2026, 3, 5, 16)
    assert letter.answered_by == county_reviewer
    assert letter.answered_on_time is True
    handling.publish(letter, county_reviewer, at=aware(2026, 3, 5, 17))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PUBLISHED
    assert letter.published_at == aware(2026, 3, 5, 17)
    events = list(letter.events.all())
    assert [(e.action, e.user) for e in events] == [
        (LetterAction.RECEIVE, None),
        (LetterAction.ASSIGN, county_editor),
        (LetterAction.DRAFT, county_editor),
        (LetterAction.APPROVE, county_reviewer),
        (LetterAction.PUBLISH, county_reviewer),
    ]
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert "县教育局" in events[1].note


def test_reviewer_sends_a_draft_back_with_a_reason(
    county_mailbox, county_department, county_editor, county_reviewer
):
    letter = write_letter(county_mailbox)
    handling.assign(letter, county_department, county_editor)
    handling.draft_answer(letter, "草稿", county_editor)
    with pytest.raises(TransitionError, match="原因"):
        handling.reject(letter, county_reviewer, "  ")
    handling.reject(letter, county_reviewer, "请补充政策依据")
    assert letter.status == LetterStatus.ASSIGNED
    assert letter.events.last().note == "请补充政策依据"
    handling.draft_answer(letter, "修改后的答复", county_editor)
    assert letter.status == LetterStatus.DRAFTED


def test_the_drafter_cannot_approve_their_own_answer(
    county_mailbox, county_department, county_reviewer
):
    letter = write_letter(county_mailbox)
    handling.assign(letter, county_department, county_reviewer)
    handling.draft_answer(letter, "答复", county_reviewer)
    with pytest.raises(TransitionError, match="起草人以外"):
        handling.approve(letter, county_reviewer)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFTED


def test_editors_cannot_approve(
    county_mailbox, county_department, county_editor, cluster
):
    from tests.factories import UserFactory

    other_editor = UserFactory(groups=[cluster.county.editors_group])
    letter = write_letter(county_mailbox)
    handling.assign(letter, county_department, county_editor)
    handling.draft_answer(letter, "答复", county_editor)
    with pytest.raises(TransitionError, match="审核人员"):
        handling.approve(letter, other_editor)


def test_staff_of_another_site_cannot_touch_the_letter(
    county_mailbox, county_department, town_editor, town_reviewer
):
    letter = write_letter(county_mailbox)
    with pytest.raises(TransitionError, match="权限"):
        handling.assign(letter, county_department, town_editor)
    with pytest.raises(TransitionError, match="权限"):
        handling.close(letter, CloseReason.INVALID, "无关", town_editor)
    assert letter.events.count() == 1


def test_superior_site_staff_may_handle_subordinate_letters(county_editor, cluster):
    from .conftest import mailbox_of

    letter = write_letter(mailbox_of(cluster.town))
    town_office = Department.objects.get(site=cluster.town.site)
    handling.assign(letter, town_office, county_editor)
    assert letter.status == LetterStatus.ASSIGNED


def test_only_the_sites_own_active_departments(county_mailbox, county_editor, cluster):
    letter = write_letter(county_mailbox)
    foreign = Department.objects.get(site=cluster.town.site)
    inactive = Department.objects.create(
        site=cluster.county.site, name="已撤销单位", is_active=False
    )
    for department in (foreign, inactive):
        with pytest.raises(TransitionError, match="承办单位"):
            handling.assign(letter, department, county_editor)
    assert letter.status == LetterStatus.RECEIVED


def test_publication_needs_the_writers_consent(
    county_mailbox, county_department, county_editor, county_reviewer
):
    letter = write_letter(county_mailbox, agrees_to_publish=False)
    handling.assign(letter, county_department, county_editor)
    handling.draft_answer(letter, "答复", county_editor)
    handling.approve(letter, county_reviewer)
    with pytest.raises(TransitionError, match="不同意公开"):
        handling.publish(letter, county_reviewer)
    assert letter.status == LetterStatus.ANSWERED


def test_unpublish_returns_to_answered(
    county_mailbox, county_department, county_editor, county_reviewer
):
    letter = write_letter(county_mailbox)
    handling.assign(letter, county_department, county_editor)
    handling.draft_answer(letter, "答复", county_editor)
    handling.approve(letter, county_reviewer)
    handling.publish(letter, county_reviewer)
    handling.unpublish(letter, county_reviewer, "含有个人信息")
    assert letter.status == LetterStatus.ANSWERED
    assert letter.published_at is None
    assert letter.answered_at is not None


def test_close_as_invalid_with_a_reason(county_mailbox, county_editor):
    letter = write_letter(county_mailbox, at=aware(2026, 3, 2))
    with pytest.raises(TransitionError, match="理由"):
        handling.close(letter, CloseReason.INVALID, "", county_editor)
    handling.close(
        letter, CloseReason.INVALID, "广告信息", county_editor, at=aware(2026, 3, 3)
    )
    assert letter.status == LetterStatus.CLOSED
    assert letter.close_reason == CloseReason.INVALID
    assert letter.closed_at == aware(2026, 3, 3)
    assert letter.events.last().note == "广告信息"


def test_close_as_duplicate_needs_an_original_of_the_same_site(
    county_mailbox, county_editor, cluster
):
    from .conftest import mailbox_of

    original = write_letter(county_mailbox)
    letter = write_letter(county_mailbox)
    foreign = write_letter(mailbox_of(cluster.town))
    for candidate in (None, letter, foreign):
        with pytest.raises(TransitionError, match="原始来信"):
            handling.close(
                letter,
                CloseReason.DUPLICATE,
                "重复",
                county_editor,
                duplicate_of=candidate,
            )
    handling.close(
        letter, CloseReason.DUPLICATE, "重复", county_editor, duplicate_of=original
    )
    assert letter.duplicate_of == original


def test_answered_letters_cannot_be_closed_or_reassigned(
    county_mailbox, county_department, county_editor, county_reviewer
):
    letter = write_letter(county_mailbox)
    handling.assign(letter, county_department, county_editor)
    handling.draft_answer(letter, "答复", county_editor)
    handling.approve(letter, county_reviewer)
    with pytest.raises(TransitionError, match="已答复"):
        handling.close(letter, CloseReason.INVALID, "无效", county_editor)
    with pytest.raises(TransitionError, match="已答复"):
        handling.assign(letter, county_department, county_editor)


def test_a_step_cannot_be_dated_before_the_letter(
    county_mailbox, county_department, county_editor
):
    letter = write_letter(county_mailbox, at=aware(2026, 3, 2))
    with pytest.raises(TransitionError, match="早于"):
        handling.assign(
            letter,
            county_department,
            county_editor,
            at=aware(2026, 3, 2) - timedelta(hours=1),
        )
