"""Tracking codes (查询码) the public uses to follow a case: random, without
look-alike characters (no 0/O, 1/I), checked against the codes in use."""

import secrets

TRACKING_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def random_code(length, rng=None):
    """`length` characters of TRACKING_CODE_ALPHABET (5 bits each), from
    `rng` when given (a seeded generator for demo data), else from `secrets`."""
    choice = rng.choice if rng is not None else secrets.choice
    return "".join(choice(TRACKING_CODE_ALPHABET) for _i in range(length))


def unused_code(make, queryset, field="tracking_code"):
    """The first code `make()` returns that no row of `queryset` has in
    `field`."""
    while True:
        code = make()
        if not queryset.filter(**{field: code}).exists():
            return code
