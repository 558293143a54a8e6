"""Government information disclosure (政府信息公开): issuing bodies and the
catalog, applications, annual reports."""

from .applications import (
    AnswerReason,
    AnswerType,
    ApplicantType,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    Consultation,
    FeeNotice,
    InformationApplication,
)
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
    "Channel",
    "Consultation",
    "DisclosureDocumentAttachment",
    "DisclosureDocumentPage",
    "DisclosureGuidePage",
    "DisclosureIndexPage",
    "FeeNotice",
    "IndexNumberSequence",
    "InformationApplication",
    "IssuingBody",
    "RegulatoryKind",
    "SubjectCategory",
    "Validity",
]
