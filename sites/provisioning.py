"""Creating a site of the cluster: the Wagtail Site, its profile, its home page
with the standard columns for its level, its groups and its media collection.
`create_site` and `seed_demo` both go through `provision_site`."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

from cms.pages.models import ColumnKind, ColumnPage, HomePage

from .models import SiteLevel, SiteProfile
from .signals import site_provisioned
from .validators import identity_code_problem

# (slug, title, kind) — the columns every site of a level starts with.
FULL_COLUMN_SET = [
    ("news", "政务动态", ColumnKind.NEWS),
    ("notices", "通知公告", ColumnKind.NOTICE),
    ("policies", "政策文件", ColumnKind.POLICY),
    ("interpretation", "政策解读", ColumnKind.INTERPRETATION),
    ("disclosure", "信息公开", ColumnKind.OTHER),
    ("services", "办事服务", ColumnKind.OTHER),
    ("interaction", "互动交流", ColumnKind.OTHER),
    ("about", "机构概况", ColumnKind.STATIC),
    ("personnel", "人事信息", ColumnKind.PERSONNEL),
    ("plans", "规划计划", ColumnKind.PLANNING),
]
STANDARD_COLUMNS = {
    SiteLevel.PROVINCE: FULL_COLUMN_SET
    + [("statistics", "统计信息", ColumnKind.STATISTICS)],
    SiteLevel.CITY: FULL_COLUMN_SET
    + [("statistics", "统计信息", ColumnKind.STATISTICS)],
    SiteLevel.COUNTY: FULL_COLUMN_SET,
    SiteLevel.DEPARTMENT: FULL_COLUMN_SET,
    SiteLevel.TOWNSHIP: [
        column
        for column in FULL_COLUMN_SET
        if column[0]
        in {
            "news",
            "notices",
            "policies",
            "disclosure",
            "services",
            "interaction",
            "about",
        }
    ],
}

EDITOR_PAGE_PERMISSIONS = ("add", "change", "lock")
REVIEWER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)

# Model permissions of every site's editors and reviewers. They name no site:
# the cluster's permission policies (sites.permissions) narrow them to the
# records of the group's manageable sites.
SITE_MODEL_PERMISSIONS = (
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("annualreports", "add_websiteannualreport"),
    ("annualreports", "change_websiteannualreport"),
    ("newmedia", "add_newmediaaccount"),
    ("newmedia", "change_newmediaaccount"),
    ("newmedia", "delete_newmediaaccount"),
)


class ProvisioningError(Exception):
    """A request to create a site that cannot be carried out; nothing was created."""


@dataclass
class SiteRequest:
    name: str
    short_name: str
    hostname: str
    code: str
    level: str
    superior: str | None = None
    port: int = 80
    profile_fields: dict = field(default_factory=dict)


@dataclass
class ProvisioningResult:
    profile: SiteProfile | None
    created: bool
    plan: list[str]


def validate_request(request):
    """Raise ProvisioningError with every problem of the request, in Chinese."""
    problems = []
    if not request.name.strip():
        problems.append(_("网站全称不能为空。"))
    if not request.short_name.strip():
        problems.append(_("简称不能为空。"))
    hostname = request.hostname.strip().lower()
    if (
        not hostname
        or any(ch in hostname for ch in "/: ")
        or hostname != request.hostname
    ):
        problems.append(
            _("主机名“%(host)s”无效：只写小写域名，不带协议、端口或路径。")
            % {"host": request.hostname}
        )
    if request.level not in SiteLevel.values:
        problems.append(
            _("层级“%(level)s”无效，可选：%(choices)s。")
            % {"level": request.level, "choices": ", ".join(SiteLevel.values)}
        )
    code_problem = identity_code_problem(request.code)
    if code_problem:
        problems.append(str(code_problem))
    elif (
        SiteProfile.objects.filter(identity_code=request.code)
        .exclude(site__hostname=request.hostname)
        .exists()
    ):
        other = SiteProfile.objects.select_related("site").get(
            identity_code=request.code
        )
        problems.append(
            _("网站标识码 %(code)s 已被站点 %(host)s 使用。")
            % {"code": request.code, "host": other.site.hostname}
        )
    if request.superior:
        if request.superior == request.hostname:
            problems.append(_("站点不能以自己为上级。"))
        elif not SiteProfile.objects.filter(site__hostname=request.superior).exists():
            problems.append(
                _("上级站点 %(host)s 不存在。") % {"host": request.superior}
            )
    elif (
        request.level not in (SiteLevel.PROVINCE, SiteLevel.CITY)
        and SiteProfile.objects.exists()
    ):
        problems.append(
            _("%(level)s站点必须指定上级站点（--superior）。")
            % {"level": SiteLevel(request.level).label}
        )
    if problems:
        raise ProvisioningError("\n".join(problems))


def provision_site(request, dry_run=False):
    """Create the site described by `request`, or return the existing one when
    a site with that hostname exists already (nothing is changed then)."""
    existing = (
        SiteProfile.objects.with_site().filter(site__hostname=request.hostname).first()
    )
    if existing is not None:
        return ProvisioningResult(
            existing,
            created=False,
            plan=[_("站点 %(host)s 已存在，未作改动。") % {"host": request.hostname}],
        )
    if any(
        not _is_wagtail_welcome_site(site)
        for site in Site.objects.filter(hostname=request.hostname)
    ):
        raise ProvisioningError(
            _("主机名 %(host)s 已被一个没有站点档案的 Wagtail 站点占用。")
            % {"host": request.hostname}
        )
    validate_request(request)
    columns = STANDARD_COLUMNS[request.level]
    plan = [
        _("创建站点 %(host)s：%(name)s（%(level)s）")
        % {
            "host": request.hostname,
            "name": request.name,
            "level": SiteLevel(request.level).label,
        },
        _("创建首页及 %(n)d 个标准栏目：%(titles)s")
        % {
            "n": len(columns),
            "titles": "、".join(title for _slug, title, _kind in columns),
        },
        _("创建编辑组、审核组和媒体集合“%(name)s”") % {"name": request.name},
    ]
    if dry_run:
        return ProvisioningResult(None, created=False, plan=plan)
    with transaction.atomic():
        profile = _create(request, columns)
    return ProvisioningResult(profile, created=True, plan=plan)


def _is_wagtail_welcome_site(site):
    """Wagtail's initial migration leaves a bare "Welcome" page served as the
    default site; the cluster's first real site takes its place."""
    page = site.root_page
    return (
        not SiteProfile.objects.filter(site=site).exists()
        and page.specific_class is Page
        and page.depth == 2
        and page.numchild == 0
    )


