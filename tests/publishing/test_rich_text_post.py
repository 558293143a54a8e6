"""A malformed rich-text POST to the page editor is answered 400 with a page
in Chinese, not a server error; well-formed content still converts."""

import json

import pytest
from django.test import Client

from cms.publishing.rich_text_widget import CheckedDraftailRichTextArea
from tests.factories import add_article, column

MALFORMED = [
    "{not json",
    "[]",
    '"text"',
    '{"blocks": 5}',
    json.dumps(
        {
            "blocks": [
                {
                    "key": "a",
                    "text": "x",
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [
                        {"offset": "a", "length": 1, "style": "BOLD"}
                    ],
                    "entityRanges": [{"offset": 0, "length": 1, "key": 9}],
                }
            ],
            "entityMap": {},
        }
    ),
]


@pytest.fixture
def article(cluster):
    return add_article(
        column(cluster.city, "news"), "全市春耕工作会议召开", slug="spring-meeting"
    )


@pytest.fixture
def admin_client(django_user_model):
    user = django_user_model.objects.create_superuser("rt-admin", "", "pw")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def post_body(client, article, body):
    return client.post(
        f"/admin/pages/{article.pk}/edit/",
        {
            "title": article.title,
            "slug": article.slug,
            "body": body,
            "published_at": "2026-01-01 10:00",
        },
        HTTP_HOST="city.localhost",
    )


@pytest.mark.parametrize("body", MALFORMED)
def test_malformed_rich_text_is_a_bad_request(admin_client, article, body):
    response = post_body(admin_client, article, body)
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_well_formed_rich_text_still_converts():
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "text": "新的正文",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    widget = CheckedDraftailRichTextArea()
    value = widget.value_from_datadict({"body": json.dumps(contentstate)}, {}, "body")
    assert value == '<p data-block-key="a">新的正文</p>'
