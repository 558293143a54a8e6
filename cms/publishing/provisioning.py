"""What the publishing area adds to every site: the default review workflow,
the editors' right to change the site's syndication setting, and to keep the
site's own check dictionary."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext as _
from wagtail.models import GroupSitePermission

from .workflows import ensure_default_workflow, planned_changes

DICTIONARY_PERMISSIONS = (
    "add_dictionaryentry",
    "change_dictionaryentry",
    "delete_dictionaryentry",
    "view_dictionaryentry",
)


def _setting_permission():
    return Permission.objects.get(
        content_type__app_label="publishing", codename="change_syndicationsettings"
    )


def planned_publishing_setup(profile):
    plan = list(planned_changes(profile))
    group = profile.editors_group
    if (
        group is not None
        and not GroupSitePermission.objects.filter(
            group=group, site=profile.site, permission=_setting_permission()
        ).exists()
    ):
        plan.append(
            _("允许 %(group)s 修改本站推送接收设置并维护本站检查词库")
            % {"group": group.name}
        )
    return plan


def provision_publishing(profile):
    """Idempotent: running it again on a provisioned site changes nothing."""
    ensure_default_workflow(profile)
    for group in (profile.editors_group, profile.reviewers_group):
        if group is None:
            continue
        GroupSitePermission.objects.get_or_create(
            group=group, site=profile.site, permission=_setting_permission()
        )
        # Which entries an editor sees and changes is limited to their own
        # sites by the dictionary's permission policy (wagtail_hooks.py).
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="publishing",
                codename__in=DICTIONARY_PERMISSIONS,
            )
        )


def on_site_provisioned(sender, profile, **kwargs):
    provision_publishing(profile)
