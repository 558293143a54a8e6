"""Public views of the mailbox pages (routed from MailboxPage) and the
solicitation page. Nothing personal (name, phone, email) is ever rendered
here except back to the writer on the lookup page, which needs code and phone."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.protection.ratelimit import (
    count_form_submission,
    form_limit_reached,
    limit_reached,
    wait_text,
)

from . import handling
from .forms import LetterForm, LookupForm, SearchForm
from .metrics import site_statistics
from .models import LetterStatus

RECEIPT_SESSION_KEY = "interaction_receipt"


def mailbox_urls(request, page):
    index = page.get_url(request)
    return {
        "index": index,
        "write": index + page.reverse_subpage("write"),
        "receipt": index + page.reverse_subpage("receipt"),
        "lookup": index + page.reverse_subpage("lookup"),
    }


def _render(request, page, template, status=200, **context):
    return TemplateResponse(
        request,
        template,
        {**page.get_context(request), **context},
        status=status,
    )


def _render_mailbox(request, page, template, status=200, **context):
    return _render(
        request,
        page,
        template,
        status=status,
        mailbox_urls=mailbox_urls(request, page),
        **context,
    )


def mailbox_index(request, page):
    search = SearchForm(request.GET or None)
    letters = page.letters.published().select_related("department")
    query = ""
    if search.is_valid() and search.cleaned_data["q"].strip():
        query = search.cleaned_data["q"].strip()
        letters = letters.filter(
            Q(subject__icontains=query)
            | Q(content__icontains=query)
            | Q(answer__icontains=query)
        )
    paginator = Paginator(
        letters.order_by("-received_at", "-pk"), settings.INTERACTION_LETTERS_PER_PAGE
    )
    return _render_mailbox(
        request,
        page,
        "interaction/mailbox_page.html",
        letters=paginator.get_page(request.GET.get("page")),
        search_form=search,
        query=query,
        statistics=site_statistics(page.get_site()),
    )


def mailbox_write(request, page):
    if request.method == "POST":
        form = LetterForm(request.POST, mailbox=page)
        limit = settings.INTERACTION_LETTER_RATE_LIMIT
        if refused := form_limit_reached(request, "interaction-letter", limit):
            form.is_valid()  # keep the writer's text on the re-rendered form
            form.add_error(
                None,
                _("提交过于频繁，请 %(wait)s后再试。您填写的内容已保留在下方。")
                % {"wait": wait_text(refused)},
            )
            return _render_mailbox(
                request, page, "interaction/mailbox_write.html", status=429, form=form
            )
        # Only accepted letters and failed captchas count, not typos.
        count_form_submission(request, "interaction-letter", limit, form)
        if form.is_valid():
            letter = handling.receive(page, **form.letter_fields())
            request.session[RECEIPT_SESSION_KEY] = letter.pk
            return redirect(mailbox_urls(request, page)["receipt"])
    else:
        form = LetterForm(mailbox=page)
    return _render_mailbox(request, page, "interaction/mailbox_write.html", form=form)


def mailbox_receipt(request, page):
    letter_pk = request.session.pop(RECEIPT_SESSION_KEY, None)
    letter = page.letters.filter(pk=letter_pk).first() if letter_pk else None
    if letter is None:
        return redirect(page.get_url(request))
    return _render_mailbox(
        request, page, "interaction/mailbox_receipt.html", letter=letter
    )


def mailbox_lookup(request, page):
    letter = None
    status = 200
    if request.method == "POST":
        form = LookupForm(request.POST)
        limit = settings.INTERACTION_LOOKUP_RATE_LIMIT
        if limit_reached(request, "interaction-lookup", limit):
            form.is_valid()
            form.add_error(
                None,
                _("查询过于频繁，请 %(wait)s后再试。") % {"wait": wait_text(limit)},
            )
            status = 429
        elif form.is_valid():
            letter = form.find_letter(page)
            if letter is None:
                form.add_error(None, _("查询码或联系电话不正确，请核对后重试。"))
    else:
        form = LookupForm()
    return _render_mailbox(
        request,
        page,
        "interaction/mailbox_lookup.html",
        status=status,
        form=form,
        letter=letter,
        show_answer=letter is not None
        and letter.status in (LetterStatus.ANSWERED, LetterStatus.PUBLISHED),
    )


def mailbox_letter(request, page, letter_id):
    from django.http import Http404

    letter = (
        page.letters.published().select_related("department").filter(pk=letter_id)
    ).first()
    if letter is None:
        raise Http404
    return _render_mailbox(
        request, page, "interaction/letter_detail.html", letter=letter
    )


def solicitation_serve(request, page, *args, **kwargs):
    """The form-builder serve, refusing submissions outside the open period
    and counting accepted opinions (and failed captchas) against the limits,
    like the other public forms: a citizen's typos lock nobody out."""
    from .models import SolicitationPage

    if request.method != "POST":
        return super(SolicitationPage, page).serve(request, *args, **kwargs)
    now = timezone.now()
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    limit = settings.INTERACTION_SOLICITATION_RATE_LIMIT
    refusal = None
    if not page.is_open(now):
        refusal = (
            _("本次征集尚未开始，暂不接收意见。")
            if page.has_not_opened(now)
            else _("本次征集已于%(closed)s截止，不再接收意见。")
            % {"closed": timezone.localtime(page.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
        status = 403
    elif refused := form_limit_reached(request, "interaction-solicitation", limit):
        refusal = _("提交过于频繁，请 %(wait)s后再试。") % {"wait": wait_text(refused)}
        status = 429
    if refusal:
        return _render(
            request,
            page,
            page.get_template(request),
            status=status,
            form=form,
            refusal=refusal,
        )
    count_form_submission(request, "interaction-solicitation", limit, form)
    if form.is_valid():
        submission = page.process_form_submission(form)
        return page.render_landing_page(request, submission, *args, **kwargs)
    return _render(request, page, page.get_template(request), form=form)
