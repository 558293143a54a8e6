"""Stored results of the national spot checks and the availability probes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SpotCheckRun(models.Model):
    """One run of `spotcheck` (or of the dashboard's "run now")."""

    class Scope(models.TextChoices):
        SITES = "sites", _("指定站点")
        SAMPLE = "sample", _("随机抽查")
        ALL = "all", _("全部站点")

    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    as_of = models.DateField(
        _("检查基准日"), help_text=_("只计入该日及以前发布的内容。")
    )
    scope = models.CharField(_("范围"), max_length=10, choices=Scope.choices)
    sample_percent = models.PositiveSmallIntegerField(
        _("抽查比例（%）"), null=True, blank=True
    )
    external = models.BooleanField(
        _("含外部检查"), default=False, help_text=_("是否爬取链接并读取可用性探测。")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )

    class Meta:
        verbose_name = _("抽查批次")
        verbose_name_plural = _("抽查批次")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return _("抽查 #%(pk)s（%(date)s）") % {"pk": self.pk, "date": self.as_of}


class SiteResult(models.Model):
    """What one run found on one site (hosted, or a legacy URL outside the platform)."""

    run = models.ForeignKey(
        SpotCheckRun,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("抽查批次"),
    )
    profile = models.ForeignKey(
        "cluster.SiteProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spot_check_results",
        verbose_name=_("站点档案"),
        help_text=_("平台外的网站为空。"),
    )
    hostname = models.CharField(_("主机名"), max_length=255)
    name = models.CharField(_("网站名称"), max_length=100, blank=True)
    level = models.CharField(_("层级"), max_length=20, blank=True)
    status = models.CharField(_("站点状态"), max_length=10, blank=True)
    passed = models.BooleanField(_("合格"))
    score = models.DecimalField(
        _("得分"),
        max_digits=5,
        decimal_places=1,
        help_text=_("扣分部分得分加加分；有单项否决的网站不计分，记 0 分。"),
    )
    deduction_score = models.DecimalField(
        _("扣分部分得分"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("满分 100；无对外服务的部门网站按 75 分折算（×4/3）。"),
    )
    bonus_score = models.DecimalField(
        _("加分"), max_digits=5, decimal_places=1, default=0
    )
    services_scored = models.BooleanField(
        _("计算办事服务"),
        default=True,
        help_text=_("无对外服务的部门网站不计算办事服务指标。"),
    )
    vetoes = models.JSONField(_("单项否决"), default=list, blank=True)
    deductions = models.JSONField(_("扣分"), default=list, blank=True)
    bonuses = models.JSONField(_("加分项"), default=list, blank=True)
    warnings = models.JSONField(_("预警"), default=list, blank=True)
    new_media = models.JSONField(
        _("政务新媒体"),
        default=list,
        blank=True,
        help_text=_("站点各政务新媒体账号的检查结果：单项否决、扣分、得分。"),
    )
    last_update = models.DateTimeField(
        _("最近更新"),
        null=True,
        blank=True,
        help_text=_("检查基准日前最新一条有发布时间的内容。"),
    )

    class Meta:
        verbose_name = _("站点检查结果")
        verbose_name_plural = _("站点检查结果")
        ordering = ["run", "hostname"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "hostname"], name="monitoring_one_result_per_site"
            )
        ]
        indexes = [models.Index(fields=["hostname", "run"])]

    def __str__(self):
        return f"{self.hostname} @ {self.run_id}"

    @property
    def veto_codes(self):
        return [veto["code"] for veto in self.vetoes]

    @property
    def verdict(self):
        """合格 / 不合格 by the national rule."""
        return _("合格") if self.passed else _("不合格")

    @property
    def scored(self):
        """False for a vetoed site: the national rule scores nothing else."""
        return not self.vetoes

    def as_json(self):
        """The object `spotcheck --json` prints for this site."""
        return {
            "site": self.hostname,
            "passed": self.passed,
            "score": float(self.score),
            "vetoes": self.vetoes,
            "deductions": self.deductions,
            "warnings": self.warnings,
            "verdict": str(self.verdict),
            "scored": self.scored,
            "deduction_score": (
                None if self.deduction_score is None else float(self.deduction_score)
            ),
            "bonus_score": float(self.bonus_score),
            "bonuses": self.bonuses,
            "services_scored": self.services_scored,
            "new_media": self.new_media,
        }

    @property
    def new_media_failed(self):
        """The site's new-media accounts that failed this check."""
        return [account for account in self.new_media if not account["passed"]]


