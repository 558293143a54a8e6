"""Admin overrides of the working-day calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayOverride(models.Model):
    """A day whose working status the administrators set by hand: for years the
    chinesecalendar package does not cover yet, or a local adjustment."""

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
