"""What every site needs for interaction: a consultation mailbox (and for
city, county and province portals a leader mailbox) in its `interaction`
column, and a default handling unit. Used on provisioning and by the
`ensure_interaction` command for sites that existed before; idempotent."""

from django.conf import settings
from django.utils.translation import gettext as _

from cms.pages.models import ColumnPage
from sites.models import SiteLevel

from .models import Department, MailboxKind, MailboxPage

INTERACTION_COLUMN_SLUG = "interaction"
DEFAULT_DEPARTMENT = "办公室"
LEADER_TITLES = {
    SiteLevel.PROVINCE: "省长信箱",
    SiteLevel.CITY: "市长信箱",
    SiteLevel.COUNTY: "县长信箱",
}


def leader_mailbox_title(profile):
    if profile.level == SiteLevel.COUNTY and profile.name.endswith("区人民政府"):
        return "区长信箱"
    return LEADER_TITLES[profile.level]


def wanted_mailboxes(profile):
    """[(kind, title, slug), ...] the site should have at least one of each."""
    wanted = [(MailboxKind.CONSULTATION, "政务咨询", "consultation")]
    if profile.level in LEADER_TITLES:
        wanted.insert(
            0, (MailboxKind.LEADER, leader_mailbox_title(profile), "leader-mailbox")
        )
    return wanted


def ensure_site_interaction(profile, dry_run=False):
    """Create what is missing; return a description of each change."""
    changes = []
    site = profile.site
    column = (
        ColumnPage.objects.child_of(site.root_page)
        .filter(slug=INTERACTION_COLUMN_SLUG)
        .first()
    )
    if column is None:
        return [
            _("站点 %(host)s 没有“互动交流”栏目（interaction），未创建信箱。")
            % {"host": site.hostname}
        ]
    existing_kinds = set(
        MailboxPage.objects.descendant_of(site.root_page).values_list("kind", flat=True)
    )
    for kind, title, slug in wanted_mailboxes(profile):
        if kind in existing_kinds:
            continue
        changes.append(
            _("站点 %(host)s：创建信箱“%(title)s”")
            % {"host": site.hostname, "title": title}
        )
        if not dry_run:
            mailbox = MailboxPage(
                title=title,
                slug=slug,
                kind=kind,
                notice=_(
                    "本信箱受理与本机关职责相关的咨询和建议。涉法涉诉、信访事项请通过相应渠道反映。"
                    "我们将在受理后%(days)d个工作日内答复。"
                )
                % {"days": settings.INTERACTION_ANSWER_DEADLINE_WORKING_DAYS},
            )
            column.add_child(instance=mailbox)
            mailbox.save_revision().publish()
    if not Department.objects.filter(site=site).exists():
        changes.append(
            _("站点 %(host)s：创建承办单位“%(name)s”")
            % {"host": site.hostname, "name": DEFAULT_DEPARTMENT}
        )
        if not dry_run:
            Department.objects.create(site=site, name=DEFAULT_DEPARTMENT)
    return changes
