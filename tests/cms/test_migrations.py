"""An existing database upgrades without touching its tables: the models
match their migrations, and every model of the apps that moved (interaction
out of cms/, HolidayOverride from disclosure into casework) keeps the app label
and table it had before (schema of commit 8b8d88e)."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

# (app label, model, table) as of commit 8b8d88e, before the move.
TABLES_BEFORE = {
    ("interaction", "MailboxPage", "interaction_mailboxpage"),
    ("interaction", "Department", "interaction_department"),
    ("interaction", "Letter", "interaction_letter"),
    ("interaction", "LetterEvent", "interaction_letterevent"),
    ("interaction", "SolicitationFormField", "interaction_solicitationformfield"),
    ("interaction", "SolicitationPage", "interaction_solicitationpage"),
    ("interaction", "InterviewPage", "interaction_interviewpage"),
    ("interaction", "InterviewGuest", "interaction_interviewguest"),
    ("interaction", "InterviewImage", "interaction_interviewimage"),
    ("disclosure", "HolidayOverride", "disclosure_holidayoverride"),
    ("disclosure", "SubjectCategory", "disclosure_subjectcategory"),
    ("disclosure", "IssuingBody_handlers", "disclosure_issuingbody_handlers"),
    ("disclosure", "IssuingBody", "disclosure_issuingbody"),
    ("disclosure", "IndexNumberSequence", "disclosure_indexnumbersequence"),
    ("disclosure", "DisclosureIndexPage", "disclosure_disclosureindexpage"),
    ("disclosure", "DisclosureGuidePage", "disclosure_disclosureguidepage"),
    ("disclosure", "DisclosureDocumentPage", "disclosure_disclosuredocumentpage"),
    (
        "disclosure",
        "DisclosureDocumentAttachment",
        "disclosure_disclosuredocumentattachment",
    ),
    ("disclosure", "InformationApplication", "disclosure_informationapplication"),
    ("disclosure", "ApplicationEvent", "disclosure_applicationevent"),
    ("disclosure", "ApplicationAttachment", "disclosure_applicationattachment"),
    ("disclosure", "AnnualFigures", "disclosure_annualfigures"),
    ("disclosure", "AnnualReportIndexPage", "disclosure_annualreportindexpage"),
    ("disclosure", "AnnualReportPage", "disclosure_annualreportpage"),
    ("disclosure", "ApplicationPage", "disclosure_applicationpage"),
    ("monitoring", "SpotCheckRun", "monitoring_spotcheckrun"),
    ("monitoring", "SiteResult", "monitoring_siteresult"),
    ("monitoring", "AvailabilityProbe", "monitoring_availabilityprobe"),
}
# Models added since then, with new tables of their own.
ADDED_SINCE = {
    ("casework", "HolidaySchedule", "casework_holidayschedule"),
    ("disclosure", "Consultation", "disclosure_consultation"),
    ("disclosure", "FeeNotice", "disclosure_feenotice"),
    ("monitoring", "ScoreGroup", "monitoring_scoregroup"),
    ("monitoring", "ScoreRule", "monitoring_scorerule"),
    ("monitoring", "ManualFinding", "monitoring_manualfinding"),
}
# Models that changed app (state only) since then: old label -> new label.
MOVED = {("disclosure", "HolidayOverride"): "casework"}
MOVED_APPS = ("interaction", "disclosure", "monitoring", "casework")


def current_tables():
    return {
        (model._meta.app_label, model.__name__, model._meta.db_table)
        for label in MOVED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.mark.django_db
def test_models_need_no_new_migration():
    # Exits with status 1 (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_every_table_keeps_its_name():
    expected = {
        (MOVED.get((label, name), label), name, table)
        for label, name, table in TABLES_BEFORE
    } | ADDED_SINCE
    assert current_tables() == expected


def test_interaction_keeps_its_label_from_its_new_home():
    config = apps.get_app_config("interaction")
    assert (config.name, config.label) == ("interaction", "interaction")


def test_holiday_overrides_move_in_state_only():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    before = loader.project_state(("disclosure", "0003_subject_categories"))
    after = loader.project_state()
    assert before.models["disclosure", "holidayoverride"].options.get("db_table") in (
        None,
        "disclosure_holidayoverride",
    )
    assert ("disclosure", "holidayoverride") not in after.models
    moved = after.models["casework", "holidayoverride"]
    assert moved.options["db_table"] == "disclosure_holidayoverride"
    for migration in (
        loader.get_migration("casework", "0001_initial"),
        loader.get_migration("disclosure", "0004_holidayoverride_moves_to_casework"),
    ):
        for operation in migration.operations:
            assert getattr(operation, "database_operations", []) == []
