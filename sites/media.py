"""The image and document libraries, site by site.

Wagtail keeps images and documents to the collections a user holds a
permission on (one collection per site, see `sites.provisioning`); the
cluster's media policy (`sites.permissions.ClusterMediaPermissionPolicy`)
adds read-only browsing of every library for inspectors. The views here
replace Wagtail's at the same paths (see `sites/admin_urls.py`):

* the listings' "popular tags" filter offers only the user's tags;
* opening an image or a document shows inspectors a read-only page (they
  hold no "change" permission, so Wagtail's edit form refuses them) and
  refuses any POST; everyone else gets Wagtail's edit view.
"""

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import InspectView
from wagtail.documents import get_document_model
from wagtail.documents.views import documents as document_views
from wagtail.images import get_image_model
from wagtail.images.views import chooser as image_chooser
from wagtail.images.views import images as image_views

from .isolation import is_cluster_admin, is_inspector
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


def _is_read_only_inspector(user):
    return is_inspector(user) and not is_cluster_admin(user)


class InspectorLinksMixin:
    """Inspectors' listing links each row to its read-only page (at the edit
    URL; Wagtail links only rows the user may change)."""

    def get_edit_url(self, instance):
        if _is_read_only_inspector(self.request.user):
            return reverse(self.edit_url_name, args=(quote(instance.pk),))
        return super().get_edit_url(instance)


class ScopedImageIndexView(InspectorLinksMixin, image_views.IndexView):
    filterset_class = ScopedImagesFilterSet


class ScopedDocumentIndexView(InspectorLinksMixin, document_views.IndexView):
    filterset_class = ScopedDocumentsFilterSet


class MediaInspectView(InspectView):
    """What an inspector sees on opening an image or a document: its details
    and the file, no form, no edit or delete button. GET only."""

    http_method_names = ["get", "head", "options"]
    edit_url_name = None
    delete_url_name = None

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


def _edit_or_inspect(edit_view, inspect_view):
    def view(request, *args, **kwargs):
        if _is_read_only_inspector(request.user):
            if request.method not in ("GET", "HEAD"):
                raise PermissionDenied
            return inspect_view(request, *args, **kwargs)
        return edit_view(request, *args, **kwargs)

    return view


image_edit = _edit_or_inspect(
    image_views.EditView.as_view(), ImageInspectView.as_view()
)
document_edit = _edit_or_inspect(
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