def _remove_wagtail_welcome_site():
    for site in Site.objects.filter(profile__isnull=True).select_related("root_page"):
        if _is_wagtail_welcome_site(site):
            page = site.root_page
            site.delete()
            page.delete()


def _create(request, columns):
    _remove_wagtail_welcome_site()
    root = Page.get_first_root_node()
    home = HomePage(
        title=request.name,
        slug=_unique_root_slug(request.hostname),
        seo_title=request.name,
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    for slug, title, kind in columns:
        column = ColumnPage(title=title, slug=slug, kind=kind, show_in_menus=True)
        home.add_child(instance=column)
        column.save_revision().publish()
    site = Site.objects.create(
        hostname=request.hostname,
        port=request.port,
        root_page=home,
        site_name=request.name,
        is_default_site=not Site.objects.filter(is_default_site=True).exists(),
    )
    collection = Collection.get_first_root_node().add_child(
        name=_unique_collection_name(request.name)
    )
    superior = (
        SiteProfile.objects.get(site__hostname=request.superior)
        if request.superior
        else None
    )
    profile = SiteProfile(
        site=site,
        name=request.name,
        short_name=request.short_name,
        level=request.level,
        superior=superior,
        identity_code=request.code,
        collection=collection,
        **request.profile_fields,
    )
    try:
        profile.full_clean()
    except ValidationError as error:
        raise ProvisioningError("; ".join(error.messages)) from error
    profile.save()
    profile.editors_group = Group.objects.create(
        name=_("%(name)s（%(host)s）编辑")
        % {"name": request.name, "host": request.hostname}
    )
    profile.reviewers_group = Group.objects.create(
        name=_("%(name)s（%(host)s）审核")
        % {"name": request.name, "host": request.hostname}
    )
    profile.save(update_fields=["editors_group", "reviewers_group"])
    grant_site_permissions(profile.editors_group, profile, EDITOR_PAGE_PERMISSIONS)
    grant_site_permissions(profile.reviewers_group, profile, REVIEWER_PAGE_PERMISSIONS)
    grant_site_setting_permissions(profile.editors_group, profile, editors=True)
    grant_site_setting_permissions(profile.reviewers_group, profile)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    profile.editors_group.permissions.add(access_admin)
    profile.reviewers_group.permissions.add(access_admin)
    grant_site_model_permissions(profile)
    if superior is not None:
        for manager in managing_profiles(profile):
            grant_site_permissions(
                manager.editors_group, profile, EDITOR_PAGE_PERMISSIONS
            )
            grant_site_permissions(
                manager.reviewers_group, profile, REVIEWER_PAGE_PERMISSIONS
            )
            grant_site_setting_permissions(manager.editors_group, profile, editors=True)
            grant_site_setting_permissions(manager.reviewers_group, profile)
    site_provisioned.send(sender=SiteProfile, profile=profile)
    return profile


def managing_profiles(profile):
    """The superior sites whose groups also manage `profile`'s site, following
    the CLUSTER_SUPERIOR_ACCESS setting."""
    access = settings.CLUSTER_SUPERIOR_ACCESS
    if access == "none" or profile.superior is None:
        return []
    ancestors = profile.ancestors()
    return ancestors[:1] if access == "direct" else ancestors


def grant_site_permissions(group, profile, page_permissions):
    """Give `group` the page permissions on `profile`'s site tree and the media
    permissions on its collection, and nothing anywhere else."""
    if group is None:
        return
    home = profile.site.root_page
    for codename in page_permissions:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{codename}_page"
            ),
        )
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=profile.collection,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )


