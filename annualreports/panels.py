"""The computed figures of a report record, shown read-only in its admin form."""

from wagtail.admin.panels import Panel


class ComputedFiguresPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "annualreports/admin/computed_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["rows"] = instance.rows() if instance.computed else []
            context["computed_at"] = instance.computed_at
            return context

        def is_shown(self):
            return True
