"""Admin views of the calendar: days entered one by one (HolidayOverride) and
the years whose schedule is complete (HolidaySchedule). Saving or deleting a
day recomputes the due dates it moves and lists them in a message. The app
that shows them in its menu registers the viewsets and their permission
policies."""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .models import HolidayOverride, HolidaySchedule
from .recalculation import recalculate_due_dates
from .workdays import calendar_confirmed

# A message lists at most this many moved deadlines; the events on each case
# keep the full record.
MESSAGE_MAX_CHANGES = 20


def report_changes(request, changes):
    if not changes:
        messages.info(request, _("没有办件的期限受此调整影响。"))
        return
    listed = "；".join(str(change) for change in changes[:MESSAGE_MAX_CHANGES])
    if len(changes) > MESSAGE_MAX_CHANGES:
        listed += _("……（其余见各办件的办理记录）")
    messages.warning(
        request,
        _("已重新计算%(n)d个办件的期限：%(list)s")
        % {"n": len(changes), "list": listed},
    )


def _day_reason(day):
    return _("节假日调整（%(day)s）") % {"day": day}


class RecalculatingSaveMixin:
    """After the day is saved, recompute the deadlines of the old and the new
    date (an edit may move the day) and report what moved."""

    changes = ()

    def save_instance(self):
        before = (
            HolidayOverride.objects.filter(pk=self.form.instance.pk)
            .values_list("date", "is_working_day")
            .first()
        )
        instance = super().save_instance()
        after = (instance.date, instance.is_working_day)
        if before != after:
            days = {instance.date} | ({before[0]} if before else set())
            self.changes = recalculate_due_dates(
                days, _day_reason(instance), self.request.user
            )
        return instance

    def save_action(self):
        response = super().save_action()
        report_changes(self.request, self.changes)
        return response


class CalendarDayCreateView(RecalculatingSaveMixin, generic.CreateView):
    pass


class CalendarDayEditView(RecalculatingSaveMixin, generic.EditView):
    pass


class CalendarDayDeleteView(generic.DeleteView):
    def delete_action(self):
        day, reason = self.object.date, _day_reason(self.object)
        super().delete_action()
        report_changes(
            self.request, recalculate_due_dates({day}, reason, self.request.user)
        )


def year_state(override):
    if calendar_confirmed(override.date.year):
        return _("已确认")
    return _("暂定（当年安排未录入）")


class CalendarDayViewSet(ModelViewSet):
    model = HolidayOverride
    icon = "date"
    menu_label = gettext_lazy("节假日调整")
    add_to_admin_menu = False
    form_fields = ["date", "is_working_day", "note"]
    list_display = [
        "date",
        "is_working_day",
        "note",
        Column("year_state", label=gettext_lazy("当年安排"), accessor=year_state),
    ]
    add_view_class = CalendarDayCreateView
    edit_view_class = CalendarDayEditView
    delete_view_class = CalendarDayDeleteView


class HolidayScheduleCreateView(generic.CreateView):
    def get_success_message(self, instance):
        return _(
            "%(year)d年节假日安排已确认：该年的日期不再显示为“暂定”。"
            "请确认当年的放假和调休日期已在“节假日调整”中录入。"
        ) % {"year": instance.year}


class HolidayScheduleViewSet(ModelViewSet):
    """Adding a year here confirms it: its dates stop being provisional."""

    model = HolidaySchedule
    icon = "calendar-check"
    menu_label = gettext_lazy("已确认年度")
    add_to_admin_menu = False
    form_fields = ["year", "source"]
    list_display = ["year", "source", "confirmed_at"]
    add_view_class = HolidayScheduleCreateView
