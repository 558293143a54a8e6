"""Demo content of the page types: articles in every column, sub-columns and
service guides, with publication dates relative to the demo's today. Articles
run to several paragraphs (demo_text.py); a few news items per site carry a
picture drawn locally (demo_images.py), the home page's 图片新闻. Every site's
Party and government organ mark links to a certificate address.

Healthy sites publish news every few days and notices and policies every few
weeks; the dormant sites stopped months ago and left several columns empty."""

import hashlib
from dataclasses import dataclass
from html import unescape

from django.db import transaction
from wagtail.models import Page

from .demo_images import demo_image
from .demo_text import article_body, document_prefix
from .models import (
    ArticlePage,
    ColumnKind,
    ColumnPage,
    ServiceGuidePage,
    SiteBranding,
)

# Sub-columns every site gets: (parent column slug, slug, title, kind)
SUB_COLUMNS = [
    ("about", "leaders", "领导信息", ColumnKind.STATIC),
    ("about", "functions", "机构职能", ColumnKind.STATIC),
    ("about", "departments", "内设机构", ColumnKind.STATIC),
    ("services", "guides", "办事指南", ColumnKind.OTHER),
]

TOPICS = [
    "安全生产",
    "森林防火",
    "防汛救灾",
    "乡村振兴",
    "营商环境",
    "疫苗接种",
    "医疗保障",
    "义务教育",
    "生态环境保护",
    "河长制",
    "人居环境整治",
    "耕地保护",
    "食品安全",
    "消防安全",
    "就业创业",
    "养老服务",
    "城乡低保",
    "退役军人服务",
    "文明城市创建",
    "秸秆禁烧",
    # What citizens search for most (大家都在搜): each is written about.
    "住房公积金",
    "社会保险",
    "营业执照办理",
]
# A department writes about its own field, not a government's whole range.
DEPARTMENT_TOPICS = {
    "教育": [
        "义务教育",
        "校园安全",
        "学生资助",
        "校外培训治理",
        "教师队伍建设",
        "学前教育",
    ],
    "卫生健康": [
        "疫苗接种",
        "家庭医生签约服务",
        "基本公共卫生服务",
        "医疗机构监管",
        "爱国卫生运动",
        "健康科普",
    ],
    "市场监督": [
        "食品安全",
        "特种设备安全",
        "价格监督检查",
        "营商环境",
        "营业执照办理",
        "知识产权保护",
        "计量监督",
    ],
    "自然资源": [
        "耕地保护",
        "国土空间规划",
        "不动产登记",
        "地质灾害防治",
        "矿产资源管理",
        "生态修复",
    ],
}
# Articles of a healthy site's news column that are picture news: the newest
# one (the home page's 图片新闻) and this many more.
EXTRA_PICTURES = 2
NEWS_TITLES = [
    "{place}召开{topic}工作推进会",
    "{place}开展{topic}专项检查",
    "{place}部署{topic}重点工作",
    "{place}领导督导调研{topic}工作",
    "{place}举办{topic}培训班",
    "{place}{topic}工作取得阶段性成效",
    "{place}召开{topic}专题会议",
    "{place}扎实推进{topic}",
]
NOTICE_TITLES = [
    "关于开展{topic}大检查的通知",
    "关于做好{topic}工作的通知",
    "关于{topic}有关事项的公告",
    "关于公开征求{topic}意见的公告",
    "关于{year}年{topic}补助资金发放情况的公示",
    "关于调整{topic}办理时间的通告",
]
POLICY_TITLES = [
    "{place}关于进一步加强{topic}工作的实施意见",
    "{place}{topic}三年行动方案（{year}—{year2}年）",
    "{place}关于印发《{topic}管理办法》的通知",
    "{place}关于推进{topic}高质量发展的若干措施",
]
INTERPRETATION_TITLES = [
    "一图读懂《{place}{topic}三年行动方案》",
    "《{place}关于进一步加强{topic}工作的实施意见》政策解读",
]
PERSONNEL_TITLES = [
    "{place}{year}年公开招聘事业单位工作人员公告",
    "{place}干部任前公示",
    "{place}{year}年公开考调工作人员拟调人员公示",
]
PLAN_TITLES = [
    "{place}{year}年政府工作报告",
    "{place}国民经济和社会发展第十五个五年规划纲要",
    "{place}{year}年重点民生实事项目计划",
]
STATISTICS_TITLES = [
    "{year}年{month}月{place}主要经济指标",
    "{place}{year}年国民经济和社会发展统计公报",
]
LEADERS = [("张伟", "市长"), ("李娜", "副市长"), ("王强", "秘书长")]
# (item code, item, office): one code per item across the cluster.
SERVICE_ITEMS = [
    ("000105001000", "居民身份证申领", "公安机关"),
    ("000112006000", "城乡居民基本养老保险参保登记", "社会保险经办机构"),
    ("000108002000", "生育登记服务", "卫生健康部门"),
    ("000118004000", "农村宅基地和建房审批", "自然资源部门"),
    ("000110003000", "城乡最低生活保障审核确认", "民政部门"),
    ("000110015000", "残疾人两项补贴申请", "残疾人联合会"),
    ("000115004000", "住房公积金提取", "住房公积金管理中心"),
    ("000112001000", "企业职工社会保险参保登记", "社会保险经办机构"),
    ("000120001000", "企业设立登记（营业执照办理）", "市场监督管理部门"),
]

