"""Tags offered to a user: those used on pages, images, documents and
records they may read. Wagtail's tag autocomplete (page, image and document
tag fields) and its "popular tags" filters list every tag of the database,
i.e. other sites' words and names."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, JsonResponse
from taggit.models import CommonGenericTaggedItemBase, ItemBase, Tag, TagBase
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT

from .isolation import is_cluster_admin
from .views import readable_rows


def _through_models(tag_model):
    """The tagged-item models whose tags are rows of `tag_model`."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ItemBase)
        and model._meta.get_field("tag").related_model is tag_model
    ]


def visible_tags(user, tag_model=Tag):
    """Rows of `tag_model` used on at least one object `user` may read in the
    admin; every tag for cluster administrators. Tags used only on records
    that belong to no site, or on nothing at all, are the cluster office's."""
    tags = tag_model._default_manager.all()
    if is_cluster_admin(user):
        return tags
    used = Q(pk__in=[])
    for through in _through_models(tag_model):
        if issubclass(through, CommonGenericTaggedItemBase):
            content_type_ids = (
                through._default_manager.order_by()
                .values_list("content_type", flat=True)
                .distinct()
            )
            for content_type in ContentType.objects.filter(pk__in=content_type_ids):
                model = content_type.model_class()
                rows = readable_rows(user, model) if model is not None else None
                if rows is None:
                    continue
                used |= Q(
                    pk__in=through._default_manager.filter(
                        content_type=content_type,
                        object_id__in=rows.values("pk"),
                    ).values("tag_id")
                )
        else:
            model = through._meta.get_field("content_object").related_model
            rows = readable_rows(user, model)
            if rows is None:
                continue
            used |= Q(
                pk__in=through._default_manager.filter(
                    content_object__in=rows.values("pk")
                ).values("tag_id")
            )
    return tags.filter(used)


def autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete (`wagtail.admin.views.tags.autocomplete`,
    same URLs and answer) offering only `visible_tags`."""
    if app_name and model_name:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_name, model_name)
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        tag_model = content_type.model_class()
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    else:
        tag_model = Tag
    term = request.GET.get("term")
    if not term:
        return JsonResponse([], safe=False)
    names = (
        visible_tags(request.user, tag_model)
        .filter(name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(list(names), safe=False)
