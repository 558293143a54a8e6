"""Short versions of the fault runs in bench/delivery_load_faults.py: a
publish that dies inside its transaction leaves nothing half-published, and
a render that dies mid-write leaves the old file and the work for later."""

from unittest import mock

import pytest
from django.db import transaction
from wagtail.signals import page_published

from cms.delivery import publisher
from cms.delivery.models import StaticRenderRequest
from cms.delivery.publisher import drain_pending, file_for
from tests.factories import add_article, column

pytestmark = pytest.mark.django_db


class Killed(Exception):
    """Stands in for SIGKILL of the publishing process."""


def test_a_publish_that_dies_in_its_transaction_changes_nothing(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "原标题", slug="original")
    before = file_for("city.localhost", "/news/original/").read_bytes()

    def die(**kwargs):
        raise Killed

    page_published.connect(die, dispatch_uid="test_die")
    try:
        article.title = "未发布成功的标题"
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(Killed),
            transaction.atomic(),
        ):
            article.save_revision().publish()
    finally:
        page_published.disconnect(dispatch_uid="test_die")
    assert callbacks == []
    assert not StaticRenderRequest.objects.exists()
    assert file_for("city.localhost", "/news/original/").read_bytes() == before
    article.refresh_from_db()
    assert article.title == "原标题"


def test_a_render_that_dies_mid_write_keeps_the_old_file_and_the_work(
    publish_root, two_sites, django_capture_on_commit_callbacks
):
    city, _town = two_sites
    with django_capture_on_commit_callbacks(execute=True):
        article = add_article(column(city, "news"), "第一版", slug="story")
    target = file_for("city.localhost", "/news/story/")
    before = target.read_bytes()
    article.title = "第二版"
    article.save_revision().publish()  # queued; the task has not run
    with mock.patch.object(publisher.os, "replace", side_effect=Killed):
        drain_pending()
    assert target.read_bytes() == before
    assert not list(target.parent.glob(".tmp-*"))
    assert StaticRenderRequest.objects.filter(path="/news/story/").exists()
    drain_pending()  # the restarted worker
    assert "第二版" in target.read_text(encoding="utf-8")
    assert not StaticRenderRequest.objects.exists()
