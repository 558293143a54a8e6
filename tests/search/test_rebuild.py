"""Rebuilding the public index on a search server never empties the index
searches read: a new version is filled beside it and takes over in one step;
an interrupted rebuild resumes from its last batch done. On the real node
(`make opensearch`; skipped without one, except under CI)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from search import indexing
from search.engines import current_engine
from search.engines.server import REBUILD_META, index_name
from search.forms import SearchForm
from search.models import SearchDocument
from search.service import run_search
from tests.search.conftest import use_server


@pytest.fixture
def on_opensearch(settings, used_servers, corpus):
    use_server("opensearch", settings, used_servers)
    settings.GOVSEARCH_ENGINE = "opensearch"
    indexing.rebuild()
    return corpus


def found(query):
    form = SearchForm({"q": query, "scope": "cluster"})
    assert form.is_valid()
    return {hit.title for hit in run_search(form.cleaned_data, None).hits}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("update_index", "--public-only", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def versions():
    return current_engine().versions()


def live_version():
    (name,) = [name for name, (live, _progress) in versions().items() if live]
    return name


class Interrupted(BaseException):
    """Stands in for the rebuilding process being stopped (Ctrl-C, a kill)."""


def test_searches_answer_in_full_while_the_index_is_rebuilt(on_opensearch):
    everything = found("安全生产")
    assert len(everything) == 3
    old = live_version()
    seen = []

    def progress(_resumed, _handled):
        seen.append(found("安全生产"))

    rebuild = indexing.rebuild(batch_size=2, progress=progress)
    assert len(seen) > 3  # the first call, then one a batch
    assert all(answer == everything for answer in seen)
    # The new version took over in one step and the old one is gone.
    assert live_version() == rebuild.target != old
    assert list(versions()) == [rebuild.target]
    assert found("安全生产") == everything


def test_update_index_shows_progress_and_swaps_the_index(on_opensearch):
    old = live_version()
    out, err = run("--batch-size", "3")
    assert "公众搜索索引已重建" in out
    assert "公众搜索索引" in err and "页" in err  # tqdm's bar
    assert live_version() != old
    assert old not in versions()
    assert len(found("安全生产")) == 3


def test_an_interrupted_rebuild_resumes_after_its_last_batch(on_opensearch):
    old = live_version()
    batches = []

    def stop_after_two_batches(resumed, handled):
        if resumed is None:
            batches.append(handled)
            if len(batches) == 2:
                raise Interrupted

    with pytest.raises(Interrupted):
        indexing.rebuild(batch_size=2, progress=stop_after_two_batches)
    # The old version still answers; the new one waits with its progress.
    assert live_version() == old
    assert len(found("安全生产")) == 3
    (waiting,) = [name for name in versions() if name != old]
    progress = versions()[waiting][1]
    assert progress["state"] == "building"
    assert progress["pages"] == 4 and progress["done_through"]
    done = set(
        SearchDocument.objects.filter(
            page__path__lte=progress["done_through"]
        ).values_list("pk", flat=True)
    )
    assert done
    client = current_engine().client()

    def refresh_interval(name):
        index = client.indices.get_settings(index=name)[name]["settings"]["index"]
        return index.get("refresh_interval")

    # The version being built is not refreshed until it takes over.
    assert refresh_interval(waiting) == "-1"
    # A page published meanwhile is written to both versions, and the live
    # one finds it at once: the write does not wait for a refresh of the
    # version being built (it would wait for ever).
    page = (
        Page.objects.filter(depth__gt=2, live=True)
        .exclude(path__lte=progress["done_through"])
        .order_by("-path")
        .first()
        .specific
    )
    page.title = "防汛抗旱应急演练"
    page.save(update_fields=["title"])
    indexing.index_pages([page.pk])
    assert found("防汛") == {"防汛抗旱应急演练"}

    with pytest.raises(CommandError, match="重建尚未完成.*--resume"):
        run()
    out, _err = run("--resume", "--batch-size", "2")

    total = SearchDocument.objects.count()
    # The summary counts the pages of both runs.
    pages = Page.objects.filter(depth__gt=2, live=True).count()
    assert f"检查 {pages} 个页面，索引 {total} 个" in out
    assert live_version() == waiting and old not in versions()
    # The batches done before the interruption were not indexed again.
    assert done <= set(SearchDocument.objects.values_list("pk", flat=True))
    client.indices.refresh(index=index_name())
    assert client.count(index=index_name())["count"] == total
    meta = client.indices.get_mapping(index=waiting)[waiting]["mappings"]["_meta"]
    assert meta[REBUILD_META]["state"] == "done"
    assert refresh_interval(waiting) is None  # the node's default again
    assert len(found("安全生产")) == 3
    assert found("防汛") == {"防汛抗旱应急演练"}


def test_resume_without_an_interrupted_rebuild_is_refused(on_opensearch):
    with pytest.raises(CommandError, match="没有中断的公众搜索索引重建可以继续"):
        run("--resume")


def test_the_database_index_rebuilds_in_place_and_cannot_resume(corpus):
    with pytest.raises(CommandError, match="没有中断的公众搜索索引重建可以继续"):
        run("--resume")
