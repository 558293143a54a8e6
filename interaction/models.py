"""Interaction (互动交流): mailboxes and the letters written to them, opinion
solicitations built on Wagtail's form builder, and online interviews."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from cms.casework.deadlines import CaseQuerySet
from cms.casework.form_messages import NamedFieldErrorsMixin
from cms.casework.tracking import random_code, unused_code
from cms.pages.forms import GovFormPageForm, GovPageForm
from cms.pages.models import PublishedContent
from cms.pages.slugs import PinyinSlugMixin
from cms.protection.captcha import with_captcha

# --------------------------------------------------------------------------
# Mailboxes and letters
# --------------------------------------------------------------------------


class MailboxKind(models.TextChoices):
    """What a mailbox is for. National spot checks count only consultation
    channels (see CONSULTATION_KINDS); petitions and discipline complaints go
    through their own legal procedures and are excluded."""

    LEADER = "leader", _("领导信箱")
    CONSULTATION = "consultation", _("政务咨询")
    COMPLAINT = "complaint", _("投诉/信访")
    DISCIPLINE = "discipline", _("纪检监察举报")


# A leader mailbox answers residents' questions just like a consultation box and
# is checked as one; complaint/petition and discipline boxes are not.
CONSULTATION_KINDS = (MailboxKind.LEADER, MailboxKind.CONSULTATION)

DEFAULT_CATEGORIES = "咨询\n建议\n求助\n其他"


class MailboxPage(PinyinSlugMixin, PublishedContent, RoutablePageMixin, Page):
    base_form_class = GovPageForm

    # A channel, not a dated item: searchable, but no publication time.
    is_dated_item = False

    kind = models.CharField(
        _("信箱类型"),
        max_length=20,
        choices=MailboxKind.choices,
        default=MailboxKind.CONSULTATION,
        help_text=_(
            "领导信箱和政务咨询计入国家抽查的咨询渠道；投诉/信访和纪检举报不计入。"
        ),
    )
    intro = RichTextField(
        _("信箱介绍"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    notice = models.TextField(
        _("写信须知"),
        blank=True,
        help_text=_("显示在写信表单上方，例如受理范围和答复时限。"),
    )
    categories = models.TextField(
        _("留言分类"),
        default=DEFAULT_CATEGORIES,
        help_text=_("每行一个分类，来信人从中选择。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("notice"),
        FieldPanel("categories"),
    ]
    search_fields = [*Page.search_fields, index.FilterField("kind")]

    parent_page_types = ["pages.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")

    def search_facets(self):
        return {
            "category": self.get_kind_display(),
            "body": None,
            "doc_number": None,
            "date": self.last_published_at,
        }

    @property
    def counts_as_consultation(self):
        return self.kind in CONSULTATION_KINDS

    def category_choices(self):
        names = [line.strip() for line in self.categories.splitlines()]
        return [(name, name) for name in names if name]

    # The routes delegate to views.py so the model stays about data.
    @path("", name="index")
    def index_route(self, request):
        from . import views

        return views.mailbox_index(request, self)

    @path("write/", name="write")
    def write_route(self, request):
        from . import views

        return views.mailbox_write(request, self)

    @path("receipt/", name="receipt")
    def receipt_route(self, request):
        from . import views

        return views.mailbox_receipt(request, self)

    @path("lookup/", name="lookup")
    def lookup_route(self, request):
        from . import views

        return views.mailbox_lookup(request, self)

    @path("letters/<int:letter_id>/", name="letter")
    def letter_route(self, request, letter_id):
        from . import views

        return views.mailbox_letter(request, self, letter_id)


class Department(models.Model):
    """A handling unit (承办单位) of one site that letters are assigned to."""

    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="interaction_departments",
        verbose_name=_("站点"),
    )
    name = models.CharField(_("名称"), max_length=100)
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用后不能再分办给该单位。")
    )

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["site__hostname", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="interaction_department_unique_name"
            )
        ]

    def __str__(self):
        return self.name


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    DRAFTED = "drafted", _("答复待审核")
    ANSWERED = "answered", _("已答复")
    PUBLISHED = "published", _("已公开")
    CLOSED = "closed", _("已关闭")


OPEN_STATUSES = (LetterStatus.RECEIVED, LetterStatus.ASSIGNED, LetterStatus.DRAFTED)


class CloseReason(models.TextChoices):
    INVALID = "invalid", _("无效来信")
    DUPLICATE = "duplicate", _("重复来信")


TRACKING_CODE_LENGTH = 10


def new_tracking_code(rng=None):
    """An unguessable code (50 bits) without look-alike characters."""
    return unused_code(
        lambda: random_code(TRACKING_CODE_LENGTH, rng), Letter.objects.all()
    )


class LetterQuerySet(CaseQuerySet):
    def for_sites(self, sites):
        return self.filter(site__in=sites)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def published(self):
        return self.filter(status=LetterStatus.PUBLISHED)

    def consultations(self):
        return self.filter(mailbox__kind__in=CONSULTATION_KINDS)


class Letter(models.Model):
    """One letter (来信) to a mailbox, from receipt to published answer."""

    mailbox = models.ForeignKey(
        MailboxPage,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("信箱"),
    )
    # Denormalised from the mailbox so every admin query filters by site directly.
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="letters", verbose_name=_("站点")
    )
    tracking_code = models.CharField(
        _("查询码"), max_length=TRACKING_CODE_LENGTH, unique=True, editable=False
    )
    # Personal data: shown only to the site's staff, never publicly or in
    # exports without the view_letter_contact permission.
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    subject = models.CharField(_("标题"), max_length=100)
    category = models.CharField(_("分类"), max_length=50)
    content = models.TextField(_("内容"))
    agrees_to_publish = models.BooleanField(
        _("同意公开"),
        default=False,
        help_text=_("来信人同意公开来信内容和答复（不公开姓名和联系方式）。"),
    )
    received_at = models.DateTimeField(_("来信时间"), default=timezone.now)
    due_date = models.DateField(
        _("答复期限"), help_text=_("受理日起算的工作日期限，按法定节假日顺延。")
    )
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=LetterStatus.choices,
        default=LetterStatus.RECEIVED,
        db_index=True,
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("承办单位"),
    )
    answer = models.TextField(_("答复内容"), blank=True)
    answer_drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复起草人"),
    )
    answered_at = models.DateTimeField(
        _("答复时间"), null=True, blank=True, help_text=_("答复审核通过的时间。")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复审核人"),
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    close_reason = models.CharField(
        _("关闭原因"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.TextField(_("关闭说明"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("重复于"),
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["site", "status", "received_at"])]
        permissions = [
            ("view_letter_contact", _("可在导出中查看来信人姓名和联系方式")),
        ]

    def __str__(self):
        return f"{self.tracking_code} {self.subject}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def answered_on_time(self):
        if self.answered_at is None:
            return None
        return timezone.localdate(self.answered_at) <= self.due_date


class LetterAction(models.TextChoices):
    RECEIVE = "receive", _("受理")
    ASSIGN = "assign", _("分办")
    DRAFT = "draft", _("起草答复")
    APPROVE = "approve", _("审核通过")
    REJECT = "reject", _("退回修改")
    PUBLISH = "publish", _("公开")
    UNPUBLISH = "unpublish", _("撤销公开")
    CLOSE = "close", _("关闭")
    CALENDAR_CHANGED = "calendar_changed", _("节假日安排调整，期限重算")


class LetterEvent(models.Model):
    """One recorded transition of a letter: who did what, and when."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="events", verbose_name=_("来信")
    )
    action = models.CharField(_("操作"), max_length=20, choices=LetterAction.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=LetterStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=20, choices=LetterStatus.choices
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.letter.tracking_code} {self.get_action_display()}"


