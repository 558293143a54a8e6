from django.db import migrations

from monitoring.score_table import seed_default_table


def seed(apps, schema_editor):
    # Adds the rows missing from the stored table (here the
    # 政府网站工作年度报表 rule); rows the office edited are left alone.
    seed_default_table(
        apps.get_model("monitoring", "ScoreGroup"),
        apps.get_model("monitoring", "ScoreRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0007_release_and_interpretation_one_group")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
