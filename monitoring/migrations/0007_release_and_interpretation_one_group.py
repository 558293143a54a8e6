from decimal import Decimal

from django.db import migrations

# domain.md names four deduction groups: release and interpretation (one
# group), services (25), interaction, function design. The table was seeded
# with 信息发布 (30) and 解读回应 (15) apart; a table still as seeded gets
# them as one group 发布解读 (45). A table the office has edited is left alone.


def merge(apps, schema_editor):
    ScoreGroup = apps.get_model("monitoring", "ScoreGroup")
    release = ScoreGroup.objects.filter(
        code="release", name="信息发布", points=Decimal(30)
    ).first()
    interpretation = ScoreGroup.objects.filter(
        code="interpretation", name="解读回应", points=Decimal(15)
    ).first()
    if release is None or interpretation is None:
        return
    interpretation.rules.update(group=release)
    interpretation.delete()
    release.name = "发布解读"
    release.points = Decimal(45)
    release.save()


def split(apps, schema_editor):
    ScoreGroup = apps.get_model("monitoring", "ScoreGroup")
    ScoreRule = apps.get_model("monitoring", "ScoreRule")
    release = ScoreGroup.objects.filter(
        code="release", name="发布解读", points=Decimal(45)
    ).first()
    if release is None:
        return
    interpretation = ScoreGroup.objects.create(
        code="interpretation",
        name="解读回应",
        part="deduction",
        points=Decimal(15),
        sort_order=release.sort_order + 1,
    )
    ScoreRule.objects.filter(
        code__in=["interpretation_missing", "response_missing"], group=release
    ).update(group=interpretation)
    release.name = "信息发布"
    release.points = Decimal(30)
    release.save()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_veto_limits_in_score_table")]

    operations = [migrations.RunPython(merge, split)]
