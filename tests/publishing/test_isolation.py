"""Per-site isolation of the check dictionary and the syndication setting in
the admin: an editor of one site never sees or changes another site's data."""

import pytest
from django.urls import reverse

from cms.publishing.models import DictionaryEntry, EntryKind, SyndicationSettings
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_publishing_dictionaryentry:{name}", args=args)


@pytest.fixture
def entries(cluster):
    # The starter set would push these off the first listing page.
    DictionaryEntry.objects.all().delete()
    return {
        "town": DictionaryEntry.objects.create(
            kind=EntryKind.LEADER_NAME, term="镇里错名", suggestion="镇里正名",
            site=cluster.town.site,
        ),
        "county": DictionaryEntry.objects.create(
            kind=EntryKind.LEADER_NAME, term="县里错名", suggestion="县里正名",
            site=cluster.county.site,
        ),
        "cluster": DictionaryEntry.objects.create(
            kind=EntryKind.TYPO, term="全站错词", suggestion="全站正词"
        ),
    }  # fmt: skip


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_editor_lists_own_and_cluster_entries_only(client, town_editor, entries):
    body = login(client, town_editor).get(url("list")).content.decode()
    assert "镇里错名" in body and "全站错词" in body
    assert "县里错名" not in body


def test_editor_cannot_open_or_delete_another_sites_entry(client, town_editor, entries):
    login(client, town_editor)
    county = entries["county"]
    assert client.get(url("edit", county.pk)).status_code in (302, 403, 404)
    client.post(url("delete", county.pk))
    assert DictionaryEntry.objects.filter(pk=county.pk).exists()


def test_editor_cannot_change_cluster_wide_entries(client, town_editor, entries):
    login(client, town_editor)
    entry = entries["cluster"]
    client.post(
        url("edit", entry.pk),
        {"kind": "typo", "term": "被改了", "suggestion": "x", "active": "on"},
    )
    entry.refresh_from_db()
    assert entry.term == "全站错词"


def test_editor_adds_entries_only_for_their_site(client, cluster, town_editor, entries):
    login(client, town_editor)
    form = client.get(url("add")).content.decode()
    assert "测试镇人民政府" in form and "测试县人民政府" not in form
    client.post(
        url("add"),
        {
            "kind": "leader_name",
            "term": "越权错名",
            "suggestion": "越权正名",
            "site": cluster.county.site.pk,
            "active": "on",
        },
    )
    assert not DictionaryEntry.objects.filter(term="越权错名").exists()
    response = client.post(
        url("add"),
        {
            "kind": "leader_name",
            "term": "本站错名",
            "suggestion": "本站正名",
            "site": cluster.town.site.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert DictionaryEntry.objects.get(term="本站错名").site == cluster.town.site


def test_editor_changes_only_their_own_sites_syndication_setting(
    client, cluster, town_editor
):
    login(client, town_editor)
    own = reverse(
        "wagtailsettings:edit",
        args=["publishing", "syndicationsettings", cluster.town.site.pk],
    )
    other = reverse(
        "wagtailsettings:edit",
        args=["publishing", "syndicationsettings", cluster.county.site.pk],
    )
    assert client.post(own, {}).status_code == 302
    assert SyndicationSettings.for_site(cluster.town.site).auto_accept is False
    assert client.post(other, {}).status_code in (302, 403)
    assert SyndicationSettings.for_site(cluster.county.site).auto_accept is True
