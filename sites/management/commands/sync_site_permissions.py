from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from sites.models import SiteProfile
from sites.permission_sync import sync_site_permissions

ACCESS_CHOICES = ("none", "direct", "all")


class Command(BaseCommand):
    help = _(
        "按当前的 CLUSTER_SUPERIOR_ACCESS 设置和站点层级，重新设置每个站点编辑组、"
        "审核组的页面、媒体和站点设置权限：补上缺少的，撤销不再适用的；"
        "并补上重定向和搜索推荐的权限（这两项只增不减）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("只报告将要增加和撤销的权限数，不修改数据库。"),
        )

    def handle(self, *args, dry_run=False, **options):
        access = settings.CLUSTER_SUPERIOR_ACCESS
        if access not in ACCESS_CHOICES:
            raise CommandError(
                _("CLUSTER_SUPERIOR_ACCESS 的值“%(value)s”无效，可选：%(choices)s。")
                % {"value": access, "choices": ", ".join(ACCESS_CHOICES)}
            )
        profiles = SiteProfile.objects.select_related("site", "superior")
        if not profiles.exists():
            raise CommandError(_("还没有任何站点，无需同步权限。"))
        result = sync_site_permissions(
            profiles,
            dry_run=dry_run,
            progress=lambda items: tqdm(
                items, desc=_("站点"), file=self.stdout, disable=None
            ),
        )
        prefix = _("[试运行] ") if dry_run else ""
        self.stdout.write(
            prefix
            + _(
                "上级站点管理范围：%(access)s；共 %(sites)d 个站点。"
                "增加权限：页面 %(ap)d、媒体 %(ac)d、站点设置 %(as)d、"
                "重定向和搜索推荐 %(am)d；"
                "撤销权限：页面 %(rp)d、媒体 %(rc)d、站点设置 %(rs)d。"
            )
            % {
                "access": access,
                "sites": result.sites,
                "ap": result.added["page"],
                "ac": result.added["collection"],
                "as": result.added["site"],
                "am": result.added["model"],
                "rp": result.removed["page"],
                "rc": result.removed["collection"],
                "rs": result.removed["site"],
            }
        )
