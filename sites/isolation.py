"""Which sites of the cluster a user may see and manage. Every per-site
restriction in the admin and the APIs goes through these functions."""

from django.db.models import Q
from wagtail.models import GroupPagePermission, Site


def is_cluster_admin(user):
    return user.is_active and user.is_superuser


def is_inspector(user):
    """Cluster-wide inspectors (检查员) read every site and change nothing."""
    return user.is_active and user.has_perm("cluster.inspect_cluster")


def is_read_only_inspector(user):
    """An inspector who is not also a cluster administrator: reads only."""
    return is_inspector(user) and not is_cluster_admin(user)


def manageable_sites(user):
    """Sites whose content `user` may change: superusers all of them, everyone
    else the sites on whose home page one of their groups holds a page
    permission (their own site, plus subordinates per CLUSTER_SUPERIOR_ACCESS)."""
    if not user.is_active or user.is_anonymous:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    root_page_ids = GroupPagePermission.objects.filter(group__user=user).values(
        "page_id"
    )
    return Site.objects.filter(root_page_id__in=root_page_ids)


def visible_sites(user):
    """Sites whose content `user` may read in the admin: the manageable ones,
    or every site for an inspector."""
    if is_inspector(user):
        return Site.objects.all()
    return manageable_sites(user)


def page_filter_for_sites(sites, prefix=""):
    """A Q matching pages inside the trees of `sites` (`prefix` for related
    lookups, e.g. "page__")."""
    condition = Q(pk__in=[])
    for root_path in sites.values_list("root_page__path", flat=True):
        condition |= Q(**{f"{prefix}path__startswith": root_path})
    return condition


def visible_page_roots(user):
    """Paths of the page trees `user` may read in the admin, or None when they
    may read every page (cluster administrators and inspectors). Besides the
    trees of their visible sites, a user reads any tree on which one of their
    groups holds a page permission, so Wagtail's own grants keep working."""
    if is_cluster_admin(user) or is_inspector(user):
        return None
    roots = set(visible_sites(user).values_list("root_page__path", flat=True))
    roots.update(
        GroupPagePermission.objects.filter(group__user=user).values_list(
            "page__path", flat=True
        )
    )
    return sorted(roots)


def visible_page_filter(user, prefix=""):
    """A Q matching the pages `user` may read (`prefix` for related lookups),
    or None when they may read every page."""
    roots = visible_page_roots(user)
    if roots is None:
        return None
    condition = Q(**{f"{prefix}pk__in": []})
    for path in roots:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def visible_pages(user, queryset):
    """`queryset` (of pages) narrowed to the pages `user` may read."""
    condition = visible_page_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def can_view_page(user, page):
    """Whether `user` may open `page` in the admin. The tree's root node only
    carries the sites and is a neutral starting point for everyone."""
    if page.depth == 1:
        return True
    return visible_pages(user, type(page).objects.filter(pk=page.pk)).exists()
