"""Content for the portal tests: live items made directly (no revisions, so
tens of them stay fast), images, documents, and a site with private and
unpublished items."""

from datetime import timedelta
from io import BytesIO
from itertools import count

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import PageViewRestriction

from cms.pages.models import ArticleAttachment, ArticlePage, ServiceGuidePage

_slugs = count(1)

GUIDE_ELEMENTS = {
    "item_name": "个体工商户设立登记",
    "legal_basis": "《促进个体工商户发展条例》",
    "conditions": "有经营能力的自然人",
    "materials": "身份证明；经营场所使用证明",
    "place": "镇便民服务中心一楼",
    "office": "镇市场监管所",
    "fees": "不收费",
    "hours": "工作日 9:00-12:00，14:00-17:30",
    "phone": "0825-7654321",
    "procedure": "申请—受理—审核—发照",
}


def add_item(parent, title, days_ago=0, live=True, **fields):
    """A live article directly below `parent`, published `days_ago` days ago."""
    article = ArticlePage(
        title=title,
        body=fields.pop("body", "<p>正文内容。</p>"),
        published_at=timezone.now() - timedelta(days=days_ago),
        live=live,
        slug=fields.pop("slug", f"article-{next(_slugs)}"),
        **fields,
    )
    parent.add_child(instance=article)
    return article


def add_items(parent, number, prefix="文章", start_days_ago=0):
    """`number` articles, the first the newest."""
    return [
        add_item(parent, f"{prefix}{n:03d}", days_ago=start_days_ago + n)
        for n in range(number)
    ]


def add_guide(parent, title, days_ago=0, **fields):
    guide = ServiceGuidePage(
        title=title,
        slug=fields.pop("slug", f"guide-{next(_slugs)}"),
        published_at=timezone.now() - timedelta(days=days_ago),
        **{**GUIDE_ELEMENTS, **fields},
    )
    parent.add_child(instance=guide)
    return guide


def make_private(page):
    """Put `page` behind a password: it must never be listed publicly."""
    return PageViewRestriction.objects.create(
        page=page,
        restriction_type=PageViewRestriction.PASSWORD,
        password="secret-password",
    )


def make_image(title="镇政府办公楼", colour="#3a6ea5", size=(800, 450)):
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name="test-image.png")
    )


def make_document(title="实施方案全文"):
    return Document.objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 test", name="fangan.pdf")
    )


def attach(article, number):
    """`number` more PDF attachments on `article`, numbered on from those it has."""
    start = article.attachments.count()
    for n in range(start, start + number):
        ArticleAttachment.objects.create(
            page=article, document=make_document(f"附件{n + 1}"), sort_order=n
        )