class AvailabilityProbe(models.Model):
    """One attempt to open a site's homepage within the probe timeout."""

    hostname = models.CharField(_("主机名"), max_length=255, db_index=True)
    url = models.URLField(_("探测地址"), max_length=500)
    checked_at = models.DateTimeField(_("探测时间"), db_index=True)
    ok = models.BooleanField(_("可访问"))
    status_code = models.PositiveSmallIntegerField(_("HTTP状态码"), null=True)
    elapsed_ms = models.PositiveIntegerField(_("耗时（毫秒）"), null=True)
    error = models.CharField(_("错误"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("可用性探测")
        verbose_name_plural = _("可用性探测")
        ordering = ["-checked_at"]
        indexes = [models.Index(fields=["hostname", "checked_at"])]

    def __str__(self):
        return f"{self.hostname} {self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'fail'}"


class ScoreGroup(models.Model):
    """A group of the national indicators (单项否决, the deduction groups that
    make up the 100-point part, the 30-point bonus part), editable by the
    cluster office so it can enter the official table without code."""

    class Part(models.TextChoices):
        VETO = "veto", _("单项否决")
        DEDUCTION = "deduction", _("扣分指标")
        BONUS = "bonus", _("加分指标")

    class Subject(models.TextChoices):
        WEBSITE = "website", _("政府网站")
        NEW_MEDIA = "new_media", _("政务新媒体")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    subject = models.CharField(
        _("检查对象"),
        max_length=10,
        choices=Subject.choices,
        default=Subject.WEBSITE,
        help_text=_("网站和政务新媒体各有一套指标，各自满分 100 分。"),
    )
    part = models.CharField(_("部分"), max_length=10, choices=Part.choices)
    points = models.DecimalField(
        _("分值"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "该组指标的总分：扣分不超过该分值，加分累计不超过该分值。单项否决组留空。"
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("指标组")
        verbose_name_plural = _("指标组")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class ScoreRule(models.Model):
    """One item of the score table: what it is, its group, points per
    occurrence, its cap, its threshold, and how it is measured."""

    class Measure(models.TextChoices):
        PLATFORM = "platform", _("平台数据自动计算")
        MANUAL = "manual", _("检查员人工核查")
        BOTH = "both", _("平台数据与人工核查")

    code = models.SlugField(
        _("代码"),
        max_length=40,
        unique=True,
        help_text=_("平台计算的指标以代码对应检查规则；新增的指标只能人工核查。"),
    )
    name = models.CharField(_("指标名称"), max_length=50)
    group = models.ForeignKey(
        ScoreGroup,
        on_delete=models.PROTECT,
        related_name="rules",
        verbose_name=_("指标组"),
    )
    points = models.DecimalField(
        _("每处分值"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("每发现一处扣（加）的分数；单项否决项不计分。"),
    )
    cap = models.DecimalField(
        _("上限"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("该指标扣（加）分的上限，即指标分值。"),
    )
    threshold = models.DecimalField(
        _("阈值"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "达到该数值才计入或否决（见“计算方法”）；扣分项留空即发现一处就计入，"
            "单项否决留空按国家默认值。"
        ),
    )
    second_threshold = models.DecimalField(
        _("第二阈值"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("有两个数量条件的指标的另一个阈值（见“计算方法”）。"),
    )
    period_days = models.PositiveIntegerField(
        _("期限（天）"),
        null=True,
        blank=True,
        help_text=_("判定所看的时间范围或期限，单位为天（见“计算方法”）。"),
    )
    enabled = models.BooleanField(
        _("启用"),
        default=True,
        help_text=_("停用后检查不再计算该指标：单项否决不再否决，扣分、加分不再计入。"),
    )
    measure = models.CharField(_("计算方式"), max_length=10, choices=Measure.choices)
    method = models.TextField(_("计算方法"), help_text=_("如何判定，依据何在。"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("评分指标")
        verbose_name_plural = _("评分指标")
        ordering = ["group__sort_order", "sort_order", "code"]

    def __str__(self):
        # By name, as people read the findings (the code is the table's own
        # column); a choice this short also fits a phone's screen.
        return self.name


class ManualFinding(models.Model):
    """What an inspector found by hand on one site for one item of the score
    table, with evidence: counted by every check as of a date from
    `found_on` until the day before `resolved_on`."""

    profile = models.ForeignKey(
        "cluster.SiteProfile",
        on_delete=models.CASCADE,
        related_name="manual_findings",
        verbose_name=_("站点"),
    )
    rule = models.ForeignKey(
        ScoreRule,
        on_delete=models.PROTECT,
        related_name="manual_findings",
        verbose_name=_("指标"),
    )
    new_media_account = models.ForeignKey(
        "newmedia.NewMediaAccount",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="manual_findings",
        verbose_name=_("政务新媒体账号"),
        help_text=_(
            "指标属于政务新媒体评分表时，选择所核查的本站点账号；网站指标留空。"
        ),
    )
    occurrences = models.PositiveIntegerField(
        _("处数"), default=1, help_text=_("发现的处数，乘以指标的每处分值。")
    )
    found_on = models.DateField(_("发现日期"))
    resolved_on = models.DateField(
        _("整改日期"),
        null=True,
        blank=True,
        help_text=_("整改完成之日起不再计入；未整改留空。"),
    )
    detail = models.TextField(_("情况说明"))
    evidence = models.TextField(
        _("佐证"), help_text=_("截图、页面地址或文件编号，每行一项。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("人工核查结果")
        verbose_name_plural = _("人工核查结果")
        ordering = ["-found_on", "-pk"]

    def __str__(self):
        subject = self.new_media_account or self.profile
        return f"{subject} · {self.rule.name} · {self.found_on}"

    def clean(self):
        errors = {}
        if self.resolved_on and self.found_on and self.resolved_on <= self.found_on:
            errors["resolved_on"] = _("整改日期必须晚于发现日期。")
        rule = self.rule if self.rule_id else None
        account = self.new_media_account if self.new_media_account_id else None
        new_media = rule is not None and (
            rule.group.subject == ScoreGroup.Subject.NEW_MEDIA
        )
        if new_media and account is None:
            errors["new_media_account"] = _("政务新媒体指标须选择所核查的账号。")
        elif rule is not None and not new_media and account is not None:
            errors["new_media_account"] = _("网站指标不能选择政务新媒体账号。")
        elif (
            account is not None
            and self.profile_id
            and account.site_id != self.profile.site_id
        ):
            errors["new_media_account"] = _("所选账号不属于该站点。")
        if errors:
            raise ValidationError(errors)

    @property
    def evidence_lines(self):
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]
