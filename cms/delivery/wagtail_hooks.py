from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .otp_views import OTPSetupView, OTPVerifyView


@hooks.register("register_admin_urls")
def register_otp_urls():
    return [
        path("otp/verify/", OTPVerifyView.as_view(), name="delivery_otp_verify"),
        path("otp/setup/", OTPSetupView.as_view(), name="delivery_otp_setup"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    return {
        "url": reverse("delivery_otp_setup"),
        "label": _("两步验证"),
        "help_text": _("用手机身份验证器应用为登录增加动态验证码。"),
    }
