"""The staff's action forms on an application. Each form only collects input;
disclosure.handling checks the legal rules and changes the state."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..handling import TransitionError, offline_receipt_date
from ..models import (
    AnswerReason,
    AnswerType,
    Channel,
    Consultation,
    FeeNotice,
    IssuingBody,
)
from ..uploads import AttachmentsField
from .public import ApplicationForm


class ActionForm(forms.Form):
    on = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("该事项实际发生的日期。"),
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
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
    kind = forms.ChoiceField(
        label=_("征求意见对象类别"),
        choices=Consultation.Kind.choices,
        help_text=_(
            "第三方（条例第三十二条）或其他行政机关（第三十三、三十四条），"
            "各自的答复期限不计入答复期限。"
        ),
    )
    party = forms.CharField(label=_("征求意见对象"), max_length=200)


class ConsultationEndForm(ActionForm):
    consultation = forms.ModelChoiceField(
        label=_("征求意见"), queryset=Consultation.objects.none()
    )
    note = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.application is not None:
            self.fields[
                "consultation"
            ].queryset = self.application.consultations.filter(ended_on=None)


class FeeNoticeForm(ActionForm):
    method = forms.ChoiceField(label=_("计收方式"), choices=FeeNotice.Method.choices)
    pages = forms.IntegerField(
        label=_("页数"),
        min_value=1,
        required=False,
        help_text=_("按量计收时填写；按件计收按申请人本月向本机关提出的申请件数计算。"),
    )


class FeePaidForm(ActionForm):
    pass


class CloseUnpaidForm(ActionForm):
    pass


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
    referred_body = forms.ModelChoiceField(
        label=_("负责公开的行政机关"),
        queryset=IssuingBody.objects.select_related("site").order_by("name"),
        required=False,
        help_text=_(
            "选择“本机关不掌握相关政府信息”且能够确定负责公开的机关时选择，"
            "其名称和联系方式将告知申请人。"
        ),
    )
    reply_files = AttachmentsField(label=_("答复文书"))


# action name -> (form class, handling function name, button label)
ACTIONS = {
    "request_correction": (CorrectionRequestForm, _("告知补正")),
    "receive_correction": (CorrectionReceivedForm, _("收到补正")),
    "lapse": (LapseForm, _("逾期未补正，终止办理")),
    "start_consultation": (ConsultationStartForm, _("征求意见")),
    "end_consultation": (ConsultationEndForm, _("收到意见")),
    "notify_fee": (FeeNoticeForm, _("发出收费通知")),
    "receive_fee": (FeePaidForm, _("申请人已缴费")),
    "close_unpaid": (CloseUnpaidForm, _("逾期未缴费，终止办理")),
    "extend": (ExtensionForm, _("延长答复期限")),
    "answer": (AnswerForm, _("作出答复")),
}


OFFLINE_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class RegistrationForm(ApplicationForm):
    """An application received by letter, in person, by fax or orally,
    entered by the staff of the receiving body: the applicant's details as on
    the public form (without captcha and pledge), the channel, its dates and
    the scanned papers."""

    body = forms.ModelChoiceField(
        label=_("受理机构"), queryset=IssuingBody.objects.none()
    )
    channel = forms.ChoiceField(label=_("申请方式"), choices=OFFLINE_CHANNELS)
    submitted_on = forms.DateField(
        label=_("提交日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("当面或口头申请之日，信函寄出之日，传真发送之日。"),
    )
    signed_for_on = forms.DateField(
        label=_("签收日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("信函申请：签收之日。"),
    )
    confirmed_on = forms.DateField(
        label=_("双方确认日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("传真申请：双方确认之日；平常信函：与申请人确认之日。"),
    )
    attachments = AttachmentsField(
        label=_("申请材料"),
        help_text=_("申请书、身份证明等材料的扫描件或照片。"),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["captcha"]
        del self.fields["agree"]
        self.fields["body"].queryset = bodies
        self.order_fields(
            ["body", "channel", "submitted_on", "signed_for_on", "confirmed_on"]
        )

    def clean(self):
        cleaned = super().clean()
        channel, submitted = cleaned.get("channel"), cleaned.get("submitted_on")
        if channel and submitted:
            try:
                cleaned["received_on"] = offline_receipt_date(
                    channel,
                    submitted,
                    cleaned.get("signed_for_on"),
                    cleaned.get("confirmed_on"),
                )
            except TransitionError as error:
                self.add_error(None, str(error))
        return cleaned
