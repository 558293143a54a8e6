"""Availability probes (the `unreachable` veto): open each site's homepage
within the probe timeout, store the outcome, and judge the last week."""

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import SiteProfile, SiteStatus

from .internal import end_of_day
from .models import AvailabilityProbe
from .report import Veto, Warning
from .score_table import ScoreTable


@dataclass(frozen=True)
class Target:
    hostname: str
    url: str


def hosted_target(profile):
    return Target(profile.site.hostname, profile.site.root_url + "/")


def legacy_target(url):
    return Target(urlparse(url).hostname or url, url)


def probe_targets():
    """Every site that should answer: hosted sites not closed, plus the legacy
    sites of MONITORING_LEGACY_SITES."""
    hosted = [
        hosted_target(profile)
        for profile in SiteProfile.objects.with_site().exclude(status=SiteStatus.CLOSED)
    ]
    return hosted + [legacy_target(url) for url in settings.MONITORING_LEGACY_SITES]


async def _probe(client, target):
    started = time.monotonic()
    checked_at = timezone.now()
    try:
        response = await client.get(target.url)
    except httpx.HTTPError as error:
        return AvailabilityProbe(
            hostname=target.hostname,
            url=target.url,
            checked_at=checked_at,
            ok=False,
            elapsed_ms=int((time.monotonic() - started) * 1000),
            error=(type(error).__name__ + ": " + str(error))[:255],
        )
    return AvailabilityProbe(
        hostname=target.hostname,
        url=target.url,
        checked_at=checked_at,
        ok=response.status_code < 400,
        status_code=response.status_code,
        elapsed_ms=int((time.monotonic() - started) * 1000),
    )


async def _probe_all(targets, timeout):
    limits = httpx.Limits(max_connections=50)
    headers = {"User-Agent": settings.MONITORING_CRAWL_USER_AGENT}
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=True, limits=limits, headers=headers
    ) as client:
        return await asyncio.gather(*(_probe(client, target) for target in targets))


def probe(targets, timeout=None):
    """Probe `targets` concurrently and store one AvailabilityProbe each."""
    timeout = timeout or settings.MONITORING_PROBE_TIMEOUT_SECONDS
    results = asyncio.run(_probe_all(list(targets), timeout))
    return AvailabilityProbe.objects.bulk_create(results)


def availability_findings(targets, as_of, table=None):
    """{hostname: ([Veto], [Warning])} for `targets` ({hostname: homepage URL})
    from the probes stored for the window (a week) ending on `as_of`, in one
    query, by the `unreachable` row of the score table `table` (default: as
    stored): its period (days), its second threshold (probes a day at least)
    and its threshold (failure rate, %)."""
    table = table or ScoreTable.load()
    window = int(table.limit("unreachable", "period_days"))
    per_day = int(table.limit("unreachable", "second_threshold"))
    failure_rate = table.limit("unreachable", "threshold") / 100
    hostnames = list(targets)
    end = end_of_day(as_of)
    start = end - timezone.timedelta(days=window)
    counts = {
        row["hostname"]: row
        for row in AvailabilityProbe.objects.filter(
            hostname__in=hostnames, checked_at__gt=start, checked_at__lte=end
        )
        .values("hostname")
        .annotate(total=Count("pk"), failed=Count("pk", filter=Q(ok=False)))
        .order_by()
    }
    needed = per_day * window
    findings = {}
    for hostname in hostnames:
        row = counts.get(hostname)
        vetoes, warnings = [], []
        findings[hostname] = (vetoes, warnings)
        if row is None:
            warnings.append(
                Warning(
                    "unreachable",
                    _(
                        "近 %(days)d 天没有任何可用性探测记录，无法判定能否访问"
                        "（需每天超过 %(per_day)d 次，请运行 probe_sites）。"
                    )
                    % {
                        "days": window,
                        "per_day": per_day - 1,
                    },
                )
            )
            continue
        rate = row["failed"] / row["total"]
        params = {
            "failed": row["failed"],
            "total": row["total"],
            "rate": f"{rate:.1%}",
            "days": window,
        }
        if row["total"] < needed:
            warnings.append(
                Warning(
                    "unreachable",
                    _(
                        "近 %(days)d 天仅探测 %(total)d 次，不足 %(needed)d 次，"
                        "无法判定能否访问（失败 %(failed)d 次，%(rate)s）。"
                    )
                    % {**params, "needed": needed},
                )
            )
        elif rate >= failure_rate:
            vetoes.append(
                Veto(
                    "unreachable",
                    _(
                        "近 %(days)d 天探测 %(total)d 次，首页打不开 %(failed)d 次（%(rate)s）。"
                    )
                    % params,
                    [targets[hostname]],
                )
            )
        elif rate >= settings.MONITORING_WARN_PROBE_FAILURE_RATE:
            warnings.append(
                Warning(
                    "unreachable",
                    _("近 %(days)d 天探测失败率 %(rate)s（%(failed)d/%(total)d）。")
                    % params,
                )
            )
    return findings
