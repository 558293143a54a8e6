"""Checks for files uploaded with applications and replies: the content must
be one of a few document and image formats (judged by the bytes, not the
name) and within the size limit. Images get the admin's image checks too
(decoded header, pixel limit against decompression bombs)."""

import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cms.publishing.uploads import check_image_upload

# extension -> (content type, check of the first bytes)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED = {
    "pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    "png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "doc": ("application/msword", lambda head: head.startswith(OLE_MAGIC)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda head: head.startswith(ZIP_MAGIC),
    ),
    "ofd": ("application/ofd", lambda head: head.startswith(ZIP_MAGIC)),
}


def check_upload(upload):
    """Return the content type of an acceptable upload; raise ValidationError
    (Chinese) otherwise. Sets `upload.checked_content_type`."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            _("文件“%(name)s”的格式不受支持，只接受 %(formats)s。")
            % {"name": name, "formats": "、".join(sorted(ALLOWED))}
        )
    if upload.size > settings.DISCLOSURE_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("文件“%(name)s”超过 %(limit)s 的大小限制。")
            % {
                "name": name,
                "limit": filesizeformat(settings.DISCLOSURE_ATTACHMENT_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, looks_right = ALLOWED[extension]
    if not looks_right(head) or (head.startswith(ZIP_MAGIC) and not _is_zip(upload)):
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名不符，请上传真实的 %(ext)s 文件。")
            % {"name": name, "ext": extension.upper()}
        )
    if content_type.startswith("image/"):
        try:
            check_image_upload(upload)
        except ValidationError as error:
            raise ValidationError(
                _("文件“%(name)s”：%(reason)s")
                % {"name": name, "reason": " ".join(error.messages)}
            ) from error
    upload.checked_content_type = content_type
    return content_type


def _is_zip(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            ok = archive.testzip() is None
    except (zipfile.BadZipFile, OSError):
        ok = False
    upload.seek(0)
    return ok


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Zero or more files, each checked by `check_upload`."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = (
            [f for f in (data or []) if f]
            if isinstance(data, list | tuple)
            else ([data] if data else [])
        )
        limit = settings.DISCLOSURE_ATTACHMENT_MAX_COUNT
        if len(files) > limit:
            raise ValidationError(_("最多上传 %(count)d 个附件。") % {"count": limit})
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files
