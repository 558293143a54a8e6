"""Admin views for handling letters: the per-site queue, a letter's page with
its actions and history, exports, and the sites' handling units.

Every view lists only the sites `sites.isolation` lets the user see; changes
need `manageable_sites` (handling) or the site's reviewers' rights (approval,
publication), checked again in `handling`."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cms.casework.spreadsheet import safe_row
from cms.casework.workdays import calendar_confirmed
from sites.isolation import manageable_sites, visible_sites

from . import handling
from .deadlines import (
    Deadline,
    DeadlineState,
    deadline_state,
    filter_by_deadline,
    national_limit_cutoff,
)
from .forms import AssignForm, CloseForm, DepartmentForm, DraftForm, NoteForm
from .models import Department, Letter, LetterStatus

QUEUE_PAGE_SIZE = 50
CONTACT_PERMISSION = "interaction.view_letter_contact"


def queue_letters(request):
    """The letters the user may see, filtered by the query string; returns
    (letters, filters) where filters feeds the template."""
    sites = visible_sites(request.user).order_by("hostname")
    letters = Letter.objects.for_sites(sites).select_related(
        "site", "mailbox", "department"
    )
    today = timezone.localdate()
    hostname = request.GET.get("site", "")
    if hostname:
        letters = letters.filter(site__hostname=hostname)
    status = request.GET.get("status", "")
    if status in LetterStatus.values:
        letters = letters.filter(status=status)
    deadline = request.GET.get("deadline", "")
    letters = filter_by_deadline(letters, deadline, today)
    query = request.GET.get("q", "").strip()
    if query:
        letters = letters.filter(
            Q(tracking_code__iexact=query) | Q(subject__icontains=query)
        )
    filters = {
        "sites": sites,
        "site": hostname,
        "statuses": LetterStatus.choices,
        "status": status,
        "deadlines": Deadline.CHOICES,
        "deadline": deadline,
        "q": query,
    }
    return letters.order_by("-received_at", "-pk"), filters


def letter_index(request):
    if not visible_sites(request.user).exists():
        raise PermissionDenied
    letters, filters = queue_letters(request)
    page = Paginator(letters, QUEUE_PAGE_SIZE).get_page(request.GET.get("p"))
    today = timezone.localdate()
    national_cutoff = national_limit_cutoff(today)
    rows = [
        {
            "letter": letter,
            "deadline": deadline_state(letter, today),
            "national": letter.is_open and letter.received_at < national_cutoff,
        }
        for letter in page
    ]
    query_string = request.GET.copy()
    query_string.pop("p", None)
    return TemplateResponse(
        request,
        "interaction/admin/letter_index.html",
        {
            "page_title": _("来信办理"),
            "header_icon": "mail",
            "rows": rows,
            "page_obj": page,
            "filters": filters,
            "query_string": query_string.urlencode(),
            "DeadlineState": DeadlineState,
        },
    )


def _letter_for(request, pk):
    letter = get_object_or_404(
        Letter.objects.select_related(
            "site", "mailbox", "department", "answer_drafted_by", "answered_by"
        ),
        pk=pk,
    )
    if not visible_sites(request.user).filter(pk=letter.site_id).exists():
        raise Http404
    return letter


def letter_detail(request, pk):
    letter = _letter_for(request, pk)
    user = request.user
    may_handle = handling.can_handle(user, letter.site)
    may_review = handling.can_review(user, letter.site)
    forms = {
        "assign": AssignForm(site=letter.site),
        "draft": DraftForm(initial={"answer": letter.answer}),
        "reject": NoteForm(),
        "unpublish": NoteForm(),
        "close": CloseForm(letter=letter),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        response = _apply_action(request, letter, action, forms)
        if response is not None:
            return response
    return TemplateResponse(
        request,
        "interaction/admin/letter_detail.html",
        {
            "page_title": _("来信 %(code)s") % {"code": letter.tracking_code},
            "header_icon": "mail",
            "letter": letter,
            "events": letter.events.select_related("user"),
            "forms": forms,
            "may_handle": may_handle,
            "may_review": may_review,
            # Contact data is for the staff handling the letter, not for
            # inspectors browsing the cluster.
            "show_contact": may_handle,
            "deadline": deadline_state(letter),
            "national": letter.is_open
            and letter.received_at < national_limit_cutoff(timezone.localdate()),
            "index_url": reverse("interaction_admin:index"),
        },
    )


def _apply_action(request, letter, action, forms):
    """Carry out one posted action; a redirect on success, None to re-render
    the page with the bound form's errors."""
    user = request.user
    data = request.POST
    try:
        if action == "assign":
            form = forms["assign"] = AssignForm(data, site=letter.site)
            if not form.is_valid():
                return None
            handling.assign(
                letter,
                form.cleaned_data["department"],
                user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("已分办。"))
        elif action == "draft":
            form = forms["draft"] = DraftForm(data)
            if not form.is_valid():
                return None
            handling.draft_answer(letter, form.cleaned_data["answer"], user)
            messages.success(request, _("答复已保存，等待审核。"))
        elif action == "approve":
            handling.approve(letter, user)
            messages.success(request, _("答复已审核通过。"))
        elif action in ("reject", "unpublish"):
            form = forms[action] = NoteForm(data)
            if not form.is_valid():
                return None
            transition = handling.reject if action == "reject" else handling.unpublish
            transition(letter, user, form.cleaned_data["note"])
            messages.success(
                request, _("已退回修改。") if action == "reject" else _("已撤销公开。")
            )
        elif action == "publish":
            handling.publish(letter, user)
            messages.success(request, _("来信及答复已公开。"))
        elif action == "close":
            form = forms["close"] = CloseForm(data, letter=letter)
            if not form.is_valid():
                return None
            handling.close(
                letter,
                form.cleaned_data["reason"],
                form.cleaned_data["note"],
                user,
                duplicate_of=form.cleaned_data["duplicate_of"],
            )
            messages.success(request, _("来信已关闭。"))
        else:
            messages.error(request, _("未知操作。"))
    except handling.TransitionError as error:
        letter.refresh_from_db()
        messages.error(request, str(error))
    return redirect("interaction_admin:letter", letter.pk)


