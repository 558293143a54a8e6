"""Publishing data: check dictionaries, the content-check workflow task,
syndication records and the per-site syndication setting."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Task, TaskState

from cms.pages.models import ColumnKind


class EntryKind(models.TextChoices):
    LEADER_NAME = "leader_name", _("领导姓名")
    SENSITIVE_WORD = "sensitive_word", _("敏感词/禁用词")
    TYPO = "typo", _("易错词")


class DictionaryEntryQuerySet(models.QuerySet):
    def for_site(self, site):
        """Entries that apply to `site`: cluster-wide ones and the site's own."""
        condition = models.Q(site__isnull=True)
        if site is not None:
            condition |= models.Q(site=site)
        return self.filter(condition, active=True)


class DictionaryEntry(models.Model):
    """One word the content checks look for. A leader-name entry pairs a wrong
    form with the canonical name; a typo entry a wrong form with its correction;
    a sensitive-word entry has no correction (or a suggested rewording)."""

    kind = models.CharField(_("类型"), max_length=20, choices=EntryKind.choices)
    term = models.CharField(
        _("查找词"),
        max_length=100,
        help_text=_("正文中要查找的写法：领导姓名的错误写法、敏感词或错别字。"),
    )
    suggestion = models.CharField(
        _("建议写法"),
        max_length=100,
        blank=True,
        help_text=_("领导姓名的正确写法或错别字的正确写法；敏感词可留空。"),
    )
    note = models.CharField(
        _("说明"),
        max_length=200,
        blank=True,
        help_text=_("例如领导职务，或该词为何不得使用。"),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("站点"),
        help_text=_("留空表示全站群通用（仅站群管理员可维护）。"),
    )
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DictionaryEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查词条")
        verbose_name_plural = _("检查词库")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "term", "site"], name="publishing_unique_entry"
            ),
            models.UniqueConstraint(
                fields=["kind", "term"],
                condition=models.Q(site__isnull=True),
                name="publishing_unique_cluster_entry",
            ),
        ]

    def __str__(self):
        if self.suggestion:
            return f"{self.term} → {self.suggestion}"
        return self.term


class ContentCheckTask(Task):
    """Workflow step that runs the content checks on the submitted revision:
    serious findings send the page back to its editor, anything else passes on
    to the next step with the findings kept for the reviewers."""

    admin_form_fields = [*Task.admin_form_fields, "reject_on_warnings"]

    reject_on_warnings = models.BooleanField(
        _("警告也退回"),
        default=False,
        help_text=_("默认只有严重问题（领导姓名错误、敏感词）才退回修改。"),
    )

    class Meta:
        verbose_name = _("内容自动检查")
        verbose_name_plural = _("内容自动检查")

    def get_task_state_class(self):
        return ContentCheckTaskState

    def start(self, workflow_state, user=None):
        from .checks import SERIOUS, WARNING, check_page

        task_state = super().start(workflow_state, user=user)
        page = task_state.revision.as_object()
        findings = check_page(page)
        task_state.findings = [finding.as_dict() for finding in findings]
        task_state.save(update_fields=["findings"])
        blocking = {SERIOUS, WARNING} if self.reject_on_warnings else {SERIOUS}
        comment = task_state.summary()
        # The automated step acts as nobody: the log shows the check rejected it.
        if any(finding.severity in blocking for finding in findings):
            task_state.reject(user=None, update=False, comment=comment)
        else:
            task_state.approve(user=None, update=False, comment=comment)
        return task_state

    def get_actions(self, obj, user):
        # Nobody approves by hand: resubmitting runs the checks again.
        return []

    @classmethod
    def get_description(cls):
        return _(
            "检查领导姓名、敏感词、错别字、链接、发布时间和文号，严重问题自动退回。"
        )


class ContentCheckTaskState(TaskState):
    findings = models.JSONField(_("检查结果"), default=list, blank=True)

    class Meta:
        verbose_name = _("内容检查记录")
        verbose_name_plural = _("内容检查记录")

    def summary(self):
        from .checks import Finding, describe

        if not self.findings:
            return str(_("内容检查通过，未发现问题。"))
        return "\n".join(describe(Finding(**item)) for item in self.findings)

    def get_comment(self):
        return self.comment or self.summary()


@register_setting(icon="resubmit")
class SyndicationSettings(BaseSiteSetting):
    # The site's editors decide whether pushes wait for them (sites.provisioning).
    editors_may_change = True

    auto_accept = models.BooleanField(
        _("自动接收上级推送"),
        default=True,
        help_text=_(
            "关闭后，上级站点推送的内容需本站编辑接收，并经本站发布审核流程通过后才会发布。"
        ),
    )

    panels = [FieldPanel("auto_accept")]

    class Meta:
        verbose_name = _("推送接收设置")
        verbose_name_plural = _("推送接收设置")


class PushMode(models.TextChoices):
    ALIAS = "alias", _("同步引用（随原文更新）")
    COPY = "copy", _("独立副本")


class Push(models.Model):
    """One push (推送) of a published page from a superior site."""

    source_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("原文页面"),
    )
    source_site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("推送站点"),
    )
    column_kind = models.CharField(
        _("目标栏目类型"), max_length=20, choices=ColumnKind.choices
    )
    mode = models.CharField(
        _("推送方式"), max_length=10, choices=PushMode.choices, default=PushMode.ALIAS
    )
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("推送人"),
    )
    pushed_at = models.DateTimeField(_("推送时间"), db_index=True)

    class Meta:
        verbose_name = _("推送")
        verbose_name_plural = _("推送")
        ordering = ["-pushed_at"]

    def __str__(self):
        return str(self.source_page)


class TargetStatus(models.TextChoices):
    PENDING = "pending", _("待本站确认")
    REVIEW = "review", _("本站审核中")
    LIVE = "live", _("已转载")
    DECLINED = "declined", _("已拒绝")
    FAILED = "failed", _("失败")


class PushTarget(models.Model):
    """What became of a push on one receiving site."""

    push = models.ForeignKey(
        Push, on_delete=models.CASCADE, related_name="targets", verbose_name=_("推送")
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("接收站点"),
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=TargetStatus.choices,
        default=TargetStatus.PENDING,
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转载页面"),
    )
    pushed_at = models.DateTimeField(_("推送时间"))
    live_at = models.DateTimeField(_("上线时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    reason = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("推送目标")
        verbose_name_plural = _("推送目标")
        ordering = ["push", "site__hostname"]
        constraints = [
            models.UniqueConstraint(
                fields=["push", "site"], name="publishing_unique_push_target"
            )
        ]

    def __str__(self):
        return f"{self.push} → {self.site}"

    @property
    def latency(self):
        """Time from the push to the page going live on this site."""
        if self.live_at is None:
            return None
        return self.live_at - self.pushed_at


class ImportedArticle(models.Model):
    """Which page a legacy article (by its external id) was imported as, so a
    re-import updates that page instead of adding another."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    external_id = models.CharField(_("原系统编号"), max_length=200)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("页面"),
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "external_id"], name="publishing_unique_external_id"
            )
        ]

    def __str__(self):
        return self.external_id
