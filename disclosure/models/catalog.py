"""Issuing bodies, the subject taxonomy and the disclosure catalog pages."""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.casework.workdays import add_working_days
from cms.pages.forms import GovPageForm
from cms.pages.models import AbstractAttachment, PublishedContent
from cms.pages.slugs import PinyinSlugMixin

from ..codes import validate_body_code
from ..forms.pages import DisclosureDocumentPageForm
from ..panels import DocumentWarningsPanel

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class SubjectCategory(models.Model):
    """One subject classification (主题分类) of the catalog taxonomy."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    code = models.CharField(
        _("代码"),
        max_length=10,
        unique=True,
        help_text=_("两位数字，用于排序和数据交换，例如 01。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(
        _("启用"),
        default=True,
        help_text=_("停用的分类不再出现在新文件的选项中，已有文件不受影响。"),
    )

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class IssuingBody(models.Model):
    """A disclosing body (信息公开主体) belonging to one site of the cluster."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="disclosure_bodies",
        verbose_name=_("所属站点"),
    )
    name = models.CharField(_("机构名称"), max_length=100)
    code = models.CharField(
        _("机构代码"),
        max_length=18,
        unique=True,
        validators=[validate_body_code],
        help_text=_(
            "统一社会信用代码（18位）或组织机构代码（9位），用作索引号前缀，"
            "例如 11441700007280420Y。"
        ),
    )
    office_name = models.CharField(
        _("信息公开工作机构"),
        max_length=100,
        blank=True,
        help_text=_("例如：某某县人民政府办公室政务公开科"),
    )
    office_address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(
        _("办公时间"),
        max_length=100,
        blank=True,
        help_text=_("例如：工作日 9:00-12:00，13:30-17:30"),
    )
    office_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    office_fax = models.CharField(_("传真"), max_length=50, blank=True)
    office_email = models.EmailField(_("电子邮箱"), blank=True)
    accepts_applications = models.BooleanField(
        _("受理依申请公开"),
        default=True,
        help_text=_("勾选后，公众可以在网上向本机构提出政府信息公开申请。"),
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="disclosure_bodies",
        verbose_name=_("申请办理人员"),
        help_text=_("只有这些人员（及站群管理员）能看到申请的完整信息并办理。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldRowPanel(
                    [FieldPanel("office_address"), FieldPanel("office_postcode")]
                ),
                FieldPanel("office_hours"),
                FieldRowPanel(
                    [
                        FieldPanel("office_phone"),
                        FieldPanel("office_fax"),
                        FieldPanel("office_email"),
                    ]
                ),
            ],
            heading=_("信息公开工作机构"),
        ),
        FieldPanel("accepts_applications"),
        FieldPanel("handlers"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("信息公开主体")
        verbose_name_plural = _("信息公开主体")
        ordering = ["site__hostname", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="disclosure_body_name_unique_per_site"
            )
        ]

    def __str__(self):
        return self.name

    def is_handler(self, user):
        """Whether `user` may see this body's applications in full and act on them."""
        if not user.is_active:
            return False
        return user.is_superuser or self.handlers.filter(pk=user.pk).exists()


class IndexNumberSequence(models.Model):
    """The last index-number sequence issued for a body and year. It only ever
    grows, so a number is never issued twice, even after a document is deleted."""

    body = models.ForeignKey(
        IssuingBody,
        on_delete=models.CASCADE,
        related_name="index_sequences",
        verbose_name=_("信息公开主体"),
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    last_number = models.PositiveIntegerField(_("已用最大序号"), default=0)

    class Meta:
        verbose_name = _("索引号序列")
        verbose_name_plural = _("索引号序列")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"], name="disclosure_sequence_unique_body_year"
            )
        ]

    def __str__(self):
        return f"{self.body.code}/{self.year}: {self.last_number}"


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    INVALID = "invalid", _("失效")
    REPEALED = "repealed", _("废止")


class RegulatoryKind(models.TextChoices):
    """Counted separately in the annual report's proactive disclosure table."""

    NONE = "", _("其他文件")
    RULE = "rule", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")


