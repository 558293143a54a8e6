from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, Site, WorkflowPage, WorkflowState

from cms.pages.models import ArticlePage, ColumnKind
from cms.publishing.models import (
    PushMode,
    PushTarget,
    SyndicationSettings,
    TargetStatus,
)
from cms.publishing.syndication import (
    accept,
    decline,
    deliver,
    push_page,
    repost_report,
)
from tests.factories import PASSWORD, UserFactory, column
from tests.publishing.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy(cluster):
    return make_article(
        column(cluster.city, "policies"),
        "市政府关于优化营商环境的意见",
        doc_number="测府发〔2026〕1号",
        body="<p>第一条 总则。</p>",
    )


def hold_pushes(profile):
    setting = SyndicationSettings.for_site(profile.site)
    setting.auto_accept = False
    setting.save()


def subordinate_sites(cluster):
    return [cluster.county.site, cluster.town.site, cluster.dept.site]


def test_alias_push_reaches_every_subordinate_and_stays_in_sync(
    cluster, city_editor, policy
):
    push = push_page(policy, city_editor, subordinate_sites(cluster), ColumnKind.POLICY)
    targets = list(push.targets.select_related("page"))
    assert len(targets) == 3
    for target in targets:
        assert target.status == TargetStatus.LIVE
        assert target.live_at is not None and target.latency >= timedelta(0)
        assert target.page.alias_of_id == policy.pk
        assert target.page.live
        assert target.page.get_parent().specific.kind == ColumnKind.POLICY
    # The original changes: every alias follows.
    policy.title = "市政府关于优化营商环境的意见（修订）"
    policy.save_revision().publish()
    for target in targets:
        assert Page.objects.get(pk=target.page_id).title.endswith("（修订）")
    town_copy = next(t for t in targets if t.site == cluster.town.site)
    response = cluster_client(city_editor).get(
        town_copy.page.url_path.replace(cluster.town.site.root_page.url_path, "/", 1),
        HTTP_HOST="town.localhost",
    )
    assert response.status_code == 200
    assert "（修订）" in response.content.decode()


def cluster_client(user):
    from django.test import Client

    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_copy_push_is_independent_of_the_original(cluster, city_editor, policy):
    push = push_page(
        policy, city_editor, [cluster.county.site], ColumnKind.POLICY, PushMode.COPY
    )
    target = push.targets.get()
    copy = ArticlePage.objects.get(pk=target.page_id)
    assert copy.alias_of_id is None and copy.live
    assert copy.doc_number == "测府发〔2026〕1号"
    assert copy.source == cluster.city.site.site_name
    policy.title = "改过的标题"
    policy.save_revision().publish()
    copy.refresh_from_db()
    assert copy.title == "市政府关于优化营商环境的意见"


@pytest.fixture
def county_reviewer(cluster):
    return UserFactory(
        username="county-reviewer", groups=[cluster.county.reviewers_group]
    )


def public_status(page, profile):
    """The HTTP status of `page` on its own site, as an anonymous reader."""
    from django.test import Client

    page = Page.objects.get(pk=page.pk)
    path = page.url_path.replace(profile.site.root_page.url_path, "/", 1)
    return Client().get(path, HTTP_HOST=profile.hostname).status_code


def review_task_state(page):
    state = Page.objects.get(pk=page.pk).specific.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    return state.current_task_state


def test_held_push_waits_for_the_receiving_editor_then_its_review(
    cluster, city_editor, county_editor, county_reviewer, policy
):
    hold_pushes(cluster.county)
    push = push_page(
        policy, city_editor, [cluster.county.site, cluster.dept.site], ColumnKind.POLICY
    )
    held = push.targets.get(site=cluster.county.site)
    assert held.status == TargetStatus.PENDING and held.page is None
    assert push.targets.get(site=cluster.dept.site).status == TargetStatus.LIVE
    client = cluster_client(county_editor)
    inbox = client.get(reverse("publishing:inbox"))
    assert policy.title in inbox.content.decode()
    client.post(reverse("publishing:accept", args=[held.pk]))
    held.refresh_from_db()
    # Accepted, but in the county's own review: content check, then 保密审查.
    assert held.status == TargetStatus.REVIEW
    assert held.decided_by == county_editor and held.live_at is None
    assert not held.page.live and held.page.alias_of_id is None
    assert public_status(held.page, cluster.county) == 404
    task_state = review_task_state(held.page)
    assert list(task_state.task.specific.groups.all()) == [
        cluster.county.reviewers_group
    ]
    assert "本站审核中" in client.get(reverse("publishing:inbox")).content.decode()
    # The original is republished meanwhile: the page under review stays hidden
    # (Wagtail publishes every alias of a published page; this is no alias yet).
    policy.title = "市政府关于优化营商环境的意见（修订）"
    policy.save_revision().publish()
    assert not Page.objects.get(pk=held.page_id).live
    # The county's reviewer approves: now it is live and follows the original.
    task_state.task.specific.on_action(task_state, county_reviewer, "approve")
    held.refresh_from_db()
    page = Page.objects.get(pk=held.page_id)
    assert held.status == TargetStatus.LIVE and held.live_at is not None
    assert page.live and page.alias_of_id == policy.pk
    assert public_status(page, cluster.county) == 200
    policy.title = "市政府关于优化营商环境的意见（第二次修订）"
    policy.save_revision().publish()
    assert Page.objects.get(pk=page.pk).title.endswith("（第二次修订）")
    actions = {
        (entry.action, entry.user_id)
        for entry in PageLogEntry.objects.filter(page=page)
    }
    assert {
        ("publishing.push.accept", county_editor.pk),
        ("wagtail.workflow.start", county_editor.pk),
        ("wagtail.workflow.approve", county_reviewer.pk),
        ("wagtail.publish", county_reviewer.pk),
        ("publishing.push.live", None),
    } <= actions
    accepted = PageLogEntry.objects.get(page=page, action="publishing.push.accept")
    assert accepted.data["review"] is True


