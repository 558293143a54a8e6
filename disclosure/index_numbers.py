"""Index numbers (索引号): `<body code>/<year>-<5-digit sequence>`.

The sequence of each body and year lives in IndexNumberSequence and only grows:
a number is issued once, even if its document is later deleted."""

from django.db import IntegrityError, transaction
from django.db.models import F


def format_index_number(body_code, year, number):
    return f"{body_code}/{year}-{number:05d}"


def allocate_index_number(body, year):
    """The next unused index number of `body` for `year`. Concurrent callers
    are serialised by the row lock the UPDATE takes on the sequence row."""
    from .models import DisclosureDocumentPage, IndexNumberSequence

    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexNumberSequence.objects.get_or_create(body=body, year=year)
        except IntegrityError:
            pass  # created by a concurrent transaction meanwhile
        sequence = IndexNumberSequence.objects.filter(body=body, year=year)
        while True:
            sequence.update(last_number=F("last_number") + 1)
            number = sequence.values_list("last_number", flat=True).get()
            candidate = format_index_number(body.code, year, number)
            # An administrator may have typed this number by hand: skip it.
            if not DisclosureDocumentPage.objects.filter(
                index_number=candidate
            ).exists():
                return candidate
