"""Figures about a site's letters: the public 12-month statistics and the
consultation health the monitoring app reads for the `interaction_poor` veto."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from sites.scoping import any_subtree_q, sites_holding

from .deadlines import add_months, national_limit_cutoff, start_of_day
from .models import CONSULTATION_KINDS, Letter, LetterStatus, MailboxPage

SECONDS_PER_DAY = 86400


@dataclass
class LetterStatistics:
    """Letters received in [since, until], as shown on the public pages."""

    since: date
    until: date
    received: int
    closed: int
    answered: int
    answered_on_time: int
    # Median calendar days from receipt to approved answer; None without answers.
    median_answer_days: float | None

    @property
    def on_time_rate(self):
        """Percentage of answered letters answered within the deadline."""
        if not self.answered:
            return None
        return round(100 * self.answered_on_time / self.answered, 1)


def site_statistics(site, as_of: date | None = None) -> LetterStatistics:
    """Statistics of every letter of `site` received in the 12 months up to
    and including `as_of` (default today). `received` counts all letters,
    closed ones included; answered and on-time counts look at answers given
    up to `as_of`."""
    as_of = as_of or timezone.localdate()
    since = add_months(as_of, -12) + timedelta(days=1)
    end = start_of_day(as_of + timedelta(days=1))
    letters = list(
        Letter.objects.filter(
            site=site, received_at__gte=start_of_day(since), received_at__lt=end
        ).values_list("status", "received_at", "answered_at", "due_date")
    )
    answer_days = []
    on_time = 0
    for _status, received_at, answered_at, due_date in letters:
        if answered_at is None or answered_at >= end:
            continue
        answer_days.append(
            (answered_at - received_at).total_seconds() / SECONDS_PER_DAY
        )
        on_time += timezone.localdate(answered_at) <= due_date
    return LetterStatistics(
        since=since,
        until=as_of,
        received=len(letters),
        closed=sum(status == LetterStatus.CLOSED for status, *_rest in letters),
        answered=len(answer_days),
        answered_on_time=on_time,
        median_answer_days=(
            round(statistics.median(answer_days), 1) if answer_days else None
        ),
    )


@dataclass
class OverdueLetter:
    tracking_code: str
    received_at: datetime
    admin_url: str
    # When the answer came, past the national limit; None while unanswered.
    answered_at: datetime | None = None


@dataclass
class ConsultationHealth:
    # Public URLs of the site's live consultation-kind mailbox pages.
    channels: list[str]
    # Valid consultation letters left unanswered for more than
    # INTERACTION_NATIONAL_LIMIT_MONTHS at some time in [since, as_of]: still
    # unanswered on `as_of` (however long ago they came), or answered past the
    # limit on or after `since`.
    overdue: list[OverdueLetter]
    # Valid consultation letters received in [since, as_of] answered after their
    # due date, or still open past it, that are not in `overdue`.
    late: list[OverdueLetter]


def letter_admin_url(letter):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "interaction_admin:letter", args=[letter.pk]
    )


def consultation_health(
    profile, as_of: date, since: date, months: int | None = None
) -> ConsultationHealth:
    """What the national `interaction_poor` veto looks at for `profile`'s site
    over the period [since, as_of] (the monitor's lookback, a year by default),
    with letters overdue past `months` (the score table's threshold; default
    INTERACTION_NATIONAL_LIMIT_MONTHS).
    Leader and consultation mailboxes count (CONSULTATION_KINDS); complaint/
    petition and discipline mailboxes, interviews and solicitations do not.
    Letters closed unanswered (as invalid or duplicate) are not valid
    consultations."""
    return consultation_health_of_sites([profile], as_of, since, months)[
        profile.site_id
    ]


def consultation_health_of_sites(
    profiles, as_of: date, since: date, months: int | None = None
):
    """{site pk: ConsultationHealth} for the sites of `profiles` (with site
    and root page loaded), as `consultation_health` judges one site, with the
    same few queries for any number of sites."""
    sites = {profile.site_id: profile.site for profile in profiles}
    by_root_path = {site.root_page.path: pk for pk, site in sites.items()}
    channels = {pk: [] for pk in sites}
    mailboxes = (
        MailboxPage.objects.live()
        .public()
        .filter(any_subtree_q(by_root_path), kind__in=CONSULTATION_KINDS)
        .order_by()  # sorted here: ORDER BY path makes SQLite scan the index
    )
    # Every page's URL from one copy of the cluster's site root paths, as
    # Wagtail keeps it for a request: each page alone would read (and
    # unpickle) all the sites' root paths from the cache once more, which
    # for a whole cluster costs its number of sites squared.
    root_paths = Site.get_site_root_paths()
    for page in sorted(mailboxes, key=lambda page: page.path):
        page._wagtail_cached_site_root_paths = root_paths
        for pk in sites_holding(page.path, by_root_path):
            channels[pk].append(page.get_full_url())
    end = start_of_day(as_of + timedelta(days=1))
    if months is None:
        months = settings.INTERACTION_NATIONAL_LIMIT_MONTHS
    fields = ("pk", "site_id", "tracking_code", "received_at", "answered_at")
    candidates = (
        Letter.objects.filter(
            site__in=list(sites),
            mailbox__kind__in=CONSULTATION_KINDS,
            received_at__lt=national_limit_cutoff(as_of, months),
        )
        .filter(
            Q(answered_at__isnull=True)
            | Q(answered_at__gte=start_of_day(since), answered_at__lt=end)
            | Q(answered_at__gte=end)
        )
        .exclude(status=LetterStatus.CLOSED, answered_at__isnull=True)
        .only(*fields)
        .order_by("received_at", "pk")
    )
    overdue = {pk: [] for pk in sites}
    for letter in candidates:
        answered_by_then = letter.answered_at is not None and letter.answered_at < end
        if answered_by_then:
            limit = add_months(timezone.localdate(letter.received_at), months)
            if timezone.localdate(letter.answered_at) <= limit:
                continue
        overdue[letter.site_id].append(
            OverdueLetter(
                letter.tracking_code,
                letter.received_at,
                letter_admin_url(letter),
                letter.answered_at if answered_by_then else None,
            )
        )
    counted = {item.tracking_code for items in overdue.values() for item in items}
    late = {pk: [] for pk in sites}
    for letter in (
        Letter.objects.filter(
            site__in=list(sites),
            mailbox__kind__in=CONSULTATION_KINDS,
            received_at__gte=start_of_day(since),
            received_at__lt=end,
            due_date__lt=as_of,
        )
        .exclude(status=LetterStatus.CLOSED, answered_at__isnull=True)
        .only(*fields, "due_date")
        .order_by("received_at", "pk")
    ):
        if letter.tracking_code not in counted and (
            letter.answered_at is None
            or letter.answered_at >= end
            or timezone.localdate(letter.answered_at) > letter.due_date
        ):
            late[letter.site_id].append(
                OverdueLetter(
                    letter.tracking_code,
                    letter.received_at,
                    letter_admin_url(letter),
                    letter.answered_at,
                )
            )
    return {
        pk: ConsultationHealth(
            channels=channels[pk], overdue=overdue[pk], late=late[pk]
        )
        for pk in sites
    }
