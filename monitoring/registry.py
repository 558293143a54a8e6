"""What other apps give the monitor, registered in their `AppConfig.ready()`.

Monitoring sits on top of the other apps and never imports them: an app that
can answer one of the questions below registers its function here (like
Wagtail's hooks), and a rule whose question nobody answers says it was skipped.
This module imports nothing of the project, so any app may import it.

The questions, with the signature of the function that answers them:

``CONTENT_MATCHER``
    ``matchers_for_sites(site_pks)`` → {site pk: the content-check dictionary
    matcher of that site}, each with ``find(text)`` → [finding with ``rule``,
    ``severity``, ``text`` and ``suggestion``], the dictionary read and
    compiled once for all the sites (publishing).
``RICH_TEXT_READER``
    ``rich_text_prose(html)`` → the prose of a rich text value as the content
    check reads it (publishing).
``CONSULTATION_HEALTH``
    ``consultation_health_of_sites(profiles, as_of, since, months)`` → {site pk: an
    object with ``channels`` (the working consultation channels),
    ``overdue`` (letters with ``tracking_code``, ``received_at``,
    ``answered_at`` and ``admin_url``, unanswered past `months` months (the score table's threshold) at
    some time in [since, as_of]) and ``late`` (letters of that period
    answered after their due date, or open past it, not in ``overdue``)} for
    the sites of `profiles`, in a number of queries that does not grow with
    them (interaction).
``LATE_DOCUMENTS``
    ``late_documents_of_sites(profiles, as_of)`` → {site pk: the
    ``url_path`` of each of the site's live disclosure documents published
    by `as_of` after the proactive-disclosure deadline, newest first}
    (disclosure).
``ANNUAL_REPORT_PUBLICATION``
    ``report_publications(profiles, as_of)`` → {site pk: None for a site
    that publishes no annual disclosure report, else an object with
    ``year``, ``deadline``, ``published_on`` (None while unpublished),
    ``is_late`` and ``page`` (the published page or None)} (disclosure).
``WEBSITE_REPORT_PUBLICATION``
    ``report_publications(profiles, as_of)`` → {site pk: the same for the
    site's 政府网站工作年度报表 on the year before `as_of`'s, or None for a
    site that publishes none} (annualreports).
``NEW_MEDIA_ACCOUNTS``
    ``new_media_accounts(profiles, as_of)`` → {profile pk: [account]} for the
    government new-media accounts of those sites running on ``as_of``, each
    with ``pk``, ``name``, ``platform`` (code), ``platform_label``,
    ``account_id``, ``body``, ``sponsor``, ``filed`` (filing done),
    ``interaction_available``, ``opened_on``, ``last_post_on`` (the newest
    date with a post on or before ``as_of``, None when none is known),
    ``recent_posts`` (posts in the ``activity_days`` before ``as_of``, the
    keyword argument the monitor passes), ``unanswered`` (messages left
    unanswered in the latest staff-reported period ending within the
    ``activity_days`` before ``as_of``, 0 when none), ``feed_error`` (the last feed read's error, or "") and
    ``admin_url`` (newmedia).

The questions about sites take a list of profiles (site and root page
loaded), or of site pks, and answer for all of them at once, in a number of
queries that does not grow with them; the monitor asks for up to 200 sites
at a time (the dictionary: for every site of a check at once).
"""

from contextlib import contextmanager

CONTENT_MATCHER = "content_matcher"
RICH_TEXT_READER = "rich_text_reader"
CONSULTATION_HEALTH = "consultation_health"
LATE_DOCUMENTS = "late_documents"
ANNUAL_REPORT_PUBLICATION = "annual_report_publication"
WEBSITE_REPORT_PUBLICATION = "website_report_publication"
NEW_MEDIA_ACCOUNTS = "new_media_accounts"

QUESTIONS = frozenset(
    {
        CONTENT_MATCHER,
        RICH_TEXT_READER,
        CONSULTATION_HEALTH,
        LATE_DOCUMENTS,
        ANNUAL_REPORT_PUBLICATION,
        WEBSITE_REPORT_PUBLICATION,
        NEW_MEDIA_ACCOUNTS,
    }
)

_providers = {}


def register(question, function):
    """Answer `question` (one of QUESTIONS) with `function`. Registering the
    same function again is harmless; a second, different one is a mistake."""
    if question not in QUESTIONS:
        raise ValueError(f"unknown monitoring question {question!r}")
    existing = _providers.get(question)
    if existing is not None and existing is not function:
        raise ValueError(f"monitoring question {question!r} is answered already")
    _providers[question] = function


def provider(question):
    """The function answering `question`, or None while no installed app
    answers it."""
    if question not in QUESTIONS:
        raise ValueError(f"unknown monitoring question {question!r}")
    return _providers.get(question)


@contextmanager
def without(*questions):
    """Within the block, `questions` are unanswered (for tests of the rules
    that must be skipped when an app is not installed)."""
    saved = {question: _providers.pop(question, None) for question in questions}
    try:
        yield
    finally:
        for question, function in saved.items():
            if function is not None:
                _providers[question] = function
