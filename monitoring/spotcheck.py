"""Running a spot check: which sites, the internal and external checks, and
storing every run."""

import math
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.models import SiteProfile, SiteStatus

from . import internal, new_media
from .crawler import crawl_with_settings
from .models import SiteResult, SpotCheckRun
from .probes import Target, availability_findings, hosted_target
from .report import SiteReport, Warning
from .score_table import NEW_MEDIA, ScoreTable

BATCH_SIZE = 2000


@dataclass
class Selection:
    profiles: list
    legacy: list  # Targets outside the platform (external checks only)
    scope: str
    sample_percent: int | None = None


def checkable_profiles():
    """Hosted sites a spot check covers: every site not closed."""
    return (
        SiteProfile.objects.with_site()
        .select_related("site__root_page")
        .exclude(status=SiteStatus.CLOSED)
        .order_by("site__hostname")
    )


def sample_profiles(percent):
    profiles = list(checkable_profiles())
    size = math.ceil(len(profiles) * percent / 100)
    chosen = secrets.SystemRandom().sample(profiles, size)
    return sorted(chosen, key=lambda profile: profile.site.hostname)


def check(selection, as_of, *, external=False, user=None, progress=None):
    """Check the selected sites as of `as_of`, store the run, and return it."""
    reports, targets = {}, {}
    profiles_by_host = {}
    accounts = {}
    table = ScoreTable.load()
    new_media_table = ScoreTable.load(NEW_MEDIA)
    for start in range(0, len(selection.profiles), BATCH_SIZE):
        batch = selection.profiles[start : start + BATCH_SIZE]
        reports.update(internal.check_sites(batch, as_of, table))
        accounts.update(new_media.check_accounts(batch, as_of, new_media_table))
        for profile in batch:
            profiles_by_host[profile.site.hostname] = profile
            targets[profile.site.hostname] = hosted_target(profile).url
        if progress:
            progress(len(batch))
    for target in selection.legacy:
        reports[target.hostname] = SiteReport(target.hostname, table)
        targets[target.hostname] = target.url
    for hostname, (vetoes, warnings) in availability_findings(targets, as_of).items():
        report = reports[hostname]
        checked = report.vetoes
        report.vetoes = []
        for veto in vetoes:
            report.veto(veto.code, veto.detail, veto.evidence)
        report.vetoes += checked
        report.warnings += warnings
    if external:
        for hostname, url in targets.items():
            add_crawl_findings(reports[hostname], url)
            if progress and hostname not in profiles_by_host:
                progress(1)
    with transaction.atomic():
        run = SpotCheckRun.objects.create(
            as_of=as_of,
            scope=selection.scope,
            sample_percent=selection.sample_percent,
            external=external,
            started_by=user,
        )
        SiteResult.objects.bulk_create(
            [
                _result(run, report, profiles_by_host.get(hostname), accounts)
                for hostname, report in sorted(reports.items())
            ],
            batch_size=1000,
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
    return run


def add_crawl_findings(report, url):
    """Crawl the site from its homepage and deduct for broken links (1 point
    each on the homepage, 0.1 elsewhere by default)."""
    result = crawl_with_settings(url)
    if result.pages_crawled == 0:
        report.warnings.append(
            Warning(
                "crawl_failed", _("无法打开首页 %(url)s，未能检查链接。") % {"url": url}
            )
        )
        return
    for code, links, label in (
        ("broken_link_home", result.broken_on_homepage, _("首页")),
        ("broken_link", result.broken_elsewhere, _("其他页面")),
    ):
        report.deduct(
            code,
            len(links),
            _("%(where)s有 %(n)d 个错误链接：%(items)s")
            % {
                "where": label,
                "n": len(links),
                "items": "；".join(
                    _("%(link)s（所在页面 %(pages)s）")
                    % {"link": link.describe(), "pages": "、".join(link.found_on[:3])}
                    for link in links[: internal.EVIDENCE_LIMIT]
                ),
            },
            [link.url for link in links[: internal.EVIDENCE_LIMIT]],
        )


def _result(run, report, profile, accounts):
    result = report.result
    return SiteResult(
        run=run,
        profile=profile,
        hostname=report.hostname,
        name=profile.name if profile else "",
        level=profile.level if profile else "",
        status=profile.status if profile else "",
        passed=result.passed,
        score=result.score,
        deduction_score=result.deduction_score,
        bonus_score=result.bonus_score,
        services_scored=result.services_scored,
        vetoes=[veto.as_json() for veto in report.vetoes],
        deductions=[deduction.as_json() for deduction in report.deductions],
        bonuses=[bonus.as_json() for bonus in report.bonuses],
        warnings=[warning.as_json() for warning in report.warnings],
        new_media=accounts.get(profile.pk, []) if profile else [],
        last_update=report.last_update,
    )


def legacy_target_for(hostname):
    """A site outside the platform, from MONITORING_LEGACY_SITES or plain http."""
    from django.conf import settings

    from .probes import legacy_target

    for url in settings.MONITORING_LEGACY_SITES:
        if legacy_target(url).hostname == hostname:
            return legacy_target(url)
    return Target(hostname, f"http://{hostname}/")