class DisclosureIndexPage(PinyinSlugMixin, RoutablePageMixin, Page):
    """The disclosure catalog (公开目录) of a site: browsing by subject
    classification, issuing body and year, and the site's RSS feed."""

    base_form_class = GovPageForm

    intro = RichTextField(_("简介"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["pages.ColumnPage"]
    subpage_types = ["disclosure.DisclosureDocumentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("信息公开目录")
        verbose_name_plural = _("信息公开目录")

    def documents(self):
        """The live public documents of this catalog."""
        return (
            DisclosureDocumentPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("category", "issuing_body")
        )

    @path("")
    def catalog(self, request):
        from ..catalog import browse

        context = browse(self, request)
        response = self.render(request, context_overrides=context)
        if context["filter_errors"]:
            # The page still lists every document, but says the link was bad.
            response.status_code = 400
        return response

    @path("feed/")
    def feed(self, request):
        from ..feeds import CatalogFeed

        return CatalogFeed(self)(request)


class DisclosureGuidePage(PinyinSlugMixin, Page):
    """The disclosure guide (公开指南). The offices' contact details come from
    the site's issuing bodies, so they are kept in one place."""

    base_form_class = GovPageForm

    intro = RichTextField(_("概述"), blank=True, features=RICH_TEXT_FEATURES)
    classification = RichTextField(
        _("信息分类与编排"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("本机关政府信息如何分类、如何编排索引号。"),
    )
    how_to_obtain = RichTextField(
        _("获取方式"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("主动公开信息的获取渠道；依申请公开的申请方式、受理和答复期限。"),
    )
    remedies = RichTextField(
        _("监督和救济"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("举报、行政复议和行政诉讼的途径。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("classification"),
        FieldPanel("how_to_obtain"),
        FieldPanel("remedies"),
    ]

    parent_page_types = ["pages.ColumnPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("信息公开指南")
        verbose_name_plural = _("信息公开指南")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        context["bodies"] = IssuingBody.objects.filter(site=site).order_by(
            "sort_order", "name"
        )
        return context


class DisclosureDocumentPage(PinyinSlugMixin, PublishedContent, Page):
    """One catalog entry (公开目录条目) with the standard metadata table."""

    publication_field = "published_date"

    index_number = models.CharField(
        _("索引号"),
        max_length=40,
        unique=True,
        blank=True,
        help_text=_(
            "保存时自动生成：机构代码/年份-五位序号。只有站群管理员可以修改；"
            "号码一经使用不再重复分配。"
        ),
    )
    category = models.ForeignKey(
        SubjectCategory,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("主题分类"),
    )
    issuing_body = models.ForeignKey(
        IssuingBody,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("发布机构"),
    )
    date_drafted = models.DateField(_("成文日期"))
    doc_number = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("例如：国发〔2016〕55号")
    )
    published_date = models.DateField(
        _("发布日期"),
        default=date.today,
        db_index=True,
        help_text=_("成文后超过规定工作日才发布的，将标记为逾期公开。"),
    )
    keywords = models.CharField(
        _("主题词"),
        max_length=200,
        blank=True,
        help_text=_("多个主题词用空格或顿号分隔。"),
    )
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    repealed_on = models.DateField(
        _("废止（失效）日期"),
        null=True,
        blank=True,
        help_text=_("有效性为“废止”或“失效”时填写。"),
    )
    replaced_by = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("替代文件"),
        help_text=_("废止本文件的新文件（如有）。"),
    )
    regulatory_kind = models.CharField(
        _("文件性质"),
        max_length=10,
        choices=RegulatoryKind.choices,
        default=RegulatoryKind.NONE,
        blank=True,
        help_text=_("规章和行政规范性文件在年度报告中单独统计。"),
    )
    summary = models.TextField(_("内容概述"), blank=True)
    body = RichTextField(_("正文"), blank=True, features=RICH_TEXT_FEATURES)

    base_form_class = DisclosureDocumentPageForm
    exclude_fields_in_copy = ["index_number"]

    content_panels = [
        *Page.content_panels,
        DocumentWarningsPanel(),
        MultiFieldPanel(
            [
                FieldPanel("index_number"),
                FieldRowPanel([FieldPanel("category"), FieldPanel("issuing_body")]),
                FieldRowPanel(
                    [
                        FieldPanel("date_drafted"),
                        FieldPanel("published_date"),
                        FieldPanel("doc_number"),
                    ]
                ),
                FieldPanel("keywords"),
                FieldRowPanel(
                    [
                        FieldPanel("validity"),
                        FieldPanel("repealed_on"),
                        FieldPanel("regulatory_kind"),
                    ]
                ),
                PageChooserPanel("replaced_by", "disclosure.DisclosureDocumentPage"),
            ],
            heading=_("目录信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("keywords", boost=2),
        index.SearchField("doc_number", boost=5),
        index.SearchField("index_number", boost=5),
        index.FilterField("published_date"),
        index.FilterField("category_id"),
        index.FilterField("issuing_body_id"),
    ]

    parent_page_types = ["disclosure.DisclosureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("信息公开文件")
        verbose_name_plural = _("信息公开文件")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.date_drafted
            and self.published_date
            and self.published_date < self.date_drafted
        ):
            errors["published_date"] = _("发布日期不能早于成文日期。")
        if self.validity == Validity.VALID and self.repealed_on:
            errors["repealed_on"] = _("有效文件不应填写废止日期。")
        if self.validity != Validity.VALID and not self.repealed_on:
            errors["repealed_on"] = _("请填写废止（失效）日期。")
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("文件不能被自己替代。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.index_number and self.issuing_body_id and self.date_drafted:
            from ..index_numbers import allocate_index_number

            self.index_number = allocate_index_number(
                self.issuing_body, self.date_drafted.year
            )
        return super().save(*args, **kwargs)

    @property
    def publication_time(self):
        return timezone.make_aware(datetime.combine(self.published_date, time.min))

    def proactive_deadline(self):
        """The last day this document could be published on time."""
        return add_working_days(
            self.date_drafted, settings.DISCLOSURE_PROACTIVE_DEADLINE_WORKING_DAYS
        )

    def is_published_late(self):
        if not (self.date_drafted and self.published_date):
            return False
        return self.published_date > self.proactive_deadline()

    def keyword_list(self):
        return [
            word for word in self.keywords.replace("、", " ").split() if word.strip()
        ]

    def search_facets(self):
        return {
            "category": self.category.name if self.category_id else None,
            "body": self.issuing_body.name if self.issuing_body_id else None,
            "doc_number": self.doc_number or None,
            "date": self.published_date,
        }


class DisclosureDocumentAttachment(AbstractAttachment):
    page = ParentalKey(
        DisclosureDocumentPage, on_delete=models.CASCADE, related_name="attachments"
    )