def test_a_rejected_held_push_stays_off_the_site(
    cluster, city_editor, county_editor, county_reviewer, policy
):
    hold_pushes(cluster.county)
    push = push_page(
        policy, city_editor, [cluster.county.site], ColumnKind.POLICY, PushMode.COPY
    )
    held = accept(push.targets.get(), county_editor)
    task_state = review_task_state(held.page)
    task_state.task.specific.on_action(
        task_state, county_reviewer, "reject", comment="涉密，不宜转载"
    )
    held.refresh_from_db()
    page = Page.objects.get(pk=held.page_id)
    assert held.status == TargetStatus.REVIEW and held.live_at is None
    assert not page.live
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert public_status(page, cluster.county) == 404
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.workflow.reject", user=county_reviewer
    ).exists()
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    assert repost_report(city_editor).reposted_in_time == 0
    # The county gives up on it: deleting the draft declines the push.
    page.delete()
    held.refresh_from_db()
    assert held.status == TargetStatus.DECLINED and held.page is None


def test_a_reviewed_push_scheduled_for_later_goes_live_on_time(
    cluster, city_editor, county_editor, county_reviewer, policy, monkeypatch
):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    hold_pushes(cluster.county)
    push = push_page(policy, city_editor, [cluster.county.site], ColumnKind.POLICY)
    held = accept(push.targets.get(), county_editor)
    # The county editor sets a go-live time on the page under review.
    draft = Page.objects.get(pk=held.page_id).specific
    draft.go_live_at = timezone.now() + timedelta(days=1)
    draft.save_revision(user=county_editor)
    task_state = review_task_state(draft)
    task_state.task.specific.on_action(task_state, county_reviewer, "approve")
    held.refresh_from_db()
    assert held.status == TargetStatus.REVIEW
    assert not Page.objects.get(pk=held.page_id).live
    # The time comes: the scheduler publishes it and the push is live.
    later = timezone.now() + timedelta(days=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", stdout=StringIO())
    held.refresh_from_db()
    assert held.status == TargetStatus.LIVE and held.live_at == later
    page = Page.objects.get(pk=held.page_id)
    assert page.live and page.alias_of_id == policy.pk


def test_a_held_push_to_a_site_without_workflow_goes_live_on_acceptance(
    cluster, city_editor, county_editor, policy
):
    home = cluster.county.site.root_page
    WorkflowPage.objects.filter(page__in=home.get_ancestors(inclusive=True)).delete()
    hold_pushes(cluster.county)
    push = push_page(policy, city_editor, [cluster.county.site], ColumnKind.POLICY)
    held = accept(push.targets.get(), county_editor)
    assert held.status == TargetStatus.LIVE and held.decided_by == county_editor
    assert held.page.live and held.page.alias_of_id == policy.pk
    entry = PageLogEntry.objects.get(page=held.page, action="publishing.push.accept")
    assert entry.user == county_editor and entry.data["review"] is False


def test_receiving_editor_can_decline_and_other_sites_cannot_touch_it(
    cluster, city_editor, county_editor, town_editor, policy
):
    hold_pushes(cluster.county)
    push = push_page(policy, city_editor, [cluster.county.site], ColumnKind.POLICY)
    held = push.targets.get()
    # Another site's editor neither sees nor accepts it.
    other = cluster_client(town_editor)
    assert policy.title not in other.get(reverse("publishing:inbox")).content.decode()
    assert other.post(reverse("publishing:accept", args=[held.pk])).status_code == 404
    cluster_client(county_editor).post(
        reverse("publishing:decline", args=[held.pk]), {"reason": "本县已另行发布"}
    )
    held.refresh_from_db()
    assert (held.status, held.reason) == (TargetStatus.DECLINED, "本县已另行发布")


def test_push_is_limited_to_subordinates_and_published_pages(
    cluster, city_editor, county_editor, policy
):
    from tests.factories import make_site

    other_city = make_site("other.localhost", "另一市人民政府", "city", "5130000001")
    with pytest.raises(ValidationError, match="下级站点"):
        push_page(policy, city_editor, [other_city.site], ColumnKind.POLICY)
    with pytest.raises(ValidationError):
        push_page(policy, city_editor, [], ColumnKind.POLICY)
    draft = make_article(column(cluster.city, "policies"), "草稿", publish=False)
    with pytest.raises(PermissionDenied):
        push_page(draft, city_editor, [cluster.county.site], ColumnKind.POLICY)
    with pytest.raises(PermissionDenied):
        push_page(policy, county_editor, [cluster.town.site], ColumnKind.POLICY)
    assert not PushTarget.objects.exists()


def test_target_without_such_column_is_recorded_as_failed(cluster, city_editor, policy):
    push = push_page(policy, city_editor, [cluster.town.site], ColumnKind.STATISTICS)
    target = push.targets.get()
    assert target.status == TargetStatus.FAILED
    assert "统计信息" in target.reason


def test_push_view_by_level_pushes_to_that_level_only(cluster, city_editor, policy):
    client = cluster_client(city_editor)
    url = reverse("publishing:push", args=[policy.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "scope": "level",
            "level": "township",
            "column_kind": ColumnKind.POLICY,
            "mode": PushMode.ALIAS,
        },
    )
    assert response.status_code == 302
    assert list(PushTarget.objects.values_list("site__hostname", flat=True)) == [
        "town.localhost"
    ]
    assert PageLogEntry.objects.filter(
        page=policy, action="publishing.push", user=city_editor
    ).exists()


def test_push_view_refuses_editors_of_other_sites(cluster, town_editor, policy):
    client = cluster_client(town_editor)
    response = client.get(reverse("publishing:push", args=[policy.pk]))
    assert response.status_code in (302, 403)
    assert not PushTarget.objects.exists()


def test_repost_report_shows_latency_and_share_within_24_hours(
    cluster, city_editor, policy
):
    hold_pushes(cluster.dept)
    push = push_page(policy, city_editor, subordinate_sites(cluster), ColumnKind.POLICY)
    slow = push.targets.get(site=cluster.dept.site)
    # The department accepts two days later.
    deliver(slow)
    PushTarget.objects.filter(pk=slow.pk).update(
        live_at=slow.pushed_at + timedelta(days=2)
    )
    report = repost_report(city_editor)
    assert report.target_count == 3 and report.reposted_in_time == 2
    assert report.share_in_time == pytest.approx(2 / 3)
    page = cluster_client(city_editor).get(reverse("publishing:reposts"))
    body = page.content.decode()
    assert "67%" in body and "dept.localhost" in body


def test_repost_report_is_isolated_per_site(
    cluster, city_editor, county_editor, town_editor, policy
):
    push_page(policy, city_editor, [cluster.county.site], ColumnKind.POLICY)
    county_notice = make_article(column(cluster.county, "notices"), "县通知")
    push_page(
        county_notice,
        county_editor_with_publish(cluster, county_editor),
        [cluster.town.site],
        ColumnKind.NOTICE,
    )
    county_rows = repost_report(county_editor).rows
    assert [row.push.source_page_id for row in county_rows] == [county_notice.pk]
    assert repost_report(town_editor).rows == []
    body = (
        cluster_client(town_editor).get(reverse("publishing:reposts")).content.decode()
    )
    assert policy.title not in body and "县通知" not in body


def county_editor_with_publish(cluster, user):
    user.groups.add(cluster.county.reviewers_group)
    return type(user).objects.get(pk=user.pk)


def test_decline_is_logged_against_the_original(
    cluster, city_editor, county_editor, policy
):
    hold_pushes(cluster.county)
    push = push_page(policy, city_editor, [cluster.county.site], ColumnKind.POLICY)
    decline(push.targets.get(), county_editor, "重复")
    entry = PageLogEntry.objects.get(page=policy, action="publishing.push.decline")
    assert entry.user == county_editor and entry.timestamp is not None


def test_closed_sites_are_not_offered(cluster, policy):
    from cms.publishing.syndication import sites_for_choice

    cluster.town.status = "closed"
    cluster.town.save()
    hosts = set(sites_for_choice(cluster.city.site).values_list("hostname", flat=True))
    assert hosts == {"county.localhost", "dept.localhost"}
    assert Site.objects.filter(hostname="town.localhost").exists()
