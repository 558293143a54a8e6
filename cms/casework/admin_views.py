"""Admin views of the calendar: days entered one by one (HolidayOverride) and
the years whose schedule is complete (HolidaySchedule). Saving or deleting a
day recomputes the due dates it moves and lists them in a message. The app
that shows them in its menu registers the viewsets and their permission
policies."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from .models import HolidayOverride, HolidaySchedule
from .recalculation import recalculate_due_dates
from .schedule import ScheduleError, enter_schedule, parse_schedule
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
        with transaction.atomic():
            super().delete_action()
            changes = recalculate_due_dates({day}, reason, self.request.user)
        report_changes(self.request, changes)


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


class HolidayScheduleIndexView(generic.IndexView):
    import_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    _("导入年度安排"),
                    url=reverse(self.import_url_name),
                    icon_name="upload",
                )
            )
        return buttons


class ScheduleImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("年度节假日安排"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=gettext_lazy(
            "第一行写“year 2027”，可写“source 通知文号”，其后每行一天："
            "“2027-01-01 holiday 元旦”（放假）或“2027-02-20 workday 春节调休”（上班）。"
            "录入后该年度即为已确认，原录入的当年日期以此为准。"
        ),
    )

    def clean_text(self):
        try:
            self.schedule = parse_schedule(self.cleaned_data["text"])
        except ScheduleError as error:
            raise forms.ValidationError(error.errors) from error
        return self.cleaned_data["text"]


def schedule_import_view(request, viewset):
    """Paste a year's schedule (the import_holidays format): 预览 lists what
    would change without writing; 导入 enters it like the command."""
    if not viewset.permission_policy.user_has_permission(request.user, "add"):
        raise PermissionDenied
    form = ScheduleImportForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        dry_run = "preview" in request.POST
        result = enter_schedule(form.schedule, user=request.user, dry_run=dry_run)
        if dry_run:
            preview = result
        else:
            messages.success(
                request,
                _("%(year)d年节假日安排已导入并确认：%(days)d天有变化。")
                % {"year": form.schedule.year, "days": len(result.day_changes)},
            )
            report_changes(request, result.case_changes)
            return redirect(viewset.get_url_name("index"))
    return TemplateResponse(
        request,
        "casework/admin/schedule_import.html",
        {
            "page_title": _("导入年度节假日安排"),
            "header_icon": "upload",
            "form": form,
            "preview": preview,
        },
    )


class HolidayScheduleViewSet(ModelViewSet):
    """Adding a year here confirms it: its dates stop being provisional. The
    import view enters a whole year's days and confirms it at once."""

    model = HolidaySchedule
    icon = "calendar-check"
    menu_label = gettext_lazy("已确认年度")
    add_to_admin_menu = False
    form_fields = ["year", "source"]
    list_display = ["year", "source", "confirmed_at"]
    index_view_class = HolidayScheduleIndexView
    add_view_class = HolidayScheduleCreateView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            import_url_name=self.get_url_name("import"), **kwargs
        )

    def import_view(self, request):
        return schedule_import_view(request, self)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", self.import_view, name="import"),
        ]
