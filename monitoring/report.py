"""What a check finds on one site, and the score that follows from it by the
score table (score_table.py: any veto fails; otherwise under
MONITORING_PASS_SCORE fails; deductions under one indicator never exceed that
indicator's points)."""

from dataclasses import dataclass, field
from datetime import datetime

from . import score_table


@dataclass
class Veto:
    code: str
    detail: str
    evidence: list[str] = field(default_factory=list)
    name: str = ""  # the item's name in the score table
    manual: bool = False  # recorded by an inspector

    def as_json(self):
        return {
            "code": self.code,
            "detail": self.detail,
            "evidence": self.evidence,
            "name": self.name,
            "manual": self.manual,
        }


@dataclass
class Deduction:
    """A deduction, or a bonus item in SiteReport.bonuses."""

    code: str
    points: float
    detail: str
    evidence: list[str] = field(default_factory=list)
    name: str = ""
    manual: bool = False

    def as_json(self):
        return {
            "code": self.code,
            "points": self.points,
            "detail": self.detail,
            "evidence": self.evidence,
            "name": self.name,
            "manual": self.manual,
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
    table: score_table.ScoreTable
    vetoes: list[Veto] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    bonuses: list[Deduction] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    last_update: datetime | None = None
    # Bonus items count for portals only (not department sites, not sites
    # outside the platform).
    portal: bool = False
    # A department the inspector found to offer no external services.
    services_exempt: bool = False

    def veto(self, code, detail, evidence=(), *, manual=False):
        """Record a veto, unless the office disabled (or removed) it in the
        score table."""
        if self.table.active(code) is None:
            return
        self.vetoes.append(
            Veto(code, detail, list(evidence), self.table.name(code), manual)
        )

    def deduct(self, code, occurrences, detail, evidence=(), *, manual=False):
        """Add a deduction of `occurrences` times the item's points, capped at
        the item's cap; nothing when there is nothing to deduct or the office
        removed the item from the table."""
        points = self.table.points_for(code, occurrences)
        if occurrences <= 0 or points is None:
            return
        self.deductions.append(
            Deduction(
                code, points, detail, list(evidence), self.table.name(code), manual
            )
        )

    def add_bonus(self, code, occurrences, detail, evidence=()):
        points = self.table.points_for(code, occurrences)
        if occurrences <= 0 or points is None:
            return
        self.bonuses.append(
            Deduction(code, points, detail, list(evidence), self.table.name(code), True)
        )

    @property
    def result(self):
        return score_table.score(self, self.table)

    @property
    def score(self):
        return self.result.score

    @property
    def passed(self):
        return self.result.passed

    def merge(self, other):
        self.vetoes += other.vetoes
        self.deductions += other.deductions
        self.bonuses += other.bonuses
        self.warnings += other.warnings
