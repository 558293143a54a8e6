"""The annual reports: a site's 政府网站工作年度报表 and the cluster's
政府网站监管年度报表, each the platform's computed figures beside the office's
entered ones (see forms.py), and the pages a site publishes its report on."""

from io import BytesIO

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.pages.forms import GovPageForm
from cms.pages.slugs import PinyinSlugMixin
from sites.models import SiteOwnedModel

from . import report
from .forms import SUPERVISION_FORM, WEBSITE_FORM
from .lists import list_tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_field():
    return models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2008), MaxValueValidator(2100)]
    )


class FilledForm(models.Model):
    """Computed and entered figures of one of the forms in forms.py."""

    form = None  # WEBSITE_FORM or SUPERVISION_FORM

    year = _year_field()
    computed = models.JSONField(
        _("平台统计数据"),
        default=dict,
        blank=True,
        help_text=_("由平台数据计算，每次刷新时更新，不可手工修改。"),
    )
    entered = models.JSONField(
        _("填报数据"),
        default=dict,
        blank=True,
        help_text=_("平台无法得知、由填报单位填写的数据。"),
    )
    computed_at = models.DateTimeField(_("统计时间"), null=True, blank=True)

    class Meta:
        abstract = True

    def as_json(self):
        return report.as_json(self.form, self.computed, self.entered)

    def rows(self):
        return report.rows(self.form, self.as_json())


class WebsiteAnnualReport(SiteOwnedModel, FilledForm):
    """A site's 政府网站工作年度报表 on one natural year."""

    form = WEBSITE_FORM

    class Meta:
        verbose_name = _("政府网站工作年度报表")
        verbose_name_plural = _("政府网站工作年度报表")
        ordering = ["-year", "site__hostname"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year"], name="annualreports_one_report_per_site_year"
            )
        ]

    def __str__(self):
        return _gettext("%(name)s %(year)s年度报表") % {
            "name": self.site.site_name,
            "year": self.year,
        }

    @property
    def title(self):
        name = self.computed.get("site_name") or self.site.site_name
        return _gettext("%(name)s政府网站工作年度报表（%(year)s年）") % {
            "name": name,
            "year": self.year,
        }


class SupervisionAnnualReport(FilledForm):
    """The cluster office's 政府网站监管年度报表 on one natural year. `lists`
    holds the checks of the year and the new-media accounts, listed under the
    figures."""

    form = SUPERVISION_FORM

    lists = models.JSONField(_("明细"), default=dict, blank=True)

    class Meta:
        verbose_name = _("政府网站监管年度报表")
        verbose_name_plural = _("政府网站监管年度报表")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], name="annualreports_one_supervision_report_per_year"
            )
        ]

    def __str__(self):
        return _gettext("%(year)s年政府网站监管年度报表") % {"year": self.year}

    @property
    def title(self):
        return str(self)


class WebsiteReportIndexPage(PinyinSlugMixin, Page):
    """The site's 政府网站工作年度报表 column: its reports, newest first."""

    base_form_class = GovPageForm

    intro = RichTextField(_("简介"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = [
        "annualreports.WebsiteReportPage",
        "annualreports.SupervisionReportPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("政府网站工作年度报表栏目")
        verbose_name_plural = _("政府网站工作年度报表栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = Page.objects.child_of(self).live().public()
        context["reports"] = sorted(
            [
                *WebsiteReportPage.objects.filter(pk__in=children),
                *SupervisionReportPage.objects.filter(pk__in=children),
            ],
            key=lambda page: (-page.year, page.path),
        )
        return context


class ReportPage(PinyinSlugMixin, RoutablePageMixin, Page):
    """A published annual report. `data` is the report as it stood when its
    draft was last saved from the report record (JSON of forms.py's keys): a
    published report changes only through a new, reviewed revision.
    `print/` is the same on a bare A4 page, `xlsx/` the Excel file."""

    form = None  # WEBSITE_FORM or SUPERVISION_FORM
    xlsx_name = None  # file name before "-<year>.xlsx"

    base_form_class = GovPageForm

    year = _year_field()
    data = models.JSONField(
        _("报表数据"),
        default=dict,
        blank=True,
        help_text=_("保存对应的年度报表记录时更新。"),
    )
    note = RichTextField(
        _("说明"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("year", read_only=True),
        FieldPanel("note"),
    ]
    parent_page_types = ["annualreports.WebsiteReportIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    def rows(self):
        return report.rows(self.form, self.data)

    def tables(self):
        """Lists shown under the form: (title, [header], [[cell]])."""
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rows"] = self.rows()
        context["tables"] = self.tables()
        base = self.get_url(request) or self.url
        context["print_url"] = base + self.reverse_subpage("printable")
        context["xlsx_url"] = base + self.reverse_subpage("xlsx")
        return context

    @path("")
    def report_page(self, request):
        return self.render(request)

    @path("print/", name="printable")
    def printable(self, request):
        return self.render(request, template="annualreports/report_print.html")

    @path("xlsx/", name="xlsx")
    def xlsx(self, request):
        buffer = BytesIO()
        report.write_xlsx(buffer, self.title, self.form, self.data, self.tables())
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="{self.xlsx_name}-{self.year}.xlsx"'
        )
        return response


class WebsiteReportPage(ReportPage):
    """A site's published 政府网站工作年度报表."""

    form = WEBSITE_FORM
    xlsx_name = "website-annual-report"
    # Set on each class: Wagtail gives every page class a template of its name.
    template = "annualreports/report_page.html"

    data = models.JSONField(
        _("报表数据"),
        default=dict,
        blank=True,
        help_text=_("保存“政府网站工作年度报表”记录时更新。"),
    )

    class Meta:
        verbose_name = _("政府网站工作年度报表")
        verbose_name_plural = _("政府网站工作年度报表")


class SupervisionReportPage(ReportPage):
    """The cluster office's published 政府网站监管年度报表, in the 年度报表
    column of the cluster's portal; its figures come from the report record,
    which only cluster administrators edit."""

    form = SUPERVISION_FORM
    xlsx_name = "supervision-annual-report"
    template = "annualreports/report_page.html"

    data = models.JSONField(
        _("报表数据"),
        default=dict,
        blank=True,
        help_text=_("保存“政府网站监管年度报表”记录时更新。"),
    )

    class Meta:
        verbose_name = _("政府网站监管年度报表")
        verbose_name_plural = _("政府网站监管年度报表")

    def tables(self):
        return list_tables(self.data)