# --- export --------------------------------------------------------------


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_rows(letters, with_contact):
    header = [
        _("查询码"),
        _("站点"),
        _("信箱"),
        _("标题"),
        _("分类"),
        _("内容"),
        _("来信时间"),
        _("答复期限"),
        _("期限暂定"),
        _("状态"),
        _("承办单位"),
        _("答复内容"),
        _("答复时间"),
        _("按期答复"),
        _("同意公开"),
        _("公开时间"),
    ]
    if with_contact:
        header += [_("姓名"), _("联系电话"), _("电子邮箱")]
    yield header
    # Translate the labels once: gettext per row dominates a large export.
    status_labels = {value: str(label) for value, label in LetterStatus.choices}
    yes, no = _("是"), _("否")
    # 暂定: the due date lies in a year whose holiday schedule is not
    # confirmed, so it may still move; judged once per year.
    confirmed = {}
    # Related names as plain columns: building a Page per row is the other cost.
    letters = letters.select_related(None).annotate(
        site_hostname=F("site__hostname"),
        mailbox_title=F("mailbox__title"),
        department_name=F("department__name"),
    )
    for letter in letters.iterator(chunk_size=2000):
        on_time = letter.answered_on_time
        row = [
            letter.tracking_code,
            letter.site_hostname,
            letter.mailbox_title,
            letter.subject,
            letter.category,
            letter.content,
            _local(letter.received_at),
            letter.due_date.isoformat(),
            no if _confirmed(confirmed, letter.due_date.year) else yes,
            status_labels[letter.status],
            letter.department_name or "",
            letter.answer if letter.is_answered else "",
            _local(letter.answered_at),
            "" if on_time is None else (yes if on_time else no),
            yes if letter.agrees_to_publish else no,
            _local(letter.published_at),
        ]
        if with_contact:
            row += [letter.name, letter.phone, letter.email]
        yield safe_row(row)


def _confirmed(known, year):
    if year not in known:
        known[year] = calendar_confirmed(year)
    return known[year]


def letter_export(request, file_format):
    if not visible_sites(request.user).exists():
        raise PermissionDenied
    letters, _filters = queue_letters(request)
    with_contact = request.user.has_perm(CONTACT_PERMISSION)
    rows = export_rows(letters, with_contact)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(
            buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("来信"))
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="letters-{stamp}.{file_format}"'
    )
    return response


# --- handling units --------------------------------------------------------


def department_index(request):
    sites = manageable_sites(request.user).order_by("hostname")
    if not sites.exists():
        raise PermissionDenied
    form = DepartmentForm()
    chosen_site = None
    if request.method == "POST":
        chosen_site = sites.filter(pk=request.POST.get("site")).first()
        if chosen_site is None:
            raise PermissionDenied
        toggle = request.POST.get("toggle")
        if toggle:
            department = get_object_or_404(Department, pk=toggle, site=chosen_site)
            department.is_active = not department.is_active
            department.save(update_fields=["is_active"])
            messages.success(request, _("已更新承办单位状态。"))
            return redirect("interaction_admin:departments")
        form = DepartmentForm(request.POST, instance=Department(site=chosen_site))
        if form.is_valid():
            form.save()
            messages.success(request, _("已添加承办单位。"))
            return redirect("interaction_admin:departments")
    departments = Department.objects.filter(site__in=sites).select_related("site")
    return TemplateResponse(
        request,
        "interaction/admin/department_index.html",
        {
            "page_title": _("承办单位"),
            "header_icon": "group",
            "sites": sites,
            "departments": departments,
            "form": form,
            "chosen_site": chosen_site,
        },
    )
