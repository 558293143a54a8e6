import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search.models import SearchDocument


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def test_search_command_prints_results(corpus):
    output = run("search", "安全生产")
    assert "关于开展安全生产大检查的通知" in output
    assert "共 3 条结果" in output


def test_search_command_json_has_the_api_shape(corpus):
    data = json.loads(run("search", "安全生产", "--site", "county.localhost", "--json"))
    assert set(data) == {"count", "results", "facets"}
    assert data["count"] == 1
    assert data["results"][0]["site"] == "测试县人民政府"


def test_search_command_rejects_an_unknown_site(corpus):
    with pytest.raises(CommandError, match="没有域名为 nowhere.localhost 的站点"):
        run("search", "安全生产", "--site", "nowhere.localhost")


def test_search_command_rejects_bad_parameters(corpus):
    with pytest.raises(CommandError, match="排序只能是"):
        run("search", "安全生产", "--sort", "hot")


def test_update_index_rebuilds_the_public_index(corpus):
    SearchDocument.objects.all().delete()
    output = run("update_index", "--public-only")
    assert "公众搜索索引已重建" in output
    # Six articles, one a draft; columns are searchable pages too.
    assert SearchDocument.objects.filter(
        page__title="关于开展安全生产大检查的通知"
    ).exists()
    assert not SearchDocument.objects.filter(page__title="安全生产督查草稿").exists()


def test_update_index_dry_run_changes_nothing(corpus):
    before = SearchDocument.objects.count()
    SearchDocument.objects.all().delete()
    output = run("update_index", "--dry-run")
    assert "演练" in output
    assert SearchDocument.objects.count() == 0 < before


def test_update_index_if_empty_refills_only_an_emptied_index(corpus):
    """`make run` calls it after migrating: an upgrade that emptied the public
    index (govsearch 0004) gets it back; a filled index is left alone."""
    first = SearchDocument.objects.order_by("pk").first()
    assert "未重建" in run("update_index", "--public-only", "--if-empty")
    assert SearchDocument.objects.order_by("pk").first() == first
    SearchDocument.objects.all().delete()
    assert "公众搜索索引已重建" in run("update_index", "--public-only", "--if-empty")
    assert "共 3 条结果" in run("search", "安全生产")
