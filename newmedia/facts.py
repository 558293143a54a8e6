"""What the monitor asks about new-media accounts (monitoring.registry
NEW_MEDIA_ACCOUNTS): the facts of each account running on a date. The
monitor applies the national rules to them; this module judges nothing."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from .models import (
    AccountStatus,
    ActivityRecord,
    FilingState,
    NewMediaAccount,
    NewMediaPost,
)


@dataclass
class AccountFacts:
    pk: int
    name: str
    platform: str
    platform_label: str
    account_id: str
    body: str
    sponsor: str
    filed: bool
    interaction_available: bool
    opened_on: date
    last_post_on: date | None
    recent_posts: int
    unanswered: int
    feed_error: str
    admin_url: str


def _end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.max))


def running_accounts(site_ids, as_of):
    """Accounts of `site_ids` opened on or before `as_of` and not yet merged
    or closed on that day."""
    return NewMediaAccount.objects.filter(
        site_id__in=site_ids, opened_on__lte=as_of
    ).filter(Q(status=AccountStatus.OPEN) | Q(status_changed_on__gt=as_of))


def admin_url(account):
    return reverse("wagtailsnippets_newmedia_newmediaaccount:edit", args=[account.pk])


def new_media_accounts(profiles, as_of, activity_days=30):
    """{profile pk: [AccountFacts]} for the accounts of `profiles` running on
    `as_of`, in a fixed number of queries. Only posts and staff records dated
    on or before `as_of` count."""
    profile_of_site = {profile.site_id: profile.pk for profile in profiles}
    accounts = list(running_accounts(profile_of_site, as_of).order_by("pk"))
    ids = [account.pk for account in accounts]
    end = _end_of_day(as_of)
    window_start = as_of - timedelta(days=activity_days)
    newest_feed = dict(
        NewMediaPost.objects.filter(account_id__in=ids, published_at__lte=end)
        .values("account_id")
        .annotate(newest=Max("published_at"))
        .values_list("account_id", "newest")
    )
    recent_feed = defaultdict(list)
    for account_id, published_at in NewMediaPost.objects.filter(
        account_id__in=ids,
        published_at__gt=_end_of_day(window_start),
        published_at__lte=end,
    ).values_list("account_id", "published_at"):
        recent_feed[account_id].append(timezone.localdate(published_at))
    newest_record = dict(
        ActivityRecord.objects.filter(account_id__in=ids, last_post_on__lte=as_of)
        .values("account_id")
        .annotate(newest=Max("last_post_on"))
        .values_list("account_id", "newest")
    )
    # Only the records overlapping the activity window: a year of weekly
    # figures for thousands of accounts is never loaded.
    records = defaultdict(list)
    for record in ActivityRecord.objects.filter(
        account_id__in=ids, period_start__lte=as_of, period_end__gt=window_start
    ).order_by("period_end"):
        records[record.account_id].append(record)
    found = defaultdict(list)
    for account in accounts:
        own = records[account.pk]
        dates = [
            timezone.localdate(newest_feed[account.pk])
            if account.pk in newest_feed
            else None,
            newest_record.get(account.pk),
        ]
        ended = [record for record in own if record.period_end <= as_of]
        # A period still open on `as_of` is not counted, nor does it hide
        # the feed's posts.
        covered = [(record.period_start, record.period_end) for record in ended]
        recent = sum(record.posts for record in ended) + sum(
            1
            for day in recent_feed[account.pk]
            if not any(start <= day <= stop for start, stop in covered)
        )
        found[profile_of_site[account.site_id]].append(
            AccountFacts(
                pk=account.pk,
                name=account.name,
                platform=account.platform,
                platform_label=account.platform_label,
                account_id=account.account_id,
                body=account.body,
                sponsor=account.sponsor,
                filed=account.filing_state == FilingState.FILED,
                interaction_available=account.interaction_available,
                opened_on=account.opened_on,
                last_post_on=max((day for day in dates if day), default=None),
                recent_posts=recent,
                unanswered=ended[-1].unanswered if ended else 0,
                feed_error=account.feed_error,
                admin_url=admin_url(account),
            )
        )
    return dict(found)
