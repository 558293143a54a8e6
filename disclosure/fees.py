"""Information-processing fees (政府信息公开信息处理费管理办法, 2020): the amount
of a notice by count (the applicant's applications to one body in a calendar
month) or by volume (pages), from the tiers in the settings."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum

from .models import ApplicationStatus, FeeNotice, InformationApplication


def price_by_count(number):
    """The fee of an applicant's `number`-th application in a month."""
    tiers = settings.DISCLOSURE_FEE_BY_COUNT_TIERS
    for up_to, price in tiers:
        if number <= up_to:
            return Decimal(price)
    last_up_to, last_price = tiers[-1]
    step, increase = settings.DISCLOSURE_FEE_BY_COUNT_STEP
    steps = (number - last_up_to - 1) // step + 1
    return Decimal(last_price + steps * increase)


def price_by_volume(pages):
    """The fee of `pages` pages: each page at the price of its tier."""
    total, lower = Decimal(0), 0
    for up_to, price in settings.DISCLOSURE_FEE_BY_VOLUME_TIERS:
        upper = pages if up_to is None else min(pages, up_to)
        if upper > lower:
            total += (upper - lower) * Decimal(price)
        if up_to is None or pages <= up_to:
            break
        lower = up_to
    return total


def same_applicant(application):
    """A filter for the applications of `application`'s applicant: the same ID
    or credit code, else the same name and phone."""
    if application.credit_code:
        return Q(credit_code=application.credit_code)
    if application.id_number:
        return Q(id_type=application.id_type, id_number=application.id_number)
    return Q(name=application.name, phone=application.phone)


def monthly_number(application):
    """Which of its applicant's applications to the same body in the calendar
    month of receipt `application` is (1 for the first)."""
    received = application.received_on
    earlier = (
        InformationApplication.objects.filter(
            same_applicant(application),
            body=application.body,
            received_on__year=received.year,
            received_on__month=received.month,
        )
        .filter(
            Q(received_on__lt=received) | Q(received_on=received, pk__lt=application.pk)
        )
        .count()
    )
    return earlier + 1


def fee_for(application, method, pages=None):
    """(quantity, amount) of a notice by `method` for `application`."""
    if method == FeeNotice.Method.BY_COUNT:
        number = monthly_number(application)
        return number, price_by_count(number)
    return pages, price_by_volume(pages)


def fees_summary(site, year):
    """The fee notices of `site`'s applications sent in `year`: how many, how
    many paid and for how much (yuan), how many closed unpaid."""
    notices = FeeNotice.objects.filter(
        application__body__site=site, notified_on__year=year
    )
    paid = notices.exclude(paid_on=None)
    return {
        "fee_notices": notices.count(),
        "fees_paid": paid.count(),
        # A string, as the report's summary is stored as JSON.
        "fee_amount": str(
            (paid.aggregate(total=Sum("amount"))["total"] or Decimal(0)).quantize(
                Decimal("0.01")
            )
        ),
        "fees_unpaid": notices.filter(
            application__status=ApplicationStatus.FEE_UNPAID
        ).count(),
    }
