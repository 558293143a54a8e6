"""Government new-media accounts (政务新媒体: WeChat official accounts, Weibo,
Douyin, Toutiao, the government's own apps ...) registered per site and body,
and their activity: posts read from a feed where the account publishes one,
and figures staff enter per period (posts, followers, messages, replies).

国办发〔2018〕123号: one account per body per platform, the sponsor named,
the whole life cycle (opening, change, merger, closure) filed (备案)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from sites.models import SiteOwnedModel

from .forms import NewMediaAccountForm


class Platform(models.TextChoices):
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("今日头条")
    APP = "app", _("移动客户端")
    OTHER = "other", _("其他平台")


class AccountStatus(models.TextChoices):
    OPEN = "open", _("开设")
    MERGED = "merged", _("整合")
    CLOSED = "closed", _("关停")


class FilingState(models.TextChoices):
    UNFILED = "unfiled", _("未备案")
    FILED = "filed", _("已备案")
    CHANGE_UNFILED = "change_unfiled", _("变更未备案")


class NewMediaAccount(SiteOwnedModel, ClusterableModel):
    """One account of one body on one platform."""

    base_form_class = NewMediaAccountForm

    platform = models.CharField(_("平台"), max_length=10, choices=Platform.choices)
    platform_name = models.CharField(
        _("平台名称"),
        max_length=50,
        blank=True,
        help_text=_("平台为“其他平台”或移动客户端时填写，例如：快手、学习强国。"),
    )
    name = models.CharField(
        _("账号名称"),
        max_length=100,
        help_text=_("简洁、与开设主体职责相关，各平台使用同一名称。"),
    )
    account_id = models.CharField(
        _("账号ID"),
        max_length=100,
        help_text=_("平台上的账号标识，例如微信号、微博 UID、抖音号。"),
    )
    body = models.CharField(
        _("开设主体"),
        max_length=100,
        help_text=_("开设账号的机关或单位；同一主体在同一平台只开设一个账号。"),
    )
    sponsor = models.CharField(
        _("主办单位"),
        max_length=100,
        blank=True,
        help_text=_("认证信息中标明的主办单位（谁开设谁主办）。"),
    )
    profile_url = models.URLField(_("账号主页"), max_length=500, blank=True)
    opened_on = models.DateField(_("开设日期"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=AccountStatus.choices,
        default=AccountStatus.OPEN,
    )
    status_changed_on = models.DateField(_("整合/关停日期"), null=True, blank=True)
    status_reason = models.TextField(
        _("整合/关停原因"),
        blank=True,
        help_text=_("例如：功能相近合并至某账号、长期无更新关停。"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_accounts",
        verbose_name=_("整合至"),
    )
    filing_state = models.CharField(
        _("备案状态"),
        max_length=20,
        choices=FilingState.choices,
        default=FilingState.UNFILED,
        help_text=_("开设、变更、整合、关停均须向主管部门备案（全生命周期备案）。"),
    )
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    interaction_available = models.BooleanField(
        _("互动功能可用"),
        default=True,
        help_text=_("留言、评论或私信等互动功能开通且正常使用。"),
    )
    feed_url = models.URLField(
        _("订阅源地址"),
        max_length=500,
        blank=True,
        help_text=_("账号发布的 RSS 或 Atom 订阅源；填写后平台定期读取发布情况。"),
    )
    feed_checked_at = models.DateTimeField(_("最近读取时间"), null=True, blank=True)
    feed_error = models.CharField(_("读取错误"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    panels = [
        FieldPanel("site"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("platform"), FieldPanel("platform_name")]),
                FieldRowPanel([FieldPanel("name"), FieldPanel("account_id")]),
                FieldRowPanel([FieldPanel("body"), FieldPanel("sponsor")]),
                FieldPanel("profile_url"),
                FieldPanel("opened_on"),
            ],
            heading=_("账号信息"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_changed_on")]),
                FieldPanel("status_reason"),
                FieldPanel("merged_into"),
                FieldRowPanel([FieldPanel("filing_state"), FieldPanel("filed_on")]),
                FieldPanel("interaction_available"),
            ],
            heading=_("状态与备案"),
        ),
        FieldPanel("feed_url"),
        InlinePanel(
            "activity_records", heading=_("运营数据（人工填报）"), label=_("期间")
        ),
    ]

    class Meta:
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        ordering = ["site__hostname", "platform", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "account_id"],
                name="newmedia_one_row_per_platform_account",
                violation_error_message=_("该平台的这个账号ID已经登记。"),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.platform_label}）"

    @property
    def platform_label(self):
        if self.platform in (Platform.OTHER, Platform.APP) and self.platform_name:
            return self.platform_name
        return str(Platform(self.platform).label)

    platform_label.fget.short_description = _("平台")

    @property
    def status_label(self):
        return str(AccountStatus(self.status).label)

    @property
    def filing_label(self):
        return str(FilingState(self.filing_state).label)

    @property
    def interaction_label(self):
        return str(_("是") if self.interaction_available else _("否"))

    def clean(self):
        errors = {}
        if self.status != AccountStatus.OPEN and not self.status_changed_on:
            errors["status_changed_on"] = _("整合或关停的账号须填写日期。")
        if self.status != AccountStatus.OPEN and not self.status_reason.strip():
            errors["status_reason"] = _("整合或关停的账号须填写原因。")
        if (
            self.status_changed_on
            and self.opened_on
            and self.status_changed_on < self.opened_on
        ):
            errors["status_changed_on"] = _("整合/关停日期不能早于开设日期。")
        if self.merged_into_id and self.status != AccountStatus.MERGED:
            errors["merged_into"] = _("只有状态为“整合”的账号才能填写“整合至”。")
        if self.merged_into_id and self.merged_into_id == self.pk:
            errors["merged_into"] = _("账号不能整合至其自身。")
        if self.filing_state == FilingState.FILED and not self.filed_on:
            errors["filed_on"] = _("已备案的账号须填写备案日期。")
        if self.platform == Platform.OTHER and not self.platform_name.strip():
            errors["platform_name"] = _("平台为“其他平台”时须填写平台名称。")
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, day):
        """Whether the account was running on `day`."""
        if self.opened_on > day:
            return False
        if self.status == AccountStatus.OPEN:
            return True
        return self.status_changed_on is None or self.status_changed_on > day


class NewMediaPost(models.Model):
    """One item of an account's feed, as read by `fetch_new_media_feeds`."""

    account = models.ForeignKey(
        NewMediaAccount,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("账号"),
    )
    guid = models.CharField(_("条目标识"), max_length=500)
    title = models.CharField(_("标题"), max_length=500, blank=True)
    url = models.URLField(_("链接"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    fetched_at = models.DateTimeField(_("读取时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("新媒体发布条目")
        verbose_name_plural = _("新媒体发布条目")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "guid"], name="newmedia_one_row_per_feed_item"
            )
        ]

    def __str__(self):
        return self.title or self.guid


class ActivityRecord(models.Model):
    """What staff report for one account over one period (a month, a quarter):
    its posts, the followers at the period's end, messages and replies."""

    account = ParentalKey(
        NewMediaAccount,
        on_delete=models.CASCADE,
        related_name="activity_records",
        verbose_name=_("账号"),
    )
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    posts = models.PositiveIntegerField(_("发布量（条）"), default=0)
    original_posts = models.PositiveIntegerField(_("其中原创（条）"), default=0)
    last_post_on = models.DateField(
        _("期内最后发布日期"),
        null=True,
        blank=True,
        help_text=_("期内有发布时必填，用于判断账号是否长期不更新。"),
    )
    followers = models.PositiveIntegerField(
        _("关注/订阅数"), null=True, blank=True, help_text=_("期末的关注量或订阅数。")
    )
    messages = models.PositiveIntegerField(_("收到留言/评论（条）"), default=0)
    replies = models.PositiveIntegerField(_("回复（条）"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("填报人"),
    )
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldRowPanel(
            [
                FieldPanel("posts"),
                FieldPanel("original_posts"),
                FieldPanel("last_post_on"),
            ]
        ),
        FieldRowPanel(
            [FieldPanel("followers"), FieldPanel("messages"), FieldPanel("replies")]
        ),
    ]

    class Meta:
        verbose_name = _("运营数据")
        verbose_name_plural = _("运营数据")
        ordering = ["account", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period_start"],
                name="newmedia_one_record_per_period",
                violation_error_message=_("该账号这个期间的数据已经填报。"),
            )
        ]

    def __str__(self):
        return f"{self.period_start} — {self.period_end}"

    def clean(self):
        errors = {}
        if (
            self.period_start
            and self.period_end
            and self.period_end < self.period_start
        ):
            errors["period_end"] = _("期间结束不能早于期间开始。")
        if self.original_posts > self.posts:
            errors["original_posts"] = _("原创条数不能多于发布量。")
        if self.replies > self.messages:
            errors["replies"] = _("回复条数不能多于收到的留言和评论。")
        if self.posts and not self.last_post_on:
            errors["last_post_on"] = _("期内有发布时须填写最后发布日期。")
        if self.last_post_on and not self.posts:
            errors["posts"] = _("填写了最后发布日期，发布量不能为 0。")
        if (
            self.last_post_on
            and self.period_start
            and self.period_end
            and not self.period_start <= self.last_post_on <= self.period_end
        ):
            errors["last_post_on"] = _("最后发布日期须在期间之内。")
        if errors:
            raise ValidationError(errors)

    @property
    def unanswered(self):
        return max(self.messages - self.replies, 0)
