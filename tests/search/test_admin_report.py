"""The query report: administrators see their own sites' queries only."""

from django.contrib.auth.models import Permission
from django.utils import timezone

from search.models import SearchQueryLog
from tests.factories import PASSWORD, UserFactory


def test_editor_sees_only_their_sites_queries(client, cluster):
    today = timezone.localdate()
    SearchQueryLog.objects.create(
        site=cluster.county.site, day=today, query="县城供暖", hits=3, results=0
    )
    SearchQueryLog.objects.create(
        site=cluster.dept.site, day=today, query="教师招聘", hits=5, results=2
    )
    editor = UserFactory(
        username="county-editor", groups=[cluster.county.editors_group]
    )
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.login(username=editor.username, password=PASSWORD)
    response = client.get("/admin/reports/search-queries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "县城供暖" in html
    assert "教师招聘" not in html


def test_superuser_sees_every_site(client, cluster):
    today = timezone.localdate()
    SearchQueryLog.objects.create(
        site=cluster.dept.site, day=today, query="教师招聘", hits=5, results=2
    )
    admin = UserFactory(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.login(username="root", password=PASSWORD)
    assert "教师招聘" in client.get("/admin/reports/search-queries/").content.decode()
