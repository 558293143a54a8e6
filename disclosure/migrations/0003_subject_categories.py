"""Ship the central government's subject classification (主题分类) as the
starting taxonomy; administrators adapt it in the admin."""

from django.db import migrations

CENTRAL_CATEGORIES = [
    "国务院组织机构",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]


def add_categories(apps, schema_editor):
    SubjectCategory = apps.get_model("disclosure", "SubjectCategory")
    for position, name in enumerate(CENTRAL_CATEGORIES, start=1):
        SubjectCategory.objects.get_or_create(
            name=name, defaults={"code": f"{position:02d}", "sort_order": position}
        )


def remove_categories(apps, schema_editor):
    SubjectCategory = apps.get_model("disclosure", "SubjectCategory")
    SubjectCategory.objects.filter(
        name__in=CENTRAL_CATEGORIES, documents__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_catalog_applications_reports")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
