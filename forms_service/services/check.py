"""`check`: the store's indexes and oversight's summaries rebuilt from the records and
compared with what is stored; with `repair`, what differed is put right."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import clock
from ..storage import Repositories
from .attendance_register import check_summaries
from .kept_documents import missing as documents_missing


@dataclass
class CheckResult:
    differences: list[str] = field(default_factory=list)
    repaired: bool = False
    documents_missing: list[str] = field(default_factory=list)  # final documents whose printed copy waits
    outgrown: str | None = None   # the store past its kind's ceiling, and how to move


def check_store(repos: Repositories, repair: bool = False) -> CheckResult:
    """Compare every index, and the summaries of every year with meetings besides this year
    and the last, with the records."""
    report = repos.check(repair=repair)
    result = CheckResult(differences=list(report.differences), repaired=report.repaired)
    result.differences += check_summaries(repos, sorted(_years_of_meetings(repos)), repair)
    result.repaired = repair and bool(result.differences)
    result.documents_missing = documents_missing(repos)
    result.outgrown = repos.outgrown()
    return result


def _years_of_meetings(repos: Repositories) -> set[int]:
    from ..domain.org import UnitKind

    this_year = clock.today().year
    years = {this_year - 1, this_year}
    for cell in repos.units.structure().of_kind(UnitKind.RESIDENCE_CELL):
        years |= {meeting.date.year for meeting in repos.meetings.for_cell(cell.id)}
    return years
