"""The image and document libraries, site by site.

Wagtail keeps images and documents to the collections a user holds a
permission on (one collection per site, see `sites.provisioning`); the
cluster's media policy (`sites.permissions.ClusterMediaPermissionPolicy`)
adds read-only browsing of every library for inspectors. The views here
replace Wagtail's at the same paths (see `sites/admin_urls.py`):

* the listings' "popular tags" filter offers only the user's tags;
* opening an image or a document shows inspectors a read-only page (they
  hold no "change" permission, so Wagtail's edit form refuses them) and
  refuses any POST (`sites.readonly`); everyone else gets Wagtail's edit view;
* inspectors open the "used by" view too, read-only.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.documents import get_document_model
from wagtail.documents.views import documents as document_views
from wagtail.images import get_image_model
from wagtail.images.views import chooser as image_chooser
from wagtail.images.views import images as image_views
from wagtail.models import Page

from .isolation import is_read_only_inspector
from .readonly import (
    InspectorLinksMixin,
    ReadOnlyView,
    edit_or_inspect,
    read_only_for_inspectors,
)
from .tags import visible_tags

POPULAR_TAGS_COUNT = 10  # as many as Wagtail's own filter offers


def popular_visible_tags(user, model):
    """Like Wagtail's `popular_tags_for_model`: the most used tags on `model`,
    among the tags `user` may see."""
    content_type = ContentType.objects.get_for_model(model)
    return (
        visible_tags(user)
        .filter(taggit_taggeditem_items__content_type=content_type)
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:POPULAR_TAGS_COUNT]
    )


class VisibleTagsFilterSetMixin:
    """The library's tag filter lists the most used of the user's tags
    (Wagtail lists the most used tags of the whole table)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        tag_filter = self.filters.get("tag")
        if tag_filter is None or request is None:
            return
        popular = popular_visible_tags(request.user, self._meta.model)
        choices = [(tag.name, tag.name) for tag in popular]
        if choices:
            tag_filter.extra["choices"] = choices
        else:
            del self.filters["tag"]


class ScopedImagesFilterSet(VisibleTagsFilterSetMixin, image_views.ImagesFilterSet):
    class Meta(image_views.ImagesFilterSet.Meta):
        pass


class ScopedDocumentsFilterSet(
    VisibleTagsFilterSetMixin, document_views.DocumentsFilterSet
):
    class Meta(document_views.DocumentsFilterSet.Meta):
        pass


class ScopedImageIndexView(InspectorLinksMixin, image_views.IndexView):
    filterset_class = ScopedImagesFilterSet


class ScopedDocumentIndexView(InspectorLinksMixin, document_views.IndexView):
    filterset_class = ScopedDocumentsFilterSet


class MediaInspectView(ReadOnlyView):
    """What an inspector sees on opening an image or a document: its details
    and the file."""

    def get_page_subtitle(self):
        return self.object.title

    def get_collection_display_value(self):
        return self.object.collection.name

    def get_tags_display_value(self):
        return ", ".join(tag.name for tag in self.object.tags.all()) or "-"


class ImageInspectView(MediaInspectView):
    pk_url_kwarg = "image_id"
    index_url_name = "wagtailimages:index"
    header_icon = "image"
    page_title = _("图片（只读）")
    fields = ["file", "title", "collection", "tags", "width", "height", "created_at"]

    @cached_property
    def model(self):
        return get_image_model()

    def get_file_display_value(self):
        rendition = self.object.get_rendition("max-800x600")
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            rendition.url,
            rendition.width,
            rendition.height,
            self.object.title,
        )


class DocumentInspectView(MediaInspectView):
    pk_url_kwarg = "document_id"
    index_url_name = "wagtaildocs:index"
    header_icon = "doc-full-inverse"
    page_title = _("文档（只读）")
    fields = ["file", "title", "collection", "tags", "created_at"]

    @cached_property
    def model(self):
        return get_document_model()

    def get_file_display_value(self):
        return format_html('<a href="{}">{}</a>', self.object.url, self.object.filename)


image_edit = edit_or_inspect(image_views.EditView.as_view(), ImageInspectView.as_view())
document_edit = edit_or_inspect(
    document_views.EditView.as_view(), DocumentInspectView.as_view()
)


class ScopedImageChooseView(image_chooser.ImageChooseView):
    """The image chooser's tag links name only the user's tags."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["popular_tags"] = popular_visible_tags(self.request.user, self.model)
        return context


def _image_choose_view():
    """Built as Wagtail's image chooser viewset builds its choose view."""
    viewset = image_chooser.viewset
    return viewset.construct_view(
        viewset.inject_view_methods(ScopedImageChooseView, ["get_object_list"]),
        icon=viewset.icon,
        page_title=viewset.page_title,
        search_tab_label=viewset.search_tab_label,
        creation_tab_label=viewset.creation_tab_label,
    )


image_choose = _image_choose_view()


class InspectorUsageMixin:
    """Inspectors open the "used by" view of any image or document, read-only
    (Wagtail asks for "change"): no edit button, and since they read every
    site each using object is named, a page linked to its read-only preview
    (Wagtail names only objects the user may edit)."""

    def user_has_permission(self, permission):
        if is_read_only_inspector(self.request.user):
            return True
        return super().user_has_permission(permission)

    @cached_property
    def header_buttons(self):
        if is_read_only_inspector(self.request.user):
            return []
        return super().header_buttons

    def get_table(self, object_list, **kwargs):
        if not is_read_only_inspector(self.request.user):
            return super().get_table(object_list, **kwargs)
        rows = [
            {
                "object": source,
                "references": references,
                "label": str(source),
                "edit_url": (
                    reverse("cluster:page_preview", args=[source.pk])
                    if isinstance(source, Page)
                    else None
                ),
                "edit_link_title": None,
            }
            for source, references in object_list
        ]
        # The listing's table of these rows (Wagtail's UsageView.get_table
        # would recompute them for editing).
        return super(generic.UsageView, self).get_table(rows, **kwargs)


class ScopedImageUsageView(InspectorUsageMixin, image_views.UsageView):
    pass


class ScopedDocumentUsageView(InspectorUsageMixin, document_views.UsageView):
    pass


image_usage = read_only_for_inspectors(ScopedImageUsageView.as_view())
document_usage = read_only_for_inspectors(ScopedDocumentUsageView.as_view())
