"""Visit statistics aggregated from the access logs (see docs/visits.md).

Nothing here identifies a reader: the logs carry the reader's network, never
the address, and the only per-visitor values (`VisitorDigests`) are keyed
hashes whose key changes every day; they are deleted once their day is closed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceClass(models.TextChoices):
    DESKTOP = "desktop", _("桌面端")
    MOBILE = "mobile", _("移动端")
    TABLET = "tablet", _("平板")


class ExclusionReason(models.TextChoices):
    BOT = "bot", _("搜索引擎爬虫及其他自动程序")
    PLATFORM = "platform", _("本平台的监测探针和爬虫")
    METHOD = "method", _("非 GET 请求")
    STATUS = "status", _("出错或跳转的响应（非 2xx/304）")
    NOT_PUBLISHED_FILE = (
        "not_published_file",
        _("nginx 未以发布文件应答的请求（静态资源，或转交应用、由应用日志计数）"),
    )


class AccessLogFile(models.Model):
    """How far the ingester has read one log file. A file is recognised by its
    device and inode (so a rotated file keeps its progress under its new name)
    and by a checksum of its first line (so a truncated file, or a new file
    that reused an inode, is read again from the start)."""

    device = models.BigIntegerField(_("设备号"))
    inode = models.BigIntegerField(_("inode"))
    path = models.CharField(_("最近路径"), max_length=500)
    first_line_sha256 = models.CharField(_("首行校验和"), max_length=64, blank=True)
    offset = models.BigIntegerField(_("已读字节数"), default=0)
    lines_read = models.BigIntegerField(_("已读行数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("访问日志文件")
        verbose_name_plural = _("访问日志文件")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "inode"], name="visits_logfile_unique"
            )
        ]

    def __str__(self):
        return self.path


class DailyTraffic(models.Model):
    """One site's counted page views on one day (local date of the log line)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    day = models.DateField(_("日期"))
    page_views = models.PositiveBigIntegerField(_("浏览量"), default=0)
    visits = models.PositiveBigIntegerField(_("访问次数"), default=0)
    unique_visitors = models.PositiveBigIntegerField(_("独立访客"), default=0)
    desktop_views = models.PositiveBigIntegerField(_("桌面端浏览量"), default=0)
    mobile_views = models.PositiveBigIntegerField(_("移动端浏览量"), default=0)
    tablet_views = models.PositiveBigIntegerField(_("平板浏览量"), default=0)

    class Meta:
        verbose_name = _("每日访问量")
        verbose_name_plural = _("每日访问量")
        constraints = [
            models.UniqueConstraint(fields=["site", "day"], name="visits_daily_unique")
        ]
        indexes = [models.Index(fields=["day"], name="visits_daily_day")]

    def __str__(self):
        return f"{self.site_id} {self.day}"


class DailyPageViews(models.Model):
    """Page views of one path of one site on one day (the path without query)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    day = models.DateField(_("日期"))
    path = models.CharField(_("路径"), max_length=500)
    views = models.PositiveBigIntegerField(_("浏览量"), default=0)

    class Meta:
        verbose_name = _("页面每日浏览量")
        verbose_name_plural = _("页面每日浏览量")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "path"], name="visits_page_unique"
            )
        ]

    def __str__(self):
        return self.path


class YearlyPageViews(models.Model):
    """DailyPageViews summed over a calendar year, kept by the ingester beside
    the daily rows: the most read pages of a whole year (the annual report's
    period) across the whole cluster read a few index entries instead of
    grouping millions of page-days."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    path = models.CharField(_("路径"), max_length=500)
    views = models.PositiveBigIntegerField(_("浏览量"), default=0)

    class Meta:
        verbose_name = _("页面年度浏览量")
        verbose_name_plural = _("页面年度浏览量")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "path"], name="visits_yearly_page_unique"
            )
        ]
        indexes = [
            models.Index(
                "year", models.F("views").desc(), name="visits_yearly_page_rank"
            )
        ]

    def __str__(self):
        return self.path


class DailyReferrer(models.Model):
    """Page views arriving from another site's origin ("" = typed or bookmarked)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    day = models.DateField(_("日期"))
    origin = models.CharField(_("来源"), max_length=300, blank=True)
    views = models.PositiveBigIntegerField(_("浏览量"), default=0)

    class Meta:
        verbose_name = _("每日来源")
        verbose_name_plural = _("每日来源")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "origin"], name="visits_referrer_unique"
            )
        ]

    def __str__(self):
        return self.origin


class DailyExclusion(models.Model):
    """Log lines of a site that were not counted, and why. Lines of unknown
    hosts and unreadable lines have no site: the ingester's summary counts them."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    day = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=20, choices=ExclusionReason)
    lines = models.PositiveBigIntegerField(_("行数"), default=0)

    class Meta:
        verbose_name = _("未计入的日志行")
        verbose_name_plural = _("未计入的日志行")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "reason"], name="visits_exclusion_unique"
            )
        ]

    def __str__(self):
        return self.reason


class VisitorDigests(models.Model):
    """The visitors of one site on one open day: for each, a 64-bit keyed hash
    of (network, user agent) whose key is derived from SECRET_KEY and the
    date, and the minute of the day they were last seen (to tell visits
    apart), packed into one value (visits.digests) so an ingest writes one
    row per site and day instead of one per visitor. Kept only until the day
    is closed (VISITS_OPEN_DAYS), then deleted."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    day = models.DateField(_("日期"))
    visitors = models.PositiveIntegerField(_("访客数"), default=0)
    packed = models.BinaryField(
        _("访客摘要"),
        help_text=_("每位访客的摘要（8 字节）及最近访问分钟（2 字节），小端序。"),
    )

    class Meta:
        verbose_name = _("当日访客摘要")
        verbose_name_plural = _("当日访客摘要")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day"], name="visits_digests_unique"
            )
        ]

    def __str__(self):
        return f"{self.site_id} {self.day}"


class ClusterDailyTraffic(models.Model):
    """DailyTraffic summed over every site of the cluster, kept by the ingester
    beside the per-site rows so the whole cluster's charts read one row a day."""

    day = models.DateField(_("日期"), unique=True)
    page_views = models.PositiveBigIntegerField(_("浏览量"), default=0)
    visits = models.PositiveBigIntegerField(_("访问次数"), default=0)
    unique_visitors = models.PositiveBigIntegerField(_("独立访客"), default=0)
    desktop_views = models.PositiveBigIntegerField(_("桌面端浏览量"), default=0)
    mobile_views = models.PositiveBigIntegerField(_("移动端浏览量"), default=0)
    tablet_views = models.PositiveBigIntegerField(_("平板浏览量"), default=0)

    class Meta:
        verbose_name = _("全站群每日访问量")
        verbose_name_plural = _("全站群每日访问量")

    def __str__(self):
        return str(self.day)


class ClusterDailyReferrer(models.Model):
    """DailyReferrer summed over every site of the cluster."""

    day = models.DateField(_("日期"))
    origin = models.CharField(_("来源"), max_length=300, blank=True)
    views = models.PositiveBigIntegerField(_("浏览量"), default=0)

    class Meta:
        verbose_name = _("全站群每日来源")
        verbose_name_plural = _("全站群每日来源")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "origin"], name="visits_cluster_referrer_unique"
            )
        ]

    def __str__(self):
        return self.origin


class ClusterDailyExclusion(models.Model):
    """DailyExclusion summed over every site of the cluster, kept by the
    ingester so the whole cluster's excluded lines read one row per day and
    reason."""

    day = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=20, choices=ExclusionReason)
    lines = models.PositiveBigIntegerField(_("行数"), default=0)

    class Meta:
        verbose_name = _("全站群未计入的日志行")
        verbose_name_plural = _("全站群未计入的日志行")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "reason"], name="visits_cluster_exclusion_unique"
            )
        ]

    def __str__(self):
        return self.reason
