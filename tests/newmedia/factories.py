"""Building new-media accounts and their activity in tests."""

import itertools
from datetime import date

from newmedia.models import ActivityRecord, NewMediaAccount, NewMediaPost

_ids = itertools.count(1)


def account(site, **fields):
    number = next(_ids)
    fields.setdefault("platform", "wechat")
    fields.setdefault("name", f"账号{number}")
    fields.setdefault("account_id", f"acct-{number}")
    fields.setdefault("body", "某某县人民政府办公室")
    fields.setdefault("sponsor", "某某县人民政府办公室")
    fields.setdefault("opened_on", date(2020, 1, 1))
    fields.setdefault("filing_state", "filed")
    fields.setdefault("filed_on", date(2020, 1, 5))
    return NewMediaAccount.objects.create(site=site, **fields)


def record(account, start, end, **fields):
    fields.setdefault("last_post_on", end if fields.get("posts") else None)
    return ActivityRecord.objects.create(
        account=account, period_start=start, period_end=end, **fields
    )


def post(account, published_at, guid=None):
    return NewMediaPost.objects.create(
        account=account,
        guid=guid or f"post-{next(_ids)}",
        title="发布",
        published_at=published_at,
    )
