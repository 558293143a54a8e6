"""What a check finds on one site, and the score that follows from it
(domain.md: any veto fails; otherwise under MONITORING_PASS_SCORE fails;
deductions under one indicator never exceed that indicator's points)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings


@dataclass
class Veto:
    code: str
    detail: str
    evidence: list[str] = field(default_factory=list)

    def as_json(self):
        return {"code": self.code, "detail": self.detail, "evidence": self.evidence}


@dataclass
class Deduction:
    code: str
    points: float
    detail: str
    evidence: list[str] = field(default_factory=list)

    def as_json(self):
        return {
            "code": self.code,
            "points": self.points,
            "detail": self.detail,
            "evidence": self.evidence,
        }


@dataclass
class Warning:
    code: str
    detail: str

    def as_json(self):
        return {"code": self.code, "detail": self.detail}


@dataclass
class SiteReport:
    hostname: str
    vetoes: list[Veto] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    last_update: datetime | None = None

    def deduct(self, code, occurrences, detail, evidence=()):
        """Add a deduction of `occurrences` times the code's rate, capped at the
        indicator's points; nothing when there is nothing to deduct."""
        if occurrences <= 0:
            return
        rate, cap = settings.MONITORING_DEDUCTIONS[code]
        points = round(min(rate * occurrences, cap), 1)
        self.deductions.append(Deduction(code, points, detail, list(evidence)))

    @property
    def score(self):
        return round(max(0.0, 100.0 - sum(d.points for d in self.deductions)), 1)

    @property
    def passed(self):
        return not self.vetoes and self.score >= settings.MONITORING_PASS_SCORE

    def merge(self, other):
        self.vetoes += other.vetoes
        self.deductions += other.deductions
        self.warnings += other.warnings
