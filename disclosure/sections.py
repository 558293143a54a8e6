"""The disclosure section of every site: under the standard column with slug
`disclosure` (信息公开) go the guide, the catalog, the application page and the
annual reports. Created for new sites by the `site_provisioned` receiver and
for existing ones by `manage.py disclosure_sections`; both only add what is
missing."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext as _

from cms.pages.models import ColumnPage

DISCLOSURE_COLUMN_SLUG = "disclosure"
# The disclosure office (the site's reviewers) manages its issuing bodies and
# enters the annual report figures; the viewsets keep it to its own site.
OFFICE_PERMISSIONS = (
    "add_issuingbody",
    "change_issuingbody",
    "view_issuingbody",
    "add_annualfigures",
    "change_annualfigures",
    "view_annualfigures",
)


def _section_specs():
    from .models import (
        AnnualReportIndexPage,
        ApplicationPage,
        DisclosureGuidePage,
        DisclosureIndexPage,
    )

    return [
        (
            DisclosureGuidePage,
            "guide",
            _("政府信息公开指南"),
            {
                "intro": _(
                    "<p>为便于公民、法人和其他组织获取政府信息，根据《中华人民共和国"
                    "政府信息公开条例》，编制本指南。</p>"
                ),
                "classification": _(
                    "<p>主动公开的政府信息按主题分类编排，每条信息有唯一的索引号"
                    "（机构代码/年份-序号）。</p>"
                ),
                "how_to_obtain": _(
                    "<p>主动公开的信息可在本网站“政府信息公开目录”中浏览、检索和下载。"
                    "申请获取其他政府信息的，可通过本网站“依申请公开”在线提交，"
                    "或以信函、传真方式提出。能够当场答复的当场答复；不能当场答复的，"
                    "自收到申请之日起20个工作日内答复，需要延长的经负责人同意可延长"
                    "不超过20个工作日。</p>"
                ),
                "remedies": _(
                    "<p>认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级"
                    "行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请"
                    "行政复议或者提起行政诉讼。</p>"
                ),
            },
        ),
        (DisclosureIndexPage, "catalog", _("政府信息公开目录"), {}),
        (
            ApplicationPage,
            "apply",
            _("依申请公开"),
            {
                "intro": _(
                    "<p>请如实填写申请人信息和所需信息的内容描述。提交后您将获得查询码，"
                    "凭查询码和联系电话可查询办理状态。</p>"
                )
            },
        ),
        (AnnualReportIndexPage, "annual-reports", _("政府信息公开年报"), {}),
    ]


def disclosure_column(profile):
    return (
        ColumnPage.objects.child_of(profile.site.root_page)
        .filter(slug=DISCLOSURE_COLUMN_SLUG)
        .first()
    )


def missing_sections(profile):
    """[(model, slug, title, fields)] of the sections the site lacks; None when
    the site has no disclosure column at all."""
    column = disclosure_column(profile)
    if column is None:
        return None
    return [
        spec
        for spec in _section_specs()
        if not spec[0].objects.child_of(column).exists()
    ]


def grant_office_permissions(profile):
    group = profile.reviewers_group
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="disclosure", codename__in=OFFICE_PERMISSIONS
        )
    )


def ensure_sections(profile):
    """Create the missing sections of `profile`'s site; return their titles."""
    missing = missing_sections(profile)
    grant_office_permissions(profile)
    if not missing:
        return []
    column = disclosure_column(profile)
    created = []
    for model, slug, title, fields in missing:
        unique_slug, n = slug, 2
        while column.get_children().filter(slug=unique_slug).exists():
            unique_slug, n = f"{slug}-{n}", n + 1
        page = model(title=title, slug=unique_slug, **fields)
        column.add_child(instance=page)
        page.save_revision().publish()
        created.append(title)
    return created
