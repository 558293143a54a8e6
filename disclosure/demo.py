"""Demo data of the disclosure app for `seed_demo`: issuing bodies on every
site, a few hundred catalog documents across classifications and years, and
applications in every state (some overdue). Dormant sites get a thin, stale
catalog with late documents and applications nobody answered.

Idempotent: each site's bodies, documents and applications are only created
when the site has none yet."""

from datetime import datetime, timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from cms.casework.workdays import add_working_days, is_working_day
from cms.pages.demo_text import article_body, document_prefix
from cms.pages.models import ColumnKind

from . import handling
from .codes import org_code_check_character, uscc_check_character
from .models import (
    AnnualFigures,
    AnnualReportPage,
    AnswerReason,
    AnswerType,
    ApplicantType,
    Channel,
    Consultation,
    DisclosureDocumentPage,
    DisclosureIndexPage,
    FeeNotice,
    InformationApplication,
    IssuingBody,
    RegulatoryKind,
    SubjectCategory,
    Validity,
)
from .models.applications import new_tracking_code
from .sections import disclosure_column, ensure_sections

DEPARTMENTS = ["发展和改革局", "财政局", "住房和城乡建设局", "农业农村局"]
DOCUMENT_KINDS = ["通知", "意见", "决定", "通告", "批复", "公告"]
# (topic, subject classification): every document is filed under the
# category of what it is about.
GOVERNMENT_TOPICS = [
    ("老旧小区改造", "城乡建设、环境保护"),
    ("农村人居环境整治", "城乡建设、环境保护"),
    ("城市生活垃圾分类", "城乡建设、环境保护"),
    ("防汛抗旱", "农业、林业、水利"),
    ("高标准农田建设", "农业、林业、水利"),
    ("安全生产大检查", "市场监管、安全生产监管"),
    ("政务服务“一网通办”", "综合政务"),
    ("养老服务体系建设", "民政、扶贫、救灾"),
    ("义务教育招生", "科技、教育"),
    ("基本医疗保险", "卫生、体育"),
    ("优化营商环境", "国民经济管理、国有资产监管"),
    ("住房公积金缴存和提取", "城乡建设、环境保护"),
    ("社会保险参保缴费", "劳动、人事、监察"),
    ("企业开办和营业执照办理", "市场监管、安全生产监管"),
]
# A department issues documents of its own field (keyword in its name).
DEPARTMENT_TOPICS = {
    "发展和改革": [
        ("优化营商环境", "国民经济管理、国有资产监管"),
        ("重大项目建设", "国民经济管理、国有资产监管"),
        ("中小企业纾困", "国民经济管理、国有资产监管"),
    ],
    "财政": [
        ("预算绩效管理", "财政、金融、审计"),
        ("政府采购", "财政、金融、审计"),
        ("惠民惠农财政补贴资金发放", "财政、金融、审计"),
    ],
    "教育": [
        ("义务教育招生", "科技、教育"),
        ("学生资助", "科技、教育"),
        ("校外培训治理", "科技、教育"),
    ],
    "卫生健康": [
        ("家庭医生签约服务", "卫生、体育"),
        ("传染病防控", "卫生、体育"),
        ("医疗机构监管", "卫生、体育"),
    ],
    "市场监督": [
        ("食品安全抽检", "市场监管、安全生产监管"),
        ("特种设备安全", "市场监管、安全生产监管"),
        ("价格监督检查", "市场监管、安全生产监管"),
        ("企业开办和营业执照办理", "市场监管、安全生产监管"),
    ],
    "自然资源": [
        ("耕地保护", "国土资源、能源"),
        ("不动产登记", "国土资源、能源"),
        ("地质灾害防治", "国土资源、能源"),
    ],
}
TOPICS = [topic for topic, _category in GOVERNMENT_TOPICS]
STREETS = ["人民路", "解放路", "建设路", "文化路", "滨江路", "中山路", "新华路"]


