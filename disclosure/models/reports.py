"""Annual reports (年度报告) and the figures entered by hand for them."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.pages.forms import GovPageForm
from cms.pages.slugs import PinyinSlugMixin

from .catalog import RICH_TEXT_FEATURES

# (field prefix, label) of the three rows of the reconsideration and
# litigation table; each has the four outcome columns of OUTCOMES.
REVIEW_KINDS = (
    ("reconsideration", _("行政复议")),
    ("litigation_direct", _("未经复议直接起诉")),
    ("litigation_after", _("复议后起诉")),
)
OUTCOMES = (
    ("upheld", _("结果维持")),
    ("corrected", _("结果纠正")),
    ("other", _("其他结果")),
    ("pending", _("尚未审结")),
)


def _count_field(label):
    return models.PositiveIntegerField(label, default=0)


class AnnualFigures(models.Model):
    """Figures of a site's annual report that do not come from the platform's
    own data: administrative decisions and fees (proactive disclosure table)
    and reconsideration and litigation results."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="disclosure_annual_figures",
        verbose_name=_("站点"),
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2008)]
    )
    licensing_decisions = _count_field(_("行政许可处理决定数"))
    penalty_decisions = _count_field(_("行政处罚处理决定数"))
    coercion_decisions = _count_field(_("行政强制处理决定数"))
    fees_collected = models.DecimalField(
        _("行政事业性收费金额（万元）"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    reconsideration_upheld = _count_field(_("行政复议：结果维持"))
    reconsideration_corrected = _count_field(_("行政复议：结果纠正"))
    reconsideration_other = _count_field(_("行政复议：其他结果"))
    reconsideration_pending = _count_field(_("行政复议：尚未审结"))
    litigation_direct_upheld = _count_field(_("未经复议直接起诉：结果维持"))
    litigation_direct_corrected = _count_field(_("未经复议直接起诉：结果纠正"))
    litigation_direct_other = _count_field(_("未经复议直接起诉：其他结果"))
    litigation_direct_pending = _count_field(_("未经复议直接起诉：尚未审结"))
    litigation_after_upheld = _count_field(_("复议后起诉：结果维持"))
    litigation_after_corrected = _count_field(_("复议后起诉：结果纠正"))
    litigation_after_other = _count_field(_("复议后起诉：其他结果"))
    litigation_after_pending = _count_field(_("复议后起诉：尚未审结"))

    panels = [
        FieldRowPanel([FieldPanel("site"), FieldPanel("year")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("licensing_decisions"),
                        FieldPanel("penalty_decisions"),
                        FieldPanel("coercion_decisions"),
                    ]
                ),
                FieldPanel("fees_collected"),
            ],
            heading=_("主动公开：行政决定与收费"),
        ),
        *[
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel(f"{prefix}_{outcome}") for outcome, _l in OUTCOMES]
                    )
                ],
                heading=label,
            )
            for prefix, label in REVIEW_KINDS
        ],
    ]

    class Meta:
        verbose_name = _("年报录入数据")
        verbose_name_plural = _("年报录入数据")
        ordering = ["-year", "site__hostname"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year"], name="disclosure_figures_unique_site_year"
            )
        ]

    def __str__(self):
        return f"{self.site.site_name} {self.year}"


class AnnualReportIndexPage(PinyinSlugMixin, Page):
    base_form_class = GovPageForm

    intro = RichTextField(_("简介"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.ColumnPage"]
    subpage_types = ["disclosure.AnnualReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("信息公开年度报告栏目")
        verbose_name_plural = _("信息公开年度报告栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = (
            AnnualReportPage.objects.child_of(self).live().public().order_by("-year")
        )
        return context


class AnnualReportPage(PinyinSlugMixin, RoutablePageMixin, Page):
    """An annual report in the 2021 national format. `tables` holds the computed
    tables (see disclosure.annual_report); the text sections are drafted from
    the data and completed by the office before publishing. `print/` is the
    same report on a bare A4 page."""

    base_form_class = GovPageForm

    year = models.PositiveSmallIntegerField(_("年度"))
    overall = RichTextField(_("一、总体情况"), blank=True, features=RICH_TEXT_FEATURES)
    tables = models.JSONField(
        _("统计表"),
        default=dict,
        blank=True,
        help_text=_("由 disclosure_annual_report 命令根据平台数据生成。"),
    )
    problems = RichTextField(
        _("五、存在的主要问题及改进情况"), blank=True, features=RICH_TEXT_FEATURES
    )
    other_matters = RichTextField(
        _("六、其他需要报告的事项"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("year", read_only=True),
        FieldPanel("overall"),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
    ]
    parent_page_types = ["disclosure.AnnualReportIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("信息公开年度报告")
        verbose_name_plural = _("信息公开年度报告")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["print_url"] = self.url + self.reverse_subpage("printable")
        return context

    @path("")
    def report(self, request):
        return self.render(request)

    @path("print/", name="printable")
    def printable(self, request):
        return self.render(request, template="disclosure/annual_report_print.html")
