"""Stored results of the national spot checks and the availability probes."""

from django.conf import settings
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
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    vetoes = models.JSONField(_("单项否决"), default=list, blank=True)
    deductions = models.JSONField(_("扣分"), default=list, blank=True)
    warnings = models.JSONField(_("预警"), default=list, blank=True)
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

    def as_json(self):
        """The object `spotcheck --json` prints for this site."""
        return {
            "site": self.hostname,
            "passed": self.passed,
            "score": float(self.score),
            "vetoes": self.vetoes,
            "deductions": self.deductions,
            "warnings": self.warnings,
        }


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
