"""The default review workflow of every site: the automated content check,
then the confidentiality review (保密审查) by the site's reviewers group."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from .models import ContentCheckTask

CHECK_TASK_NAME = "内容自动检查"


def workflow_name(profile):
    return _("%(name)s 发布审核流程") % {"name": profile.name}


def review_task_name(profile):
    return _("%(name)s 保密审查") % {"name": profile.name}


def default_check_task():
    """The shared content-check task (one for the cluster; it has no settings
    that differ between sites)."""
    task = ContentCheckTask.objects.filter(name=CHECK_TASK_NAME).first()
    if task is None:
        task = ContentCheckTask.objects.create(name=CHECK_TASK_NAME)
    return task


def planned_changes(profile):
    """What ensure_default_workflow would do for `profile`, as sentences; empty
    when the site has its workflow already."""
    home = profile.site.root_page
    if WorkflowPage.objects.filter(page=home).exists():
        return []
    if profile.reviewers_group is None:
        return [
            _("站点 %(host)s 没有审核组，无法创建审核流程。")
            % {"host": profile.hostname}
        ]
    return [
        _(
            "为站点 %(host)s 创建“%(workflow)s”：内容自动检查 → %(group)s 保密审查 → 发布"
        )
        % {
            "host": profile.hostname,
            "workflow": workflow_name(profile),
            "group": profile.reviewers_group.name,
        }
    ]


@transaction.atomic
def ensure_default_workflow(profile):
    """Attach the default workflow to the site's home page unless the site
    has a workflow there already. Returns the workflow, or None when the site
    has no reviewers group to review with."""
    home = profile.site.root_page
    existing = WorkflowPage.objects.filter(page=home).select_related("workflow").first()
    if existing is not None:
        return existing.workflow
    if profile.reviewers_group is None:
        return None
    review = GroupApprovalTask.objects.create(name=review_task_name(profile)[:255])
    review.groups.set([profile.reviewers_group])
    workflow = Workflow.objects.create(name=workflow_name(profile)[:255])
    WorkflowTask.objects.create(
        workflow=workflow, task=default_check_task(), sort_order=0
    )
    WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=1)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    return workflow
