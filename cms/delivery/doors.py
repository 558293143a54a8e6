"""The doors of the platform: security headers and CSP, the admin only on its
own hostnames, two-factor login for the admin, and the login lockout reply."""

from urllib.parse import urlencode

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sites.isolation import is_cluster_admin

ADMIN_PREFIX = "/admin/"


def _policy(directives):
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in directives.items()
    )


class SecurityHeadersMiddleware:
    """Content-Security-Policy (a strict one for public pages, a wider one the
    Wagtail editor needs for the admin) and Permissions-Policy. Django's
    SecurityMiddleware adds nosniff, Referrer-Policy, COOP and HSTS."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _policy(settings.CSP_PUBLIC)
        self.admin_policy = _policy(settings.CSP_ADMIN)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(ADMIN_PREFIX)
            response["Content-Security-Policy"] = (
                self.admin_policy if is_admin else self.public_policy
            )
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def admin_allowed_on(host):
    allowed = settings.ADMIN_HOSTNAMES
    return not allowed or host.split(":")[0].lower() in {h.lower() for h in allowed}


class AdminHostnameMiddleware:
    """The admin answers only on ADMIN_HOSTNAMES; public hostnames give 404,
    so the admin is not on the public path of any site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and not admin_allowed_on(
            request.get_host()
        ):
            raise Http404
        return self.get_response(request)


def two_factor_required(user):
    return settings.OTP_REQUIRED_FOR_CLUSTER_ADMINS and is_cluster_admin(user)


class TwoFactorMiddleware:
    """Admin users with a confirmed TOTP device must enter a code after their
    password; cluster administrators must enrol first when
    OTP_REQUIRED_FOR_CLUSTER_ADMINS is on. Runs after django-otp's
    OTPMiddleware, which sets request.user.is_verified()."""

    EXEMPT = ("login/", "logout/", "otp/", "jsi18n/", "password_reset/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect_for(request)
        return redirect or self.get_response(request)

    def redirect_for(self, request):
        from django_otp import user_has_device

        path = request.path
        if not path.startswith(ADMIN_PREFIX):
            return None
        if path.removeprefix(ADMIN_PREFIX).startswith(self.EXEMPT):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        query = urlencode({"next": request.get_full_path()})
        if user_has_device(user):
            return HttpResponseRedirect(f"{reverse('delivery_otp_verify')}?{query}")
        if two_factor_required(user):
            return HttpResponseRedirect(f"{reverse('delivery_otp_setup')}?{query}")
        return None


def client_ip(request):
    """The reader's address: X-Forwarded-For when the request came through a
    trusted proxy (nginx sets it to the single client address), else the peer."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and peer in settings.TRUSTED_PROXY_ADDRESSES:
        return forwarded.split(",")[-1].strip()
    return peer


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login attempt gets (django-axes AXES_LOCKOUT_CALLABLE)."""
    hours = settings.AXES_COOLOFF_TIME
    minutes = round(float(hours) * 60) if hours else 0
    if minutes:
        message = _(
            "登录失败次数过多，账号已被临时锁定，请 %(minutes)s 分钟后再试或联系管理员。"
        ) % {"minutes": minutes}
    else:
        message = _("登录失败次数过多，账号已被锁定，请联系管理员解锁。")
    body = (
        '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>{_('账号已锁定')}</title></head><body><main><h1>{_('账号已锁定')}"
        f"</h1><p>{message}</p></main></body></html>"
    )
    return HttpResponse(body, status=429, content_type="text/html; charset=utf-8")


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes for HTTP logins. authenticate() calls without a request
    (management commands, the test client's login()) are not login attempts
    from the network; they skip the lockout check instead of failing."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )
