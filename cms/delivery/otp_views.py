"""Admin views to enrol a TOTP authenticator and to enter its code at login."""

import segno
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .doors import two_factor_required


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("动态验证码"),
        max_length=6,
        min_length=6,
        help_text=gettext_lazy("身份验证器应用中显示的6位数字。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if (
            not token.isdigit()
            or self.device is None
            or not self.device.verify_token(token)
        ):
            raise forms.ValidationError(_("验证码不正确或已过期，请重新输入。"))
        return token


def _next_url(request):
    candidate = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}):
        return candidate
    return reverse("wagtailadmin_home")


class OTPVerifyView(WagtailAdminTemplateMixin, FormView):
    form_class = TokenForm
    template_name = "delivery/otp_form.html"
    page_title = gettext_lazy("两步验证")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        self.device = TOTPDevice.objects.filter(
            user=request.user, confirmed=True
        ).first()
        if self.device is None:
            return redirect("delivery_otp_setup")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_("请输入身份验证器应用中显示的6位验证码。"),
            next_url=_next_url(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        otp_login(self.request, self.device)
        return redirect(_next_url(self.request))


class OTPSetupView(WagtailAdminTemplateMixin, FormView):
    """Shows a fresh secret as a QR code; the user confirms with a first code."""

    form_class = TokenForm
    template_name = "delivery/otp_form.html"
    page_title = gettext_lazy("设置两步验证")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            messages.info(request, _("您已启用两步验证。"))
            return redirect("wagtailadmin_home")
        self.device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": _("身份验证器")}
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        qr = segno.make(self.device.config_url, error="m")
        return super().get_context_data(
            intro=_(
                "用身份验证器应用（如手机上的验证器）扫描二维码，然后输入应用显示的6位验证码完成设置。"
            ),
            required=two_factor_required(self.request.user),
            qr_svg=mark_safe(qr.svg_inline(scale=4)),  # noqa: S308 - generated SVG
            secret=_base32_secret(self.device),
            next_url=_next_url(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        self.device.confirmed = True
        self.device.save(update_fields=["confirmed"])
        otp_login(self.request, self.device)
        messages.success(self.request, _("两步验证已启用。"))
        return redirect(_next_url(self.request))


def _base32_secret(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode()
