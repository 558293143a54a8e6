"""Applications for disclosure (依申请公开) and their recorded history."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from cms.casework.deadlines import CaseQuerySet
from cms.casework.tracking import random_code, unused_code

from .catalog import IssuingBody


class ApplicantType(models.TextChoices):
    """The columns of the annual report's applications table."""

    NATURAL = "natural", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他组织")


class IdType(models.TextChoices):
    ID_CARD = "id_card", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PERMIT = "foreign_permit", _("外国人永久居留身份证")
    OTHER = "other", _("其他证件")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("纸质文本")
    ELECTRONIC = "electronic", _("电子文件")


class DeliveryMethod(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class Channel(models.TextChoices):
    """How the application reached the office (Regulations art. 29)."""

    ONLINE = "online", _("网上申请")
    POST = "post", _("信函申请")
    IN_PERSON = "in_person", _("当面申请")
    FAX = "fax", _("传真申请")
    ORAL = "oral", _("口头申请（代为填写）")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("办理中")
    CORRECTION = "correction", _("待申请人补正")
    CONSULTING = "consulting", _("征求意见中")
    FEE_PENDING = "fee_pending", _("待缴纳信息处理费")
    ANSWERED = "answered", _("已答复")
    LAPSED = "lapsed", _("逾期未补正，终止办理")
    FEE_UNPAID = "fee_unpaid", _("逾期未缴费，终止办理")


# Statuses whose answer clock runs, or is paused by a consultation or a fee
# notice (the due date then assumes the whole pause).
OPEN_STATUSES = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.CONSULTING,
    ApplicationStatus.FEE_PENDING,
)
CLOSED_STATUSES = (
    ApplicationStatus.ANSWERED,
    ApplicationStatus.LAPSED,
    ApplicationStatus.FEE_UNPAID,
)


class AnswerType(models.TextChoices):
    """The legal answer types (Regulations art. 36) as the 2021 national annual
    report format groups them."""

    ALREADY_PUBLIC = "already_public", _("已主动公开（告知获取途径）")
    PROVIDED = "provided", _("予以公开")
    PARTLY = "partly", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    CANNOT_PROVIDE = "cannot_provide", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")
    OTHER = "other", _("其他处理")


class AnswerReason(models.TextChoices):
    STATE_SECRET = "state_secret", _("属于国家秘密")
    BARRED_BY_LAW = "barred_by_law", _("其他法律行政法规禁止公开")
    ENDANGERS_SECURITY = "endangers_security", _("危及“三安全一稳定”")
    THIRD_PARTY = "third_party", _("保护第三方合法权益")
    INTERNAL_AFFAIRS = "internal_affairs", _("属于三类内部事务信息")
    PROCESS_INFO = "process_info", _("属于四类过程性信息")
    ENFORCEMENT_FILE = "enforcement_file", _("属于行政执法案卷")
    ADMINISTRATIVE_QUERY = "administrative_query", _("属于行政查询事项")
    NOT_HELD = "not_held", _("本机关不掌握相关政府信息")
    NEEDS_COMPILATION = "needs_compilation", _("没有现成信息需要另行制作")
    STILL_UNCLEAR = "still_unclear", _("补正后申请内容仍不明确")
    PETITION = "petition", _("信访举报投诉类申请")
    REPEAT = "repeat", _("重复申请")
    PUBLICATION = "publication", _("要求提供公开出版物")
    MASS_REPEAT = "mass_repeat", _("无正当理由大量反复申请")
    RECONFIRM = "reconfirm", _("要求行政机关确认或重新出具已获取信息")
    NO_CORRECTION = "no_correction", _("申请人无正当理由逾期不补正")
    FEE_UNPAID = "fee_unpaid", _("申请人逾期未按收费通知要求缴纳费用")
    OTHER = "other", _("其他")


REASONS_BY_ANSWER_TYPE = {
    AnswerType.WITHHELD: [
        AnswerReason.STATE_SECRET,
        AnswerReason.BARRED_BY_LAW,
        AnswerReason.ENDANGERS_SECURITY,
        AnswerReason.THIRD_PARTY,
        AnswerReason.INTERNAL_AFFAIRS,
        AnswerReason.PROCESS_INFO,
        AnswerReason.ENFORCEMENT_FILE,
        AnswerReason.ADMINISTRATIVE_QUERY,
    ],
    AnswerType.CANNOT_PROVIDE: [
        AnswerReason.NOT_HELD,
        AnswerReason.NEEDS_COMPILATION,
        AnswerReason.STILL_UNCLEAR,
    ],
    AnswerType.NOT_PROCESSED: [
        AnswerReason.PETITION,
        AnswerReason.REPEAT,
        AnswerReason.PUBLICATION,
        AnswerReason.MASS_REPEAT,
        AnswerReason.RECONFIRM,
    ],
    AnswerType.OTHER: [
        AnswerReason.NO_CORRECTION,
        AnswerReason.FEE_UNPAID,
        AnswerReason.OTHER,
    ],
}


