"""Checks on uploaded images and documents by their content, not their name,
and the upload forms that file each site's media in the site's own collection.
The forms are Wagtail's, extended through WAGTAILIMAGES_IMAGE_FORM_BASE and
WAGTAILDOCS_DOCUMENT_FORM_BASE."""

import re
import warnings
import xml.etree.ElementTree as ET  # noqa: S405 - DTDs and entities are refused before parsing

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from sites.isolation import manageable_sites
from sites.models import SiteProfile

SNIFF_BYTES = 4096
MARKUP_SIGNS = re.compile(
    rb"<\s*(script|svg|html|!doctype\s+html|iframe|object|embed)\b", re.IGNORECASE
)
# Magic numbers of the document formats allowed (WAGTAILDOCS_EXTENSIONS).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (OLE2,),
    "xls": (OLE2,),
    "ppt": (OLE2,),
    "wps": (OLE2,),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "pptx": (ZIP,),
    "odt": (ZIP,),
    "ods": (ZIP,),
    "ofd": (ZIP,),
    "zip": (ZIP,),
    "rar": (b"Rar!\x1a\x07",),
}
TEXT_EXTENSIONS = {"txt", "csv"}
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
SVG_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object"}
SVG_LINK_ATTRIBUTES = {"href", "{http://www.w3.org/1999/xlink}href"}


def _read_head(uploaded, size=SNIFF_BYTES):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _check_size(uploaded, limit):
    if limit and uploaded.size > limit:
        raise ValidationError(
            _("文件过大（%(size)s），上限为 %(limit)s。")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def check_svg(data):
    """Refuse an SVG that can run script or pull in other content."""
    text = data.decode("utf-8", errors="replace")
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise ValidationError(
            _("SVG 文件不得包含 DOCTYPE 或实体声明。"), code="svg_unsafe"
        )
    try:
        root = ET.fromstring(data)  # noqa: S314 - DTDs refused above
    except ET.ParseError as error:
        raise ValidationError(_("SVG 文件格式错误。"), code="svg_invalid") from error
    if not root.tag.lower().endswith("svg"):
        raise ValidationError(_("文件内容不是 SVG 图片。"), code="svg_invalid")
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name in SVG_FORBIDDEN_ELEMENTS:
            raise ValidationError(
                _("SVG 图片包含不允许的元素 <%(name)s>（可能执行脚本）。")
                % {"name": name},
                code="svg_unsafe",
            )
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise ValidationError(
                    _("SVG 图片包含事件属性 %(name)s（可能执行脚本）。")
                    % {"name": local},
                    code="svg_unsafe",
                )
            if attribute in SVG_LINK_ATTRIBUTES and not value.strip().startswith("#"):
                raise ValidationError(
                    _("SVG 图片不得链接外部内容或脚本。"), code="svg_unsafe"
                )
            if "javascript:" in value.replace(" ", "").lower():
                raise ValidationError(
                    _("SVG 图片包含 javascript: 链接。"), code="svg_unsafe"
                )


def check_image_upload(uploaded):
    """Raise ValidationError unless `uploaded` is an allowed, sane image."""
    _check_size(uploaded, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    head = _read_head(uploaded)
    if _extension(uploaded.name) == "svg" or b"<svg" in head.lower():
        uploaded.seek(0)
        check_svg(uploaded.read())
        uploaded.seek(0)
        return
    max_pixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that;
            # both are decompression bombs here.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            previous, PILImage.MAX_IMAGE_PIXELS = PILImage.MAX_IMAGE_PIXELS, max_pixels
            try:
                uploaded.seek(0)
                with PILImage.open(uploaded) as image:
                    image_format = image.format
                    width, height = image.size
                    image.verify()
            finally:
                PILImage.MAX_IMAGE_PIXELS = previous
    except (
        PILImage.DecompressionBombError,
        PILImage.DecompressionBombWarning,
    ) as error:
        raise ValidationError(
            _("图片像素过多（疑似解压炸弹），上限为 %(max)d 像素。")
            % {"max": max_pixels},
            code="decompression_bomb",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("文件内容不是可识别的图片，或图片已损坏。"), code="invalid_image"
        ) from error
    finally:
        uploaded.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _(
                "不支持的图片格式 %(format)s，仅允许 JPEG、PNG、GIF、WebP 和不含脚本的 SVG。"
            )
            % {"format": image_format},
            code="image_format",
        )
    if width * height > max_pixels:
        raise ValidationError(
            _("图片像素过多（疑似解压炸弹），上限为 %(max)d 像素。")
            % {"max": max_pixels},
            code="decompression_bomb",
        )


def check_document_upload(uploaded):
    """Raise ValidationError unless the content matches an allowed document type."""
    _check_size(uploaded, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
    extension = _extension(uploaded.name)
    head = _read_head(uploaded)
    if extension not in DOCUMENT_SIGNATURES and extension not in TEXT_EXTENSIONS:
        raise ValidationError(
            _("不允许上传 .%(ext)s 文件。") % {"ext": extension or "?"},
            code="document_type",
        )
    if MARKUP_SIGNS.search(head):
        raise ValidationError(
            _("文件中包含网页或脚本代码，不允许上传。"), code="document_markup"
        )
    if extension in TEXT_EXTENSIONS:
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(
                _("文本文件编码无法识别（应为 UTF-8 或 GB18030）。"),
                code="document_content",
            )
        if b"\x00" in head:
            raise ValidationError(
                _("文件内容与扩展名 .%(ext)s 不符。") % {"ext": extension},
                code="document_content",
            )
        return
    if not head.startswith(DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("文件内容与扩展名 .%(ext)s 不符，请上传真实的 %(ext)s 文件。")
            % {"ext": extension},
            code="document_content",
        )


def home_collection_for(user):
    """The collection of the user's own site when they manage exactly one."""
    sites = manageable_sites(user)
    if user.is_superuser or sites.count() != 1:
        return None
    profile = SiteProfile.objects.filter(site__in=sites).first()
    return profile.collection if profile else None


class SiteCollectionMixin:
    """Start a new upload in the uploader's own site collection."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if (
            user is not None
            and not self.instance.pk
            and "collection" in self.fields
            and (collection := home_collection_for(user)) is not None
        ):
            self.initial.setdefault("collection", collection.pk)


class SiteImageForm(SiteCollectionMixin, BaseImageForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_image_upload(uploaded)
        return uploaded


class SiteDocumentForm(SiteCollectionMixin, BaseDocumentForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_document_upload(uploaded)
        return uploaded
