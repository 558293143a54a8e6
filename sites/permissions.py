"""Permission policies that keep each site's data to its own people.

Wagtail asks a model's permission policy (``wagtail.permissions.policy_registry``)
whenever a view lists, opens or changes an object. The policies here add the
cluster's rules to Wagtail's own:

* pages: inspectors (检查员) may explore every site read-only;
* per-site settings: only on sites the user manages (`manageable_sites`), even
  when a group was given the setting's permission for every site;
* site-owned models (`sites.models.SiteOwnedModel`): rows of the sites the user
  manages (change) or sees (view); inspectors view everything, change nothing.
"""

from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permission_policies.sites import SitePermissionPolicy

from .isolation import (
    is_cluster_admin,
    is_read_only_inspector,
    manageable_sites,
    page_filter_for_sites,
    visible_sites,
)

# The actions Wagtail combines when it asks "may this user work with pages at
# all?" (explorer, page search, reports); a single action ("may publish?") is
# a question about changing something.
EXPLORE_ACTIONS = frozenset({"add", "change", "publish"})
READ_ACTIONS = frozenset({"view"})
# What Wagtail's image and document libraries (listing, search, menu, admin
# API, dashboard count) ask together; a single action is a change.
MEDIA_LISTING_ACTIONS = frozenset({"change", "delete"})


class ClusterPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, plus read-only exploring of every site for
    inspectors. Inspectors hold no page permission, so every per-page check
    (`page.permissions_for_user(user).can_edit()` etc.) still refuses them."""

    def user_has_any_permission(self, user, actions):
        if is_read_only_inspector(user) and set(actions) >= EXPLORE_ACTIONS:
            return True
        return super().user_has_any_permission(user, actions)

    def explorable_instances(self, user):
        if is_read_only_inspector(user):
            return self.model._default_manager.all()
        return super().explorable_instances(user)

    def explorable_root_instance(self, user):
        if is_read_only_inspector(user):
            return self.model.base_page_model.get_first_root_node()
        return super().explorable_root_instance(user)


class ClusterSiteSettingPermissionPolicy(SitePermissionPolicy):
    """Per-site settings editable only on sites the user manages: a permission
    given "for all sites" by mistake still stops at the user's own sites."""

    def sites_user_has_any_permission_for(self, user, actions):
        sites = super().sites_user_has_any_permission_for(user, actions)
        if is_cluster_admin(user):
            return sites
        return sites.filter(pk__in=manageable_sites(user).values("pk"))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        if is_cluster_admin(user):
            return True
        site_id = instance.pk if isinstance(instance, Site) else instance.site_id
        return manageable_sites(user).filter(pk=site_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        sites = self.sites_user_has_any_permission_for(user, actions)
        return self.model._default_manager.filter(
            **{f"{self.site_field_name}__in": sites}
        )


class ClusterMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image/document policy (permissions per collection, one
    collection per site), plus read-only browsing of every library for
    inspectors: the listing question ("change or delete") answers every
    image, while every single action (change, delete, choose) still refuses
    them. Opening one goes to the read-only view (`sites.media`)."""

    def _inspector_lists(self, user, actions):
        return is_read_only_inspector(user) and set(actions) >= MEDIA_LISTING_ACTIONS

    def user_has_any_permission(self, user, actions):
        if self._inspector_lists(user, actions):
            return True
        return super().user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self._inspector_lists(user, actions):
            return self.model._default_manager.all()
        return super().instances_user_has_any_permission_for(user, actions)


class SiteScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (`add_x`, `change_x`, `delete_x`, `view_x`) narrowed
    to the rows of the user's sites.

    * add/change/delete apply to rows of `manageable_sites(user)`;
    * view applies to rows of `visible_sites(user)`; holding any of the
      model's permissions implies viewing;
    * inspectors view every row without holding `view_x`, and change nothing;
    * cluster administrators (superusers) do everything.

    `site_field` names the foreign key to `wagtail.models.Site`.
    `superuser_changes_only` keeps add/change/delete to cluster administrators
    whatever model permissions a group holds; `members_view` lets every member
    of a site's groups view that site's rows without `view_x`; `refused`
    names actions nobody may perform through the admin.
    """

    def __init__(
        self,
        model,
        site_field="site",
        superuser_changes_only=False,
        members_view=False,
        refused=(),
    ):
        super().__init__(model)
        self.site_field = site_field
        self.superuser_changes_only = superuser_changes_only
        self.members_view = members_view
        self.refused = frozenset(refused)

    def _has_model_permission(self, user, actions):
        if self.superuser_changes_only or not actions:
            return False
        # Django's own answer per action: the base class's any-of would call
        # back into this policy's user_has_permission.
        return any(
            ModelPermissionPolicy.user_has_permission(self, user, action)
            for action in actions
        )

    def _may_view(self, user):
        if self.members_view and manageable_sites(user).exists():
            return True
        return self._has_model_permission(user, {"view", "add", "change", "delete"})

    def user_has_any_permission(self, user, actions):
        actions = set(actions) - self.refused
        if not actions:
            return False
        if is_cluster_admin(user):
            return True
        if is_read_only_inspector(user):
            return bool(actions & READ_ACTIONS)
        if actions & READ_ACTIONS and self._may_view(user):
            return True
        return self._has_model_permission(user, actions - READ_ACTIONS)

    # Wagtail's model policy answers single actions straight from Django's
    # permissions; route them through the rules above.
    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, {action})

    def sites_for(self, user, actions):
        """The sites on whose rows `user` may perform any of `actions`."""
        actions = set(actions) - self.refused
        if not actions:
            return visible_sites(user).none()
        if is_cluster_admin(user):
            return visible_sites(user)
        if actions & READ_ACTIONS and (
            is_read_only_inspector(user) or self._may_view(user)
        ):
            return visible_sites(user)
        if not is_read_only_inspector(user) and self._has_model_permission(
            user, actions - READ_ACTIONS
        ):
            return manageable_sites(user)
        return visible_sites(user).none()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if is_cluster_admin(user) and set(actions) - self.refused:
            return True
        return self.instance_of_sites(instance, self.sites_for(user, actions))

    def instances_user_has_any_permission_for(self, user, actions):
        if is_cluster_admin(user) and set(actions) - self.refused:
            return self.model._default_manager.all()
        return self.rows_of_sites(self.sites_for(user, actions))

    def rows_of_sites(self, sites):
        """The rows belonging to `sites` (rows without a site belong to the
        cluster office)."""
        return self.model._default_manager.filter(**{f"{self.site_field}__in": sites})

    def instance_of_sites(self, instance, sites):
        return sites.filter(pk=getattr(instance, f"{self.site_field}_id")).exists()

    def visible_instances(self, user):
        """The rows `user` may see at all (list, inspect, choose)."""
        return self.instances_user_has_any_permission_for(user, READ_ACTIONS)