def topics_of(body_name):
    """[(topic, category name)] a body of this name issues documents on."""
    for keyword, topics in DEPARTMENT_TOPICS.items():
        if keyword in body_name:
            return topics
    return GOVERNMENT_TOPICS


SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"


def body_code(identity_code, number):
    """A valid unified social credit code derived from the site's division code."""
    org8 = f"MB{int(identity_code[-4:]) * 10 + number:06d}"
    first17 = f"11{identity_code[:6]}{org8}{org_code_check_character(org8)}"
    return first17 + uscc_check_character(first17)


def seed(context):
    categories = list(SubjectCategory.objects.filter(is_active=True))
    User = get_user_model()
    for hostname, profile in context.profiles.items():
        ensure_sections(profile)
        dormant = context.is_dormant(profile)
        bodies = seed_bodies(context, profile)
        slug = hostname.removesuffix(".localhost")
        handler = User.objects.filter(username=f"reviewer-{slug}").first()
        if handler is not None:
            for body in bodies:
                body.handlers.add(handler)
        seed_documents(context, profile, bodies, categories, dormant)
        seed_applications(context, bodies, handler, dormant)
    seed_annual_figures(context)
    seed_annual_reports(context)


def seed_bodies(context, profile):
    """The site's own government or department, and for a city or county
    two of its departments; each with its own office, address and phone."""
    rng = context.rng
    names = [profile.name]
    if profile.level in ("city", "county"):
        prefix = profile.short_name
        names += [f"{prefix}{department}" for department in DEPARTMENTS[:2]]
    bodies = []
    for number, name in enumerate(names, start=1):
        own_site = number == 1
        phone = profile.phone if own_site else f"0825-{rng.randint(2000000, 8999999)}"
        address = (
            profile.address
            if own_site and profile.address
            else f"{profile.short_name}{rng.choice(STREETS)}{rng.randint(1, 299)}号"
        )
        body, _created = IssuingBody.objects.get_or_create(
            site=profile.site,
            name=name,
            defaults={
                "code": body_code(profile.identity_code, number),
                "office_name": f"{name}办公室",
                "office_address": address,
                "office_hours": "工作日 9:00-12:00，13:30-17:30",
                "office_phone": phone,
                "office_fax": f"0825-{rng.randint(2000000, 8999999)}",
                "office_email": profile.email if own_site else "",
                "sort_order": number,
            },
        )
        bodies.append(body)
    return bodies


def seed_documents(context, profile, bodies, categories, dormant):
    column = disclosure_column(profile)
    catalog = DisclosureIndexPage.objects.child_of(column).first() if column else None
    if catalog is None or catalog.get_children().exists():
        return
    rng = context.rng
    count = rng.randint(3, 5) if dormant else rng.randint(20, 30)
    # Dormant sites stopped publishing long ago.
    newest, oldest = (500, 1400) if dormant else (1, 1400)
    categories = {category.name: category for category in categories}
    created = []
    for n in range(count):
        published = context.today - timedelta(days=rng.randint(newest, oldest))
        late = rng.random() < (0.7 if dormant else 0.1)
        working_days = rng.randint(25, 60) if late else rng.randint(1, 15)
        drafted = published - timedelta(days=int(working_days * 1.4))
        kind = rng.choice(DOCUMENT_KINDS)
        issuer = rng.choice(bodies)
        topic, category_name = rng.choice(topics_of(issuer.name))
        category = categories.get(category_name) or categories.get("其他")
        regulatory = RegulatoryKind.NORMATIVE if rng.random() < 0.15 else ""
        if regulatory and profile.level == "city" and rng.random() < 0.3:
            regulatory = RegulatoryKind.RULE
        page = DisclosureDocumentPage(
            title=f"{issuer.name}关于{topic}工作的{kind}",
            slug=f"doc-{published:%Y%m%d}-{n + 1}",
            category=category,
            issuing_body=issuer,
            date_drafted=drafted,
            published_date=published,
            doc_number=f"{document_prefix(issuer.name)}〔{drafted.year}〕{n + 1}号",
            keywords=f"{topic} {kind}",
            regulatory_kind=regulatory,
            summary=f"就{topic}工作作出安排，明确目标任务、责任分工和保障措施。",
            body=article_body(
                rng,
                ColumnKind.NOTICE,
                {"place": profile.short_name, "topic": topic, "year": drafted.year},
                title="",
                issuer=issuer.name,
                level=profile.level,
                date_text=f"{drafted.year}年{drafted.month}月{drafted.day}日",
            ),
            first_published_at=context.days_ago((context.today - published).days),
        )
        catalog.add_child(instance=page)
        page.save_revision().publish()
        context.published_at(page, published)
        created.append(page)
    # Some older documents were repealed and replaced by newer ones.
    created.sort(key=lambda page: page.published_date)
    for old, new in zip(created[:2], created[-2:], strict=False):
        if old.pk != new.pk and not dormant:
            old.validity = Validity.REPEALED
            old.repealed_on = new.published_date
            old.replaced_by = new
            old.save_revision().publish()
            context.published_at(old, new.published_date)


