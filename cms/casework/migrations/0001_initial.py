"""HolidayOverride moves here from disclosure with its table
(`disclosure_holidayoverride`) and its rows: only Django's state changes, and
the content type follows so permissions and admin history keep pointing at
the model."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    _relabel(apps, "disclosure", "casework")


def restore_content_type(apps, schema_editor):
    _relabel(apps, "casework", "disclosure")


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="holidayoverride").exists():
        return
    ContentType.objects.filter(app_label=old, model="holidayoverride").update(
        app_label=new
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        # The table was created by disclosure's first migration.
        ("disclosure", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HolidayOverride",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("date", models.DateField(unique=True, verbose_name="日期")),
                        ("is_working_day", models.BooleanField(help_text="勾选表示当天上班（如调休的周末），不勾选表示放假。", verbose_name="是工作日")),
                        ("note", models.CharField(blank=True, help_text="例如：2027年春节", max_length=100, verbose_name="说明")),
                    ],
                    options={
                        "verbose_name": "节假日调整",
                        "verbose_name_plural": "节假日调整",
                        "ordering": ["date"],
                        "db_table": "disclosure_holidayoverride",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
