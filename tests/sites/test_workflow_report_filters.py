"""The workflow reports' filters offer only the workflows (and tasks) of the
user's own sites; cluster administrators see every site's."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Workflow

from cms.publishing.workflows import review_task_name, workflow_name
from tests.factories import UserFactory

REPORTS = ["wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def filter_options(client, report):
    response = client.get(reverse(report))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("report", REPORTS)
def test_site_editor_sees_only_own_workflows(cluster, report):
    for profile in cluster.all():
        assert Workflow.objects.filter(name=workflow_name(profile)).exists()
    editor = UserFactory(username="dept-editor", groups=[cluster.dept.editors_group])
    html = filter_options(logged_in(editor), report)
    assert workflow_name(cluster.dept) in html
    for other in (cluster.city, cluster.county, cluster.town):
        assert workflow_name(other) not in html
        assert review_task_name(other) not in html
    if report.endswith("workflow_tasks"):
        assert review_task_name(cluster.dept) in html


@pytest.mark.parametrize("report", REPORTS)
def test_cluster_admin_sees_every_workflow(cluster, report):
    admin = UserFactory(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    html = filter_options(logged_in(admin), report)
    for profile in cluster.all():
        assert workflow_name(profile) in html
