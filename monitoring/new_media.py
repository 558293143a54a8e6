"""The new-media indicators of the national checks (政务新媒体, 国办秘函〔2019〕19号),
run with the site checks: every account a site runs on the check's date is
judged and scored on its own, out of 100, by the new-media score table
(ScoreGroup.subject = new_media). Any veto fails the account (the national
vetoes: nothing published in the 2 weeks before the check, no working
interaction); otherwise under MONITORING_PASS_SCORE fails.

The facts come from the new-media app through the registry
(NEW_MEDIA_ACCOUNTS); without it, sites are checked without new media."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from . import registry
from .models import ManualFinding, ScoreGroup
from .report import SiteReport, Warning
from .score_table import NEW_MEDIA, ScoreTable


def check_accounts(profiles, as_of, table=None):
    """{profile pk: [account result]} for the new-media accounts of
    `profiles` running on `as_of`; an account result is the JSON stored in
    SiteResult.new_media (see `judge`)."""
    provider = registry.provider(registry.NEW_MEDIA_ACCOUNTS)
    if provider is None:
        return {}
    table = table or ScoreTable.load(NEW_MEDIA)
    found = provider(
        profiles, as_of, activity_days=settings.MONITORING_NEW_MEDIA_ACTIVITY_DAYS
    )
    findings = account_findings(
        [account.pk for accounts in found.values() for account in accounts], as_of
    )
    return {
        profile_pk: [
            judge(account, accounts, as_of, table, findings.get(account.pk, ()))
            for account in accounts
        ]
        for profile_pk, accounts in found.items()
    }


def account_findings(account_ids, as_of):
    """{account pk: [ManualFinding]} an inspector recorded against these
    new-media accounts and in force on `as_of`, in one query."""
    found = defaultdict(list)
    for finding in (
        ManualFinding.objects.filter(
            new_media_account__in=account_ids,
            found_on__lte=as_of,
            rule__group__subject=ScoreGroup.Subject.NEW_MEDIA,
        )
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=as_of))
        .select_related("rule")
        .order_by("found_on", "pk")
    ):
        found[finding.new_media_account_id].append(finding)
    return found


def judge(account, site_accounts, as_of, table, findings=()):
    """The verdict on one account (facts as registry.NEW_MEDIA_ACCOUNTS
    describes them), given the other accounts of its site and the manual
    `findings` recorded against it (the serious-error veto is only found by
    hand): a dict with
    ``account`` (its id), ``name``, ``platform``, ``platform_label``,
    ``account_id``, ``body``, ``passed``, ``score``, ``verdict``, ``vetoes``,
    ``deductions``, ``warnings``, ``last_post_on`` and ``admin_url``."""
    report = SiteReport(f"{account.platform_label}:{account.name}", table)
    _silence_rule(report, account, as_of, table)
    if not account.interaction_available:
        report.veto(
            "new_media_no_interaction",
            _("账号未开通或无法正常使用留言、评论等互动功能。"),
            [account.admin_url],
        )
    _activity_rule(report, account, as_of, table)
    report.deduct(
        "new_media_unanswered",
        account.unanswered,
        _("最近一期填报数据中有 %(n)d 条留言或评论未回复。")
        % {"n": account.unanswered},
        [account.admin_url],
    )
    if not account.filed:
        report.deduct(
            "new_media_unfiled",
            1,
            _("账号开设或变更后未备案。"),
            [account.admin_url],
        )
    if not account.sponsor.strip():
        report.deduct(
            "new_media_sponsor_missing",
            1,
            _("账号登记中没有主办单位。"),
            [account.admin_url],
        )
    _one_account_per_platform_rule(report, account, site_accounts)
    _manual_findings(report, findings)
    if account.feed_error:
        report.warnings.append(
            Warning(
                "new_media_feed_failed",
                _("订阅源最近一次读取失败：%(error)s") % {"error": account.feed_error},
            )
        )
    result = report.result
    return {
        "account": account.pk,
        "name": account.name,
        "platform": account.platform,
        "platform_label": account.platform_label,
        "account_id": account.account_id,
        "body": account.body,
        "passed": result.passed,
        "score": result.score,
        "verdict": _("合格") if result.passed else _("不合格"),
        "vetoes": [veto.as_json() for veto in report.vetoes],
        "deductions": [deduction.as_json() for deduction in report.deductions],
        "warnings": [warning.as_json() for warning in report.warnings],
        "last_post_on": (
            account.last_post_on.isoformat() if account.last_post_on else None
        ),
        "admin_url": account.admin_url,
    }


def _silence_rule(report, account, as_of, table):
    """Veto past the table's period for new_media_silent (14 days as seeded)
    without a post (exactly the limit still passes, as for a site's
    homepage); early warning past MONITORING_NEW_MEDIA_WARN_SILENT_DAYS."""
    limit = int(table.limit("new_media_silent", "period_days"))
    if account.last_post_on is None:
        age = (as_of - account.opened_on).days
        if age > limit:
            report.veto(
                "new_media_silent",
                _("账号开设 %(days)d 天以来没有发布记录，超过 %(limit)d 天。")
                % {"days": age, "limit": limit},
                [account.admin_url],
            )
        return
    age = (as_of - account.last_post_on).days
    if age > limit:
        report.veto(
            "new_media_silent",
            _("账号最近一次发布在 %(days)d 天前（%(date)s），超过 %(limit)d 天。")
            % {
                "days": age,
                "date": account.last_post_on.isoformat(),
                "limit": limit,
            },
            [account.admin_url],
        )
    elif age > settings.MONITORING_NEW_MEDIA_WARN_SILENT_DAYS:
        report.warnings.append(
            Warning(
                "new_media_silent",
                _("账号已 %(days)d 天未发布（%(limit)d 天即单项否决）。")
                % {"days": age, "limit": limit},
            )
        )


def _activity_rule(report, account, as_of, table):
    """Fewer posts than the rule's threshold in the activity window, for an
    account open for the whole window."""
    rule = table.rules.get("new_media_low_activity")
    days = settings.MONITORING_NEW_MEDIA_ACTIVITY_DAYS
    if rule is None or rule.threshold is None:
        return
    if (as_of - account.opened_on).days < days:
        return
    if account.recent_posts < rule.threshold:
        report.deduct(
            "new_media_low_activity",
            1,
            _("检查前 %(days)d 天只发布了 %(n)d 条，少于 %(min)g 条。")
            % {"days": days, "n": account.recent_posts, "min": rule.threshold},
            [account.admin_url],
        )


def _one_account_per_platform_rule(report, account, site_accounts):
    """One account per body per platform, the same name on every platform
    (国办发〔2018〕123号)."""
    same_body = [other for other in site_accounts if other.body == account.body]
    by_platform = defaultdict(list)
    for other in same_body:
        by_platform[other.platform].append(other)
    twins = by_platform[account.platform]
    if len(twins) > 1:
        report.deduct(
            "new_media_duplicate",
            len(twins) - 1,
            _("%(body)s在%(platform)s开设了 %(n)d 个账号：%(names)s。")
            % {
                "body": account.body,
                "platform": account.platform_label,
                "n": len(twins),
                "names": "、".join(other.name for other in twins),
            },
            [other.admin_url for other in twins],
        )
    others = sorted(
        {
            other.name
            for other in same_body
            if other.platform != account.platform and other.name != account.name
        }
    )
    if others:
        report.deduct(
            "new_media_name_mismatch",
            1,
            _("%(body)s的账号名称不一致：%(name)s、%(others)s。")
            % {"body": account.body, "name": account.name, "others": "、".join(others)},
            [account.admin_url],
        )


def _manual_findings(report, findings):
    """An inspector's findings on the account count as the platform's do,
    marked as manual, with the inspector's evidence (a rule the office
    switched off or removed counts nothing)."""
    for finding in findings:
        rule = report.table.rules.get(finding.rule.code)
        if rule is None:
            continue
        detail = _("人工核查（%(date)s）：%(detail)s") % {
            "date": finding.found_on.isoformat(),
            "detail": finding.detail,
        }
        if rule.part == ScoreGroup.Part.VETO:
            report.veto(rule.code, detail, finding.evidence_lines, manual=True)
        else:
            report.deduct(
                rule.code,
                finding.occurrences,
                detail,
                finding.evidence_lines,
                manual=True,
            )
