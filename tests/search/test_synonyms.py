"""The synonym table as cluster administrators edit it, and how a query is
cut into clauses (search/synonyms.py)."""

import pytest

from search.models import Synonym
from search.synonyms import clauses
from tests.factories import PASSWORD, UserFactory

ADD_URL = "/admin/snippets/govsearch/synonym/add/"


@pytest.mark.django_db
def test_starter_table_is_seeded():
    assert {"医保，医疗保险", "社保，社会保险", "公积金，住房公积金"} <= set(
        Synonym.objects.values_list("terms", flat=True)
    )


@pytest.mark.django_db
def test_queries_are_cut_into_clauses():
    assert clauses("医保报销") == [
        [("医保",), ("医疗", "保险", "医疗保险")],
        [("报销",)],
    ]
    # The longest term wins: 住房公积金 is not read as 住房 + 公积金.
    assert clauses("住房公积金")[0][0] == ("公积", "积金", "公积金")
    assert clauses("安全生产") == [[("安全",)], [("生产",)]]


@pytest.fixture
def root(client, db):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.login(username="root", password=PASSWORD)
    return user


def test_cluster_admin_adds_a_group(client, root):
    response = client.post(ADD_URL, {"terms": "春播、春耕 春种", "note": ""})
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="春播，春耕，春种").exists()


@pytest.mark.parametrize(
    ("terms", "error"),
    [
        ("春播", "同义词组至少要有两个不同的词"),
        ("医保、医保", "同义词组至少要有两个不同的词"),
        ("医保、医保卡", "“医保”已在同义词组“医保，医疗保险”中"),
        ("！！、春耕", "“！！”不含文字"),
    ],
)
def test_bad_groups_get_chinese_errors(client, root, terms, error):
    response = client.post(ADD_URL, {"terms": terms, "note": ""})
    assert response.status_code == 200
    assert error in response.content.decode()


def test_site_editors_cannot_edit_the_table(client, cluster):
    client.force_login(UserFactory(username="ed", groups=[cluster.city.editors_group]))
    response = client.get(ADD_URL)
    assert response.status_code in (302, 403)
    assert "检索同义词" not in client.get("/admin/").content.decode()
