"""Entering the State Council's holiday schedule of a year.

The schedule file (UTF-8 text, one statement a line; blank lines and lines
starting with # are ignored):

    # 国务院办公厅关于2027年部分节假日安排的通知
    year 2027
    source 国办发明电〔2026〕12号
    2027-01-01 holiday 元旦
    2027-02-05 holiday 春节
    2027-02-07 workday 春节调休

- `year YYYY` comes first and once: the file is the whole schedule of that
  year, and importing it confirms the year (its dates stop being 暂定);
- `source TEXT` (optional): the notice the schedule comes from;
- `DATE KIND [NOTE]`: a day of that year (YYYY-MM-DD), `holiday` (or 放假) for
  a day off, `workday` (or 上班) for a 调休 working day, and an optional note
  of at most 100 characters. Weekend days off need not be listed.

Importing replaces the year's entered days with the file's (days entered
before but missing from the file are removed), then recomputes the stored due
dates of every open case whose counted days include a changed day.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .models import HolidayOverride, HolidaySchedule
from .recalculation import recalculate_due_dates

NOTE_MAX_LENGTH = HolidayOverride._meta.get_field("note").max_length
SOURCE_MAX_LENGTH = HolidaySchedule._meta.get_field("source").max_length
KINDS = {"holiday": False, "放假": False, "workday": True, "上班": True}


class ScheduleError(Exception):
    """A schedule file with mistakes: `errors` lists them, one per line."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Schedule:
    year: int
    source: str = ""
    # {day: (is_working_day, note)}
    days: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DayChange:
    day: date
    old: bool | None  # None: the day was not entered before
    new: bool | None  # None: the day is removed
    note: str

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {_kind(self.old)} → {_kind(self.new)} {self.note}"


def _kind(is_working_day):
    if is_working_day is None:
        return _("（未录入）")
    return _("上班") if is_working_day else _("放假")


def parse_schedule(text):
    """The Schedule of `text`, or ScheduleError naming every bad line."""
    errors, schedule, first_line = [], None, {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _sep, rest = line.partition(" ")
        rest = rest.strip()

        def error(message, number=number):
            errors.append(_("第%(line)d行：") % {"line": number} + message)

        if keyword == "year":
            if schedule is not None:
                error(_("year 只能出现一次：一个文件只录入一个年度。"))
            elif not (rest.isdigit() and 2000 <= int(rest) <= 2100):
                error(_("年份“%(value)s”无效，应写作 year 2027。") % {"value": rest})
                schedule = Schedule(year=0)
            else:
                schedule = Schedule(year=int(rest))
            continue
        if schedule is None:
            error(_("文件应先写明年度，例如 year 2027。"))
            schedule = Schedule(year=0)
            continue
        if keyword == "source":
            if len(rest) > SOURCE_MAX_LENGTH:
                error(_("依据不能超过%(n)d个字符。") % {"n": SOURCE_MAX_LENGTH})
            schedule.source = rest
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            error(
                _(
                    "无法识别“%(text)s”，应写作“日期 holiday|workday 说明”，例如 2027-01-01 holiday 元旦。"
                )
                % {"text": line}
            )
            continue
        try:
            day = date.fromisoformat(parts[0])
        except ValueError:
            error(_("日期“%(value)s”无效，应写作YYYY-MM-DD。") % {"value": parts[0]})
            continue
        if parts[1] not in KINDS:
            error(
                _("类型“%(value)s”无效，应为 holiday（放假）或 workday（上班）。")
                % {"value": parts[1]}
            )
            continue
        note = parts[2].strip() if len(parts) > 2 else ""
        if schedule.year and day.year != schedule.year:
            error(
                _("%(date)s不在%(year)d年内。")
                % {"date": day.isoformat(), "year": schedule.year}
            )
        elif day in first_line:
            error(
                _("%(date)s已在第%(first)d行录入。")
                % {"date": day.isoformat(), "first": first_line[day]}
            )
        elif len(note) > NOTE_MAX_LENGTH:
            error(_("说明不能超过%(n)d个字符。") % {"n": NOTE_MAX_LENGTH})
        else:
            first_line[day] = number
            schedule.days[day] = (KINDS[parts[1]], note)
    if schedule is None:
        errors.append(_("文件中没有内容，应先写明年度，例如 year 2027。"))
    elif not errors and not schedule.days:
        errors.append(_("文件中没有任何日期，请至少录入一天。"))
    if errors:
        raise ScheduleError(errors)
    return schedule


@dataclass
class ScheduleResult:
    schedule: Schedule
    newly_confirmed: bool
    day_changes: list
    case_changes: list


def schedule_reason(schedule):
    return _("录入%(year)d年国家节假日安排%(source)s") % {
        "year": schedule.year,
        "source": f"（{schedule.source}）" if schedule.source else "",
    }


def enter_schedule(schedule, user=None, dry_run=False):
    """Make `schedule` the year's entered days, confirm the year and
    recompute the due dates it moves; with `dry_run` everything is rolled
    back and only reported."""
    with transaction.atomic():
        entered = {
            o.date: o for o in HolidayOverride.objects.filter(date__year=schedule.year)
        }
        day_changes = []
        for day, override in sorted(entered.items()):
            if day not in schedule.days:
                override.delete()
                day_changes.append(
                    DayChange(day, override.is_working_day, None, override.note)
                )
        for day, (is_working, note) in sorted(schedule.days.items()):
            override = entered.get(day)
            if override is None:
                HolidayOverride.objects.create(
                    date=day, is_working_day=is_working, note=note
                )
                day_changes.append(DayChange(day, None, is_working, note))
            elif (override.is_working_day, override.note) != (is_working, note):
                old = override.is_working_day
                override.is_working_day, override.note = is_working, note
                override.save()
                day_changes.append(DayChange(day, old, is_working, note))
        _record, newly_confirmed = HolidaySchedule.objects.update_or_create(
            year=schedule.year, defaults={"source": schedule.source}
        )
        case_changes = recalculate_due_dates(
            {change.day for change in day_changes if change.old != change.new},
            schedule_reason(schedule),
            user,
        )
        if dry_run:
            transaction.set_rollback(True)
    return ScheduleResult(schedule, newly_confirmed, day_changes, case_changes)
