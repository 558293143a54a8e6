"""The machinery letters and applications share: tracking codes, spreadsheet
escaping and the deadline queries both querysets inherit."""

import random
from datetime import date

import pytest

from cms.casework.deadlines import (
    CaseQuerySet,
    warning_horizon,
    working_days_left,
)
from cms.casework.models import HolidayOverride
from cms.casework.spreadsheet import safe_cell, safe_row
from cms.casework.tracking import TRACKING_CODE_ALPHABET, random_code, unused_code
from disclosure.models import InformationApplication
from interaction.models import Letter


def test_random_codes_use_the_unambiguous_alphabet():
    code = random_code(40)
    assert len(code) == 40
    assert set(code) <= set(TRACKING_CODE_ALPHABET)
    assert not set(code) & set("01OI")


def test_a_seeded_generator_gives_the_same_codes():
    assert random_code(10, random.Random(7)) == random_code(10, random.Random(7))


@pytest.mark.django_db
def test_unused_code_skips_codes_in_use():
    HolidayOverride.objects.create(
        date=date(2031, 1, 1), is_working_day=False, note="TAKEN"
    )
    candidates = iter(["TAKEN", "FREE"])
    queryset = HolidayOverride.objects.all()
    assert unused_code(lambda: next(candidates), queryset, field="note") == "FREE"


def test_letters_and_applications_share_the_deadline_queries():
    assert issubclass(type(Letter.objects.all()), CaseQuerySet)
    assert issubclass(type(InformationApplication.objects.all()), CaseQuerySet)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_prefixes_are_escaped(prefix):
    assert safe_cell(prefix + "SUM(A1)") == "'" + prefix + "SUM(A1)"


def test_other_values_pass_unchanged():
    assert safe_row(["来信", 3, -2, None, date(2026, 1, 1)]) == [
        "来信",
        3,
        -2,
        None,
        date(2026, 1, 1),
    ]


@pytest.mark.django_db
def test_warning_horizon_and_days_left_count_working_days():
    # 2026-09-30 is a Wednesday before the National Day holidays.
    last_day = warning_horizon(date(2026, 9, 30), 2)
    assert last_day == date(2026, 10, 9)
    assert working_days_left(date(2026, 9, 30), last_day) == 2
    assert working_days_left(last_day, date(2026, 9, 30)) == -2
