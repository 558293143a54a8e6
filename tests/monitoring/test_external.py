"""Probes and the crawler against a real HTTP server on 127.0.0.1."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import monitoring.tasks
from monitoring.crawler import crawl
from monitoring.models import AvailabilityProbe
from monitoring.probes import Target, availability_findings, probe
from monitoring.tasks import probe_all_sites
from tests.monitoring.conftest import AS_OF, html

pytestmark = pytest.mark.django_db


def test_probes_store_success_failure_and_refused_connections(http_site):
    server, base = http_site({"/": html(), "/down": (500, "err", "text/plain")})
    stored = probe(
        [
            Target("up", base + "/"),
            Target("broken", base + "/down"),
            Target("refused", "http://127.0.0.1:9/"),
        ],
        timeout=2,
    )
    outcome = {p.hostname: p.ok for p in stored}
    assert outcome == {"up": True, "broken": False, "refused": False}
    assert AvailabilityProbe.objects.count() == 3


def test_probe_sites_command_with_a_url(http_site):
    _server, base = http_site({"/": html()})
    out = StringIO()
    call_command("probe_sites", "--url", base + "/", stdout=out)
    assert "1 个可访问" in out.getvalue()


def _store(hostname, total, failed, days_back=0):
    end = timezone.make_aware(timezone.datetime(2026, 6, 30, 20))
    AvailabilityProbe.objects.bulk_create(
        AvailabilityProbe(
            hostname=hostname,
            url=f"http://{hostname}/",
            checked_at=end - timedelta(days=days_back, minutes=60 * n),
            ok=n >= failed,
        )
        for n in range(total)
    )


@pytest.mark.parametrize(
    ("total", "failed", "veto", "warning"),
    [
        (147, 7, False, True),  # 4.8%: early warning only
        (147, 8, True, False),  # 5.4%: veto
        (147, 4, False, False),  # 2.7%: fine
        (146, 20, False, True),  # too few probes (20 a day) to judge
    ],
)
def test_unreachable_threshold(total, failed, veto, warning):
    _store("site.example", total, failed)
    vetoes, warnings = availability_findings(
        {"site.example": "http://site.example/"}, AS_OF
    )["site.example"]
    assert bool(vetoes) is veto
    assert bool(warnings) is warning


def test_probes_older_than_a_week_do_not_count():
    _store("old.example", 147, 100, days_back=8)
    vetoes, [warning] = availability_findings({"old.example": "x"}, AS_OF)[
        "old.example"
    ]
    assert vetoes == []
    assert "没有任何可用性探测记录" in warning.detail


@pytest.mark.parametrize(("total", "judged"), [(0, False), (146, False), (147, True)])
def test_a_site_probed_too_little_or_never_gets_an_explicit_finding(total, judged):
    _store("site.example", total, 0)
    vetoes, warnings = availability_findings(
        {"site.example": "http://site.example/"}, AS_OF
    )["site.example"]
    assert vetoes == []
    if judged:
        assert warnings == []
    else:
        [warning] = warnings
        assert warning.code == "unreachable"
        assert "无法判定能否访问" in warning.detail


def test_crawler_finds_broken_links_with_the_page_they_are_on(http_site):
    _other, other_base = http_site(
        {"/ok": html("/never-followed"), "/gone": (404, "", "text/plain")}
    )
    server, base = http_site(
        {
            "/": html("/a", "/missing-home", other_base + "/ok", "mailto:x@example.cn"),
            "/a": html("/b", "/private/secret", other_base + "/gone", "/head-refused"),
            "/b": html("/missing-deep", "/"),
            "/head-refused": (200, "pdf", "application/pdf"),
            "/robots.txt": (200, "User-agent: *\nDisallow: /private/\n", "text/plain"),
            "/private/secret": html(),
        },
    )
    result = crawl(base + "/", retries=0, rate_per_host=0)
    broken = {link.url: link for link in result.broken}
    assert set(broken) == {
        base + "/missing-home",
        base + "/missing-deep",
        other_base + "/gone",
    }
    assert broken[base + "/missing-home"].on_homepage
    assert broken[base + "/missing-deep"].found_on == [base + "/b"]
    assert not broken[other_base + "/gone"].on_homepage
    assert ("GET", "/private/secret") not in server.hits
    assert all(path != "/never-followed" for _method, path in _other.hits)
    assert result.pages_crawled == 3  # HTML pages: /, /a, /b


def test_crawler_falls_back_to_get_when_head_is_refused_and_retries(http_site):
    _other, other_base = http_site(
        {"/doc": (200, "x", "application/pdf"), "/flaky": (503, "", "text/plain")},
        head_refused={"/doc"},
    )
    _server, base = http_site({"/": html(other_base + "/doc", other_base + "/flaky")})
    result = crawl(base + "/", retries=2, retry_backoff=0, rate_per_host=0)
    assert [link.url for link in result.broken] == [other_base + "/flaky"]
    assert ("GET", "/doc") in _other.hits
    assert _other.hits.count(("GET", "/flaky")) == 3


def test_spotcheck_external_deducts_broken_links_of_a_legacy_site(http_site):
    _server, base = http_site({"/": html("/a", "/gone"), "/a": html("/gone2")})
    host = base.removeprefix("http://")
    out = StringIO()
    call_command("spotcheck", "--site", host, "--external", "--json", "-", stdout=out)
    import json

    [site] = json.loads(out.getvalue())
    codes = {d["code"]: d["points"] for d in site["deductions"]}
    assert codes == {"broken_link_home": 1.0, "broken_link": 0.1}


def test_the_probe_task_probes_every_hosted_site(cluster, http_site, settings):
    """Every hosted site gets a probe (whatever answers on their *.localhost
    names here) and so does a legacy site, served locally."""
    _server, base = http_site({"/": html()})
    settings.MONITORING_LEGACY_SITES = [base + "/"]
    call_command("probe_sites", "--schedule", stdout=StringIO())
    probes = dict(AvailabilityProbe.objects.values_list("hostname", "ok"))
    assert set(probes) == {p.site.hostname for p in cluster.all()} | {"127.0.0.1"}
    assert probes["127.0.0.1"] is True


def test_there_is_one_probe_schedule(cluster, settings, monkeypatch):
    """A second `--schedule`, or a round rerun after its worker died, finds the
    next round already queued and queues no other."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()
    call_command("probe_sites", "--schedule", stdout=out)
    [queued] = DBTaskResult.objects.filter(task_path=probe_all_sites.module_path)
    call_command("probe_sites", "--schedule", stdout=out)
    assert f"定时探测任务 {queued.id} 已在排队，无需再排。" in out.getvalue()
    # A round that runs while the next one waits (no sites: nothing to probe).
    monkeypatch.setattr(monitoring.tasks, "probe_targets", list)
    probe_all_sites.call(reschedule=True)
    assert (
        DBTaskResult.objects.filter(task_path=probe_all_sites.module_path).count() == 1
    )