class PageSiteScopedPermissionPolicy(SiteScopedPermissionPolicy):
    """`SiteScopedPermissionPolicy` for records that belong to the site of the
    page they point to (`page_field`), e.g. search promotions. Records
    without a page belong to the cluster office."""

    def __init__(self, model, page_field="page", **kwargs):
        super().__init__(model, **kwargs)
        self.page_field = page_field

    def rows_of_sites(self, sites):
        return self.model._default_manager.filter(
            page_filter_for_sites(sites, prefix=f"{self.page_field}__")
        )

    def instance_of_sites(self, instance, sites):
        page = getattr(instance, self.page_field)
        return page is not None and any(
            page.path.startswith(root)
            for root in sites.values_list("root_page__path", flat=True)
        )


class SearchPromotionPermissionPolicy(PageSiteScopedPermissionPolicy):
    """Search promotions belong to the site of the promoted page. Wagtail's
    promotion views ask this policy about a search term (`Query`) as well:
    a term belongs to the sites of its promotions."""

    def instance_of_sites(self, instance, sites):
        if isinstance(instance, self.model):
            return super().instance_of_sites(instance, sites)
        return self.rows_of_sites(sites).filter(query_id=instance.pk).exists()


def install_cluster_policies():
    """Put the cluster's policies in Wagtail's registry: for pages, images and
    documents, redirects and search promotions, and for every per-site
    setting model (called from the app's ready(); `exact_class` wins over
    the policies Wagtail's apps register after this one)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import AbstractPage, Page
    from wagtail.permissions import register_permission_policy

    register_permission_policy(AbstractPage, ClusterPagePermissionPolicy(Page))
    for model, auth_model in (
        (get_image_model(), "wagtailimages.Image"),
        (get_document_model(), "wagtaildocs.Document"),
    ):
        register_permission_policy(
            model,
            ClusterMediaPermissionPolicy(
                model, auth_model=auth_model, owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
    register_permission_policy(
        Redirect, SiteScopedPermissionPolicy(Redirect), exact_class=True
    )
    register_permission_policy(
        SearchPromotion,
        SearchPromotionPermissionPolicy(SearchPromotion),
        exact_class=True,
    )
    for model in settings_registry:
        if issubclass(model, BaseSiteSetting):
            register_permission_policy(model, ClusterSiteSettingPermissionPolicy(model))
