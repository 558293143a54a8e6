"""Entering a year's State Council schedule: the file format, its errors in
Chinese, and the import command (its effect on cases is tested with the
cases: tests/disclosure/test_calendar.py, tests/interaction/test_calendar.py)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cms.casework.models import HolidayOverride, HolidaySchedule
from cms.casework.schedule import ScheduleError, parse_schedule
from cms.casework.workdays import calendar_confirmed, is_working_day

pytestmark = pytest.mark.django_db

# A plausible 2027 schedule (test data, not the real notice).
SCHEDULE_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知（测试数据）
year 2027
source 国办发明电〔2026〕测试号

2027-01-01 holiday 元旦
2027-02-05 holiday 春节
2027-02-06 holiday 春节
2027-02-07 holiday 春节
2027-02-08 holiday 春节
2027-02-09 holiday 春节
2027-02-10 holiday 春节
2027-02-11 holiday 春节
2027-02-20 workday 春节调休
"""


def schedule_file(tmp_path, text=SCHEDULE_2027, encoding="utf-8"):
    path = tmp_path / "2027.txt"
    path.write_bytes(text.encode(encoding))
    return str(path)


def import_holidays(*args):
    out = StringIO()
    call_command("import_holidays", *args, stdout=out)
    return out.getvalue()


def test_the_format_is_parsed():
    schedule = parse_schedule(SCHEDULE_2027)
    assert schedule.year == 2027
    assert schedule.source == "国办发明电〔2026〕测试号"
    assert len(schedule.days) == 9
    assert schedule.days[date(2027, 2, 20)] == (True, "春节调休")
    assert schedule.days[date(2027, 1, 1)] == (False, "元旦")


def test_chinese_keywords_and_a_missing_note_are_accepted():
    schedule = parse_schedule("year 2027\n2027-10-04 放假\n2027-09-26 上班 国庆调休\n")
    assert schedule.days == {
        date(2027, 10, 4): (False, ""),
        date(2027, 9, 26): (True, "国庆调休"),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-01-01 holiday 元旦\n", "第1行：文件应先写明年度"),
        ("year 27\n2027-01-01 holiday\n", "第1行：年份“27”无效"),
        ("year 2027\nyear 2028\n2027-01-01 holiday\n", "第2行：year 只能出现一次"),
        ("year 2027\n2027-02-30 holiday\n", "第2行：日期“2027-02-30”无效"),
        ("year 2027\n\n2027-01-01 off 元旦\n", "第3行：类型“off”无效"),
        ("year 2027\n2028-01-01 holiday\n", "第2行：2028-01-01不在2027年内"),
        (
            "year 2027\n2027-01-01 holiday\n2027-01-01 workday\n",
            "第3行：2027-01-01已在第2行录入",
        ),
        ("year 2027\n2027-01-01\n", "第2行：无法识别“2027-01-01”"),
        (
            "year 2027\n2027-01-01 holiday " + "长" * 101 + "\n",
            "第2行：说明不能超过100",
        ),
        ("year 2027\n# 只有注释\n", "文件中没有任何日期"),
        ("# 空文件\n\n", "文件中没有内容"),
    ],
)
def test_bad_lines_are_named_in_chinese(text, message):
    with pytest.raises(ScheduleError) as error:
        parse_schedule(text)
    assert message in str(error.value)


def test_every_bad_line_is_reported_and_nothing_is_imported(tmp_path):
    text = SCHEDULE_2027 + "2027-13-01 holiday\n2027-05-01 rest\n"
    with pytest.raises(CommandError) as error:
        import_holidays(schedule_file(tmp_path, text))
    message = str(error.value)
    assert "未导入任何内容" in message
    assert "第14行：日期“2027-13-01”无效" in message
    assert "第15行：类型“rest”无效" in message
    assert not HolidayOverride.objects.exists()
    assert not HolidaySchedule.objects.exists()


def test_a_file_that_is_not_utf8_or_missing_gets_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="不是UTF-8编码"):
        import_holidays(schedule_file(tmp_path, "year 2027\n2027-01-01 放假\n", "gbk"))
    with pytest.raises(CommandError, match="找不到文件"):
        import_holidays(str(tmp_path / "missing.txt"))


def test_import_confirms_the_year_and_enters_its_days(tmp_path):
    assert not calendar_confirmed(2027)
    assert not is_working_day(date(2027, 2, 5)) and is_working_day(date(2027, 2, 9))
    output = import_holidays(schedule_file(tmp_path))
    assert "2027年节假日安排首次确认：9天有变化" in output
    assert "2027-02-20 （未录入） → 上班 春节调休" in output
    assert calendar_confirmed(2027) and not calendar_confirmed(2028)
    assert HolidaySchedule.objects.get().source == "国办发明电〔2026〕测试号"
    assert not is_working_day(date(2027, 2, 9))  # 春节 extended by the schedule
    assert is_working_day(date(2027, 2, 20))  # 调休 Saturday
    assert is_working_day(date(2027, 2, 12))


def test_dry_run_changes_nothing(tmp_path):
    output = import_holidays(schedule_file(tmp_path), "--dry-run")
    assert "试运行" in output and "9天有变化" in output
    assert not HolidayOverride.objects.exists()
    assert not calendar_confirmed(2027)
    assert is_working_day(date(2027, 2, 9))


def test_reimport_replaces_the_years_days(tmp_path):
    import_holidays(schedule_file(tmp_path))
    assert "已更新：0天有变化" in import_holidays(schedule_file(tmp_path))
    # A corrected notice: 春节 one day shorter, 调休 moved to Sunday.
    corrected = SCHEDULE_2027.replace("2027-02-11 holiday 春节\n", "").replace(
        "2027-02-20 workday", "2027-02-21 workday"
    )
    output = import_holidays(schedule_file(tmp_path, corrected))
    assert "2027-02-11 放假 → （未录入） 春节" in output
    assert "2027-02-21 （未录入） → 上班 春节调休" in output
    assert "已更新：3天有变化" in output
    assert is_working_day(date(2027, 2, 11))
    assert not is_working_day(date(2027, 2, 20))
    assert HolidayOverride.objects.count() == 8
