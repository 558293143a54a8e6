"""The rules that read other areas' data, on both sides of each threshold,
with the real models: `serious_error` (publishing's content-check dictionary),
`interaction_poor` (interaction's letters) and the late-disclosure deduction
(disclosure's documents on the working-day calendar)."""

from datetime import date

import pytest

from cms.publishing.models import DictionaryEntry, EntryKind
from disclosure.models import IssuingBody
from interaction import handling
from interaction.models import CloseReason, Department, MailboxKind, MailboxPage
from monitoring import internal
from monitoring.models import ScoreRule
from sites.models import SiteProfile
from tests.disclosure.conftest import add_document
from tests.factories import UserFactory
from tests.interaction.conftest import answer_letter, aware, write_letter
from tests.monitoring.conftest import AS_OF, add_article, at, column

pytestmark = pytest.mark.django_db


def check(profile, as_of=AS_OF):
    profile = SiteProfile.objects.with_site().get(pk=profile.pk)
    return internal.check_sites([profile], as_of)[profile.site.hostname]


def veto(report, code):
    return next((v for v in report.vetoes if v.code == code), None)


def deduction(report, code):
    return next((d for d in report.deductions if d.code == code), None)


class TestSeriousError:
    @pytest.fixture
    def dictionary(self):
        # Cluster-wide entries (the default dictionary may hold them already).
        DictionaryEntry.objects.update_or_create(
            kind=EntryKind.LEADER_NAME,
            term="王晓明",
            site=None,
            defaults={"suggestion": "王小明"},
        )
        DictionaryEntry.objects.get_or_create(
            kind=EntryKind.SENSITIVE_WORD, term="赌博网站", site=None
        )

    def test_a_wrong_leader_name_vetoes_with_the_page_as_evidence(
        self, lively, dictionary
    ):
        add_article(
            column(lively, "news"),
            "镇长调研春耕",
            published_at=at(3),
            body="<p>镇长王晓明到村里调研春耕。</p>",
            slug="spring",
        )
        found = veto(check(lively), "serious_error")
        assert found.evidence == ["http://town.localhost/news/spring/"]
        assert "王晓明" in found.detail

    def test_a_banned_word_in_a_title_vetoes(self, lively, dictionary):
        add_article(
            column(lively, "notices"), "关于清理赌博网站的通知", published_at=at(3)
        )
        assert veto(check(lively), "serious_error")

    def test_the_corrected_page_passes(self, lively, dictionary):
        page = add_article(
            column(lively, "news"),
            "镇长调研春耕",
            published_at=at(3),
            body="<p>镇长王晓明到村里调研春耕。</p>",
        )
        page.body = "<p>镇长王小明到村里调研春耕。</p>"
        page.save_revision().publish()
        report = check(lively)
        assert veto(report, "serious_error") is None
        assert report.passed

    def test_drafts_do_not_count(self, lively, dictionary):
        add_article(
            column(lively, "news"),
            "草稿",
            published_at=at(3),
            body="<p>镇长王晓明到村里调研。</p>",
            publish=False,
        )
        page = add_article(column(lively, "news"), "已发布", published_at=at(3))
        # A pending draft of a live page: readers still see the published text.
        page.body = "<p>镇长王晓明到村里调研。</p>"
        page.save_revision()
        assert veto(check(lively), "serious_error") is None


