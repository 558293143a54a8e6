"""The doors: login lockout, two-factor login, security headers and CSP, the
admin only on its hostnames, production cookie and session settings, and the
cluster-wide POST flood limit in front of every public form."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root-admin", is_superuser=True, is_staff=True)
    return user


@pytest.fixture
def editor(two_sites):
    city, _town = two_sites
    return UserFactory(username="editor-city", groups=[city.editors_group])


def attempt(client, username, password, ip="203.0.113.5"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        HTTP_HOST="localhost",
        REMOTE_ADDR=ip,
    )


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# Login lockout (django-axes)


def test_repeated_failures_lock_the_login_with_a_chinese_message(client, superuser):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "root-admin", "wrong").status_code == 200
    locked = attempt(client, "root-admin", "wrong")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    # Even the right password is refused while locked.
    assert attempt(client, "root-admin", PASSWORD).status_code == 429


def test_the_test_client_and_commands_can_still_authenticate(client, editor):
    assert client.login(username="editor-city", password=PASSWORD)


def test_lockout_is_per_user_and_address(client, superuser, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "root-admin", "wrong")
    # Another user from the same address, and the same user elsewhere, log in.
    assert attempt(client, "editor-city", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "root-admin", PASSWORD, ip="198.51.100.9").status_code == 302


def test_the_lockout_counts_the_address_nginx_forwards(rf):
    from cms.delivery.doors import client_ip

    through_nginx = rf.get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert client_ip(through_nginx) == "203.0.113.7"
    # A client talking to gunicorn directly cannot pick its own address.
    forged = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(forged) == "192.0.2.1"


# Two-factor login (django-otp, TOTP)


def test_a_user_with_an_authenticator_must_enter_its_code(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client.force_login(editor)
    response = client.get("/admin/", HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/otp/verify/")
    wrong = client.post(
        "/admin/otp/verify/?next=/admin/pages/",
        {"token": "000000" if current_code(device) != "000000" else "111111"},
        HTTP_HOST="localhost",
    )
    assert "验证码不正确或已过期" in wrong.content.decode()
    assert client.get("/admin/", HTTP_HOST="localhost").status_code == 302
    # django-otp throttles after a failure (exponential back-off); skip the wait.
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post(
        "/admin/otp/verify/?next=/admin/pages/",
        {"token": current_code(device)},
        HTTP_HOST="localhost",
    )
    assert ok.status_code == 302
    assert ok["Location"] == "/admin/pages/"
    assert client.get("/admin/", HTTP_HOST="localhost").status_code == 200


def test_the_verify_page_never_redirects_elsewhere(client, editor):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    client.force_login(editor)
    response = client.post(
        "/admin/otp/verify/?next=https://evil.example/",
        {"token": current_code(device)},
        HTTP_HOST="localhost",
    )
    assert response["Location"] == "/admin/"


def test_cluster_admins_must_enrol_when_required(client, superuser, editor, settings):
    settings.OTP_REQUIRED_FOR_CLUSTER_ADMINS = True
    client.force_login(superuser)
    response = client.get("/admin/", HTTP_HOST="localhost")
    assert response["Location"].startswith("/admin/otp/setup/")
    setup = client.get(response["Location"], HTTP_HOST="localhost")
    assert setup.status_code == 200
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    confirmed = client.post(
        "/admin/otp/setup/", {"token": current_code(device)}, HTTP_HOST="localhost"
    )
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/", HTTP_HOST="localhost").status_code == 200
    # Ordinary editors stay optional.
    client.force_login(editor)
    assert client.get("/admin/", HTTP_HOST="localhost").status_code == 200


def test_two_factor_is_optional_when_not_required(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/", HTTP_HOST="localhost").status_code == 200


# Headers


def test_public_pages_carry_a_strict_policy_and_security_headers(client, two_sites):
    response = client.get("/", HTTP_HOST="city.localhost")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "'unsafe-eval'" not in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_works_under_its_policy(client, superuser, two_sites):
    city, _town = two_sites
    client.force_login(superuser)
    editor_page = client.get(
        f"/admin/pages/{city.site.root_page_id}/edit/", HTTP_HOST="localhost"
    )
    assert editor_page.status_code == 200
    policy = editor_page["Content-Security-Policy"]
    # The Wagtail editor runs inline scripts; its policy allows them, only there.
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert (
        "<script>" in editor_page.content.decode()
        or "<script " in editor_page.content.decode()
    )


# Admin hostnames


def test_the_admin_answers_only_on_its_hostnames(
    client, superuser, two_sites, settings
):
    settings.ADMIN_HOSTNAMES = ["admin.localhost"]
    assert client.get("/admin/login/", HTTP_HOST="city.localhost").status_code == 404
    assert client.get("/admin/", HTTP_HOST="town.localhost").status_code == 404
    assert client.get("/admin/login/", HTTP_HOST="admin.localhost").status_code == 200
    # Public pages are unaffected.
    assert client.get("/", HTTP_HOST="city.localhost").status_code == 200


# Production settings


def production_settings(**extra_env):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": ".gov.example.cn",
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
        "ADMIN_HOSTNAMES": "admin.gov.example.cn",
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # read, not connected to
        **extra_env,
    }
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_NAME",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SESSION_COOKIE_AGE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "ADMIN_HOSTNAMES",
        "DEBUG",
    ]
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={k: v for k, v in env.items() if v is not None},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    return result


def test_production_uses_secure_cookies_and_short_sessions():
    result = production_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SESSION_COOKIE_AGE"] <= 8 * 3600
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ADMIN_HOSTNAMES"] == ["admin.gov.example.cn"]
    assert values["DEBUG"] is False


def test_production_refuses_to_start_without_admin_hostnames():
    result = production_settings(ADMIN_HOSTNAMES="")
    assert result.returncode != 0
    assert "ADMIN_HOSTNAMES" in result.stderr
