"""Government information disclosure (政府信息公开): the working-day calendar's
overrides, issuing bodies and the catalog, applications, annual reports."""

from .applications import (
    AnswerReason,
    AnswerType,
    ApplicantType,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    InformationApplication,
)
from .calendar import HolidayOverride
from .catalog import (
    DisclosureDocumentAttachment,
    DisclosureDocumentPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    IndexNumberSequence,
    IssuingBody,
    RegulatoryKind,
    SubjectCategory,
    Validity,
)
from .reports import AnnualFigures, AnnualReportIndexPage, AnnualReportPage
from .sections import ApplicationPage

__all__ = [
    "AnnualFigures",
    "AnnualReportIndexPage",
    "AnnualReportPage",
    "AnswerReason",
    "AnswerType",
    "ApplicantType",
    "ApplicationAttachment",
    "ApplicationEvent",
    "ApplicationPage",
    "ApplicationStatus",
    "DisclosureDocumentAttachment",
    "DisclosureDocumentPage",
    "DisclosureGuidePage",
    "DisclosureIndexPage",
    "HolidayOverride",
    "IndexNumberSequence",
    "InformationApplication",
    "IssuingBody",
    "RegulatoryKind",
    "SubjectCategory",
    "Validity",
]
