"""Site profiles: who runs each site of the cluster, where it sits in the
government hierarchy, and the identity items its footer must show."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Site

from .forms import SiteOwnedAdminForm
from .validators import validate_identity_code


class SiteLevel(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇（街道）")
    DEPARTMENT = "department", _("部门")


class SiteStatus(models.TextChoices):
    ACTIVE = "active", _("运行")
    DORMANT = "dormant", _("休眠")
    CLOSED = "closed", _("已关停")


class SiteProfileQuerySet(models.QuerySet):
    def for_hostname(self, hostname):
        return self.get(site__hostname=hostname)

    def with_site(self):
        return self.select_related("site", "superior__site")


class SiteProfile(models.Model):
    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, related_name="profile", verbose_name=_("站点")
    )
    name = models.CharField(
        _("网站全称"), max_length=100, help_text=_("例如：某某市人民政府")
    )
    short_name = models.CharField(
        _("简称"), max_length=40, help_text=_("导航和列表中显示，例如：某某市政府")
    )
    level = models.CharField(_("层级"), max_length=20, choices=SiteLevel.choices)
    superior = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("上级站点"),
    )
    identity_code = models.CharField(
        _("网站标识码"),
        max_length=10,
        unique=True,
        validators=[validate_identity_code],
        help_text=_(
            "10位数字：前六位为行政区划代码，后四位为顺序号，例如 5109030018。"
        ),
    )
    sponsor = models.CharField(_("主办单位"), max_length=100, blank=True)
    undertaker = models.CharField(_("承办单位"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    icp_number = models.CharField(
        _("ICP备案号"),
        max_length=50,
        blank=True,
        help_text=_("例如：蜀ICP备05003410号"),
    )
    public_security_number = models.CharField(
        _("公安机关备案号"),
        max_length=50,
        blank=True,
        help_text=_("例如：川公网安备 51090302000101号"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.ACTIVE
    )
    closed_on = models.DateField(_("关停日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_sites",
        verbose_name=_("上移至站点"),
        help_text=_("已关停站点的内容迁入的站点。"),
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("媒体集合"),
    )
    editors_group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("编辑组"),
    )
    reviewers_group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核组"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = SiteProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("站点档案")
        verbose_name_plural = _("站点档案")
        ordering = ["site__hostname"]
        permissions = [("inspect_cluster", _("可查看整个站群（检查员）"))]

    def __str__(self):
        return self.name

    @property
    def hostname(self):
        return self.site.hostname

    @property
    def is_closed(self):
        return self.status == SiteStatus.CLOSED

    def ancestors(self):
        """Superior sites from the nearest upward."""
        chain, seen, node = [], {self.pk}, self.superior
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.superior
        return chain

    def descendants(self):
        """Every site below this one in the hierarchy (breadth first)."""
        found, frontier = [], [self]
        seen = {self.pk}
        while frontier:
            children = list(
                SiteProfile.objects.filter(superior__in=frontier)
                .select_related("site")
                .order_by("site__hostname")
            )
            frontier = [child for child in children if child.pk not in seen]
            seen.update(child.pk for child in frontier)
            found.extend(frontier)
        return found

    def footer_items_missing(self):
        """Footer identity items (domain.md) this profile does not yet provide."""
        required = {
            "sponsor": self.sponsor,
            "identity_code": self.identity_code,
            "icp_number": self.icp_number,
            "public_security_number": self.public_security_number,
            "phone": self.phone or self.email,
        }
        return [name for name, value in required.items() if not value]


class SiteOwnedModel(models.Model):
    """Base for records that belong to one site of the cluster (content-check
    dictionaries, issuing bodies, mailboxes, ...).

    Register the admin with a viewset mixing in
    `sites.viewsets.SiteScopedViewSetMixin` and every listing, inspect/edit/
    delete/history/usage view, chooser, bulk action and the site choice of the
    form are limited to the user's sites (see docs/isolation.md)::

        class IssuingBody(SiteOwnedModel):
            name = models.CharField(_("名称"), max_length=100)

        class IssuingBodyViewSet(SiteScopedViewSetMixin, SnippetViewSet):
            model = IssuingBody

        register_snippet(IssuingBodyViewSet)
    """

    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("所属站点"),
        help_text=_("只有该站点（及其上级站点）的编辑能看到和修改这条记录。"),
    )

    base_form_class = SiteOwnedAdminForm

    class Meta:
        abstract = True
