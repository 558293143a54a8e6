"""Demo letters, solicitations and interviews for the demo cluster.

Every site gets letters in every state. Healthy sites answer within the
working-day deadline and have nothing open older than a few weeks; dormant
sites (context.dormant_hostnames) leave consultation letters unanswered for
more than three months, as monitoring's `interaction_poor` check must find."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from cms.casework.workdays import add_working_days
from cms.pages.models import ColumnPage
from sites.models import SiteLevel

from . import handling
from .models import (
    CONSULTATION_KINDS,
    CloseReason,
    Department,
    InterviewGuest,
    InterviewPage,
    Letter,
    MailboxPage,
    SolicitationFormField,
    SolicitationPage,
)
from .setup import INTERACTION_COLUMN_SLUG

DEPARTMENTS = {
    SiteLevel.CITY: [
        "市教育局",
        "市住房和城乡建设局",
        "市人力资源和社会保障局",
        "市交通运输局",
    ],
    SiteLevel.COUNTY: [
        "县教育局",
        "县住房和城乡建设局",
        "县人力资源和社会保障局",
        "县交通运输局",
    ],
    SiteLevel.TOWNSHIP: ["党政综合办公室", "社会事务办公室", "村镇建设办公室"],
    SiteLevel.DEPARTMENT: ["综合科", "业务科", "政策法规科"],
}

# (category, subject, content, answer)
LETTERS = [
    (
        "咨询",
        "孩子上小学的学区怎么划分？",
        "您好，我家孩子明年上小学，户口在人民路社区，想咨询学区划分和报名需要准备的材料。",
        "您好！学区划分以当年公布的招生方案为准，一般在5月发布。报名需准备户口簿、房产证明或居住证等材料。",
    ),
    (
        "建议",
        "建议在滨江路增设公交站",
        "滨江路新建小区入住人口较多，最近的公交站步行需要20分钟，建议增设站点。",
        "感谢您的建议。经与公交公司实地查看，拟在滨江路与文化路交叉口增设站点，预计下月投入使用。",
    ),
    (
        "求助",
        "老旧小区加装电梯如何申请",
        "我们小区建于1995年，居民想加装电梯，请问申请流程和补贴政策是什么？",
        "您好！加装电梯需经本单元业主同意后向街道提出申请，符合条件的可享受每台最高20万元补贴，详见住建部门公布的办事指南。",
    ),
    (
        "咨询",
        "灵活就业人员社保缴费标准",
        "我是灵活就业人员，想了解今年养老保险的缴费基数和缴费方式。",
        "您好！今年灵活就业人员缴费基数可在全省平均工资的60%至300%之间自选，可通过税务APP或银行网点缴纳。",
    ),
    (
        "建议",
        "夜间施工噪音扰民",
        "建设路工地经常夜间施工到凌晨，影响周边居民休息，希望有关部门管一管。",
        "收到您的反映后，执法人员已到现场核查并责令施工单位整改，夜间施工须办理许可并公示。",
    ),
    (
        "咨询",
        "新生儿医保怎么办理",
        "孩子刚出生，想问一下新生儿医保在哪里办理，需要什么材料？",
        "您好！新生儿可在出生后90天内凭出生医学证明和户口簿到社区或线上参保，参保后自出生之日起享受待遇。",
    ),
    (
        "其他",
        "路灯不亮的问题",
        "光明路中段有五六盏路灯已经坏了一个多月，晚上出行很不方便。",
        "经查，该路段线路老化导致故障，维修已于本周完成，感谢您的监督。",
    ),
    (
        "咨询",
        "农村宅基地审批流程",
        "我想在自家宅基地上翻建房屋，需要办理哪些审批手续？",
        "您好！翻建房屋需向村委会提出申请，经乡镇审核后办理农村宅基地批准书和乡村建设规划许可证。",
    ),
]
NAMES = ["张明", "李娜", "王强", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"]


def seed(context):
    User = get_user_model()
    for hostname, profile in context.profiles.items():
        site = profile.site
        slug = hostname.removesuffix(".localhost")
        if Letter.objects.filter(site=site).exists():
            continue
        editor = User.objects.get(username=f"editor-{slug}")
        reviewer = User.objects.get(username=f"reviewer-{slug}")
        departments = [
            Department.objects.get_or_create(site=site, name=name)[0]
            for name in DEPARTMENTS[profile.level]
        ]
        mailboxes = list(
            MailboxPage.objects.descendant_of(site.root_page).order_by("path")
        )
        if not mailboxes:
            continue
        seeder = _SiteSeeder(context, mailboxes, departments, editor, reviewer)
        if context.is_dormant(profile):
            seeder.seed_dormant()
        else:
            seeder.seed_healthy()
    _seed_solicitations(context)
    _seed_interviews(context)


class _SiteSeeder:
    def __init__(self, context, mailboxes, departments, editor, reviewer):
        self.context = context
        self.rng = context.rng
        self.mailboxes = mailboxes
        self.consultation_boxes = [
            box for box in mailboxes if box.kind in CONSULTATION_KINDS
        ] or mailboxes
        self.departments = departments
        self.editor = editor
        self.reviewer = reviewer

    def _received(self, days_ago, mailbox=None, agrees=True):
        category, subject, content, answer = self.rng.choice(LETTERS)
        letter = handling.receive(
            mailbox or self.rng.choice(self.mailboxes),
            at=self.context.days_ago(
                days_ago, hour=self.rng.randint(8, 21), minute=self.rng.randint(0, 59)
            ),
            rng=self.rng,
            name=self.rng.choice(NAMES),
            phone=f"13{self.rng.randint(100000000, 999999999)}",
            email="",
            subject=subject,
            category=category,
            content=content,
            agrees_to_publish=agrees,
        )
        letter._demo_answer = answer
        return letter

    def _at_working_day(self, letter, working_days, hour):
        day = add_working_days(timezone.localdate(letter.received_at), working_days)
        moment = timezone.make_aware(
            datetime.combine(day, time(hour, self.rng.randint(0, 59)))
        )
        # Never in the future (long holidays), always after the previous step.
        moment = min(moment, self.context.days_ago(1, hour=23, minute=0))
        last = letter.events.order_by("-at").values_list("at", flat=True).first()
        return max(moment, last + timedelta(minutes=5))

    def _assigned(self, letter, working_days=1):
        handling.assign(
            letter,
            self.rng.choice(self.departments),
            self.editor,
            at=self._at_working_day(letter, working_days, 10),
        )
        return letter

    def _drafted(self, letter, working_days):
        self._assigned(letter)
        handling.draft_answer(
            letter,
            letter._demo_answer,
            self.editor,
            at=self._at_working_day(letter, working_days, 11),
        )
        return letter

    def _answered(self, letter, working_days):
        self._drafted(letter, max(working_days - 1, 1))
        handling.approve(
            letter, self.reviewer, at=self._at_working_day(letter, working_days, 16)
        )
        return letter

    def _published(self, letter, working_days):
        self._answered(letter, working_days)
        handling.publish(
            letter, self.reviewer, at=letter.answered_at + timedelta(hours=1)
        )
        return letter

    def _closed(self, letter, reason, duplicate_of=None):
        note = (
            "来信内容与本机关职责无关，已告知来信人向相关部门反映。"
            if reason == CloseReason.INVALID
            else "与此前来信反映的为同一事项，已合并办理。"
        )
        handling.close(
            letter,
            reason,
            note,
            self.editor,
            duplicate_of=duplicate_of,
            at=self._at_working_day(letter, 1, 15),
        )

    def seed_healthy(self):
        """Answers within 2-12 working days; open letters are recent."""
        published = [
            self._published(self._received(days), self.rng.randint(2, 12))
            for days in sorted(self.rng.sample(range(25, 330), 6), reverse=True)
        ]
        self._answered(self._received(60, agrees=False), self.rng.randint(3, 10))
        self._answered(self._received(40), self.rng.randint(3, 10))
        self._closed(self._received(120), CloseReason.INVALID)
        self._closed(
            self._received(20),
            CloseReason.DUPLICATE,
            duplicate_of=published[-1],
        )
        self._drafted(self._received(15), 2)
        self._assigned(self._received(self.rng.randint(4, 8)))
        self._received(self.rng.randint(1, 2))
        # One letter close to its deadline so the warnings have something to show.
        self._assigned(self._received(18))

    def seed_dormant(self):
        """Old answered letters, then consultations left lying for months."""
        published = [
            self._published(self._received(days), self.rng.randint(8, 14))
            for days in (320, 280, 250)
        ]
        self._answered(self._received(230, agrees=False), 20)
        self._closed(self._received(210), CloseReason.INVALID)
        self._closed(
            self._received(200), CloseReason.DUPLICATE, duplicate_of=published[-1]
        )
        box = self.rng.choice(self.consultation_boxes)
        self._received(170, mailbox=box)
        self._assigned(self._received(130, mailbox=box))
        self._drafted(self._received(105, mailbox=box), 30)
        self._assigned(self._received(40, mailbox=box))
        self._received(9, mailbox=box)


def _interaction_column(profile):
    return (
        ColumnPage.objects.child_of(profile.site.root_page)
        .filter(slug=INTERACTION_COLUMN_SLUG)
        .first()
    )


def _seed_solicitations(context):
    plans = {
        "yunling.localhost": [
            (
                "transport-plan",
                "《云岭市城市公共交通发展规划（2026-2035年）》征求意见",
                -40,
                -10,
                True,
            ),
            ("livelihood-projects", "2027年市政府民生实事项目征集", -5, 25, False),
        ],
        "dongpo.localhost": [
            ("parking-rules", "东坡县城区停车管理办法（征求意见稿）", -8, 22, False)
        ],
    }
    for hostname, solicitations in plans.items():
        profile = context.profiles.get(hostname)
        column = profile and _interaction_column(profile)
        if column is None:
            continue
        for slug, title, opens, closes, with_results in solicitations:
            if SolicitationPage.objects.child_of(column).filter(slug=slug).exists():
                continue
            page = SolicitationPage(
                title=title,
                slug=slug,
                opens_at=context.days_ago(-opens, hour=9, minute=0),
                closes_at=context.days_ago(-closes, hour=17, minute=30),
                intro="<p>为广泛听取社会各界意见，现公开征集意见建议，欢迎提出宝贵意见。</p>",
                to_address="",
                from_address="",
                subject="",
            )
            page.form_fields = [
                SolicitationFormField(
                    sort_order=0,
                    label="意见建议",
                    field_type="multiline",
                    required=True,
                ),
                SolicitationFormField(
                    sort_order=1,
                    label="联系方式（选填，不公开）",
                    field_type="singleline",
                    required=False,
                ),
            ]
            column.add_child(instance=page)
            page.save_revision().publish()
            if with_results:
                opinion_field = page.form_fields.get(sort_order=0)
                for index in range(context.rng.randint(5, 12)):
                    submission = FormSubmission.objects.create(
                        page=page,
                        form_data={
                            opinion_field.clean_name: f"建议增加夜间公交线路（意见{index + 1}）",
                        },
                    )
                    FormSubmission.objects.filter(pk=submission.pk).update(
                        submit_time=page.opens_at + timedelta(days=index + 1)
                    )
                page.results_summary = (
                    "<p>征集期间共收到意见建议若干条，主要集中在增加夜间线路、"
                    "优化换乘等方面，已吸收采纳到规划文本中。</p>"
                )
                page.results_published_at = context.days_ago(3)
                page.save_revision().publish()


def _seed_interviews(context):
    plans = {
        "yunling.localhost": (
            "business-environment",
            "优化营商环境 激发市场活力",
            20,
            [("王建国", "云岭市副市长"), ("李红", "云岭市市场监督管理局局长")],
        ),
        "dongpo.localhost": (
            "school-admission",
            "义务教育阶段招生政策解读",
            35,
            [("陈志刚", "东坡县教育局局长")],
        ),
        "beihu.localhost": (
            "old-housing-renewal",
            "老旧小区改造进展",
            50,
            [("周敏", "北湖区住房和城乡建设局局长")],
        ),
    }
    for hostname, (slug, title, days_ago, guests) in plans.items():
        profile = context.profiles.get(hostname)
        column = profile and _interaction_column(profile)
        if (
            column is None
            or InterviewPage.objects.child_of(column).filter(title=title).exists()
        ):
            continue
        starts_at = context.days_ago(days_ago, hour=15, minute=0)
        page = InterviewPage(
            title=title,
            slug=slug,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1, minutes=30),
            venue="政府网站访谈室",
            summary="嘉宾介绍了相关政策的主要内容，并回答了网友关心的问题。",
            transcript=(
                "<h3>主持人</h3><p>各位网友大家好，欢迎收看本期在线访谈。</p>"
                "<h3>嘉宾</h3><p>大家好，很高兴和网友们交流。今年我们重点做了三件事……</p>"
                "<h3>网友提问</h3><p>相关政策什么时候开始实施？</p>"
                "<h3>嘉宾</h3><p>将于下月起正式实施，具体细则会在网站公开。</p>"
            ),
        )
        page.guests = [
            InterviewGuest(sort_order=index, name=name, position=position)
            for index, (name, position) in enumerate(guests)
        ]
        column.add_child(instance=page)
        page.save_revision().publish()
