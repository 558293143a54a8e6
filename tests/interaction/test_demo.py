import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from interaction import demo
from interaction.metrics import consultation_health
from interaction.models import Letter, LetterStatus
from sites.demo.context import DemoContext
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_letters_in_every_state_and_a_dormant_site(cluster):
    for name, profile in (("county", cluster.county), ("town", cluster.town)):
        UserFactory(username=f"editor-{name}", groups=[profile.editors_group])
        UserFactory(username=f"reviewer-{name}", groups=[profile.reviewers_group])
    today = timezone.localdate()
    context = DemoContext(
        today=today,
        rng=random.Random(7),
        profiles={"county.localhost": cluster.county, "town.localhost": cluster.town},
        dormant_hostnames=frozenset({"town.localhost"}),
    )
    demo.seed(context)
    count = Letter.objects.count()
    demo.seed(context)
    assert Letter.objects.count() == count  # idempotent

    for profile in (cluster.county, cluster.town):
        states = Counter(
            Letter.objects.filter(site=profile.site).values_list("status", flat=True)
        )
        assert set(states) == set(LetterStatus.values)
        assert not Letter.objects.filter(
            site=profile.site, received_at__gt=timezone.now()
        ).exists()

    healthy = consultation_health(cluster.county, today, today - timedelta(days=365))
    assert healthy.overdue == []
    assert Letter.objects.filter(
        site=cluster.county.site, answered_at__isnull=False
    ).count() == sum(
        1
        for letter in Letter.objects.filter(site=cluster.county.site)
        if letter.answered_on_time
    )
    dormant = consultation_health(cluster.town, today, today - timedelta(days=365))
    assert len(dormant.overdue) >= 2
    assert dormant.channels
