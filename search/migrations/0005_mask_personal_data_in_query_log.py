"""Mask the personal data that queries logged before it was masked may hold
(e-mail addresses, grouped phone and ID numbers). A row whose masked query
already has a row of the same site, day and scope is added to that row."""

import re

from django.db import migrations

# The rule of search.service.loggable_query when this migration was written
# (a migration keeps its own copy: the service's rule may change later).
MASK = "＊"
PERSONAL_DATA = re.compile(
    r"[A-Za-z0-9._%+-]+\s?[@＠]\s?[A-Za-z0-9-]+(?:\s?[.。．]\s?[A-Za-z0-9-]+)*"
    r"|\d{6,}[Xx]?"
    r"|\d(?:[\s\-－]?\d){6,}(?:[\s\-－]?[Xx])?"
)


def mask_logged_queries(apps, schema_editor):
    SearchQueryLog = apps.get_model("govsearch", "SearchQueryLog")
    candidates = SearchQueryLog.objects.filter(query__regex=r"[0-9@＠]").order_by("pk")
    for log in candidates.iterator():
        masked = PERSONAL_DATA.sub(MASK, log.query)[:100]
        if masked == log.query:
            continue
        same = (
            SearchQueryLog.objects.filter(
                site_id=log.site_id, day=log.day, scope=log.scope, query=masked
            )
            .exclude(pk=log.pk)
            .first()
        )
        if same is None:
            log.query = masked
            log.save(update_fields=["query"])
        else:
            same.hits += log.hits
            same.results = min(same.results, log.results)
            same.save(update_fields=["hits", "results"])
            log.delete()


class Migration(migrations.Migration):
    dependencies = [("govsearch", "0004_bitmap_index")]

    operations = [
        migrations.RunPython(mask_logged_queries, migrations.RunPython.noop),
    ]