HEALTHY_RHYTHM = {
    # kind: (number of items, spread in days, newest item at most this many days ago)
    ColumnKind.NEWS: (16, 150, 3),
    ColumnKind.NOTICE: (8, 330, 25),
    ColumnKind.POLICY: (6, 700, 60),
    ColumnKind.INTERPRETATION: (3, 400, 90),
    ColumnKind.PERSONNEL: (3, 360, 120),
    ColumnKind.PLANNING: (3, 700, 200),
    ColumnKind.STATISTICS: (4, 360, 40),
}
# Dormant sites: a few old items in news and notices, the rest left empty.
DORMANT_RHYTHM = {
    ColumnKind.NEWS: (5, 400, 150),
    ColumnKind.NOTICE: (3, 500, 240),
}
TITLE_TEMPLATES = {
    ColumnKind.NEWS: NEWS_TITLES,
    ColumnKind.NOTICE: NOTICE_TITLES,
    ColumnKind.POLICY: POLICY_TITLES,
    ColumnKind.INTERPRETATION: INTERPRETATION_TITLES,
    ColumnKind.PERSONNEL: PERSONNEL_TITLES,
    ColumnKind.PLANNING: PLAN_TITLES,
    ColumnKind.STATISTICS: STATISTICS_TITLES,
}


