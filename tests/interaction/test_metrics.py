"""Public statistics and the consultation health monitoring reads."""

import statistics
from datetime import date, timedelta

import pytest

from interaction import handling
from interaction.metrics import consultation_health, site_statistics
from interaction.models import CloseReason, MailboxKind, MailboxPage

from .conftest import aware, path_of, write_letter


def health_as_of(profile, as_of):
    """Consultation health over the year before `as_of`."""
    return consultation_health(profile, as_of, as_of - timedelta(days=365))


pytestmark = pytest.mark.django_db


def test_statistics_match_the_letters(
    client, county_mailbox, county_department, county_editor, county_reviewer
):
    as_of = date(2026, 11, 20)
    answered = [
        # (received, approved) — due dates from the 2026 calendar
        (aware(2026, 3, 2, 9), aware(2026, 3, 6, 16)),  # on time
        (aware(2026, 9, 30, 9), aware(2026, 10, 27, 17)),  # on time, last day
        (aware(2026, 9, 29, 9), aware(2026, 10, 28, 9)),  # late (due 26 October)
    ]
    for received_at, approved_at in answered:
        letter = write_letter(county_mailbox, at=received_at)
        handling.assign(letter, county_department, county_editor, at=received_at)
        handling.draft_answer(letter, "答复", county_editor, at=received_at)
        handling.approve(letter, county_reviewer, at=approved_at)
    open_letter = write_letter(county_mailbox, at=aware(2026, 11, 10))
    closed = write_letter(county_mailbox, at=aware(2026, 6, 1))
    handling.close(closed, CloseReason.INVALID, "广告", county_editor)
    # Outside the window: received more than 12 months before as_of.
    write_letter(county_mailbox, at=aware(2025, 11, 20, 9))
    # Answered after as_of: received, but not answered yet as of that day.
    late = write_letter(county_mailbox, at=aware(2026, 11, 18))
    handling.assign(late, county_department, county_editor)
    handling.draft_answer(late, "答复", county_editor)
    handling.approve(late, county_reviewer, at=aware(2026, 11, 21))

    stats = site_statistics(county_mailbox.get_site(), as_of)
    days = [
        (approved - received).total_seconds() / 86400 for received, approved in answered
    ]
    assert stats.since == date(2025, 11, 21)
    assert stats.received == 6  # 3 answered + open + closed + late
    assert stats.closed == 1
    assert stats.answered == 3
    assert stats.answered_on_time == 2
    assert stats.median_answer_days == round(statistics.median(days), 1)
    assert stats.on_time_rate == 66.7
    assert open_letter.answered_at is None


def test_statistics_are_per_site_and_shown_on_the_mailbox(
    client, cluster, county_mailbox
):
    from .conftest import mailbox_of

    write_letter(county_mailbox)
    write_letter(mailbox_of(cluster.town))
    write_letter(mailbox_of(cluster.town))
    assert site_statistics(cluster.county.site).received == 1
    assert site_statistics(cluster.town.site).received == 2
    body = client.get(path_of(county_mailbox), HTTP_HOST="county.localhost")
    assert '<dd data-stat="received">1</dd>' in body.content.decode()
    assert '<dd data-stat="median_answer_days">—</dd>' in body.content.decode()


def test_consultation_health_lists_consultation_channels_only(cluster):
    health = health_as_of(cluster.county, date(2026, 11, 20))
    assert sorted(health.channels) == [
        "http://county.localhost/interaction/consultation/",
        "http://county.localhost/interaction/leader-mailbox/",
    ]
    column = MailboxPage.objects.get(
        kind=MailboxKind.CONSULTATION,
        path__startswith=cluster.county.site.root_page.path,
    ).get_parent()
    complaint = MailboxPage(
        title="信访投诉", slug="petition", kind=MailboxKind.COMPLAINT
    )
    column.add_child(instance=complaint)
    complaint.save_revision().publish()
    leader = MailboxPage.objects.get(slug="leader-mailbox")
    leader.unpublish()
    health = health_as_of(cluster.county, date(2026, 11, 20))
    assert health.channels == ["http://county.localhost/interaction/consultation/"]
    assert health.overdue == []


def test_consultation_health_on_both_sides_of_the_three_month_limit(
    cluster, county_mailbox, county_department, county_editor, county_reviewer
):
    letter = write_letter(county_mailbox, at=aware(2026, 3, 10, 9))
    assert health_as_of(cluster.county, date(2026, 6, 10)).overdue == []
    overdue = health_as_of(cluster.county, date(2026, 6, 11)).overdue
    assert [item.tracking_code for item in overdue] == [letter.tracking_code]
    assert overdue[0].received_at == letter.received_at
    assert (
        overdue[0].admin_url
        == f"http://localhost/admin/interaction/letters/{letter.pk}/"
    )

    # Answered on 1 July, past the limit: unanswered as of 30 June, answered
    # late as of 1 July, and it stays late while the answer is in the lookback.
    handling.assign(letter, county_department, county_editor, at=aware(2026, 6, 30))
    handling.draft_answer(letter, "答复", county_editor, at=aware(2026, 6, 30))
    handling.approve(letter, county_reviewer, at=aware(2026, 7, 1, 10))
    [before] = health_as_of(cluster.county, date(2026, 6, 30)).overdue
    assert before.answered_at is None
    [after] = health_as_of(cluster.county, date(2026, 7, 1)).overdue
    assert after.answered_at == aware(2026, 7, 1, 10)
    assert len(health_as_of(cluster.county, date(2027, 7, 1)).overdue) == 1
    assert health_as_of(cluster.county, date(2027, 7, 2)).overdue == []


def test_only_valid_consultations_of_the_last_year_count(
    cluster, county_mailbox, county_department, county_editor, county_reviewer
):
    column = county_mailbox.get_parent()
    petition = MailboxPage(title="信访", slug="petition", kind=MailboxKind.COMPLAINT)
    column.add_child(instance=petition)
    petition.save_revision().publish()
    leader = MailboxPage.objects.get(slug="leader-mailbox")
    as_of = date(2026, 11, 20)
    write_letter(petition, at=aware(2026, 5, 1))  # petitions don't count
    invalid = write_letter(county_mailbox, at=aware(2026, 5, 1))
    handling.close(invalid, CloseReason.INVALID, "广告", county_editor)
    # Answered late, but the answer came before the year: no longer counted.
    old = write_letter(county_mailbox, at=aware(2025, 6, 1))
    handling.assign(old, county_department, county_editor, at=aware(2025, 9, 1))
    handling.draft_answer(old, "答复", county_editor, at=aware(2025, 9, 1))
    handling.approve(old, county_reviewer, at=aware(2025, 11, 19))
    counted = write_letter(leader, at=aware(2026, 5, 1))  # leader box counts
    overdue = health_as_of(cluster.county, as_of).overdue
    assert [item.tracking_code for item in overdue] == [counted.tracking_code]
    # Another site's unanswered letters never show up here.
    assert health_as_of(cluster.town, as_of).overdue == []
