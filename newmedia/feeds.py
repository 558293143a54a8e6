"""Reading the feeds (RSS or Atom) new-media accounts publish: fetched with
httpx, parsed with feedparser, each new item stored once (by its id)."""

from calendar import timegm
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccountStatus, NewMediaAccount, NewMediaPost


class FeedError(Exception):
    """A feed that could not be read; the message is for people (Chinese)."""


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    title: str
    url: str
    published_at: datetime


@dataclass
class FetchResult:
    account: NewMediaAccount
    entries: int = 0  # dated entries in the feed
    new_posts: int = 0  # of which not stored before
    undated: int = 0  # entries without a publication time (not counted)
    error: str = ""


def feed_accounts(hostnames=None):
    """Open accounts with a feed, of the sites `hostnames` (default: all)."""
    accounts = NewMediaAccount.objects.filter(status=AccountStatus.OPEN).exclude(
        feed_url=""
    )
    if hostnames:
        accounts = accounts.filter(site__hostname__in=hostnames)
    return accounts.select_related("site").order_by("site__hostname", "pk")


def client():
    return httpx.Client(
        timeout=settings.NEW_MEDIA_FEED_TIMEOUT_SECONDS,
        follow_redirects=True,
        headers={"User-Agent": settings.NEW_MEDIA_FEED_USER_AGENT},
    )


def download(url, http):
    """The body of `url`, refusing error statuses and bodies over
    NEW_MEDIA_FEED_MAX_BYTES."""
    limit = settings.NEW_MEDIA_FEED_MAX_BYTES
    try:
        with http.stream("GET", url) as response:
            if response.status_code != 200:
                raise FeedError(
                    _("订阅源返回 HTTP %(status)d。") % {"status": response.status_code}
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FeedError(
                        _("订阅源超过 %(mb)d MB，未读取。") % {"mb": limit // 2**20}
                    )
            return bytes(body)
    except httpx.TimeoutException as error:
        raise FeedError(_("读取订阅源超时。")) from error
    except httpx.HTTPError as error:
        raise FeedError(
            _("无法连接订阅源：%(error)s") % {"error": type(error).__name__}
        ) from error


def parse(body):
    """(dated entries, number of undated entries) of an RSS or Atom body."""
    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        raise FeedError(_("订阅源不是有效的 RSS 或 Atom 格式。"))
    if not feed.version and not feed.entries:
        raise FeedError(_("订阅源不是有效的 RSS 或 Atom 格式。"))
    entries, undated = [], 0
    for entry in feed.entries:
        moment = entry.get("published_parsed") or entry.get("updated_parsed")
        if moment is None:
            undated += 1
            continue
        published_at = datetime.fromtimestamp(timegm(moment), tz=UTC)
        link = entry.get("link", "")
        guid = entry.get("id") or link or f"{entry.get('title', '')}@{published_at}"
        entries.append(
            FeedEntry(
                guid=guid[:500],
                title=entry.get("title", "")[:500],
                url=link[:1000] if link.startswith(("http://", "https://")) else "",
                published_at=published_at,
            )
        )
    return entries, undated


def read_account(account, http, *, dry_run=False):
    """Fetch and store `account`'s feed; a failure is recorded on the account
    (feed_error) and returned, never raised. With `dry_run` nothing is
    stored."""
    result = FetchResult(account)
    try:
        entries, result.undated = parse(download(account.feed_url, http))
    except FeedError as error:
        result.error = str(error)
        entries = []
    result.entries = len(entries)
    known = set(
        NewMediaPost.objects.filter(
            account=account, guid__in=[entry.guid for entry in entries]
        ).values_list("guid", flat=True)
    )
    fresh = {entry.guid: entry for entry in entries if entry.guid not in known}
    result.new_posts = len(fresh)
    if dry_run:
        return result
    with transaction.atomic():
        NewMediaPost.objects.bulk_create(
            [
                NewMediaPost(
                    account=account,
                    guid=entry.guid,
                    title=entry.title,
                    url=entry.url,
                    published_at=entry.published_at,
                )
                for entry in fresh.values()
            ],
            ignore_conflicts=True,
        )
        NewMediaAccount.objects.filter(pk=account.pk).update(
            feed_checked_at=timezone.now(), feed_error=result.error[:255]
        )
    return result


def read_feeds(accounts, *, dry_run=False, progress=None):
    """[FetchResult] for every account of `accounts`."""
    results = []
    with client() as http:
        for account in accounts:
            results.append(read_account(account, http, dry_run=dry_run))
            if progress:
                progress(1)
    return results
