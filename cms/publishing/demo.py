"""Demo data of the publishing area: each site's leader names in its check
dictionary, and pushes from the city portal with realistic repost delays.
Idempotent; every random choice comes from context.rng."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from cms.pages.models import ArticlePage, ColumnPage
from sites.models import SiteLevel

from .models import (
    DictionaryEntry,
    EntryKind,
    Push,
    PushMode,
    SyndicationSettings,
    TargetStatus,
)
from .syndication import push_page

CITY = "yunling.localhost"
# (site hostname, canonical name and title, common wrong forms) - fictional people.
LEADERS = [
    (CITY, "周立诚市长", ["周立成市长", "周利诚市长"]),
    (CITY, "陈海燕副市长", ["陈海艳副市长", "陈海雁副市长"]),
    ("dongpo.localhost", "刘建军县长", ["刘健军县长", "刘建君县长"]),
    ("xishan.localhost", "马晓东县长", ["马小东县长"]),
    ("qingshi.localhost", "黄志强镇长", ["黄志墙镇长", "黄智强镇长"]),
]
# Sites that hold pushes for their own editor (dormant sites never get to them).
HOLDING = {"baima.localhost", "nanping.localhost"}

# (slug, title, column slug, doc number, body, push level or None for all, mode)
PUSHES = [
    (
        "demo-push-business-environment",
        "云岭市人民政府关于进一步优化营商环境的若干意见",
        "policies",
        "云府发〔2026〕8号",
        "<p>为深入贯彻落实国家和省关于优化营商环境的决策部署，结合本市实际，"
        "提出如下意见。</p><ol><li>推行政务服务“一网通办”。</li>"
        "<li>压减企业开办时间至1个工作日以内。</li></ol>",
        None,
        PushMode.ALIAS,
    ),
    (
        "demo-push-flood-season",
        "云岭市防汛抗旱指挥部关于做好今年主汛期防汛工作的通知",
        "notices",
        "",
        "<p>各县（区）、乡镇（街道）：当前我市已全面进入主汛期，"
        "请立即开展隐患排查，落实24小时值班制度。</p>",
        SiteLevel.TOWNSHIP,
        PushMode.COPY,
    ),
    (
        "demo-push-interpretation",
        "《关于进一步优化营商环境的若干意见》政策解读",
        "interpretation",
        "",
        "<p>一、出台背景。二、主要内容。三、适用范围。</p>",
        SiteLevel.COUNTY,
        PushMode.ALIAS,
    ),
]


def seed(context):
    seed_dictionaries(context)
    seed_pushes(context)


def seed_dictionaries(context):
    for hostname, canonical, wrong_forms in LEADERS:
        profile = context.profiles.get(hostname)
        if profile is None:
            continue
        for wrong in wrong_forms:
            DictionaryEntry.objects.get_or_create(
                kind=EntryKind.LEADER_NAME,
                term=wrong,
                site=profile.site,
                defaults={"suggestion": canonical, "note": "领导姓名"},
            )


def seed_pushes(context):
    city = context.profiles.get(CITY)
    sender = get_user_model().objects.filter(username="admin").first()
    if city is None or sender is None:
        return
    for hostname, profile in context.profiles.items():
        if hostname in HOLDING or hostname in context.dormant_hostnames:
            setting = SyndicationSettings.for_site(profile.site)
            if setting.auto_accept:
                setting.auto_accept = False
                setting.save()
    for days_ago, (slug, title, column_slug, doc_number, body, level, mode) in zip(
        (12, 5, 2), PUSHES, strict=True
    ):
        source = _source_article(
            context, city, slug, title, column_slug, doc_number, body, days_ago
        )
        if Push.objects.filter(source_page=source).exists():
            continue
        targets = [
            profile.site
            for profile in city.descendants()
            if level is None or profile.level == level
        ]
        kind = ColumnPage.objects.get(pk=source.get_parent().pk).kind
        push = push_page(source, sender, targets, kind, mode)
        _backdate(context, push, days_ago)


def _source_article(context, city, slug, title, column_slug, doc_number, body, days):
    column = ColumnPage.objects.child_of(city.site.root_page).get(slug=column_slug)
    existing = ArticlePage.objects.child_of(column).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = ArticlePage(
        title=title,
        slug=slug,
        body=body,
        doc_number=doc_number,
        source=city.name,
        published_at=context.days_ago(days, hour=9, minute=0),
    )
    column.add_child(instance=page)
    page.save_revision().publish()
    return page


def _backdate(context, push, days_ago):
    """Spread the receiving sites' reactions over realistic delays: most
    repost within hours, some after a day or two, dormant sites never."""
    pushed_at = context.days_ago(days_ago, hour=10, minute=0)
    Push.objects.filter(pk=push.pk).update(pushed_at=pushed_at)
    for target in push.targets.select_related("site"):
        target.pushed_at = pushed_at
        if target.status == TargetStatus.LIVE:
            hours = context.rng.choice([1, 2, 3, 5, 8, 20, 30, 52])
            target.live_at = pushed_at + timedelta(
                hours=hours, minutes=context.rng.randint(0, 59)
            )
        target.save(update_fields=["pushed_at", "live_at"])
