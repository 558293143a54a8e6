"""The staff's action forms on an application. Each form only collects input;
disclosure.handling checks the legal rules and changes the state."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import AnswerReason, AnswerType
from ..uploads import AttachmentsField


class ActionForm(forms.Form):
    on = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("该事项实际发生的日期。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate

    def handling_kwargs(self):
        return dict(self.cleaned_data)


class CorrectionRequestForm(ActionForm):
    request_text = forms.CharField(
        label=_("需补正的内容"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionReceivedForm(ActionForm):
    note = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LapseForm(ActionForm):
    pass


class ConsultationStartForm(ActionForm):
    third_party = forms.CharField(label=_("征求意见的第三方"), max_length=200)


class ConsultationEndForm(ActionForm):
    note = forms.CharField(
        label=_("第三方意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionForm(ActionForm):
    days = forms.IntegerField(
        label=_("延长工作日"),
        min_value=1,
        max_value=settings.DISCLOSURE_EXTENSION_MAX_WORKING_DAYS,
    )
    reason = forms.CharField(
        label=_("延长理由"), widget=forms.Textarea(attrs={"rows": 2})
    )
    approver = forms.CharField(label=_("批准人（机构负责人）"), max_length=50)


class AnswerForm(ActionForm):
    answer_type = forms.ChoiceField(label=_("答复类型"), choices=AnswerType.choices)
    reason = forms.ChoiceField(
        label=_("具体情形"),
        choices=[("", _("（不适用）")), *AnswerReason.choices],
        required=False,
        help_text=_("不予公开、无法提供、不予处理和其他处理必须选择具体情形。"),
    )
    text = forms.CharField(
        label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5})
    )
    reply_files = AttachmentsField(label=_("答复文书"))


# action name -> (form class, handling function name, button label)
ACTIONS = {
    "request_correction": (CorrectionRequestForm, _("告知补正")),
    "receive_correction": (CorrectionReceivedForm, _("收到补正")),
    "lapse": (LapseForm, _("逾期未补正，终止办理")),
    "start_consultation": (ConsultationStartForm, _("征求第三方意见")),
    "end_consultation": (ConsultationEndForm, _("结束征求意见")),
    "extend": (ExtensionForm, _("延长答复期限")),
    "answer": (AnswerForm, _("作出答复")),
}