def _tracking_code(context, received_on):
    return new_tracking_code(received_on, context.rng)


def _applicant(context, kind):
    rng = context.rng
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    phone = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
    if kind == ApplicantType.NATURAL:
        first17 = f"512021{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        check = "10X98765432"[
            sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11
        ]
        return {
            "name": name,
            "id_type": "id_card",
            "id_number": first17 + check,
            "phone": phone,
            "address": f"云岭市{rng.choice(STREETS)}{rng.randint(1, 299)}号",
        }
    org8 = f"Q{rng.randint(1_000_000, 9_999_999)}"
    first17 = f"915120{rng.randint(10, 99)}{org8}{org_code_check_character(org8)}"
    return {
        "name": f"云岭{rng.choice(['远航', '新禾', '青山', '明德'])}{'科技有限公司' if kind == ApplicantType.COMMERCIAL else '研究中心'}",
        "credit_code": first17 + uscc_check_character(first17),
        "legal_representative": name,
        "contact_person": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "phone": phone,
    }


def _received(context, working_days_ago):
    """The working day `working_days_ago` working days before today."""
    day = context.today
    while working_days_ago > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            working_days_ago -= 1
    return day


def _new_application(context, body, received_on, kind=ApplicantType.NATURAL):
    data = {
        "applicant_type": kind,
        "description": f"申请公开{context.rng.choice(TOPICS)}相关的实施方案和资金安排情况。",
        "delivery_form": "electronic",
        "delivery_method": "email",
        "email": "applicant@example.cn",
        "tracking_code": _tracking_code(context, received_on),
        **_applicant(context, kind),
    }
    return handling.submit_application(body, data, on=received_on)