@dataclass
class SiteWriter:
    """Writes one site's demo content."""

    context: object
    profile: object

    @property
    def rng(self):
        return self.context.rng

    def place(self):
        return self.profile.short_name

    def topics(self):
        for keyword, topics in DEPARTMENT_TOPICS.items():
            if keyword in self.profile.name:
                return topics
        return TOPICS

    def column(self, slug, parent=None):
        parent = parent or self.profile.site.root_page
        return ColumnPage.objects.child_of(parent).filter(slug=slug).first()

    def ensure_sub_columns(self):
        for parent_slug, slug, title, kind in SUB_COLUMNS:
            parent = self.column(parent_slug)
            if parent is None or self.column(slug, parent) is not None:
                continue
            sub = ColumnPage(title=title, slug=slug, kind=kind, show_in_menus=True)
            parent.add_child(instance=sub)
            sub.save_revision(log_action=False).publish(log_action=False)

    def write(self):
        dormant = self.context.is_dormant(self.profile)
        rhythm = DORMANT_RHYTHM if dormant else HEALTHY_RHYTHM
        columns = ColumnPage.objects.child_of(self.profile.site.root_page).live()
        for column in columns:
            if column.kind in rhythm and not Page.objects.child_of(column).exists():
                self.write_articles(column, *rhythm[column.kind])
        if not dormant:
            self.write_about()
            self.write_service_guides()

    def write_articles(self, column, count, spread_days, newest_days_ago):
        ages = sorted(
            [newest_days_ago]
            + [
                self.rng.randint(newest_days_ago, spread_days + newest_days_ago)
                for _ in range(count - 1)
            ]
        )
        pictures = set()
        if column.kind == ColumnKind.NEWS:
            pictures = {0}
            if not self.context.is_dormant(self.profile):
                pictures |= set(self.rng.sample(range(1, count), k=EXTRA_PICTURES))
        for index, age in enumerate(ages):
            self.add_article(column, column.kind, age, with_picture=index in pictures)

    def add_article(self, column, kind, age, with_picture=False):
        today = self.context.today
        published_at = self.context.days_ago(
            age, hour=self.rng.randint(8, 17), minute=self.rng.randint(0, 59)
        )
        shown = published_at.date()
        values = {
            "place": self.place(),
            "topic": self.rng.choice(self.topics()),
            "year": today.year - (age // 365),
            "year2": today.year - (age // 365) + 2,
            "month": shown.month
            if kind == ColumnKind.NEWS
            else self.rng.randint(1, 12),
            "day": shown.day,
        }
        title = self.rng.choice(TITLE_TEMPLATES[kind]).format(**values)
        doc_number = ""
        if kind == ColumnKind.POLICY:
            prefix = document_prefix(self.profile.name)
            doc_number = f"{prefix}〔{values['year']}〕{self.rng.randint(1, 60)}号"
        body = article_body(
            self.rng,
            kind,
            values,
            title,
            issuer=self.profile.name,
            level=self.profile.level,
            date_text=f"{shown.year}年{shown.month}月{shown.day}日",
        )
        slug = f"a{self.rng.randrange(10**8):08d}"
        cover = None
        if with_picture:
            cover = demo_image(
                self.rng,
                f"{self.place()}{values['topic']}工作现场",
                self.profile.collection,
                f"{self.profile.site.hostname.split('.')[0]}-{slug}",
            )
        self.publish(
            column,
            ArticlePage(
                title=title,
                slug=slug,
                published_at=published_at,
                source=self.profile.name,
                author=f"{self.place()}办公室",
                doc_number=doc_number,
                cover_image=cover,
                summary=summary_of(body),
                body=body,
            ),
        )

    def write_about(self):
        about = self.column("about")
        if about is None:
            return
        leaders = self.column("leaders", about)
        if leaders and not Page.objects.child_of(leaders).exists():
            roles = (
                LEADERS if self.profile.level == "city" else [("赵刚", "主要负责人")]
            )
            for name, role in roles:
                self.publish(
                    leaders,
                    ArticlePage(
                        title=f"{name}（{role}）",
                        slug=f"leader-{self.rng.randrange(10**6):06d}",
                        published_at=self.context.days_ago(self.rng.randint(60, 300)),
                        source=self.profile.name,
                        body=f"<p>{name}，{self.place()}{role}，负责{self.place()}全面工作。</p>",
                    ),
                )
        for slug, text in (
            (
                "functions",
                "贯彻执行党和国家的方针政策，负责本行政区域内的经济、社会和公共事务管理。",
            ),
            (
                "departments",
                "下设办公室、党建工作办公室、经济发展办公室、社会事务办公室等内设机构。",
            ),
        ):
            column = self.column(slug, about)
            if column and not Page.objects.child_of(column).exists():
                self.publish(
                    column,
                    ArticlePage(
                        title=f"{self.place()}{column.title}",
                        slug=slug,
                        published_at=self.context.days_ago(self.rng.randint(30, 200)),
                        source=self.profile.name,
                        body=f"<p>{text}</p>",
                    ),
                )

    def write_service_guides(self):
        services = self.column("services")
        guides = self.column("guides", services) if services else None
        if guides is None or Page.objects.child_of(guides).exists():
            return
        for index, (code, item, office) in enumerate(
            self.rng.sample(SERVICE_ITEMS, k=4), start=1
        ):
            self.publish(
                guides,
                ServiceGuidePage(
                    title=f"{item}办事指南",
                    slug=f"guide-{index}",
                    item_name=item,
                    item_code=code,
                    published_at=self.context.days_ago(self.rng.randint(20, 200)),
                    legal_basis="《中华人民共和国行政许可法》及相关法律法规",
                    conditions="符合相关规定条件的本行政区域内居民。",
                    materials="1. 申请表；2. 居民身份证；3. 户口簿。",
                    place=f"{self.place()}政务服务中心一楼综合窗口",
                    office=f"{self.place()}{office}",
                    fees="不收费",
                    hours="工作日 上午9:00—12:00，下午13:30—17:00",
                    phone=self.profile.phone or "0825-1234567",
                    procedure="申请 → 受理 → 审核 → 办结",
                ),
            )

    def publish(self, parent, page):
        parent.add_child(instance=page)
        # Demo content was published when its publication time says.
        page.first_published_at = getattr(page, "published_at", None)
        revision = page.save_revision(log_action=False)
        revision.publish(log_action=False)
        if page.first_published_at:
            self.context.published_at(page, page.first_published_at)


def summary_of(body):
    """The first paragraph of `body` that says something (not the
    addressee line of a notice), as plain text of at most 120 characters."""
    paragraphs = [part.removeprefix("<p>") for part in body.split("</p>") if part]
    text = next((p for p in paragraphs if len(p) > 30), paragraphs[0])
    return unescape(text)[:120]


def party_mark_url(identity_code):
    """A certificate address in the format conac.cn issues for the Party and
    government organ website mark (fictional id, derived from the site's
    identity code so it is stable)."""
    certificate = hashlib.sha256(identity_code.encode()).hexdigest()[:32].upper()
    return f"https://bszs.conac.cn/sitename?method=show&id={certificate}"


def seed(context):
    for profile in context.profiles.values():
        writer = SiteWriter(context, profile)
        branding = SiteBranding.for_site(profile.site)
        if not branding.party_mark_url:
            branding.party_mark_url = party_mark_url(profile.identity_code)
            branding.save(update_fields=["party_mark_url"])
        with transaction.atomic():
            writer.ensure_sub_columns()
            writer.write()
