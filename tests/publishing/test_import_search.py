"""Articles imported with --publish are found at once by the public search
page and the search API; drafts and dry runs are not."""

from django.core.cache import cache

from search.models import SearchDocument
from tests.publishing.test_import import imported, run_import, write_jsonl

ARTICLE = {"title": "县春耕生产动员会召开", "body": "<p>部署全县春耕备耕工作。</p>"}


def search(client, path):
    cache.clear()  # rate-limit counters
    return client.get(path, {"q": "春耕"}, HTTP_HOST="county.localhost")


def test_published_import_is_found_by_the_public_search(
    client, cluster, tmp_path, django_capture_on_commit_callbacks
):
    path = write_jsonl(tmp_path / "articles.jsonl", [ARTICLE])
    with django_capture_on_commit_callbacks(execute=True):
        run_import(path, "--publish")
    page = imported(cluster).get()
    assert SearchDocument.objects.filter(page_id=page.pk).exists()
    html = search(client, "/search/").content.decode()
    assert "县<mark>春耕</mark>生产动员会召开" in html
    data = search(client, "/api/search/").json()
    assert [result["title"] for result in data["results"]] == [ARTICLE["title"]]
    assert "部署全县" in data["results"][0]["snippet"]


def test_drafts_and_dry_runs_stay_out_of_the_public_index(
    client, cluster, tmp_path, django_capture_on_commit_callbacks
):
    path = write_jsonl(tmp_path / "articles.jsonl", [ARTICLE])
    with django_capture_on_commit_callbacks(execute=True):
        run_import(path, "--publish", "--dry-run")
        run_import(path)  # a draft
    assert imported(cluster).get().live is False
    assert not SearchDocument.objects.exists()
    assert search(client, "/api/search/").json()["count"] == 0
