"""Introducing a working member to where they live (Mẫu 1-213), the commune's receipt,
exemptions and later changes of a member."""
from __future__ import annotations

from datetime import date

from ..domain import clock
from ..domain.introductions import (ChangeKind, Introduction, apply_change, is_moving_out, issue,
                                    move_needs_letter, receive, record_exemption)
from ..domain.members import Exemption, Member
from ..domain.numbering import official_number, term_of
from ..domain.org import sort_by_person
from ..storage import Repositories
from . import kept_documents
from .attendance_register import refresh_summaries


def issue_letter(repos: Repositories, by: str, member: Member, commune_id: str, cell_id: str | None, on: date,
                 signer_name: str, token: str) -> tuple[Introduction, bool]:
    """Issue an introduction letter, with the next official number of the signing
    committee in its term. The same form posted twice makes one letter and uses up one number."""
    with repos.transaction():
        earlier = repos.tokens.used(token)
        if earlier:
            return repos.introductions.get(earlier), False
        number = _official_number(repos, member.workplace_id, on)
        introduction = issue(repos.introductions.next_code(on.year), number, member, commune_id, cell_id, on, by,
                             signer_name)
        repos.introductions.add(introduction)
        repos.tokens.use(token, introduction.code)
        repos.audit.record(by, "gioi_thieu_sinh_hoat_noi_cu_tru", introduction.code, dang_vien=member.id, den=commune_id)
    return introduction, True


def _official_number(repos: Repositories, issuer_id: str, on: date) -> str:
    """"12-GGT/ĐU": the count of the signing committee's term, and the symbol of that body."""
    issuer = repos.units.structure().get(issuer_id)
    sequence = repos.introductions.next_number(issuer_id, term_of(issuer_id, on))
    return official_number(sequence, issuer.name if issuer else "")


def receive_letter(repos: Repositories, by: str, code: str, on: date, cell_id: str, receiver_name: str) -> Introduction:
    """The commune receives the member into one of its cells: the letter and the member
    change together (IntroductionError if the domain refuses)."""
    with repos.transaction():
        moved: list = []   # the member before, and the received letter

        def change(current: Introduction) -> Introduction:
            def into_the_cell(member: Member) -> Member:   # the member read and saved in this unit of work
                received, changed = receive(current, member, on, cell_id, receiver_name, by, clock.now())
                moved[:] = [member, received]
                return changed
            repos.members.update(current.member_id, into_the_cell)
            return moved[1]
        received = repos.introductions.update(code, change)
        before = moved[0]
        repos.audit.record(by, "tiep_nhan_gioi_thieu", code, chi_bo=cell_id, dang_vien=received.member_id)
        kept_documents.queue(repos, code)
        refresh_summaries(repos, [before.residence_cell_id if before else None, cell_id], on.year)
    return received


def exempt(repos: Repositories, by: str, member: Member, exemption: Exemption, ground: str,
           applies_from: date | None = None) -> Member:
    """An exemption (mục 1.1, 1.2 Hướng dẫn số 33-HD/BTCTW) recorded by the workplace officer,
    with its ground and the date from which it applies, in the member's history and the audit trail."""
    today = clock.today()
    with repos.transaction():
        # the stored member, read and saved in one unit of work: a change made meanwhile is kept
        changed = repos.members.update(
            member.id, lambda current: record_exemption(current, exemption, ground, today, applies_from))
        repos.audit.record(by, "ghi_mien_hd33", member.id, truong_hop=str(exemption), can_cu=ground,
                           tu_ngay=applies_from.isoformat() if applies_from and exemption else "")
        years = {today.year} | ({applies_from.year} if applies_from else set())
        for year in sorted(years):
            refresh_summaries(repos, [member.residence_cell_id, changed.residence_cell_id], year)
    return changed


def record_change(repos: Repositories, by: str, member: Member, kind: ChangeKind, on: date, note: str, token: str,
                  **details) -> tuple[Member, bool]:
    """A change notice (moving house, workplace, away, leaving the party). The same form
    posted twice is recorded once: returns (member, False) for a repeat.

    A move issues, in the same unit of work, a new introduction letter dated today to the
    commune/ward committee of the new residence, which receives the member and refers them
    to a cell (khoản 1 Điều 4 Quy định số 213-QĐ/TW); the member's latest letter is that one."""
    with repos.transaction():
        if repos.tokens.used(token):
            return repos.members.get(member.id), False
        changed = repos.members.update(member.id, lambda current: apply_change(current, kind, on, note, **details))
        letter = None
        if kind == ChangeKind.MOVED_HOUSE and move_needs_letter(changed):
            # the same token: issue_letter remembers the letter's code as what the form made
            letter, _ = issue_letter(repos, by, changed, details["new_commune_id"], None, clock.today(), "", token)
        else:
            repos.tokens.use(token, member.id)
        repos.audit.record(by, "bao_thay_doi_dang_vien", member.id, loai=str(kind), ghi_chu=note,
                           **({"gioi_thieu": letter.code, "den": letter.commune_id} if letter else {}))
        refresh_summaries(repos, [member.residence_cell_id, changed.residence_cell_id], on.year)
    return changed, True


def get(repos: Repositories, code: str) -> Introduction | None:
    return repos.introductions.get(code)


def latest_for_member(repos: Repositories, member_id: str) -> Introduction | None:
    return repos.introductions.latest_for_member(member_id)


def waiting_for_commune(repos: Repositories, commune_id: str) -> list[Introduction]:
    return repos.introductions.waiting_for_commune(commune_id)


def arriving(repos: Repositories, cell_id: str) -> list[Introduction]:
    """Members introduced to live in the cell whom its commune has not received yet."""
    commune_id = repos.units.structure().commune_of(cell_id)
    return [i for i in repos.introductions.waiting_for_commune(commune_id or "") if i.proposed_cell_id == cell_id]


def leaving(repos: Repositories, cell_id: str) -> list[tuple[Member, Introduction]]:
    """Members still on the cell's list whom a newer letter introduces elsewhere, by name,
    each with that letter: the cell keeps them until the commune refers them to a cell."""
    found = [(member, repos.introductions.latest_for_member(member.id))
             for member in sort_by_person(repos.members.of_cell(cell_id))]
    return [(member, latest) for member, latest in found if is_moving_out(member, latest)]


def workplace_members(repos: Repositories, workplace_id: str) -> list[tuple[Member, Introduction | None]]:
    """The workplace's members by name, each with their latest introduction."""
    return [(member, repos.introductions.latest_for_member(member.id))
            for member in sort_by_person(repos.members.of_workplace(workplace_id))]
