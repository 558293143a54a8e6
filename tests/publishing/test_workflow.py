from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    WorkflowPage,
    WorkflowState,
)

from cms.pages.models import ArticlePage
from cms.publishing.models import ContentCheckTask, ContentCheckTaskState
from tests.factories import column
from tests.publishing.conftest import make_article

pytestmark = pytest.mark.django_db


def submit(page, user):
    page.save_revision(user=user)
    workflow = page.get_workflow()
    return workflow.start(page, user)


def test_every_new_site_gets_check_then_review_by_its_reviewers(cluster):
    for profile in cluster.all():
        workflow = WorkflowPage.objects.get(page=profile.site.root_page).workflow
        tasks = [task.specific for task in workflow.tasks]
        assert isinstance(tasks[0], ContentCheckTask)
        assert isinstance(tasks[1], GroupApprovalTask)
        assert list(tasks[1].groups.all()) == [profile.reviewers_group]


def test_clean_notice_goes_from_draft_through_check_and_review_to_published(
    cluster, town_editor, town_reviewer
):
    page = make_article(
        column(cluster.town, "notices"), "关于春季防火的通知", publish=False
    )
    state = submit(page, town_editor)
    check_state = state.task_states.order_by("pk").first().specific
    assert isinstance(check_state, ContentCheckTaskState)
    assert check_state.status == "approved"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    review_state = state.current_task_state
    assert review_state.task.specific.groups.filter(
        pk=cluster.town.reviewers_group.pk
    ).exists()
    # The editor cannot approve their own notice; the reviewer can.
    task = review_state.task.specific
    assert task.get_actions(page, town_editor) == []
    task.on_action(review_state, town_reviewer, "approve")
    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(
        page=page, action="wagtail.publish", user=town_reviewer
    ).exists()


def test_serious_finding_sends_the_page_back_with_the_findings(
    cluster, town_editor, leader_entry
):
    page = make_article(
        column(cluster.town, "notices"),
        "王建国市长检查防火工作",
        body="<p>要求再接再励。</p>",
        publish=False,
    )
    state = submit(page, town_editor)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    check_state = state.current_task_state.specific
    assert check_state.status == "rejected"
    rules = {item["text"]: item for item in check_state.findings}
    assert rules["王建国市长"]["suggestion"] == "王建华市长"
    assert rules["王建国市长"]["start"] == 0
    assert "再接再厉" in check_state.comment
    page.refresh_from_db()
    assert not page.live
    rejection = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert "王建华市长" in rejection.data["comment"]


def test_warnings_alone_pass_on_to_review(cluster, town_editor):
    page = make_article(
        column(cluster.town, "policies"), "关于印发办法的通知", publish=False
    )
    state = submit(page, town_editor)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    first = state.task_states.order_by("pk").first().specific
    assert [item["rule"] for item in first.findings] == ["missing_doc_number"]


def test_resubmitting_after_the_fix_passes_the_check(
    cluster, town_editor, leader_entry
):
    page = make_article(column(cluster.town, "news"), "王建国市长调研", publish=False)
    state = submit(page, town_editor)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    page.title = "王建华市长调研"
    page.save_revision(user=town_editor)
    state.resume(user=town_editor)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.__class__.__name__ == (
        "GroupApprovalTask"
    )


def test_approved_page_with_a_go_live_time_is_published_by_the_scheduler(
    cluster, town_editor, town_reviewer
):
    page = make_article(column(cluster.town, "notices"), "定时通知", publish=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    state = submit(page, town_editor)
    state.refresh_from_db()
    state.current_task_state.task.specific.on_action(
        state.current_task_state, town_reviewer, "approve"
    )
    page.refresh_from_db()
    assert not page.live
    # The hour passes: move the scheduled time into the past.
    revision = page.latest_revision
    assert revision.approved_go_live_at is not None
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert ArticlePage.objects.get(pk=page.pk).live


def test_ensure_workflows_dry_run_lists_and_run_creates_missing_workflows(cluster):
    WorkflowPage.objects.filter(page=cluster.county.site.root_page).delete()
    out = StringIO()
    call_command("ensure_workflows", "--dry-run", stdout=out)
    assert "county.localhost" in out.getvalue()
    assert not WorkflowPage.objects.filter(page=cluster.county.site.root_page).exists()
    call_command("ensure_workflows", stdout=StringIO())
    assert WorkflowPage.objects.filter(page=cluster.county.site.root_page).exists()
    out = StringIO()
    call_command("ensure_workflows", stdout=out)
    assert "0 个站点" in out.getvalue()


def test_unpublish_is_in_the_audit_log_with_who_and_when(cluster, town_reviewer):
    page = make_article(column(cluster.town, "notices"), "撤下的通知")
    page.unpublish(user=town_reviewer)
    entry = PageLogEntry.objects.get(page=page, action="wagtail.unpublish")
    assert entry.user == town_reviewer and entry.timestamp is not None