def new_tracking_code(on, rng=None):
    """A hard-to-guess tracking code such as YS20261008-K7M3QPXA."""
    return f"YS{on:%Y%m%d}-{random_code(8, rng)}"


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files with personal data: stored under DISCLOSURE_PRIVATE_ROOT (read at
    use, so tests can point it elsewhere) and never given a public URL."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @property
    def base_location(self):
        return str(settings.DISCLOSURE_PRIVATE_ROOT)

    @property
    def location(self):
        return str(settings.DISCLOSURE_PRIVATE_ROOT)

    def url(self, name):
        raise ValueError("private files have no public URL")


private_storage = PrivateStorage()


def mask_id_number(value):
    """Show only the first three and last two characters of an ID number."""
    value = value or ""
    if len(value) <= 5:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 5)}{value[-2:]}"


def mask_phone(value):
    value = value or ""
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_name(value):
    value = value or ""
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)


class InformationApplicationQuerySet(CaseQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_sites(self, sites):
        return self.filter(body__site__in=sites)


class InformationApplication(models.Model):
    body = models.ForeignKey(
        IssuingBody,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("受理机构"),
    )
    tracking_code = models.CharField(
        _("查询码"), max_length=30, unique=True, editable=False
    )
    applicant_type = models.CharField(
        _("申请人类型"), max_length=20, choices=ApplicantType.choices
    )
    name = models.CharField(
        _("申请人姓名或名称"),
        max_length=100,
        help_text=_("自然人填写姓名，法人或其他组织填写名称。"),
    )
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, blank=True
    )
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    description = models.TextField(
        _("所需信息的内容描述"),
        help_text=_("所需政府信息的名称、文号或便于查询的其他特征性描述。"),
    )
    delivery_form = models.CharField(
        _("获取信息的形式"), max_length=20, choices=DeliveryForm.choices
    )
    delivery_method = models.CharField(
        _("获取信息的方式"), max_length=20, choices=DeliveryMethod.choices
    )
    channel = models.CharField(
        _("申请方式"),
        max_length=20,
        choices=Channel.choices,
        default=Channel.ONLINE,
        db_index=True,
    )
    received_on = models.DateField(
        _("收到日期"),
        db_index=True,
        help_text=_(
            "条例第三十一条：当面提交的为提交之日；邮寄的为签收之日；"
            "网上或传真提交的为双方确认之日。"
        ),
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
        db_index=True,
    )
    clock_start = models.DateField(
        _("起算日期"), help_text=_("收到申请之日，或收到补正之日（重新起算）。")
    )
    due_date = models.DateField(
        _("答复期限"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("待申请人补正期间不计算答复期限。"),
    )
    correction_requested_on = models.DateField(_("告知补正日期"), null=True, blank=True)
    correction_request = models.TextField(_("需补正的内容"), blank=True)
    correction_due = models.DateField(_("补正期限"), null=True, blank=True)
    corrected_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(
        _("不计入期限的工作日"),
        default=0,
        help_text=_(
            "征求第三方和其他机关意见、等待缴纳信息处理费所用时间，不计入答复期限。"
        ),
    )
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extension_reason = models.TextField(_("延长理由"), blank=True)
    extension_approver = models.CharField(
        _("批准人"), max_length=50, blank=True, help_text=_("同意延长的机构负责人。")
    )
    extended_on = models.DateField(_("延长日期"), null=True, blank=True)
    answer_type = models.CharField(
        _("答复类型"), max_length=20, choices=AnswerType.choices, blank=True
    )
    answer_reason = models.CharField(
        _("具体情形"), max_length=30, choices=AnswerReason.choices, blank=True
    )
    referred_body = models.ForeignKey(
        IssuingBody,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_applications",
        verbose_name=_("负责公开的行政机关"),
        help_text=_(
            "所申请信息不属于本机关负责公开、能够确定负责公开的机关的，告知其名称和"
            "联系方式（条例第三十六条第（五）项）。"
        ),
    )
    answer_text = models.TextField(_("答复内容"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)

    objects = InformationApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["due_date", "received_on", "pk"]

    def __str__(self):
        return self.tracking_code

    def save(self, *args, **kwargs):
        if not self.tracking_code:
            self.tracking_code = self._unused_tracking_code()
        if self.clock_start is None:
            self.clock_start = self.received_on
        super().save(*args, **kwargs)

    def _unused_tracking_code(self):
        return unused_code(
            lambda: new_tracking_code(self.received_on),
            InformationApplication.objects.all(),
        )

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def is_organisation(self):
        return self.applicant_type != ApplicantType.NATURAL

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number or self.credit_code)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def masked_name(self):
        return mask_name(self.name)

    def answered_late(self):
        return bool(
            self.answered_on and self.due_date and self.answered_on > self.due_date
        )


class ApplicationEvent(models.Model):
    """One recorded transition of an application: what, who, when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("提交申请")
        REGISTERED = "registered", _("登记申请")
        CORRECTION_REQUESTED = "correction_requested", _("告知补正")
        CORRECTION_RECEIVED = "correction_received", _("收到补正，重新起算")
        LAPSED = "lapsed", _("逾期未补正，终止办理")
        CONSULTATION_STARTED = "consultation_started", _("征求意见")
        CONSULTATION_ENDED = "consultation_ended", _("征求意见结束")
        FEE_NOTIFIED = "fee_notified", _("发出收费通知")
        FEE_PAID = "fee_paid", _("申请人缴费")
        FEE_UNPAID = "fee_unpaid", _("逾期未缴费，终止办理")
        EXTENDED = "extended", _("延长答复期限")
        ANSWERED = "answered", _("作出答复")
        CALENDAR_CHANGED = "calendar_changed", _("节假日安排调整，期限重算")

    application = models.ForeignKey(
        InformationApplication,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("申请"),
    )
    action = models.CharField(_("操作"), max_length=30, choices=Action.choices)
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("新状态"), max_length=20, choices=ApplicationStatus.choices
    )
    effective_on = models.DateField(_("生效日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(
        _("操作人姓名"),
        max_length=150,
        blank=True,
        help_text=_("记录时的姓名，账号删除后仍可追溯。"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    due_date = models.DateField(_("操作后的答复期限"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.application} {self.get_action_display()}"


class ApplicationAttachment(models.Model):
    class Kind(models.TextChoices):
        APPLICANT = "applicant", _("申请人提交的材料")
        REPLY = "reply", _("答复文书")

    application = models.ForeignKey(
        InformationApplication,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("申请"),
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("文件"),
        storage=private_storage,
        upload_to="disclosure/%Y/%m/",
        max_length=200,
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("上传人"),
    )

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Consultation(models.Model):
    """A consultation of a third party (art. 32) or of another agency (art. 33,
    34). The time it takes, at most the consulted party's legal period, is not
    counted in the answer period."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        AGENCY = "agency", _("其他行政机关")

    application = models.ForeignKey(
        InformationApplication,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("申请"),
    )
    kind = models.CharField(_("征求对象类别"), max_length=20, choices=Kind.choices)
    party = models.CharField(_("征求意见对象"), max_length=200)
    started_on = models.DateField(_("征求意见日期"))
    ended_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.party}"

    @property
    def is_open(self):
        return self.ended_on is None

    @property
    def period_working_days(self):
        """The consulted party's legal period: the most the clock may pause."""
        if self.kind == self.Kind.AGENCY:
            return settings.DISCLOSURE_AGENCY_CONSULTATION_WORKING_DAYS
        return settings.DISCLOSURE_THIRD_PARTY_WORKING_DAYS


class FeeNotice(models.Model):
    """A notice to pay the information-processing fee (信息处理费, measures of
    2020). From the notice to the payment the clock is paused; unpaid after
    the payment period, the application is closed."""

    class Method(models.TextChoices):
        BY_COUNT = "by_count", _("按件计收")
        BY_VOLUME = "by_volume", _("按量计收")

    application = models.OneToOneField(
        InformationApplication,
        on_delete=models.CASCADE,
        related_name="fee_notice",
        verbose_name=_("申请"),
    )
    method = models.CharField(_("计收方式"), max_length=20, choices=Method.choices)
    quantity = models.PositiveIntegerField(
        _("计费数量"),
        help_text=_(
            "按件计收：申请人本自然月内向本机关提出的第几件申请；按量计收：页数。"
        ),
    )
    amount = models.DecimalField(_("收费金额（元）"), max_digits=10, decimal_places=2)
    notified_on = models.DateField(_("通知日期"))
    payment_due = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("信息处理费收费通知")
        verbose_name_plural = _("信息处理费收费通知")

    def __str__(self):
        return f"{self.application} {self.amount}"
