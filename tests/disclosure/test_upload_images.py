"""Images attached to a public application get the admin's image checks: a
PNG decompression bomb and a broken image are refused in Chinese."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from disclosure.models import InformationApplication
from tests.disclosure.test_public_forms import open_form, person_data, post

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bomb_bytes():
    """A PNG of 9000 × 9000 pixels (81 million, over the 64 million the admin
    allows) that compresses to a few kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def attach(client, body, content, name="证明.png"):
    captcha = open_form(client, body)
    upload = SimpleUploadedFile(name, content, "image/png")
    return post(client, body, person_data(**captcha), {"attachments": upload})


def test_decompression_bomb_is_refused(client, city_body, bomb_bytes):
    assert len(bomb_bytes) < 200_000
    response = attach(client, city_body, bomb_bytes)
    assert response.status_code == 400
    html = response.content.decode()
    assert "文件“证明.png”：图片像素过多（疑似解压炸弹）" in html
    assert not InformationApplication.objects.exists()


def test_broken_image_is_refused(client, city_body):
    response = attach(client, city_body, png()[:40])
    assert response.status_code == 400
    assert "不是可识别的图片" in response.content.decode()


def test_a_real_image_is_accepted(client, city_body):
    assert attach(client, city_body, png()).status_code == 302
    assert InformationApplication.objects.get().attachments.count() == 1