class TestInteractionPoor:
    @pytest.fixture
    def mailbox(self, lively):
        return MailboxPage.objects.descendant_of(lively.site.root_page).get(
            kind=MailboxKind.CONSULTATION
        )

    @pytest.fixture
    def staff(self, lively):
        department = Department.objects.create(site=lively.site, name="镇党政办")
        editor = UserFactory(username="town-editor", groups=[lively.editors_group])
        reviewer = UserFactory(
            username="town-reviewer", groups=[lively.reviewers_group]
        )
        return department, editor, reviewer

    def test_only_a_petition_mailbox_is_no_consultation_channel(self, lively):
        mailboxes = MailboxPage.objects.descendant_of(lively.site.root_page)
        parent = mailboxes.first().get_parent()
        for page in mailboxes.filter(kind__in=[MailboxKind.CONSULTATION, "leader"]):
            page.unpublish()
        petition = MailboxPage(
            title="信访", slug="petition", kind=MailboxKind.COMPLAINT
        )
        parent.add_child(instance=petition)
        petition.save_revision().publish()
        found = veto(check(lively), "interaction_poor")
        assert found.evidence == ["http://town.localhost/"]

    def test_exactly_three_months_unanswered_passes_one_day_more_vetoes(
        self, lively, mailbox
    ):
        letter = write_letter(mailbox, at=aware(2026, 3, 30, 10))
        assert veto(check(lively, date(2026, 6, 30)), "interaction_poor") is None
        found = veto(check(lively, date(2026, 7, 1)), "interaction_poor")
        assert letter.tracking_code in found.detail
        assert found.evidence == [
            f"http://localhost/admin/interaction/letters/{letter.pk}/"
        ]

    @pytest.mark.parametrize(
        ("as_of", "vetoed"), [(date(2026, 6, 1), False), (date(2027, 5, 1), True)]
    )
    def test_a_letter_unanswered_for_fourteen_months_vetoes(
        self, lively, mailbox, as_of, vetoed
    ):
        letter = write_letter(mailbox, at=aware(2026, 3, 1, 10))
        found = veto(check(lively, as_of), "interaction_poor")
        assert (found is not None) is vetoed
        if vetoed:
            assert (
                f"{letter.tracking_code}（2026-03-01 收到，至今未答复）" in found.detail
            )

    @pytest.mark.parametrize(
        ("answered", "as_of", "vetoed"),
        [
            # The limit of a letter received on 2 March is 2 June.
            (aware(2026, 6, 2, 16), date(2026, 11, 20), False),
            (aware(2026, 6, 3, 9), date(2026, 11, 20), True),
            # 203 days after receipt, within the lookback (365 days) or not.
            (aware(2026, 9, 21, 9), date(2027, 9, 21), True),
            (aware(2026, 9, 21, 9), date(2027, 9, 22), False),
        ],
    )
    def test_a_letter_answered_past_three_months_vetoes_within_the_lookback(
        self, lively, mailbox, staff, answered, as_of, vetoed
    ):
        letter = write_letter(mailbox, at=aware(2026, 3, 2, 10))
        answer_letter(letter, *staff, drafted_at=answered, approved_at=answered)
        found = veto(check(lively, as_of), "interaction_poor")
        assert (found is not None) is vetoed
        if vetoed:
            days = (answered.date() - date(2026, 3, 2)).days
            assert f"收到 {days} 天后才答复" in found.detail

    def test_the_lookback_is_the_period_of_the_score_table_row(
        self, lively, mailbox, staff
    ):
        letter = write_letter(mailbox, at=aware(2026, 3, 2, 10))
        answered = aware(2026, 9, 21, 9)
        answer_letter(letter, *staff, drafted_at=answered, approved_at=answered)
        ScoreRule.objects.filter(code="interaction_poor").update(period_days=30)
        assert veto(check(lively, date(2026, 10, 21)), "interaction_poor")
        assert veto(check(lively, date(2026, 10, 22)), "interaction_poor") is None

    @pytest.mark.parametrize(("months", "vetoed"), [(2, True), (3, False)])
    def test_the_months_limit_is_the_threshold_of_the_score_table_row(
        self, lively, mailbox, staff, months, vetoed
    ):
        """Answered 2 months and 18 days after receipt: over a 2-month limit,
        within the national 3."""
        letter = write_letter(mailbox, at=aware(2026, 3, 2, 10))
        answered = aware(2026, 5, 20, 9)
        answer_letter(letter, *staff, drafted_at=answered, approved_at=answered)
        ScoreRule.objects.filter(code="interaction_poor").update(threshold=months)
        found = veto(check(lively, date(2026, 6, 30)), "interaction_poor")
        assert (found is not None) is vetoed
        if vetoed:
            assert "超过 2 个月未答复" in found.detail

    @pytest.mark.parametrize(("answered_day", "late"), [(23, False), (24, True)])
    def test_a_letter_answered_after_its_due_date_is_deducted(
        self, lively, mailbox, staff, answered_day, late
    ):
        letter = write_letter(mailbox, at=aware(2026, 3, 2, 10))
        answered = aware(2026, 3, answered_day, 10)
        assert letter.due_date == date(2026, 3, 23)
        answer_letter(letter, *staff, drafted_at=answered, approved_at=answered)
        found = deduction(check(lively, date(2026, 6, 30)), "letter_late")
        assert (found is not None) is late
        if late:
            assert letter.tracking_code in found.detail

    def test_a_letter_answered_in_time_passes(self, lively, mailbox, staff):
        letter = write_letter(mailbox, at=aware(2026, 3, 2, 10))
        answer_letter(
            letter,
            *staff,
            drafted_at=aware(2026, 3, 10),
            approved_at=aware(2026, 3, 11),
        )
        assert veto(check(lively, date(2026, 7, 1)), "interaction_poor") is None

    def test_letters_closed_as_invalid_do_not_count(self, lively, mailbox, staff):
        letter = write_letter(mailbox, at=aware(2026, 3, 2, 10))
        handling.close(letter, CloseReason.INVALID, "广告", staff[1])
        assert veto(check(lively, date(2026, 7, 1)), "interaction_poor") is None


class TestLateDisclosure:
    """Drafted Friday 18 September 2026: the 20th working day after it, across
    National Day (1–7 October) and the working Saturday 10 October, is
    Thursday 22 October."""

    AS_OF = date(2026, 11, 20)

    @pytest.fixture
    def body(self, lively):
        return IssuingBody.objects.create(
            site=lively.site, name="测试镇人民政府", code="000014349"
        )

    def test_published_on_the_twentieth_working_day_is_not_late(self, lively, body):
        add_document(lively, body, "按时公开", date(2026, 9, 18), date(2026, 10, 22))
        assert deduction(check(lively, self.AS_OF), "disclosure_late") is None

    def test_published_on_the_twenty_first_working_day_is_deducted(self, lively, body):
        add_document(
            lively, body, "逾期公开", date(2026, 9, 18), date(2026, 10, 23), slug="late"
        )
        found = deduction(check(lively, self.AS_OF), "disclosure_late")
        assert found.points > 0
        assert found.evidence == ["http://town.localhost/disclosure/catalog/late/"]

    def test_documents_published_after_the_check_date_do_not_count(self, lively, body):
        add_document(lively, body, "逾期公开", date(2026, 9, 18), date(2026, 10, 23))
        assert deduction(check(lively, date(2026, 10, 22)), "disclosure_late") is None
