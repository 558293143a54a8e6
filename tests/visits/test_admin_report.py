"""The admin's visit statistics: site editors see their own sites only, the
cluster administrator the whole cluster; every chart has its table, whose
figures are the logs' own; Excel export with Chinese headers."""

from datetime import timedelta
from io import BytesIO, StringIO

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import PASSWORD, UserFactory
from tests.visits.test_ingest import line, write


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def seed_logs(tmp_path):
    day = yesterday()
    log = tmp_path / "access.json.log"
    write(
        log,
        [
            line("county.localhost", "/", day=day, referer="https://www.baidu.com"),
            line("county.localhost", "/", day=day, network="10.1.1.0"),
            line(
                "county.localhost",
                "/xxgk/",
                day=day,
                network="10.1.1.0",
                time="10:01:00",
            ),
            line("dept.localhost", "/jiaoyu-secret-page/", day=day),
        ],
    )
    call_command("ingest_access_logs", str(log), stdout=StringIO(), stderr=StringIO())


def editor_of(client, profile):
    editor = UserFactory(username="visits-editor", groups=[profile.editors_group])
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.login(username=editor.username, password=PASSWORD)
    return editor


def test_an_editor_sees_their_own_sites_statistics_only(client, cluster, tmp_path):
    seed_logs(tmp_path)
    editor_of(client, cluster.county)
    response = client.get("/admin/reports/visits/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "jiaoyu-secret-page" not in html
    assert "/xxgk/" in html
    assert "全站群" not in html
    # Another site's statistics are not reachable by its id either.
    assert (
        client.get(f"/admin/reports/visits/?site={cluster.dept.site.pk}").status_code
        == 404
    )
    # The township below the county is the editor's too (CLUSTER_SUPERIOR_ACCESS).
    assert (
        client.get(f"/admin/reports/visits/?site={cluster.county.site.pk}").status_code
        == 200
    )


def test_the_charts_tables_hold_the_logs_figures(client, cluster, tmp_path):
    seed_logs(tmp_path)
    editor_of(client, cluster.county)
    html = client.get(
        f"/admin/reports/visits/?site={cluster.county.site.pk}&days=30"
    ).content.decode()
    day = yesterday().isoformat()
    # Daily table: 3 page views, 2 unique visitors, 2 visits.
    assert f"<td>{day}</td><td>3</td><td>2</td><td>2</td>" in html
    assert "<td>county.localhost</td><td>/</td><td>2</td>" in html
    assert "<td>https://www.baidu.com</td><td>1</td>" in html
    assert html.count("<svg") >= 2
    assert 'role="img"' in html


def test_the_cluster_administrator_sees_the_whole_cluster_and_exports_excel(
    client, cluster, tmp_path
):
    seed_logs(tmp_path)
    admin = UserFactory(username="visits-root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.login(username="visits-root", password=PASSWORD)
    html = client.get("/admin/reports/visits/").content.decode()
    assert "全站群" in html
    assert "jiaoyu-secret-page" in html
    response = client.get("/admin/reports/visits/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    summary = book["汇总"]
    assert [cell.value for cell in summary[1]][:6] == [
        "站点",
        "起始日期",
        "截止日期",
        "独立访客",
        "访问次数",
        "浏览量",
    ]
    assert [cell.value for cell in summary[2]][3:6] == [3, 3, 4]
    assert "最常阅读的页面" in book.sheetnames


def test_users_without_a_site_are_refused(client, cluster):
    nobody = UserFactory(username="visits-nobody")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.login(username=nobody.username, password=PASSWORD)
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    response = client.get("/admin/reports/visits/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_most_read_columns_of_one_site_and_of_the_whole_cluster(cluster, tmp_path):
    """A page's views go to its site's innermost live column, found for every
    site of the cluster at once."""
    from cms.pages.models import ColumnPage
    from visits import queries

    seed_logs(tmp_path)
    county_root = cluster.county.site.root_page
    column = county_root.add_child(instance=ColumnPage(title="信息公开", slug="xxgk"))
    day = yesterday()
    expected = (cluster.county.site.hostname, column.title, "/xxgk/", 1)
    assert queries.top_columns(cluster.county.site, day, day) == [expected]
    assert expected in queries.top_columns(None, day, day)
    # The department's page is in no column; the county's home page neither.
    assert all(
        row[0] != cluster.dept.site.hostname
        for row in queries.top_columns(None, day, day)
    )
