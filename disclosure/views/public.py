"""The public side of applications: the form, the receipt, the status lookup.
Served through ApplicationPage's routes, so every site has its own."""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from cms.protection.ratelimit import (
    count_form_submission,
    form_limit_reached,
    limit_reached,
    wait_text,
)

from ..forms.public import ApplicationForm, StatusLookupForm
from ..handling import submit_application
from ..models import InformationApplication, IssuingBody

logger = logging.getLogger("govcluster.disclosure")
RECEIPT_SESSION_KEY = "disclosure_receipt"


def _render(request, page, template, context, status=200):
    context = {"page": page, "self": page, "request": request, **context}
    return TemplateResponse(request, template, context, status=status)


@csrf_protect
def application_form(request, page, body_id):
    try:
        body = page.bodies().get(pk=body_id)
    except IssuingBody.DoesNotExist as error:
        raise Http404 from error
    if request.method == "POST":
        limit = settings.DISCLOSURE_APPLICATION_RATE_LIMIT
        if refused := form_limit_reached(request, "disclosure-apply", limit):
            form = ApplicationForm(request.POST)
            form.is_valid()  # keep the applicant's input on the re-rendered form
            return _render(
                request,
                page,
                "disclosure/application_form.html",
                {
                    "body": body,
                    "form": form,
                    "rate_limited": _(
                        "提交过于频繁，请 %(wait)s后再试。如需帮助请致电 %(phone)s。"
                    )
                    % {"wait": wait_text(refused), "phone": body.office_phone or "-"},
                },
                status=429,
            )
        form = ApplicationForm(request.POST, request.FILES)
        # Only accepted applications and failed captchas count, not typos.
        count_form_submission(request, "disclosure-apply", limit, form)
        if form.is_valid():
            application = submit_application(
                body,
                form.application_data(),
                files=form.cleaned_data["attachments"],
            )
            # No personal data in logs: the tracking code identifies it.
            logger.info(
                "disclosure application %s received for body %s",
                application.tracking_code,
                body.pk,
            )
            request.session[RECEIPT_SESSION_KEY] = application.tracking_code
            return redirect(page.get_url(request) + page.reverse_subpage("receipt"))
    else:
        form = ApplicationForm()
    return _render(
        request,
        page,
        "disclosure/application_form.html",
        {"body": body, "form": form},
        status=400 if form.is_bound else 200,
    )


def application_receipt(request, page):
    """The receipt of the application just submitted from this browser; the
    tracking code travels in the session, never in the URL."""
    code = request.session.get(RECEIPT_SESSION_KEY)
    application = (
        InformationApplication.objects.select_related("body")
        .filter(tracking_code=code, body__site=page.get_site())
        .first()
        if code
        else None
    )
    if application is None:
        return redirect(page.get_url(request))
    return _render(
        request,
        page,
        "disclosure/application_receipt.html",
        {"application": application},
    )


@csrf_protect
def status_lookup(request, page):
    form = StatusLookupForm(request.POST or None)
    result, status, refused = None, 200, None
    if request.method == "POST":
        limit = settings.DISCLOSURE_STATUS_LOOKUP_RATE_LIMIT
        if limit_reached(request, "disclosure-status", limit):
            form = StatusLookupForm()
            refused = _("查询过于频繁，请 %(wait)s后再试。") % {
                "wait": wait_text(limit)
            }
            status = 429
        elif form.is_valid():
            result = (
                InformationApplication.objects.select_related("body")
                .filter(
                    tracking_code=form.cleaned_data["tracking_code"],
                    phone=form.cleaned_data["phone"],
                    body__site=page.get_site(),
                )
                .first()
            )
            if result is None:
                form.add_error(
                    None, _("没有找到与查询码和联系电话相符的申请，请核对后重试。")
                )
                status = 404
        else:
            status = 400
    return _render(
        request,
        page,
        "disclosure/status_lookup.html",
        {"form": form, "result": result, "refused": refused},
        status=status,
    )
