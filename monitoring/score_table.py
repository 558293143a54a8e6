"""The score table (国办秘函〔2019〕19号): its default rows and the whole-score
rules read from it.

The official item-by-item point tables were not available to us (domain.md):
the defaults below are the known national items with local/vendor rates, kept
as rows (ScoreGroup, ScoreRule) that the cluster office corrects in the admin.
A veto row holds its thresholds (threshold, second threshold, period) and an
enabled switch; the checks read them through ScoreTable.limit/active.
Only the rules of the whole are code: any veto fails and nothing else is
scored; the deduction part is out of the sum of the deduction groups (100);
under MONITORING_PASS_SCORE fails; the bonus part (portals only) counts from
MONITORING_BONUS_SCORE up; a department without external services is scored
without the services group, scaled to 100 (75 × 4/3)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from .models import ScoreGroup, ScoreRule

# Codes the rules of the whole refer to.
SERVICES_GROUP = "services"
RELEASE_GROUP = "release"
# An inspector's finding that a department offers no external services.
NO_EXTERNAL_SERVICES = "no_external_services"

PLATFORM = ScoreRule.Measure.PLATFORM.value
MANUAL = ScoreRule.Measure.MANUAL.value
BOTH = ScoreRule.Measure.BOTH.value

# (code, name, part, points)
DEFAULT_GROUPS = [
    ("veto", "单项否决", "veto", None),
    # domain.md's four deduction groups: release and interpretation, services
    # (25), interaction, function design; 100 together.
    (RELEASE_GROUP, "发布解读", "deduction", "45"),
    (SERVICES_GROUP, "办事服务", "deduction", "25"),
    ("interaction", "互动交流", "deduction", "15"),
    ("function", "功能设计", "deduction", "15"),
    ("bonus", "加分指标", "bonus", "30"),
]

# (code, group, name, points, cap, threshold, measure, method)
DEFAULT_RULES = [
    # Single vetoes: their thresholds are columns of the row (see VETO_LIMITS).
    (
        "unreachable",
        "veto",
        "站点无法访问",
        "0",
        None,
        None,
        PLATFORM,
        "监测“期限”天（7）、每天至少“第二阈值”次探测（21，即超过 20 次），"
        "首页 15 秒未打开即失败，失败率达到“阈值”%（5）否决。",
    ),
    (
        "homepage_stale",
        "veto",
        "首页不更新",
        "0",
        None,
        None,
        PLATFORM,
        "检查前“期限”天（14）首页没有新信息；无发布时间的信息视为未更新。",
    ),
    (
        "columns_stale",
        "veto",
        "栏目不更新",
        "0",
        None,
        None,
        PLATFORM,
        "动态要闻 2 周、通知公告和政策文件 6 个月未更新的栏目合计达到“阈值”个（5），"
        "或应更新栏目长期（超过更新期限 2 倍）未更新达到“第二阈值”个（10）。",
    ),
    (
        "columns_empty",
        "veto",
        "空白栏目",
        "0",
        None,
        None,
        PLATFORM,
        "没有内容的栏目达到“阈值”个（5）；正文即内容的单页栏目不算空白。",
    ),
    (
        "serious_error",
        "veto",
        "严重错误",
        "0",
        None,
        None,
        BOTH,
        "领导人姓名错误、违禁内容由平台词库查出；伪造篡改、倒签发布时间、"
        "页面被篡改、泄露秘密由检查员人工核查记录。",
    ),
    (
        "interaction_poor",
        "veto",
        "互动回应差",
        "0",
        None,
        None,
        PLATFORM,
        "没有可用的咨询类互动渠道，或近“期限”天内（365）有效咨询留言超过"
        "“阈值”个月（3）未答复（含答复时已超过该期限）。",
    ),
    (
        "service_unusable",
        "veto",
        "服务不实用",
        "0",
        None,
        None,
        PLATFORM,
        "没有任何办事服务，或缺少“第二阈值”项（4）及以上要素的办事指南"
        "达到“阈值”个（5）。",
    ),
    # 发布解读 (45): 信息发布
    (
        "column_stale",
        RELEASE_GROUP,
        "栏目更新不及时",
        "1",
        "10",
        None,
        PLATFORM,
        "每个超过更新期限、尚未构成单项否决的栏目。",
    ),
    (
        "column_empty",
        RELEASE_GROUP,
        "个别栏目空白",
        "2",
        "8",
        None,
        PLATFORM,
        "每个没有内容、尚未构成单项否决的栏目。",
    ),
    (
        "typo",
        RELEASE_GROUP,
        "错别字",
        "0.5",
        "10",
        None,
        PLATFORM,
        "每处错别字（内容检查词库）。",
    ),
    (
        "disclosure_late",
        RELEASE_GROUP,
        "政府信息未按时公开",
        "0.5",
        "10",
        None,
        PLATFORM,
        "每件形成后超过 20 个工作日才主动公开的政府信息。",
    ),
    (
        "disclosure_annual_report_late",
        RELEASE_GROUP,
        "政府信息公开工作年度报告逾期公布",
        "2",
        "2",
        None,
        PLATFORM,
        "上一年度报告未在期限（部门 1 月 31 日、政府 3 月 31 日）前公布，或公布晚于期限。",
    ),
    (
        "website_annual_report_late",
        "release",
        "政府网站工作年度报表逾期公布",
        "2",
        "2",
        None,
        PLATFORM,
        "上一年度政府网站工作年度报表未在 1 月 31 日前于网站首页公布，或公布晚于期限"
        "（WEBSITE_ANNUAL_REPORT_DEADLINE）。",
    ),
    # 发布解读: 解读回应
    (
        "interpretation_missing",
        RELEASE_GROUP,
        "政策解读缺失",
        "5",
        "10",
        None,
        PLATFORM,
        "发布了政策文件，但没有政策解读栏目或解读栏目超过更新期限没有新内容。",
    ),
    (
        "response_missing",
        RELEASE_GROUP,
        "回应关切不及时",
        "2",
        "5",
        None,
        MANUAL,
        "对涉及本地区的重大舆情、公众关切未及时回应，每次。",
    ),
    # 办事服务 (25)
    (
        "guide_incomplete",
        "services",
        "办事指南要素不全",
        "0.5",
        "10",
        "1",
        PLATFORM,
        "每个缺少的要素数达到阈值、尚未构成单项否决的办事指南（十要素）。",
    ),
    (
        "service_unavailable",
        "services",
        "在线办事不可用",
        "2",
        "10",
        None,
        MANUAL,
        "每个无法在线办理或入口失效的事项。",
    ),
    (
        NO_EXTERNAL_SERVICES,
        "services",
        "部门无对外服务",
        "0",
        None,
        None,
        MANUAL,
        "部门网站所属单位无对外服务职能（附依据）：不计算办事服务指标，"
        "扣分部分按 75 分折算（×4/3）。",
    ),
    # 互动交流 (15)
    (
        "letter_late",
        "interaction",
        "留言答复超期",
        "0.5",
        "10",
        None,
        PLATFORM,
        "近一年内每件超过答复期限（INTERACTION_ANSWER_DEADLINE_WORKING_DAYS 个"
        "工作日）才答复或仍未答复、尚未超过 3 个月的咨询留言。",
    ),
    (
        "interaction_other",
        "interaction",
        "征集调查、在线访谈不规范",
        "1",
        "5",
        None,
        MANUAL,
        "征集调查未公开结果、在线访谈未答复网民提问等，每次。",
    ),
    # 功能设计 (15)
    (
        "search_missing",
        "function",
        "无站内搜索",
        "10",
        "10",
        None,
        PLATFORM,
        "网站没有站内搜索。",
    ),
    (
        "search_poor",
        "function",
        "搜索不实用",
        "2",
        "5",
        None,
        MANUAL,
        "搜索未覆盖全站或结果未分类展示，每项。",
    ),
    (
        "footer_identity",
        "function",
        "标识信息不全",
        "1",
        "5",
        None,
        PLATFORM,
        "页脚每缺一项（主办单位、网站标识码、ICP备案号、公安机关备案号、联系方式）。",
    ),
    (
        "broken_link_home",
        "function",
        "首页链接不可用",
        "1",
        "10",
        None,
        PLATFORM,
        "首页每个打不开的链接（外部检查）。",
    ),
    (
        "broken_link",
        "function",
        "其他页面链接不可用",
        "0.1",
        "10",
        None,
        PLATFORM,
        "其他页面每个打不开的链接（外部检查）。",
    ),
    (
        "broken_internal_link",
        "function",
        "站内链接失效",
        "0.1",
        "10",
        None,
        PLATFORM,
        "每个指向已删除、已撤下页面或文档的站内链接。",
    ),
    # 加分 (30, portals)
    (
        "bonus_search_service",
        "bonus",
        "搜索即服务",
        "5",
        "5",
        None,
        MANUAL,
        "搜索结果直接提供服务和答案。",
    ),
    (
        "bonus_multilingual",
        "bonus",
        "多语言版本",
        "5",
        "5",
        None,
        MANUAL,
        "提供外文版本。",
    ),
    (
        "bonus_accessibility",
        "bonus",
        "无障碍浏览",
        "5",
        "5",
        None,
        MANUAL,
        "符合无障碍浏览要求。",
    ),
    (
        "bonus_personalised",
        "bonus",
        "千人千网",
        "5",
        "5",
        None,
        MANUAL,
        "按用户提供个性化服务。",
    ),
    (
        "bonus_interpretation",
        "bonus",
        "解读回应有特色",
        "5",
        "5",
        None,
        MANUAL,
        "图解、视频等多种形式解读，回应及时有效。",
    ),
    (
        "bonus_innovation",
        "bonus",
        "其他创新",
        "5",
        "5",
        None,
        MANUAL,
        "其他经检查认定的创新做法。",
    ),
]


def default_veto_limits():
    """{veto code: (threshold, second_threshold, period_days)} the table is
    seeded with: the national thresholds (domain.md), from the MONITORING_*
    settings that serve only as these seed values. The checks read the table."""
    return {
        "unreachable": (
            settings.MONITORING_UNREACHABLE_FAILURE_RATE * 100,  # percent
            settings.MONITORING_PROBE_MIN_PER_DAY,
            settings.MONITORING_PROBE_WINDOW_DAYS,
        ),
        "homepage_stale": (None, None, settings.MONITORING_HOMEPAGE_STALE_DAYS),
        "columns_stale": (
            settings.MONITORING_STALE_COLUMNS_VETO,
            settings.MONITORING_LONG_STALE_COLUMNS_VETO,
            None,
        ),
        "columns_empty": (settings.MONITORING_EMPTY_COLUMNS_VETO, None, None),
        "serious_error": (None, None, None),
        "interaction_poor": (
            settings.INTERACTION_NATIONAL_LIMIT_MONTHS,
            None,
            settings.MONITORING_INTERACTION_LOOKBACK_DAYS,
        ),
        "service_unusable": (
            settings.MONITORING_GUIDE_INCOMPLETE_ITEMS_VETO,
            settings.MONITORING_GUIDE_MISSING_ELEMENTS,
            None,
        ),
        "new_media_silent": (None, None, settings.MONITORING_NEW_MEDIA_SILENT_DAYS),
        "new_media_no_interaction": (None, None, None),
        "new_media_serious_error": (None, None, None),
    }


def _decimal(value):
    return None if value is None else Decimal(str(value))


def seed_veto_limits(rule_model):
    """Fill the thresholds of the veto rows that have none yet (a row the
    office has set is left alone), and replace a method text that still names
    the settings the thresholds used to be. Takes the model so a migration can
    pass its historical one."""
    methods = {row[0]: row[7] for row in DEFAULT_RULES + DEFAULT_NEW_MEDIA_RULES}
    for code, (threshold, second, days) in default_veto_limits().items():
        rule = rule_model.objects.filter(code=code).first()
        if rule is None:
            continue
        if (
            rule.threshold is None
            and rule.second_threshold is None
            and rule.period_days is None
        ):
            rule.threshold = _decimal(threshold)
            rule.second_threshold = _decimal(second)
            rule.period_days = days
        if "MONITORING_" in rule.method:
            rule.method = methods[code]
        rule.save()


# The new-media indicators (政务新媒体, 国办秘函〔2019〕19号 and 国办发〔2018〕123号):
# each account is checked and scored on its own, out of 100. The vetoes are the
# national ones; the deduction groups and rates are local/vendor defaults the
# office corrects like the website table. Rules the platform measures have
# their thresholds in settings (MONITORING_NEW_MEDIA_*).
NEW_MEDIA = ScoreGroup.Subject.NEW_MEDIA.value
WEBSITE = ScoreGroup.Subject.WEBSITE.value

DEFAULT_NEW_MEDIA_GROUPS = [
    ("new_media_veto", "新媒体单项否决", "veto", None),
    ("new_media_release", "新媒体信息发布", "deduction", "40"),
    ("new_media_interaction", "新媒体互动回应", "deduction", "30"),
    ("new_media_management", "新媒体账号管理", "deduction", "30"),
]

DEFAULT_NEW_MEDIA_RULES = [
    (
        "new_media_serious_error",
        "new_media_veto",
        "新媒体严重错误",
        "0",
        None,
        None,
        MANUAL,
        "发布内容存在安全、泄密问题或严重表述错误；由检查员针对账号人工核查记录。",
    ),
    (
        "new_media_silent",
        "new_media_veto",
        "新媒体内容不更新",
        "0",
        None,
        None,
        PLATFORM,
        "检查前 2 周内账号没有发布信息（天数见本行“期限（天）”）；"
        "发布情况取自订阅源或人工填报的最后发布日期。",
    ),
    (
        "new_media_no_interaction",
        "new_media_veto",
        "新媒体互动功能不可用",
        "0",
        None,
        None,
        PLATFORM,
        "账号未开通或无法正常使用留言、评论等互动功能（账号登记中的“互动功能可用”）。",
    ),
    (
        "new_media_low_activity",
        "new_media_release",
        "新媒体更新频率低",
        "5",
        "10",
        "4",
        PLATFORM,
        "检查前 30 天（MONITORING_NEW_MEDIA_ACTIVITY_DAYS）发布少于阈值条数；"
        "计入订阅源条目和期间结束于这 30 天内的人工填报发布量。",
    ),
    (
        "new_media_unanswered",
        "new_media_interaction",
        "新媒体留言未回复",
        "0.5",
        "20",
        None,
        PLATFORM,
        "检查前 30 天内结束的最近一期人工填报数据中，每条未回复的留言或评论。",
    ),
    (
        "new_media_unfiled",
        "new_media_management",
        "新媒体未备案",
        "10",
        "10",
        None,
        PLATFORM,
        "账号开设或变更后未向主管部门备案（全生命周期备案）。",
    ),
    (
        "new_media_sponsor_missing",
        "new_media_management",
        "新媒体未标明主办单位",
        "5",
        "5",
        None,
        PLATFORM,
        "账号登记中没有主办单位（认证信息应标明主办单位）。",
    ),
    (
        "new_media_duplicate",
        "new_media_management",
        "新媒体同一平台重复开设",
        "10",
        "10",
        None,
        PLATFORM,
        "同一开设主体在同一平台开设多个账号，每多一个。",
    ),
    (
        "new_media_name_mismatch",
        "new_media_management",
        "新媒体各平台名称不一致",
        "5",
        "5",
        None,
        PLATFORM,
        "同一开设主体在不同平台的账号名称不一致。",
    ),
]

_DEFAULTS = {
    WEBSITE: (DEFAULT_GROUPS, DEFAULT_RULES),
    NEW_MEDIA: (DEFAULT_NEW_MEDIA_GROUPS, DEFAULT_NEW_MEDIA_RULES),
}
# Group sort orders: the website table's first, then the new-media one.
_ORDER_BASE = {WEBSITE: 0, NEW_MEDIA: 100}


def seed_default_table(group_model, rule_model, subject=WEBSITE):
    """Create the default groups and rules of `subject` (websites or new
    media) that are missing; rows the office has edited are left alone. Takes
    the models so a migration can pass its historical ones (the website table
    was seeded before groups had a subject: its rows take the default)."""
    default_groups, default_rules = _DEFAULTS[subject]
    extra = {} if subject == WEBSITE else {"subject": subject}
    groups = {}
    for order, (code, name, part, points) in enumerate(default_groups):
        groups[code], _created = group_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "part": part,
                "points": None if points is None else Decimal(points),
                "sort_order": _ORDER_BASE[subject] + order,
                **extra,
            },
        )
    for order, row in enumerate(default_rules):
        code, group, name, points, cap, threshold, measure, method = row
        rule_model.objects.get_or_create(
            code=code,
            defaults={
                "group": groups[group],
                "name": name,
                "points": Decimal(points),
                "cap": None if cap is None else Decimal(cap),
                "threshold": None if threshold is None else Decimal(threshold),
                "measure": measure,
                "method": method,
                "sort_order": order,
            },
        )


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    group: str
    part: str
    points: float
    cap: float | None
    threshold: float | None
    second_threshold: float | None = None
    period_days: int | None = None
    enabled: bool = True


@dataclass
class ScoreTable:
    """The score table as one check reads it (loaded once per check)."""

    rules: dict[str, Rule] = field(default_factory=dict)
    # {group code: (part, points)}
    groups: dict[str, tuple[str, float | None]] = field(default_factory=dict)

    @classmethod
    def load(cls, subject=WEBSITE):
        """The table of `subject`: the websites' (default) or the new media's."""
        if not ScoreRule.objects.filter(group__subject=subject).exists():
            # A database flushed by a transactional test, or never migrated
            # with data: the defaults are the table.
            seed_default_table(ScoreGroup, ScoreRule, subject)
            seed_veto_limits(ScoreRule)
        table = cls()
        for group in ScoreGroup.objects.filter(subject=subject):
            table.groups[group.code] = (
                group.part,
                None if group.points is None else float(group.points),
            )
        for rule in ScoreRule.objects.filter(group__subject=subject).select_related(
            "group"
        ):
            table.rules[rule.code] = Rule(
                code=rule.code,
                name=rule.name,
                group=rule.group.code,
                part=rule.group.part,
                points=float(rule.points),
                cap=None if rule.cap is None else float(rule.cap),
                threshold=None if rule.threshold is None else float(rule.threshold),
                second_threshold=(
                    None
                    if rule.second_threshold is None
                    else float(rule.second_threshold)
                ),
                period_days=rule.period_days,
                enabled=rule.enabled,
            )
        return table

    def active(self, code):
        """The rule of `code` when the office keeps it enabled, else None."""
        rule = self.rules.get(code)
        return rule if rule is not None and rule.enabled else None

    def limit(self, code, attribute):
        """A veto's threshold (`threshold`, `second_threshold` or
        `period_days`) as the table has it; the seed value when the office
        left the cell empty, so a check never runs without a limit."""
        rule = self.rules.get(code)
        value = getattr(rule, attribute, None) if rule else None
        if value is None:
            index = ("threshold", "second_threshold", "period_days").index(attribute)
            value = default_veto_limits()[code][index]
        return value

    def name(self, code):
        rule = self.rules.get(code)
        return rule.name if rule else code

    def points_for(self, code, occurrences):
        """Points of `occurrences` of a rule, capped at the rule's cap; None
        for a code the table does not have or has disabled."""
        rule = self.active(code)
        if rule is None:
            return None
        points = rule.points * occurrences
        if rule.cap is not None:
            points = min(points, rule.cap)
        return round(points, 2)

    def deduction_total(self):
        return sum(
            points or 0
            for part, points in self.groups.values()
            if part == ScoreGroup.Part.DEDUCTION
        )

    def bonus_total(self):
        return sum(
            points or 0
            for part, points in self.groups.values()
            if part == ScoreGroup.Part.BONUS
        )


@dataclass
class Score:
    passed: bool
    score: float
    deduction_score: float
    bonus_score: float
    services_scored: bool


def score(report, table):
    """The national verdict and score of `report` (a SiteReport)."""
    services_scored = not report.services_exempt
    by_group = {}
    for deduction in report.deductions:
        rule = table.rules.get(deduction.code)
        if rule is None or rule.part != ScoreGroup.Part.DEDUCTION:
            continue
        by_group[rule.group] = by_group.get(rule.group, 0) + deduction.points
    total = table.deduction_total()
    out_of = total
    lost = 0.0
    for group, points in by_group.items():
        group_points = table.groups[group][1]
        if group == SERVICES_GROUP and not services_scored:
            continue
        lost += points if group_points is None else min(points, group_points)
    if not services_scored:
        out_of = total - (table.groups.get(SERVICES_GROUP, (None, 0))[1] or 0)
    deduction_score = max(0.0, out_of - lost)
    if out_of and out_of != total:
        deduction_score = deduction_score * total / out_of
    deduction_score = round(deduction_score, 1)
    bonus = 0.0
    if report.portal and deduction_score >= settings.MONITORING_BONUS_SCORE:
        bonus = min(sum(item.points for item in report.bonuses), table.bonus_total())
    bonus = round(bonus, 1)
    if report.vetoes:
        return Score(False, 0.0, deduction_score, 0.0, services_scored)
    return Score(
        deduction_score >= settings.MONITORING_PASS_SCORE,
        round(deduction_score + bonus, 1),
        deduction_score,
        bonus,
        services_scored,
    )