def site_model_permissions():
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in SITE_MODEL_PERMISSIONS
    ]


def grant_site_model_permissions(profile):
    """Give `profile`'s editors and reviewers `SITE_MODEL_PERMISSIONS`
    (adding what is missing; idempotent)."""
    permissions = site_model_permissions()
    for group in (profile.editors_group, profile.reviewers_group):
        if group is not None:
            group.permissions.add(*permissions)


def site_setting_permissions(editors=False):
    """The `change_<model>` permission of every per-site settings model
    (site logo and colour, ...): reviewers hold them for their sites only.
    With `editors`, only those of settings models that declare
    `editors_may_change = True` (e.g. whether pushes are accepted)."""
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.contrib.settings.registry import registry

    permissions = []
    for model in registry:
        if issubclass(model, BaseSiteSetting) and (
            not editors or getattr(model, "editors_may_change", False)
        ):
            permissions.append(
                Permission.objects.get(
                    content_type__app_label=model._meta.app_label,
                    codename=f"change_{model._meta.model_name}",
                )
            )
    return permissions


def grant_site_setting_permissions(group, profile, editors=False):
    if group is None:
        return
    for permission in site_setting_permissions(editors=editors):
        GroupSitePermission.objects.get_or_create(
            group=group, site=profile.site, permission=permission
        )


def _unique_root_slug(hostname):
    base = slugify(hostname.replace(".", "-")) or "site"
    slug, n = base, 2
    while Page.objects.filter(depth=2, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _unique_collection_name(name):
    candidate, n = name, 2
    while Collection.objects.filter(name=candidate).exists():
        candidate, n = f"{name} ({n})", n + 1
    return candidate
