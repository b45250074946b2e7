"""The absence letter: sent by the member, confirmed by the workplace, decided by the cell."""
from __future__ import annotations

from datetime import date

from ..domain import clock
from ..domain.letters import Action, Letter, new_letter, transition
from ..domain.members import Member
from ..storage import Repositories
from . import kept_documents
from .local_rules import letter_asked


def submit(repos: Repositories, by: str, member: Member, meeting_ids: list[str], other_dates: list[date],
           reason_kind: str, reason_text: str, token: str, mail: bool = False) -> tuple[Letter, bool]:
    """Send a letter. The same form posted twice makes one letter: returns (letter, True)
    for a new one, (the earlier letter, False) for a repeat of `token`. With `mail` (a mail
    server is configured), the step's mail is queued with it. Whether the workplace confirms
    before the cell decides is the practice of the cell's province that year."""
    now = clock.calendar_now()  # its year numbers the letter; its day says whether it is late
    with repos.transaction():
        earlier = repos.tokens.used(token)
        if earlier:
            return repos.letters.get(earlier), False
        meetings = [m for m in (repos.meetings.get(i) for i in meeting_ids) if m]
        confirms_first = letter_asked(repos, member.residence_cell_id, now.year)
        letter = new_letter(repos.letters.next_code(now.year), member.id, member.full_name, member.residence_cell_id,
                            member.workplace_id, meetings, other_dates, reason_kind, reason_text, now, by,
                            workplace_confirms_first=confirms_first)
        repos.letters.add(letter)
        repos.tokens.use(token, letter.code)
        repos.audit.record(by, "don_xin_vang.gui_don", letter.code, state=str(letter.state), late=letter.late)
        if mail:
            queue_mail(repos, letter, Action.SUBMIT)
    return letter, True


def made_by_token(repos: Repositories, token: str) -> Letter | None:
    """The letter an earlier post of this form made, if any."""
    code = repos.tokens.used(token) if token else None
    return repos.letters.get(code) if code else None


def take_step(repos: Repositories, by: str, code: str, action: Action, note: str = "", mail: bool = False) -> Letter:
    """Confirm, decline, agree, not agree or withdraw: the domain says whether the step is
    allowed (LetterError if not); KeyError for an unknown code. `mail` as for `submit`."""
    with repos.transaction():
        _, letter = repos.letters.update(code, lambda current: transition(current, action, clock.now(), by, note))
        repos.audit.record(by, f"don_xin_vang.{action}", code, note, state=str(letter.state))
        if letter.is_final:
            kept_documents.queue(repos, code)
        if mail:
            queue_mail(repos, letter, action, note)
    return letter


LETTER_MAIL = "thu_don_xin_vang"


def queue_mail(repos: Repositories, letter: Letter, action: Action, note: str = "") -> None:
    """The mail of this step, sent once the change is saved (the web sends it at once,
    `send-mail` whatever is left)."""
    repos.outbox.add(LETTER_MAIL, letter.code, {"action": str(action), "note": note})


def get(repos: Repositories, code: str) -> Letter | None:
    return repos.letters.get(code)


def member_letters(repos: Repositories, member_id: str) -> list[Letter]:
    return repos.letters.for_member(member_id)


def waiting_for_workplace(repos: Repositories, workplace_id: str) -> list[Letter]:
    return repos.letters.waiting_for_workplace(workplace_id)


def cell_letters(repos: Repositories, cell_id: str, year: int) -> list[Letter]:
    return repos.letters.for_cell(cell_id, year)


def cell_review(repos: Repositories, cell_id: str, year: int) -> tuple[list[Letter], list[Letter]]:
    """(the letters waiting for the cell's decision, the cell's other letters of the year)."""
    waiting = repos.letters.waiting_for_cell(cell_id)
    codes = {letter.code for letter in waiting}
    return waiting, [x for x in repos.letters.for_cell(cell_id, year) if x.code not in codes]
