"""The application section (依申请公开) of a site's 信息公开 column."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.pages.forms import GovPageForm
from cms.pages.slugs import PinyinSlugMixin

from .catalog import RICH_TEXT_FEATURES, IssuingBody


class ApplicationPage(PinyinSlugMixin, RoutablePageMixin, Page):
    """Online applications for disclosure: one form per issuing body of the
    site, the receipt with the tracking code, and the status lookup."""

    base_form_class = GovPageForm

    intro = RichTextField(
        _("申请须知"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("显示在申请表上方：申请条件、答复期限、注意事项。"),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.ColumnPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("依申请公开")
        verbose_name_plural = _("依申请公开")

    def bodies(self):
        return IssuingBody.objects.filter(
            site=self.get_site(), accepts_applications=True
        ).order_by("sort_order", "name")

    @path("")
    def choose_body(self, request):
        return self.render(request, context_overrides={"bodies": self.bodies()})

    @path("<int:body_id>/")
    def apply(self, request, body_id):
        from ..views.public import application_form

        return application_form(request, self, body_id)

    @path("receipt/")
    def receipt(self, request):
        from ..views.public import application_receipt

        return application_receipt(request, self)

    @path("status/")
    def status(self, request):
        from ..views.public import status_lookup

        return status_lookup(request, self)
