"""The working-day calendar's data entered by the administrators: single days
(HolidayOverride) and the years whose State Council schedule has been entered
in full (HolidaySchedule)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HolidayOverride(models.Model):
    """A day whose working status the administrators set by hand: a day of the
    State Council's yearly schedule (a holiday or a 调休 working day) or a
    local adjustment. It wins over every other source of the calendar."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("是工作日"), help_text=_("勾选表示当天上班（如调休的周末），不勾选表示放假。")
    )
    note = models.CharField(
        _("说明"), max_length=100, blank=True, help_text=_("例如：2027年春节")
    )

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]
        # Created by the disclosure app, where the calendar began.
        db_table = "disclosure_holidayoverride"

    def __str__(self):
        kind = _("上班") if self.is_working_day else _("放假")
        return f"{self.date:%Y-%m-%d} {kind} {self.note}".strip()


class HolidaySchedule(models.Model):
    """The State Council's holiday schedule of one year has been entered (by
    `import_holidays` or in the admin): dates of that year are no longer
    provisional (暂定). Without it a year past chinesecalendar's data is
    counted on the statutory holidays alone."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已确认的年度节假日安排")
        verbose_name_plural = _("已确认的年度节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)d年节假日安排") % {"year": self.year}