# --------------------------------------------------------------------------
# Solicitations (征集调查)
# --------------------------------------------------------------------------


class SolicitationFormField(AbstractFormField):
    page = ParentalKey(
        "SolicitationPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class SolicitationPage(PinyinSlugMixin, PublishedContent, AbstractEmailForm):
    """An opinion solicitation: a form open between two times, then closed
    automatically, with a results summary published afterwards."""

    base_form_class = GovFormPageForm

    intro = RichTextField(_("征集说明"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("截止时间"), help_text=_("到期后自动停止接收意见。")
    )
    thank_you_text = models.TextField(
        _("提交成功提示"), blank=True, default="感谢您提出宝贵意见！"
    )
    results_summary = RichTextField(
        _("征集结果"), blank=True, help_text=_("征集结束后公布意见采纳情况。")
    )
    results_published_at = models.DateTimeField(
        _("结果公布时间"), null=True, blank=True
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("表单字段")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("results_summary"), FieldPanel("results_published_at")],
            heading=_("征集结果"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("邮件通知"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")

    @property
    def publication_time(self):
        return self.opens_at

    def search_facets(self):
        return {
            "category": str(_("意见征集")),
            "body": None,
            "doc_number": None,
            "date": self.opens_at,
        }

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    def has_not_opened(self, at=None):
        return (at or timezone.now()) < self.opens_at

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})

    def get_form_class(self):
        # Errors that name the field the solicitation's author labelled.
        form_class = super().get_form_class()
        return with_captcha(
            type(form_class.__name__, (NamedFieldErrorsMixin, form_class), {})
        )

    def process_form_submission(self, form):
        # The captcha is a check, not an opinion: keep it out of the stored data.
        form.cleaned_data.pop("captcha", None)
        return super().process_form_submission(form)

    def serve(self, request, *args, **kwargs):
        from . import views

        return views.solicitation_serve(request, self, *args, **kwargs)


# --------------------------------------------------------------------------
# Online interviews (在线访谈)
# --------------------------------------------------------------------------


class InterviewPage(PinyinSlugMixin, PublishedContent, Page):
    base_form_class = GovPageForm

    starts_at = models.DateTimeField(_("访谈时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    venue = models.CharField(_("访谈地点"), max_length=100, blank=True)
    summary = models.TextField(_("内容摘要"), blank=True)
    transcript = RichTextField(
        _("文字实录"),
        blank=True,
        features=["h3", "bold", "italic", "ol", "ul", "link", "image"],
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue"),
        InlinePanel("guests", label=_("访谈嘉宾"), min_num=1),
        FieldPanel("summary"),
        FieldPanel("transcript"),
        InlinePanel("images", label=_("图片")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("transcript"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["pages.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")

    @property
    def publication_time(self):
        return self.starts_at

    def search_facets(self):
        return {
            "category": str(_("在线访谈")),
            "body": None,
            "doc_number": None,
            "date": self.starts_at,
        }


class InterviewGuest(Orderable):
    page = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(
        _("职务"), max_length=100, help_text=_("例如：东坡县教育局局长")
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("position")])]

    class Meta(Orderable.Meta):
        verbose_name = _("访谈嘉宾")
        verbose_name_plural = _("访谈嘉宾")

    def __str__(self):
        return f"{self.position} {self.name}"


class InterviewImage(Orderable):
    page = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("图片"),
    )
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("访谈图片")
        verbose_name_plural = _("访谈图片")
