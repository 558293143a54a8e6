import random
from datetime import date

import pytest

from cms.publishing import demo
from cms.publishing.models import DictionaryEntry, Push, PushTarget, TargetStatus
from sites.demo.context import DemoContext
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def demo_context(cluster):
    return DemoContext(
        today=date(2026, 11, 21),
        rng=random.Random(1),
        profiles={
            "yunling.localhost": cluster.city,
            "dongpo.localhost": cluster.county,
            "qingshi.localhost": cluster.town,
            "liulin.localhost": cluster.dept,
        },
        dormant_hostnames=frozenset({"liulin.localhost"}),
    )


def test_demo_seed_is_idempotent_and_dormant_sites_never_repost(cluster):
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    demo.seed(demo_context(cluster))
    counts = (
        DictionaryEntry.objects.count(),
        Push.objects.count(),
        PushTarget.objects.count(),
    )
    demo.seed(demo_context(cluster))
    assert counts == (
        DictionaryEntry.objects.count(),
        Push.objects.count(),
        PushTarget.objects.count(),
    )
    assert Push.objects.count() == 3
    assert DictionaryEntry.objects.filter(
        site=cluster.town.site, term="黄志墙镇长"
    ).exists()
    dormant = PushTarget.objects.filter(site=cluster.dept.site)
    assert dormant.exists()
    assert not dormant.exclude(status=TargetStatus.PENDING).exists()
    live = PushTarget.objects.filter(status=TargetStatus.LIVE)
    assert live.exists()
    assert all(target.latency.total_seconds() > 0 for target in live)
