"""Staff views in the Wagtail admin: the application queue of each body, an
application's record with the legal actions, reply and applicant files, and
the list of documents published late.

Isolation: lists show only the sites `visible_sites(user)` allows, with ID
numbers, phones and names masked; the full record, the files and the actions
are for the body's handlers (and cluster administrators) only."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.casework.deadlines import warning_horizon, working_days_left
from cms.casework.spreadsheet import safe_row
from cms.casework.workdays import is_provisional
from sites.isolation import is_cluster_admin, visible_sites
from sites.models import SiteProfile

from .. import handling
from ..forms.staff import ACTIONS, RegistrationForm
from ..lateness import late_documents
from ..models import (
    ApplicationAttachment,
    ApplicationStatus,
    FeeNotice,
    InformationApplication,
    IssuingBody,
)
from ..models.applications import CLOSED_STATUSES
from ..warnings import unconfirmed_calendar_warning

ACTIONS_BY_STATUS = {
    ApplicationStatus.RECEIVED: [
        "answer",
        "request_correction",
        "start_consultation",
        "notify_fee",
        "extend",
    ],
    ApplicationStatus.CORRECTION: ["receive_correction", "lapse"],
    ApplicationStatus.CONSULTING: ["end_consultation", "start_consultation", "extend"],
    ApplicationStatus.FEE_PENDING: ["receive_fee", "close_unpaid"],
}
QUEUE_PAGE_SIZE = 50


def visible_bodies(user):
    return IssuingBody.objects.filter(site__in=visible_sites(user)).select_related(
        "site"
    )


def handled_body_ids(user):
    """Bodies whose applications `user` may see in full."""
    if is_cluster_admin(user):
        return set(IssuingBody.objects.values_list("pk", flat=True))
    return set(user.disclosure_bodies.values_list("pk", flat=True))


def queue_applications(user, params, today):
    """The applications of the queue for the filters in `params`."""
    applications = InformationApplication.objects.filter(
        body__in=visible_bodies(user)
    ).select_related("body")
    body = params.get("body")
    if body and body.isdigit():
        applications = applications.filter(body_id=int(body))
    status = params.get("status", "open")
    if status == "open":
        applications = applications.exclude(status__in=CLOSED_STATUSES)
    elif status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    due = params.get("due")
    if due == "overdue":
        applications = applications.overdue(today)
    elif due == "soon":
        applications = applications.due_between(
            today, warning_horizon(today, settings.DISCLOSURE_DUE_SOON_WORKING_DAYS)
        )
    if code := params.get("q", "").strip():
        applications = applications.filter(tracking_code__icontains=code)
    return applications.order_by("due_date", "received_on", "pk")


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/admin/queue.html"
    page_title = gettext_lazy("依申请公开办理")
    header_icon = "mail"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.export_csv()
        return super().get(request, *args, **kwargs)

    def rows(self, applications, today):
        handled = handled_body_ids(self.request.user)
        rows = []
        for application in applications:
            rows.append(
                {
                    "application": application,
                    "is_handler": application.body_id in handled,
                    "days_left": working_days_left(today, application.due_date)
                    if application.is_open and application.due_date
                    else None,
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        applications = queue_applications(self.request.user, self.request.GET, today)
        paginator = Paginator(applications, QUEUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        rows = self.rows(page, today)
        due_dates = [row["application"].due_date for row in rows]
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            {
                "page_obj": page,
                "rows": rows,
                "bodies": visible_bodies(self.request.user),
                "statuses": ApplicationStatus.choices,
                "params": self.request.GET,
                "query": query.urlencode(),
                "today": today,
                "calendar_warning": unconfirmed_calendar_warning(*due_dates),
                "due_soon_days": settings.DISCLOSURE_DUE_SOON_WORKING_DAYS,
            }
        )
        return context

    def export_csv(self):
        """The filtered queue as CSV: ID numbers masked, no phone or address."""
        today = timezone.localdate()
        applications = queue_applications(self.request.user, self.request.GET, today)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="disclosure-applications-{today:%Y%m%d}.csv"'
        )
        response.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        writer = csv.writer(response)
        writer.writerow(
            [
                _("查询码"),
                _("受理机构"),
                _("申请人类型"),
                _("申请人"),
                _("证件号码"),
                _("收到日期"),
                _("状态"),
                _("答复期限"),
                _("期限暂定"),
                _("剩余工作日"),
                _("答复类型"),
                _("答复日期"),
            ]
        )
        for row in self.rows(applications, today):
            application = row["application"]
            writer.writerow(
                safe_row(
                    [
                        application.tracking_code,
                        application.body.name,
                        application.get_applicant_type_display(),
                        application.name
                        if application.is_organisation
                        else application.masked_name,
                        application.masked_id_number,
                        application.received_on.isoformat(),
                        application.get_status_display(),
                        application.due_date.isoformat()
                        if application.due_date
                        else "",
                        provisional_label(application.due_date),
                        "" if row["days_left"] is None else row["days_left"],
                        application.get_answer_type_display(),
                        application.answered_on.isoformat()
                        if application.answered_on
                        else "",
                    ]
                )
            )
        return response


def provisional_label(day):
    """The 期限暂定 cell of an export: 是 when `day` lies in a year whose
    holiday schedule is not confirmed (the date may still move), 否 when it
    is final, empty without a date."""
    if day is None:
        return ""
    return _("是") if is_provisional(day) else _("否")


def handled_application(user, pk):
    """The application `pk` if `user` handles its body; 403 otherwise (also
    for applications of other sites, whose existence is not revealed)."""
    application = get_object_or_404(
        InformationApplication.objects.select_related("body__site"), pk=pk
    )
    if not application.body.is_handler(user):
        raise PermissionDenied
    return application


class ApplicationDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/admin/application.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        self.application = handled_application(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("申请 %(code)s") % {"code": self.application.tracking_code}

    def available_actions(self):
        return ACTIONS_BY_STATUS.get(self.application.status, [])

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        forms = forms or {}
        today = timezone.localdate()
        consultations = [
            {"consultation": c, "deadline": handling.consultation_deadline(c)}
            for c in application.consultations.all()
        ]
        fee_notice = FeeNotice.objects.filter(application=application).first()
        actions = [
            {
                "name": name,
                "label": ACTIONS[name][1],
                "form": forms.get(name)
                or ACTIONS[name][0](prefix=name, application=application),
            }
            for name in self.available_actions()
        ]
        context.update(
            {
                "application": application,
                "events": application.events.select_related("actor"),
                "applicant_files": application.attachments.filter(
                    kind=ApplicationAttachment.Kind.APPLICANT
                ),
                "reply_files": application.attachments.filter(
                    kind=ApplicationAttachment.Kind.REPLY
                ),
                "actions": actions,
                "days_left": handling.days_left(application, today),
                "correction_notice_deadline": handling.correction_notice_deadline(
                    application
                ),
                "consultations": consultations,
                "fee_notice": fee_notice,
                "calendar_warning": unconfirmed_calendar_warning(
                    application.due_date,
                    application.correction_due,
                    *[row["deadline"] for row in consultations],
                    fee_notice.payment_due if fee_notice else None,
                ),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        name = request.POST.get("action")
        if name not in self.available_actions():
            messages.error(request, _("当前状态下不能进行该操作。"))
            return redirect(request.path)
        form_class = ACTIONS[name][0]
        form = form_class(
            request.POST, request.FILES, prefix=name, application=self.application
        )
        if form.is_valid():
            data = form.handling_kwargs()
            try:
                getattr(handling, name)(self.application, request.user, **data)
            except handling.TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("已记录：%(action)s。") % {"action": ACTIONS[name][1]},
                )
                return redirect(request.path)
        self.application.refresh_from_db()
        return self.render_to_response(
            self.get_context_data(forms={name: form}), status=400
        )


class RegisterApplicationView(WagtailAdminTemplateMixin, TemplateView):
    """Staff register an application received by letter, in person, by fax or
    orally for a body they handle; the tracking code is then given to the
    applicant."""

    template_name = "disclosure/admin/register.html"
    page_title = gettext_lazy("登记线下申请")
    header_icon = "doc-empty-inverse"

    def dispatch(self, request, *args, **kwargs):
        self.bodies = IssuingBody.objects.filter(
            pk__in=handled_body_ids(request.user), site__in=visible_sites(request.user)
        ).select_related("site")
        if not self.bodies.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or RegistrationForm(bodies=self.bodies)
        return context

    def post(self, request, *args, **kwargs):
        form = RegistrationForm(request.POST, request.FILES, bodies=self.bodies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = handling.register_application(
                    data["body"],
                    form.application_data(),
                    data["channel"],
                    data["received_on"],
                    request.user,
                    files=data["attachments"],
                )
            except handling.TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "已登记申请，查询码 %(code)s，答复期限 %(due)s。"
                        "请将查询码告知申请人。"
                    )
                    % {
                        "code": application.tracking_code,
                        "due": application.due_date.isoformat(),
                    },
                )
                return redirect("disclosure_admin:application", application.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def attachment_download(request, pk):
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application__body"), pk=pk
    )
    if not attachment.application.body.is_handler(request.user):
        raise PermissionDenied
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )


class LateDocumentsView(WagtailAdminTemplateMixin, TemplateView):
    """Documents published later than the proactive-disclosure deadline, for
    the disclosure office of each site the user may see."""

    template_name = "disclosure/admin/late_documents.html"
    page_title = gettext_lazy("逾期公开的文件")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profiles = SiteProfile.objects.with_site().filter(
            site__in=visible_sites(self.request.user)
        )
        chosen = self.request.GET.get("site")
        if chosen:
            profiles = profiles.filter(site__hostname=chosen)
        sections = []
        for profile in profiles:
            documents = list(
                late_documents(profile).select_related("issuing_body")[:200]
            )
            if documents:
                sections.append({"profile": profile, "documents": documents})
        context.update(
            {
                "sections": sections,
                "deadline_days": settings.DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS,
                "all_profiles": SiteProfile.objects.with_site().filter(
                    site__in=visible_sites(self.request.user)
                ),
                "chosen": chosen,
            }
        )
        return context


def queue_url(**params):
    from urllib.parse import urlencode

    url = reverse("disclosure_admin:queue")
    return f"{url}?{urlencode(params)}" if params else url