def seed_applications(context, bodies, handler, dormant):
    body = bodies[0]
    if InformationApplication.objects.filter(body__in=bodies).exists():
        return
    rng = context.rng
    if dormant:
        # Nobody answers here: everything is overdue.
        for days in (35, 50):
            _new_application(context, body, _received(context, days))
        return
    kinds = list(ApplicantType)
    # Answered, one per answer type, with their sub-reasons.
    answers = [
        (AnswerType.PROVIDED, ""),
        (AnswerType.ALREADY_PUBLIC, ""),
        (AnswerType.PARTLY, ""),
        (AnswerType.WITHHELD, AnswerReason.PROCESS_INFO),
        (AnswerType.CANNOT_PROVIDE, AnswerReason.NOT_HELD),
        (AnswerType.NOT_PROCESSED, AnswerReason.REPEAT),
    ]
    for answer_type, reason in rng.sample(answers, 4):
        received = _received(context, rng.randint(30, 200))
        application = _new_application(context, body, received, rng.choice(kinds))
        handling.answer(
            application,
            handler,
            answer_type,
            reason,
            "经审查，现答复如下：……",
            on=add_working_days(received, rng.randint(3, 18)),
        )
    # Open: just received, due soon, overdue.
    _new_application(context, body, _received(context, 2))
    _new_application(context, body, _received(context, 18), ApplicantType.COMMERCIAL)
    if rng.random() < 0.5:
        _new_application(context, body, _received(context, 24))
    # Correction requested and pending; correction never came (lapsed).
    pending = _new_application(context, body, _received(context, 4))
    handling.request_correction(
        pending,
        handler,
        "请明确所需信息的文件名称或文号。",
        on=_received(context, 2),
    )
    lapsed = _new_application(context, body, _received(context, 40))
    handling.request_correction(
        lapsed, handler, "请说明所需信息的时间范围。", on=_received(context, 36)
    )
    handling.lapse(lapsed, handler, on=_received(context, 10))
    # Third-party consultation under way; extended with approval.
    consulting = _new_application(context, body, _received(context, 12))
    handling.start_consultation(
        consulting,
        handler,
        Consultation.Kind.THIRD_PARTY,
        "云岭远航科技有限公司",
        on=_received(context, 8),
    )
    handling.start_consultation(
        consulting,
        handler,
        Consultation.Kind.AGENCY,
        f"{body.site.site_name}财政局",
        on=_received(context, 6),
    )
    # A letter registered by staff; a fee notice awaiting payment.
    signed_for = _received(context, 4)
    handling.register_application(
        body,
        {
            "applicant_type": ApplicantType.NATURAL,
            "description": "来信申请公开本年度老旧小区改造项目清单。",
            "delivery_form": "paper",
            "delivery_method": "post",
            "tracking_code": _tracking_code(context, signed_for),
            **_applicant(context, ApplicantType.NATURAL),
        },
        Channel.POST,
        signed_for,
        handler,
    )
    charged = _new_application(context, body, _received(context, 9))
    handling.notify_fee(
        charged,
        handler,
        FeeNotice.Method.BY_VOLUME,
        pages=rng.randint(40, 150),
        on=_received(context, 5),
    )
    extended = _new_application(context, body, _received(context, 19))
    handling.extend(
        extended,
        handler,
        15,
        "涉及多个部门，需要协调汇总。",
        "主任 王强",
        on=_received(context, 2),
    )


def seed_annual_figures(context):
    rng = context.rng
    year = context.today.year - 1
    for profile in context.profiles.values():
        if context.is_dormant(profile):
            continue
        AnnualFigures.objects.get_or_create(
            site=profile.site,
            year=year,
            defaults={
                "licensing_decisions": rng.randint(50, 900),
                "penalty_decisions": rng.randint(5, 300),
                "coercion_decisions": rng.randint(0, 20),
                "fees_collected": rng.randint(0, 5000) / 100,
                "reconsideration_upheld": rng.randint(0, 3),
                "reconsideration_corrected": rng.randint(0, 1),
                "litigation_direct_upheld": rng.randint(0, 2),
                "litigation_after_pending": rng.randint(0, 1),
            },
        )


def seed_annual_reports(context):
    """Last year's report, generated and published in time (in January) on the
    active sites; dormant sites never published theirs."""
    year = context.today.year - 1
    published = timezone.make_aware(datetime(year + 1, 1, 20, 10))
    for hostname, profile in context.profiles.items():
        if context.is_dormant(profile):
            continue
        reports = AnnualReportPage.objects.descendant_of(profile.site.root_page)
        if reports.filter(year=year).exists():
            continue
        call_command(
            "disclosure_annual_report",
            "--site",
            hostname,
            "--year",
            str(year),
            stdout=StringIO(),
        )
        page = reports.get(year=year)
        page.get_latest_revision().publish()
        AnnualReportPage.objects.filter(pk=page.pk).update(first_published_at=published)
