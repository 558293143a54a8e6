"""Admin forms of the report records: one form field per entered field of
the form definition (forms.py), saved into the record's `entered` figures.
Saving refreshes the computed figures and the draft of the report's page."""

from datetime import date

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from sites.forms import SiteOwnedAdminForm

from .drafting import draft_page, draft_supervision_page, refresh_computed
from .forms import BOOLEAN, DATE, DECIMAL, INTEGER, SUPERVISION_FORM, WEBSITE_FORM
from .forms import entered_fields as entered_fields_of
from .report import field_value
from .supervision import refresh_computed as refresh_supervision_computed


def _form_field(f):
    label = f"{f.label}（{f.unit}）" if f.unit else str(f.label)
    if f.kind == INTEGER:
        return forms.IntegerField(label=label, min_value=0, required=False)
    if f.kind == DECIMAL:
        return forms.DecimalField(
            label=label, min_value=0, decimal_places=1, required=False
        )
    if f.kind == BOOLEAN:
        return forms.BooleanField(label=label, required=False)
    if f.kind == DATE:
        return forms.DateField(label=label, required=False)
    return forms.CharField(label=label, max_length=500, required=False)


def _stored(f, value):
    if value is None:
        return None
    if f.kind == DECIMAL:
        return float(value)
    if f.kind == DATE:
        return value.isoformat() if isinstance(value, date) else value
    return value


class EnteredFiguresMixin:
    definition = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        for f in entered_fields_of(self.definition):
            value = field_value(f, instance.computed or {}, instance.entered or {})
            if f.kind == DATE and value:
                value = date.fromisoformat(value)
            self.initial.setdefault(f.key, value)

    def save(self, commit=True):
        entered = dict(self.instance.entered or {})
        for f in entered_fields_of(self.definition):
            if f.key in self.cleaned_data:
                entered[f.key] = _stored(f, self.cleaned_data[f.key])
        self.instance.entered = {k: v for k, v in entered.items() if v is not None}
        return super().save(commit=commit)


def _with_entered_fields(name, base, definition):
    attributes = {f.key: _form_field(f) for f in entered_fields_of(definition)}
    attributes["definition"] = definition
    return type(name, (EnteredFiguresMixin, base), attributes)


class _WebsiteReportBase(SiteOwnedAdminForm):
    def save(self, commit=True):
        report = super().save(commit=False)
        if commit:
            refresh_computed(report)
            report.save()
            draft_page(report, user=self.for_user)
        return report


class _SupervisionReportBase(WagtailAdminModelForm):
    def save(self, commit=True):
        report = super().save(commit=False)
        if commit:
            refresh_supervision_computed(report)
            report.save()
            draft_supervision_page(report, user=self.for_user)
        return report


WebsiteReportForm = _with_entered_fields(
    "WebsiteReportForm", _WebsiteReportBase, WEBSITE_FORM
)
SupervisionReportForm = _with_entered_fields(
    "SupervisionReportForm", _SupervisionReportBase, SUPERVISION_FORM
)
