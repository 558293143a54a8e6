"""One mechanism for admin viewsets of site-owned records.

Mix `SiteScopedViewSetMixin` into a `SnippetViewSet` (or `ModelViewSet`) of a
model with a `site` foreign key (normally a `sites.models.SiteOwnedModel`):

* its permission policy becomes `SiteScopedPermissionPolicy`: model
  permissions hold only on rows of the user's sites;
* the listing (and its search, filters and exports) shows only visible rows;
* every view addressed by a primary key (inspect, edit, delete, copy, history,
  usage, revisions, preview, lock, workflow...) answers 404 for a row of
  another site, and refuses to change a row the user may only read;
* the chooser lists, returns and creates only rows of the user's sites;
* bulk actions check each row through the policy.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from wagtail.permissions import policy_registry, register_permission_policy

from .permissions import READ_ACTIONS, SiteScopedPermissionPolicy

CHANGE_ACTIONS = frozenset(
    {"add", "change", "delete", "publish", "lock", "unlock", "unpublish"}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _scoped_policy(model):
    return policy_registry.get_by_type(model)


def rows_for_request(model, request):
    """The rows of `model` the request's user may read (GET) or change (other
    methods)."""
    policy = _scoped_policy(model)
    actions = READ_ACTIONS if request.method in SAFE_METHODS else CHANGE_ACTIONS
    return policy.instances_user_has_any_permission_for(request.user, actions)


def object_in_scope(view, model, pk_kwarg="pk"):
    """Wrap a view taking the row's id as `pk_kwarg` so that rows outside the
    user's sites 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        pk = kwargs.get(pk_kwarg)
        if pk is not None:
            rows = rows_for_request(model, request)
            if not rows.filter(pk=unquote(str(pk))).exists():
                raise Http404
        return view(request, *args, **kwargs)

    return wrapped


class SiteScopedChooserMixin:
    """Chooser views (choose, results, chosen, chosen-multiple) limited to the
    rows the user may read."""

    def scoped_rows(self):
        return _scoped_policy(self.model_class).visible_instances(self.request.user)

    def get_object_list(self):
        return self.scoped_rows()

    def get_object(self, pk):
        return self.scoped_rows().get(pk=pk)

    def get_objects(self, pks):
        return self.scoped_rows().filter(pk__in=pks)


def _scoped(view_class):
    return type(
        f"SiteScoped{view_class.__name__}", (SiteScopedChooserMixin, view_class), {}
    )


class SiteScopedViewSetMixin:
    """See the module docstring. Set `site_field` when the foreign key to
    `wagtail.models.Site` has another name; `superuser_changes_only` and
    `members_view` are passed to `SiteScopedPermissionPolicy`."""

    site_field = "site"
    superuser_changes_only = False
    members_view = False

    def register_permissions(self):
        if policy_registry.get_by_type(self.model, fallback=False) is None:
            register_permission_policy(
                self.model,
                SiteScopedPermissionPolicy(
                    self.model,
                    site_field=self.site_field,
                    superuser_changes_only=self.superuser_changes_only,
                    members_view=self.members_view,
                ),
                exact_class=True,
            )
        super().register_permissions()

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(self.model)

    def get_queryset(self, request):
        return self.permission_policy.visible_instances(request.user)

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = object_in_scope(pattern.callback, self.model)
        return patterns

    @property
    def chooser_viewset_class(self):
        base = super().chooser_viewset_class
        return type(
            f"SiteScoped{base.__name__}",
            (base,),
            {
                name: _scoped(getattr(base, name))
                for name in (
                    "choose_view_class",
                    "choose_results_view_class",
                    "chosen_view_class",
                    "chosen_multiple_view_class",
                )
            },
        )
