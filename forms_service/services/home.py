"""The figures of each role's home page: what waits for the person, counted once per page
from the journeys' records (the page's lines and links are the web's)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..domain.access import Actor, Role
from ..domain.comments import CommentState, asked_only_when_needed
from ..domain.front_committee import area_members
from ..domain.meetings import Meeting
from ..domain.members import Exemption, MemberStatus
from ..domain.org import UnitKind
from ..domain.reminders import Reminder, member_recipient, officer_recipient
from ..storage import Repositories
from .comments import waiting_in_cell
from .introductions import arriving
from .notify import waiting_mail


@dataclass(frozen=True)
class HomeFigures:
    """Counts of one person's home page; those of another role stay 0."""
    open_letters: int = 0            # the member's letters not settled yet
    letters_waiting: int = 0         # letters waiting for the officer's workplace or the secretary's cell
    comments_to_fill: int = 0        # the cell's comments of the year still to fill in
    comments_returned: int = 0       # the workplace's comments of the year sent back, to receive
    not_asked: int = 0               # the workplace's members with a residence cell not asked for a comment
                                     # (those exempt under HD 33 mục 1.1 are not asked routinely)
    not_introduced: int = 0          # the workplace's members not introduced to where they live
    arriving: int = 0                # members introduced to the secretary's cell, not received yet
    introductions_waiting: int = 0   # introductions the commune has to receive
    unrecorded: tuple[Meeting, ...] = ()  # the cell's meetings of the year past, attendance not recorded
    cells: int = 0                   # the commune's residence cells
    communes: int = 0                # every commune (the administrator's oversight)
    store_outgrown: str | None = None  # the store past its kind's ceiling, and how to move (administrator)
    without_front_opinion: int = 0   # members of the Front committee's area without this year's opinion
    reminders: tuple[Reminder, ...] = ()  # the person's reminders whose event has not passed
    mail_waiting: int = 0            # the administrator's: messages in the outbox not sent yet ...
    mail_waiting_since: datetime | None = None  # ... the oldest queued at
    copies_waiting: int = 0          # final documents whose printed copy the worker has not made yet


def home_figures(repos: Repositories, actor: Actor, today: date) -> HomeFigures:
    # an officer's account not yet bound to a unit (imported half-way) has nothing counted
    bound = actor.unit_id or actor.role in (Role.MEMBER, Role.ADMIN)
    figures = _ROLE_FIGURES[actor.role](repos, actor, today) if bound else {}
    return HomeFigures(**figures, reminders=tuple(_reminders(repos, actor, today)))


def _member(repos: Repositories, actor: Actor, today: date) -> dict:
    letters = repos.letters.for_member(actor.member_id) if actor.member_id else []
    return {"open_letters": sum(1 for x in letters if not x.is_final)}


def _secretary(repos: Repositories, actor: Actor, today: date) -> dict:
    cell_id = actor.unit_id
    meetings = repos.meetings.for_cell(cell_id, today.year)
    return {"letters_waiting": repos.letters.count_waiting_for_cell(cell_id),
            "comments_to_fill": len(waiting_in_cell(repos, cell_id, today.year)),
            "arriving": len(arriving(repos, cell_id)),
            "unrecorded": tuple(m for m in meetings if m.date <= today and not m.extra.get("attendance"))}


def _workplace(repos: Repositories, actor: Actor, today: date) -> dict:
    comments = repos.comments.for_workplace(actor.unit_id, today.year)
    asked = {c.member_id for c in comments}
    active = [m for m in repos.members.of_workplace(actor.unit_id) if m.status == MemberStatus.ACTIVE]
    return {"letters_waiting": repos.letters.count_waiting_for_workplace(actor.unit_id),
            "comments_returned": sum(1 for c in comments if c.state == CommentState.SUBMITTED),
            "not_asked": sum(1 for m in active if m.residence_cell_id and m.id not in asked
                             and not asked_only_when_needed(m, today.year, today)),
            "not_introduced": sum(1 for m in active if not m.residence_cell_id
                                  and m.exemption != Exemption.FROM_INTRODUCTION)}


def _commune(repos: Repositories, actor: Actor, today: date) -> dict:
    return {"introductions_waiting": len(repos.introductions.waiting_for_commune(actor.unit_id)),
            "cells": len(repos.units.structure().children(actor.unit_id, UnitKind.RESIDENCE_CELL))}


def _front(repos: Repositories, actor: Actor, today: date) -> dict:
    given = {o.member_id for o in repos.front_committee.for_cell(actor.unit_id, today.year)}
    people = area_members(repos.members.of_cell(actor.unit_id), actor.unit_id, today.year, today)
    return {"without_front_opinion": sum(1 for p in people if p.member_id not in given)}


def _admin(repos: Repositories, actor: Actor, today: date) -> dict:
    mail_waiting, since = waiting_mail(repos)
    return {"communes": len(repos.units.structure().of_kind(UnitKind.COMMUNE)), "store_outgrown": repos.outgrown(),
            "mail_waiting": mail_waiting, "mail_waiting_since": since, "copies_waiting": len(repos.kept.waiting())}


_ROLE_FIGURES = {Role.MEMBER: _member, Role.CELL_SECRETARY: _secretary, Role.WORKPLACE_OFFICER: _workplace,
                 Role.COMMUNE_OFFICER: _commune, Role.FRONT_COMMITTEE: _front, Role.ADMIN: _admin}


def _reminders(repos: Repositories, actor: Actor, today: date) -> list[Reminder]:
    """The person's reminders whose event has not passed (made by `send-reminders`)."""
    if actor.member_id:
        recipient = member_recipient(actor.member_id)
    elif actor.unit_id:
        recipient = officer_recipient(actor.unit_id, str(actor.role))
    else:
        return []
    return repos.reminders.shown(recipient, today)
