"""The page types every site of the cluster is built from."""

import bisect
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import Coalesce, RowNumber, Substr
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, get_page_models
from wagtail.search import index

from cms.delivery.batch import in_render_batch, shared_in_batch

from .colours import validate_contrast_with_white, validate_hex_colour
from .forms import GovPageForm
from .home_blocks import block_items
from .slugs import PinyinSlugMixin


class ColumnKind(models.TextChoices):
    """What a column (栏目) holds; monitoring derives the required update
    interval from it."""

    NEWS = "news", _("动态/要闻")
    NOTICE = "notice", _("通知公告")
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    PERSONNEL = "personnel", _("人事信息")
    PLANNING = "planning", _("规划计划")
    STATISTICS = "statistics", _("统计信息")
    STATIC = "static", _("静态介绍")
    # 专栏专题: counted by the annual website report (维护数量, 新开设数量).
    TOPIC = "topic", _("专题专栏")
    OTHER = "other", _("其他")


class HomePage(PinyinSlugMixin, Page):
    base_form_class = GovPageForm

    intro = models.TextField(
        _("首页简介"), blank=True, help_text=_("显示在首页顶部的简短介绍。")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.ColumnPage", "annualreports.WebsiteReportIndexPage"]
    # A home page is made only by `create_site`, together with the site, its
    # profile, groups and collection; one made by hand would have none of these.
    is_creatable = False

    class Meta:
        verbose_name = _("网站首页")
        verbose_name_plural = _("网站首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        per_column = settings.PORTAL_HOME_ITEMS_PER_COLUMN
        context["column_blocks"] = [
            (column, items or block_items(column, per_column, request))
            for column, items in latest_items_by_column(self, per_column)
        ]
        context["headline"] = self.headline()
        return context

    def headline(self):
        """The newest live, public article with a cover image, shown large at
        the top of the home page (图片新闻), or None."""
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(self)
            .filter(cover_image__isnull=False)
            .select_related("cover_image")
            .order_by("-published_at", "-pk")
            .first()
        )


def dated_page_models():
    """The page types that are dated items (published content with a
    publication time); columns, index pages and channels are not items."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, PublishedContent) and model.is_dated_item
    ]


def latest_items_by_column(parent, per_column, columns=None):
    """[(column, [item, ...]), ...] for `columns` (default: the top-level menu
    columns below `parent`), each with its newest `per_column` items from
    anywhere below it, sub-columns included. Items are plain pages annotated
    with `shown_at`, the publication time shown to readers. A fixed number of
    queries whatever the number of items."""
    if columns is None:
        columns = ColumnPage.objects.child_of(parent).live().public().in_menu()
    columns = sorted(columns, key=lambda column: column.path)
    if not columns:
        return []
    column_path_length = len(columns[0].path)
    column_path = Substr("path", 1, column_path_length)
    ranked = (
        Page.objects.live()
        .public()
        .descendant_of(parent)
        .type(*dated_page_models())
        .annotate(
            shown_at=publication_time_expression(),
            column_path=column_path,
            rank=Window(
                RowNumber(),
                partition_by=[column_path],
                order_by=[F("shown_at").desc(), F("pk").desc()],
            ),
        )
        .filter(rank__lte=per_column)
        .only("title", "url_path", "path", "depth")
        .order_by("column_path", "rank")
    )
    items_by_column = {}
    for item in ranked:
        items_by_column.setdefault(item.column_path, []).append(item)
    return [(column, items_by_column.get(column.path, [])) for column in columns]


def publication_time_expression():
    """The publication time shown to readers, for any page: the item's own
    publication time where its type has one, else when it was first published."""
    return Coalesce(
        "articlepage__published_at",
        "serviceguidepage__published_at",
        "first_published_at",
    )


class ColumnPage(PinyinSlugMixin, Page):
    base_form_class = GovPageForm

    kind = models.CharField(
        _("栏目类型"),
        max_length=20,
        choices=ColumnKind.choices,
        default=ColumnKind.OTHER,
        help_text=_(
            "决定栏目应当多久更新一次（动态要闻2周，通知公告和政策文件6个月）。"
        ),
    )
    intro = RichTextField(
        _("栏目介绍"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["pages.HomePage", "pages.ColumnPage"]
    subpage_types = [
        "pages.ColumnPage",
        "pages.ArticlePage",
        "pages.ServiceGuidePage",
        "disclosure.DisclosureGuidePage",
        "disclosure.DisclosureIndexPage",
        "disclosure.ApplicationPage",
        "disclosure.AnnualReportIndexPage",
        "interaction.MailboxPage",
        "interaction.SolicitationPage",
        "interaction.InterviewPage",
    ]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        subcolumns = list(
            ColumnPage.objects.child_of(self).live().public().order_by("path")
        )
        context["subcolumns"] = subcolumns
        if subcolumns:
            context["subcolumn_blocks"] = latest_items_by_column(
                self, settings.PORTAL_HOME_ITEMS_PER_COLUMN, columns=subcolumns
            )
        paginator = Paginator(self.listed_items(), settings.PORTAL_COLUMN_PAGE_SIZE)
        # get_page() answers page 1 for a malformed number and the last page
        # for one past the end, so a stale link never fails.
        items = paginator.get_page(request.GET.get("page"))
        context["items"] = items
        context["page_range"] = paginator.get_elided_page_range(
            items.number, on_each_side=2, on_ends=1
        )
        return context

    def listed_items(self):
        """The live, public pages directly in this column other than
        sub-columns, newest first, each annotated with `shown_at`."""
        return (
            Page.objects.child_of(self)
            .live()
            .public()
            .not_type(ColumnPage)
            .annotate(shown_at=publication_time_expression())
            .only("title", "url_path", "path", "depth")
            .order_by("-shown_at", "-pk")
        )


class PublishedContent:
    """Base of every page type that is published content, carrying what the
    rest of the cluster asks of such a page (search, monitoring, the content
    check): its publication time, its search facets and the kind of column it
    is in. Other apps test `isinstance(page, PublishedContent)`, never
    `hasattr`. A plain mixin: it adds no field and no table."""

    # False for a page that is a channel rather than a dated item (a
    # mailbox): it has no publication time and does not count as an update.
    is_dated_item = True
    # The stored date or datetime field that is the item's publication time,
    # which the monitor counts as a column update; None when the time shown is
    # something else (a solicitation's opening, an interview's start).
    publication_field = None

    @property
    def publication_time(self):
        """When readers see the item as published (None: not given)."""
        if self.publication_field is None:
            return None
        return getattr(self, self.publication_field)

    def search_facets(self):
        """{category, body, doc_number, date} for search filters and results."""
        return {
            "category": None,
            "body": None,
            "doc_number": getattr(self, "doc_number", None),
            "date": self.publication_time,
        }

    def column_kind(self):
        """The kind (ColumnKind) of the column directly above, or None."""
        parent = self.get_parent() if self.pk else None
        if parent is None:
            return None
        column = ColumnPage.objects.filter(pk=parent.pk).first()
        return column.kind if column is not None else None


class ArticlePage(PinyinSlugMixin, PublishedContent, Page):
    base_form_class = GovPageForm

    publication_field = "published_at"

    published_at = models.DateTimeField(
        _("发布时间"),
        default=timezone.now,
        db_index=True,
        help_text=_("页面上显示的发布时间。导入的文章保留原发布时间。"),
    )
    source = models.CharField(_("来源"), max_length=100, blank=True)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    doc_number = models.CharField(
        _("文号"), max_length=60, blank=True, help_text=_("例如：国发〔2016〕55号")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("封面图片"),
    )
    summary = models.TextField(_("摘要"), blank=True)
    body = RichTextField(_("正文"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("doc_number")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("author")]),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("summary"),
        index.SearchField("doc_number", boost=5),
        index.FilterField("published_at"),
    ]

    parent_page_types = ["pages.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")

    # Characters of the body an excerpt shows when the article has no summary.
    EXCERPT_CHARS = 120

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        context["previous_article"], context["next_article"] = self.neighbours(request)
        return context

    NEIGHBOUR_FIELDS = ("title", "url_path", "path", "depth", "published_at")

    def neighbours(self, request=None):
        """(上一篇, 下一篇): the live, public articles of the same column listed
        just above and just below this one. A column lists newest first, so
        上一篇 is the next newer article and 下一篇 the next older; either may
        be None. Within a static render batch the column's order is read once
        for all its articles (cms/delivery/batch.py)."""
        parent = self.get_parent() if self.pk else None
        if parent is None or self.published_at is None:
            return None, None

        def siblings():
            return ArticlePage.objects.child_of(parent).live().public()

        if in_render_batch(request):
            return self._neighbours_in_order(
                shared_in_batch(
                    request,
                    ("column order", parent.pk),
                    lambda: list(
                        siblings()
                        .order_by("published_at", "pk")
                        .values_list("published_at", "pk")
                    ),
                )
            )
        siblings = siblings().exclude(pk=self.pk).only(*self.NEIGHBOUR_FIELDS)
        at = self.published_at
        newer = (
            siblings.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=self.pk))
            .order_by("published_at", "pk")
            .first()
        )
        older = (
            siblings.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=self.pk))
            .order_by("-published_at", "-pk")
            .first()
        )
        return newer, older

    def _neighbours_in_order(self, order):
        """`neighbours()` from the column's (published_at, pk), ascending."""
        key = (self.published_at, self.pk)
        after = bisect.bisect_right(order, key)
        before = bisect.bisect_left(order, key) - 1
        newer_pk = order[after][1] if after < len(order) else None
        older_pk = order[before][1] if before >= 0 else None
        found = ArticlePage.objects.only(*self.NEIGHBOUR_FIELDS).in_bulk(
            [pk for pk in (newer_pk, older_pk) if pk is not None]
        )
        return found.get(newer_pk), found.get(older_pk)

    def excerpt(self):
        """The summary, or the start of the body as plain text when there is
        none (feeds and listings never show an empty description)."""
        if self.summary.strip():
            return self.summary.strip()
        text = " ".join(strip_tags(self.body).split())
        return Truncator(text).chars(self.EXCERPT_CHARS)


class AbstractAttachment(Orderable):
    """A document attached to a page, shown in order under its body.

    Concrete subclasses add the `page` ParentalKey with related_name
    "attachments", which the templates and the search index read.
    """

    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("文档"),
    )
    title = models.CharField(
        _("显示名称"), max_length=200, blank=True, help_text=_("留空则使用文档标题。")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    @property
    def display_title(self):
        return self.title or self.document.title


class ArticleAttachment(AbstractAttachment):
    page = ParentalKey(
        ArticlePage, on_delete=models.CASCADE, related_name="attachments"
    )


class ServiceGuidePage(PinyinSlugMixin, PublishedContent, Page):
    base_form_class = GovPageForm

    publication_field = "published_at"

    """A service guide (办事指南) with the ten key elements as separate fields."""

    KEY_ELEMENTS = (
        "item_name",
        "legal_basis",
        "conditions",
        "materials",
        "place",
        "office",
        "fees",
        "hours",
        "phone",
        "procedure",
    )

    item_code = models.CharField(
        _("事项编码"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("同一事项在全站群使用同一编码。"),
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    item_name = models.CharField(_("事项名称"), max_length=200, blank=True)
    legal_basis = models.TextField(_("设定依据"), blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)
    materials = models.TextField(_("办理材料"), blank=True)
    place = models.CharField(_("办理地点"), max_length=200, blank=True)
    office = models.CharField(_("办理机构"), max_length=200, blank=True)
    fees = models.CharField(_("收费标准"), max_length=200, blank=True)
    hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=100, blank=True)
    procedure = models.TextField(_("办理流程"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("item_name"), FieldPanel("item_code")]),
        FieldPanel("published_at"),
        MultiFieldPanel(
            [
                FieldPanel("legal_basis"),
                FieldPanel("conditions"),
                FieldPanel("materials"),
                FieldPanel("procedure"),
            ],
            heading=_("依据、条件、材料与流程"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("office"),
                FieldPanel("fees"),
                FieldPanel("hours"),
                FieldPanel("phone"),
            ],
            heading=_("办理地点、机构、收费、时间与电话"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("item_name", boost=3),
        index.SearchField("conditions"),
        index.SearchField("materials"),
        index.SearchField("procedure"),
        index.FilterField("item_code"),
    ]

    parent_page_types = ["pages.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")

    def key_elements(self):
        """[(label, value), ...] for the ten key elements, in order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.KEY_ELEMENTS
        ]

    def missing_key_elements(self):
        return [
            name
            for name in self.KEY_ELEMENTS
            if not str(getattr(self, name) or "").strip()
        ]


def validate_party_mark_url(value):
    """The Party/government organ website mark must link to its certificate on
    conac.cn, the issuing authority, never elsewhere."""
    hostname = (urlsplit(value).hostname or "").lower()
    if hostname != "conac.cn" and not hostname.endswith(".conac.cn"):
        raise ValidationError(
            _("党政机关网站标识链接必须指向中国机构编制网（conac.cn）的证书页面。"),
            code="not_conac",
        )


@register_setting(icon="pick")
class SiteBranding(BaseSiteSetting):
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("网站标志"),
    )
    main_colour = models.CharField(
        _("主色调"),
        max_length=7,
        default="#a4161a",
        validators=[validate_hex_colour, validate_contrast_with_white],
        help_text=_(
            "#RRGGBB。页头和导航在主色调上显示白色文字，"
            "对比度须达到4.5:1（无障碍AA级），请选用较深的颜色。"
        ),
    )
    party_mark_url = models.URLField(
        _("党政机关网站标识链接"),
        blank=True,
        validators=[validate_party_mark_url],
        help_text=_(
            "在中国机构编制网（conac.cn）取得的党政机关网站标识证书地址，"
            "例如 https://bszs.conac.cn/sitename?method=show&id=…；"
            "留空则只显示标识、不加链接。"
        ),
    )

    panels = [
        FieldPanel("logo"),
        FieldPanel("main_colour"),
        FieldPanel("party_mark_url"),
    ]

    class Meta:
        verbose_name = _("网站外观")
        verbose_name_plural = _("网站外观")
