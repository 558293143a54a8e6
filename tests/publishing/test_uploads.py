import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def image_form(user, name, content):
    form_class = get_image_form(get_image_model())
    return form_class(
        data={"title": "测试图片"},
        files={"file": SimpleUploadedFile(name, content)},
        user=user,
    )


def document_form(user, name, content):
    form_class = get_document_form(get_document_model())
    return form_class(
        data={"title": "测试文档"},
        files={"file": SimpleUploadedFile(name, content)},
        user=user,
    )


def test_editor_upload_goes_to_their_site_collection(client, cluster, town_editor):
    client.login(username=town_editor.username, password=PASSWORD)
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "镇政府大楼", "file": SimpleUploadedFile("a.png", png_bytes())},
    )
    assert response.status_code == 302
    image = get_image_model().objects.get(title="镇政府大楼")
    assert image.collection == cluster.town.collection


def test_editor_form_offers_only_their_collection(cluster, town_editor):
    form = image_form(town_editor, "a.png", png_bytes())
    assert form.is_valid(), form.errors
    assert form.save().collection == cluster.town.collection


def test_file_that_is_not_an_image_is_refused_whatever_its_name(cluster, town_editor):
    form = image_form(town_editor, "photo.png", b"<html><script>alert(1)</script>")
    assert not form.is_valid()
    assert "图片" in str(form.errors["file"])


def test_decompression_bomb_is_refused(cluster, town_editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    form = image_form(town_editor, "big.png", png_bytes((100, 100)))
    assert not form.is_valid()
    assert form.errors["file"]


def test_decompression_bomb_guard_is_ours_too(settings):
    from django.core.exceptions import ValidationError

    from cms.publishing.uploads import check_image_upload

    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ValidationError, match="解压炸弹"):
        check_image_upload(SimpleUploadedFile("big.png", png_bytes((100, 100))))


def test_oversized_image_is_refused_in_chinese(settings):
    from django.core.exceptions import ValidationError

    from cms.publishing.uploads import check_image_upload

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError, match="文件过大"):
        check_image_upload(SimpleUploadedFile("a.png", png_bytes()))


SCRIPTED_SVGS = [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body/></foreignObject></svg>',
    b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>',
]


@pytest.mark.parametrize("content", SCRIPTED_SVGS)
def test_svg_with_script_is_refused(content):
    from django.core.exceptions import ValidationError

    from cms.publishing.uploads import check_image_upload

    with pytest.raises(ValidationError, match="SVG"):
        check_image_upload(SimpleUploadedFile("logo.svg", content))


def test_plain_svg_is_accepted():
    from cms.publishing.uploads import check_image_upload

    check_image_upload(
        SimpleUploadedFile(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<rect width="10" height="10" fill="red"/></svg>',
        )
    )


def test_pdf_must_be_a_pdf(cluster, town_editor):
    good = document_form(town_editor, "办法.pdf", b"%PDF-1.7\n%...\n")
    assert good.is_valid(), good.errors
    assert good.save().collection == cluster.town.collection
    fake = document_form(town_editor, "办法.pdf", b"MZ\x90\x00 executable")
    assert not fake.is_valid()
    assert "不符" in str(fake.errors["file"])


def test_html_disguised_as_a_document_is_refused(cluster, town_editor):
    form = document_form(town_editor, "表格.csv", b"<script>alert(1)</script>,1\n")
    assert not form.is_valid()
    assert "脚本" in str(form.errors["file"])


def test_disallowed_document_type_is_refused(cluster, town_editor):
    form = document_form(town_editor, "run.exe", b"MZ\x90\x00")
    assert not form.is_valid()


def test_office_document_signature_is_checked(cluster, town_editor):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert document_form(town_editor, "通知.doc", ole).is_valid()
    assert not document_form(town_editor, "通知.docx", ole).is_valid()
