from django.db import migrations


def load_starter_dictionary(apps, schema_editor):
    """Add the cluster-wide starter entries that are not there yet; entries
    administrators changed or removed stay as they left them on re-runs."""
    from cms.publishing.starter_dictionary import starter_entries

    DictionaryEntry = apps.get_model("publishing", "DictionaryEntry")
    existing = set(
        DictionaryEntry.objects.filter(site__isnull=True).values_list("kind", "term")
    )
    DictionaryEntry.objects.bulk_create(
        [
            DictionaryEntry(kind=kind, term=term, suggestion=suggestion, note=note)
            for kind, term, suggestion, note in starter_entries()
            if (kind, term) not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [
        migrations.RunPython(load_starter_dictionary, migrations.RunPython.noop),
    ]
