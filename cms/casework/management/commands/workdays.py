from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.casework.workdays import (
    add_working_days,
    unconfirmed_years,
    working_days_between,
)


def parse_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("日期“%(value)s”格式不正确，应为 YYYY-MM-DD。") % {"value": value}
        ) from error


def provisional_note(start, end):
    """What a result counted from `start` to `end` rests on."""
    years = unconfirmed_years(start, end)
    if not years:
        return _("（已确认）")
    return _(
        "（暂定：%(years)s年国家节假日安排尚未录入，按法定节假日计算，调休未计入）"
    ) % {"years": "、".join(str(year) for year in years)}


class Command(BaseCommand):
    help = (
        "Count on the working-day calendar every deadline uses. "
        "'add DATE N': the N-th working day after DATE (DATE itself not "
        "counted, as legal periods are); 'between A B': the working days after "
        "A up to and including B. Each answer says whether it is provisional "
        "(a year whose State Council schedule is not entered yet)."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        add = commands.add_parser("add", help="The date N working days after DATE")
        add.add_argument("date", help="Start date, YYYY-MM-DD (not counted)")
        add.add_argument("n", help="Number of working days (0 or more)")
        between = commands.add_parser(
            "between", help="Working days after A up to and including B"
        )
        between.add_argument("a", help="First date, YYYY-MM-DD (not counted)")
        between.add_argument("b", help="Last date, YYYY-MM-DD (counted)")

    def handle(self, *args, **options):
        if options["action"] == "add":
            start = parse_date(options["date"])
            try:
                n = int(options["n"])
            except ValueError:
                n = -1
            if n < 0:
                raise CommandError(
                    _("工作日数“%(value)s”无效，应为0或正整数。")
                    % {"value": options["n"]}
                )
            end = add_working_days(start, n)
            self.stdout.write(
                _("%(start)s 后第 %(n)d 个工作日：%(end)s%(note)s")
                % {
                    "start": start.isoformat(),
                    "n": n,
                    "end": end.isoformat(),
                    "note": provisional_note(start, end),
                }
            )
        else:
            a, b = parse_date(options["a"]), parse_date(options["b"])
            self.stdout.write(
                _("%(a)s 至 %(b)s：%(n)d 个工作日%(note)s")
                % {
                    "a": a.isoformat(),
                    "b": b.isoformat(),
                    "n": working_days_between(a, b),
                    "note": provisional_note(a, b),
                }
            )
