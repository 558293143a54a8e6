from django.db import migrations

from monitoring.score_table import seed_default_table


def seed(apps, schema_editor):
    seed_default_table(
        apps.get_model("monitoring", "ScoreGroup"),
        apps.get_model("monitoring", "ScoreRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_score_table_and_manual_findings")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
