"""The one rate limit of the public forms and APIs: attempts per client address
in a fixed window, counted in the Django cache.

Each form has its own setting, a pair (attempts, window in seconds), e.g.
DISCLOSURE_APPLICATION_RATE_LIMIT = (5, 3600). The cache key holds a keyed hash
(HMAC with SECRET_KEY) of the address, never the address itself: a plain hash
of an IPv4 address is reversed by hashing all four billion of them.

Lookups and APIs count every request (limit_reached). A form with a captcha
counts only what costs something (form_limit_reached, then
count_form_submission): accepted submissions against the form's own limit, and
failed captchas against CAPTCHA_FAILURE_RATE_LIMIT, shared by all forms. A
citizen's typos are not counted, so they never lock anyone out."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cms.delivery.doors import client_ip


def _key(request, scope):
    digest = salted_hmac("ratelimit", client_ip(request)).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def _count(request, scope, window):
    """Count one attempt of `request`'s client for `scope`; the count so far."""
    key = _key(request, scope)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:
        # The window expired between add() and incr(): start a new one.
        cache.set(key, 1, timeout=window)
        return 1


def limit_reached(request, scope, limit):
    """Count one attempt of `request`'s client for `scope`; True when the
    client has gone over `limit` = (attempts, window in seconds)."""
    attempts, window = limit
    return _count(request, scope, window) > attempts


def _used_up(request, scope, limit):
    attempts, _window = limit
    return (cache.get(_key(request, scope)) or 0) >= attempts


CAPTCHA_FAILURE_SCOPE = "captcha-failed"


def form_limit_reached(request, scope, limit):
    """The limit `request`'s client has used up for the form `scope` (its
    accepted submissions, `limit`) or for the captcha (its failed answers,
    CAPTCHA_FAILURE_RATE_LIMIT); None while both allow another submission.
    Counts nothing: count_form_submission does, once the form is checked."""
    if _used_up(request, scope, limit):
        return limit
    if _used_up(request, CAPTCHA_FAILURE_SCOPE, settings.CAPTCHA_FAILURE_RATE_LIMIT):
        return settings.CAPTCHA_FAILURE_RATE_LIMIT
    return None


def count_form_submission(request, scope, limit, form, captcha_field="captcha"):
    """Count a checked submission of the form `scope`: an accepted one against
    `limit`, one with a failed captcha against CAPTCHA_FAILURE_RATE_LIMIT.
    Other rejections (a mistyped phone number) are not counted."""
    if form.is_valid():
        _count(request, scope, limit[1])
    elif captcha_field in form.errors:
        _count(request, CAPTCHA_FAILURE_SCOPE, settings.CAPTCHA_FAILURE_RATE_LIMIT[1])


def wait_text(limit):
    """How long a refused client waits at most, for messages ("1 小时")."""
    _attempts, window = limit
    if window % 3600 == 0:
        return _("%(hours)s 小时") % {"hours": window // 3600}
    if window % 60 == 0:
        return _("%(minutes)s 分钟") % {"minutes": window // 60}
    return _("%(seconds)s 秒") % {"seconds": window}
