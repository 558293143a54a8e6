"""Demo data for search: place and programme names for the segmenter, a few
days of query statistics, and a search promotion on the city portal."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from cms.pages.models import ColumnPage
from search.models import CustomWord, SearchQueryLog

CUSTOM_WORDS = [
    ("川善治", "基层治理平台"),
    ("天府通办", "四川政务服务平台"),
    ("蜀道通", "交通出行服务"),
    ("白龙湖", "景区"),
    ("曲河镇", "乡镇名称"),
    ("三江新区", "功能区"),
]
POPULAR_QUERIES = [
    "社保查询",
    "公积金",
    "安全生产",
    "乡村振兴",
    "营业执照",
    "医保报销",
    "入学",
]
UNANSWERED_QUERIES = ["电动车上牌", "退役军人优待证"]


def seed(context):
    for word, note in CUSTOM_WORDS:
        CustomWord.objects.get_or_create(word=word, defaults={"note": note})
    for hostname, profile in context.profiles.items():
        if context.is_dormant(profile):
            continue  # nobody searches a dormant site
        for days_ago in range(14):
            day = context.days_ago(days_ago).date()
            for query in context.rng.sample(POPULAR_QUERIES, 3):
                SearchQueryLog.objects.get_or_create(
                    site=profile.site,
                    day=day,
                    query=query,
                    scope="site",
                    defaults={
                        "hits": context.rng.randint(1, 40),
                        "results": context.rng.randint(1, 60),
                    },
                )
            if days_ago % 4 == 0:
                SearchQueryLog.objects.get_or_create(
                    site=profile.site,
                    day=day,
                    query=context.rng.choice(UNANSWERED_QUERIES),
                    scope="site",
                    defaults={"hits": context.rng.randint(1, 6), "results": 0},
                )
        if hostname.startswith("www") or profile.superior is None:
            promote_services_column(profile)


def promote_services_column(profile):
    """Promote the portal's services column for 办事 queries."""
    services = (
        ColumnPage.objects.child_of(profile.site.root_page)
        .filter(slug="services")
        .first()
    )
    if services is None:
        return
    query = Query.get("办事")
    SearchPromotion.objects.get_or_create(
        query=query,
        page=services,
        defaults={"description": "在线办事入口：办事指南、办件查询。"},
    )
