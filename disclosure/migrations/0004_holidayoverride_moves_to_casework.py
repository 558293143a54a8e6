"""HolidayOverride now belongs to casework (cms.casework), which keeps this
app's table: only Django's state forgets the model here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0003_subject_categories"),
        ("casework", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="HolidayOverride")],
            database_operations=[],
        ),
    ]
