"""Benchmark content: articles and service guides of realistic size on the
city portal, created once (idempotent)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.pages.models import ArticlePage, ColumnPage, ServiceGuidePage
from sites.models import SiteProfile

PARAGRAPH = (
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，提升政务服务效能，"
    "市人民政府决定在全市范围内开展专项行动。各区县、各部门要高度重视，加强组织领导，"
    "明确责任分工，确保各项任务落到实处。"
)


def city():
    return SiteProfile.objects.select_related("site__root_page").order_by("pk").first()


@transaction.atomic
def fill(count):
    profile = city()
    home = profile.site.root_page
    columns = list(
        ColumnPage.objects.child_of(home).filter(
            slug__in=["news", "notices", "policies"]
        )
    )
    existing = (
        ArticlePage.objects.descendant_of(home)
        .filter(slug__startswith="bench-")
        .count()
    )
    rng = random.Random(8)
    now = timezone.now()
    for number in range(existing, count):
        column = columns[number % len(columns)]
        body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(rng.randint(4, 12)))
        page = ArticlePage(
            title=f"关于开展第{number + 1}批政务服务专项行动的通知",
            slug=f"bench-{number + 1}",
            published_at=now - timedelta(hours=number),
            source="市政府办公室",
            summary=PARAGRAPH[:60],
            body=body,
        )
        column.add_child(instance=page)
        page.save_revision().publish()
    services = ColumnPage.objects.child_of(home).filter(slug="services").first()
    if (
        services
        and not ServiceGuidePage.objects.child_of(services)
        .filter(slug="bench-guide")
        .exists()
    ):
        guide = ServiceGuidePage(
            title="居民身份证换领办事指南",
            slug="bench-guide",
            item_name="居民身份证换领",
            item_code="11510900MB1234567X",
            legal_basis="《中华人民共和国居民身份证法》",
            conditions=PARAGRAPH,
            materials="1. 原居民身份证\n2. 户口簿",
            place="市政务服务中心一楼",
            office="市公安局",
            fees="20元",
            hours="工作日 9:00-17:00",
            phone="0825-1234567",
            procedure="受理—审核—制证—发证",
        )
        services.add_child(instance=guide)
        guide.save_revision().publish()
