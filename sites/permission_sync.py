"""Re-applying every site group's permissions after CLUSTER_SUPERIOR_ACCESS or
the hierarchy changed: what provisioning grants, computed for the whole
cluster, with the grants that no longer apply taken away."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
)

from .models import SiteProfile
from .provisioning import (
    COLLECTION_PERMISSIONS,
    EDITOR_PAGE_PERMISSIONS,
    REVIEWER_PAGE_PERMISSIONS,
    managing_profiles,
    site_model_permissions,
    site_setting_permissions,
)


@dataclass
class SyncResult:
    added: dict = field(
        default_factory=lambda: {"page": 0, "collection": 0, "site": 0, "model": 0}
    )
    removed: dict = field(
        default_factory=lambda: {"page": 0, "collection": 0, "site": 0, "model": 0}
    )
    sites: int = 0


def _page_permission_ids(codenames):
    return {
        permission.codename.removesuffix("_page"): permission.pk
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=[f"{name}_page" for name in codenames],
        )
    }


def desired_grants(profiles):
    """Three sets of (group id, object id, permission id): page permissions on
    home pages, collection permissions and per-site setting permissions, for
    every editor and reviewer group of the cluster."""
    page_ids = _page_permission_ids(REVIEWER_PAGE_PERMISSIONS + EDITOR_PAGE_PERMISSIONS)
    collection_ids = [
        Permission.objects.get(content_type__app_label=app, codename=codename).pk
        for app, codename in COLLECTION_PERMISSIONS
    ]
    setting_ids = {
        role: [permission.pk for permission in site_setting_permissions(editors=role)]
        for role in (True, False)
    }
    pages, collections, sites = set(), set(), set()
    for profile in profiles:
        for holder in [profile, *managing_profiles(profile)]:
            for group_id, codenames, for_editors in (
                (holder.editors_group_id, EDITOR_PAGE_PERMISSIONS, True),
                (holder.reviewers_group_id, REVIEWER_PAGE_PERMISSIONS, False),
            ):
                if group_id is None:
                    continue
                pages.update(
                    (group_id, profile.site.root_page_id, page_ids[name])
                    for name in codenames
                )
                if profile.collection_id:
                    collections.update(
                        (group_id, profile.collection_id, pk) for pk in collection_ids
                    )
                sites.update(
                    (group_id, profile.site_id, pk) for pk in setting_ids[for_editors]
                )
    return pages, collections, sites


def sync_site_permissions(profiles=None, dry_run=False, progress=None):
    """Make the cluster groups' grants on the cluster's sites exactly what
    provisioning would grant today. Grants of other groups, and grants on
    pages other than the sites' home pages, are left alone."""
    profiles = list(
        profiles
        if profiles is not None
        else SiteProfile.objects.select_related("site", "superior")
    )
    result = SyncResult(sites=len(profiles))
    group_ids = {
        group_id
        for profile in SiteProfile.objects.all()
        for group_id in (profile.editors_group_id, profile.reviewers_group_id)
        if group_id
    }
    wanted_pages, wanted_collections, wanted_sites = desired_grants(
        progress(profiles) if progress else profiles
    )
    setting_ids = [permission.pk for permission in site_setting_permissions()]
    tables = [
        (
            "page",
            GroupPagePermission,
            "page_id",
            {profile.site.root_page_id for profile in profiles},
            wanted_pages,
            {},
        ),
        (
            "collection",
            GroupCollectionPermission,
            "collection_id",
            {profile.collection_id for profile in profiles if profile.collection_id},
            wanted_collections,
            {},
        ),
        (
            "site",
            GroupSitePermission,
            "site_id",
            {profile.site_id for profile in profiles},
            wanted_sites,
            {"permission_id__in": setting_ids},
        ),
    ]
    with transaction.atomic():
        for kind, model, object_field, object_ids, wanted, extra in tables:
            existing = {
                (row.group_id, getattr(row, object_field), row.permission_id): row.pk
                for row in model.objects.filter(
                    group_id__in=group_ids,
                    **{f"{object_field}__in": object_ids},
                    **extra,
                )
            }
            missing = wanted - existing.keys()
            stale = [pk for key, pk in existing.items() if key not in wanted]
            result.added[kind] = len(missing)
            result.removed[kind] = len(stale)
            if dry_run:
                continue
            model.objects.bulk_create(
                [
                    model(
                        group_id=group_id,
                        permission_id=permission_id,
                        **{object_field: object_id},
                    )
                    for group_id, object_id, permission_id in sorted(missing)
                ]
            )
            model.objects.filter(pk__in=stale).delete()
        result.added["model"] = _add_model_permissions(profiles, dry_run)
    return result


def _add_model_permissions(profiles, dry_run):
    """Give the groups of `profiles` the model permissions provisioning gives
    (redirects, search promotions; narrowed to their sites by the cluster's
    policies). They do not depend on the hierarchy, so none is taken away.
    Returns how many (group, permission) pairs were missing."""
    group_ids = {
        group_id
        for profile in profiles
        for group_id in (profile.editors_group_id, profile.reviewers_group_id)
        if group_id
    }
    permissions = site_model_permissions()
    through = Group.permissions.through
    held = set(
        through.objects.filter(
            group_id__in=group_ids, permission__in=permissions
        ).values_list("group_id", "permission_id")
    )
    missing = {
        (group_id, permission.pk)
        for group_id in group_ids
        for permission in permissions
    } - held
    if not dry_run:
        through.objects.bulk_create(
            [
                through(group_id=group_id, permission_id=permission_id)
                for group_id, permission_id in sorted(missing)
            ]
        )
    return len(missing)
