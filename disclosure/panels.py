"""Admin panels of the disclosure pages."""

from wagtail.admin.panels import Panel


class DocumentWarningsPanel(Panel):
    """Warnings shown to the editor of a disclosure document: published later
    than the proactive-disclosure deadline, or dated in a year whose holiday
    calendar is unconfirmed."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "disclosure/admin/panels/document_warnings.html"

        def get_context_data(self, parent_context=None):
            from .warnings import document_warnings

            context = super().get_context_data(parent_context)
            context["warnings"] = document_warnings(self.instance)
            return context

        def is_shown(self):
            return True

        def show_panel_furniture(self):
            return False
