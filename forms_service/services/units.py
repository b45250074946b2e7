"""Units: create, rename, merge (communes merged in 2025, and more will). Each change is one
unit of work with its audit line. A renamed unit keeps its former names with their dates; a
merged unit stays in the store under its old name (old records and the documents issued under
it still name it) while its cells, members, accounts and this year's open comment requests
follow the unit it joined."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..domain.access import Actor
from ..domain.comments import CommentState
from ..domain.onboarding import unit_reach_problem
from ..domain.org import Unit, UnitKind, merge_problem, merged, rename_problem, renamed, validate_unit
from ..storage import Repositories
from .attendance_register import refresh_summaries


class UnitRefused(ValueError):
    """Why the change was not made, in words for the officer."""


def _unit(repos: Repositories, actor: Actor, unit_id: str) -> Unit:
    unit = repos.units.structure().get(unit_id)
    if unit is None:
        raise UnitRefused("Không tìm thấy đơn vị này.")
    problem = unit_reach_problem(actor, unit)
    if problem:
        raise UnitRefused(problem[0].upper() + problem[1:] + ".")
    return unit


def create_unit(repos: Repositories, actor: Actor, unit: Unit) -> Unit:
    with repos.transaction():
        org = repos.units.structure()
        if org.get(unit.id):
            raise UnitRefused(f"Mã đơn vị “{unit.id}” đã có.")
        problem = unit_reach_problem(actor, unit) or validate_unit(unit, org)
        if problem:
            raise UnitRefused(problem[0].upper() + problem[1:] + ".")
        repos.units.save_all([unit])
        repos.audit.record(actor.username, "tao_don_vi", target=unit.id, reason=unit.name)
    return unit


def rename_unit(repos: Repositories, actor: Actor, unit_id: str, new_name: str, on: date) -> Unit:
    with repos.transaction():
        unit = _unit(repos, actor, unit_id)
        problem = rename_problem(unit, new_name)
        if problem:
            raise UnitRefused(problem)
        changed = renamed(unit, new_name, on)
        repos.units.save_all([changed])
        repos.audit.record(actor.username, "doi_ten_don_vi", target=unit.id, reason=f"{unit.name} → {changed.name}")
    return changed


def merge_units(repos: Repositories, actor: Actor, source_id: str, target_id: str, on: date) -> Unit:
    """Merge `source` into `target`, all or nothing. Refused while letters wait for the source
    (they name its meetings): its officers answer them first."""
    with repos.transaction():
        source, target = _unit(repos, actor, source_id), _unit(repos, actor, target_id)
        problem = merge_problem(source, target)
        if problem:
            raise UnitRefused(problem)
        waiting = (repos.letters.count_waiting_for_cell(source.id) if source.kind == UnitKind.RESIDENCE_CELL
                   else repos.letters.count_waiting_for_workplace(source.id) if source.kind == UnitKind.WORKPLACE
                   else 0)
        if waiting:
            raise UnitRefused(f"{source.name} còn {waiting} đơn xin vắng đang chờ xử lý. Vui lòng xử lý xong các đơn "
                              "này rồi sáp nhập.")
        org = repos.units.structure()
        old, joined = merged(source, target, on)
        moved_units = [replace(child, parent_id=target.id) for child in org.children(source.id)]
        repos.units.save_all([old, joined, *moved_units])
        field = {UnitKind.RESIDENCE_CELL: "residence_cell_id", UnitKind.WORKPLACE: "workplace_id"}.get(source.kind)
        members = (repos.members.of_cell(source.id) if field == "residence_cell_id"
                   else repos.members.of_workplace(source.id) if field else [])
        for member in members:
            repos.members.update(member.id, lambda m: m.with_change(on, f"sap_nhap:{source.id}", **{field: target.id}))
        for account in repos.accounts.of_unit(source.id):
            repos.accounts.update(account.username, lambda a: replace(a, unit_id=target.id))
        _move_open_comments(repos, source, target, on.year)
        repos.audit.record(actor.username, "sap_nhap_don_vi", target=target.id,
                           reason=f"{source.name} sáp nhập vào {target.name}", merged=source.id,
                           members=len(members), units=len(moved_units))
    if source.kind == UnitKind.COMMUNE:
        # the year's figures of its cells now count for the merged commune: derived figures, counted
        # again once the move is saved (the TinyDB store re-reads its units only after a commit)
        with repos.transaction():
            refresh_summaries(repos, [u.id for u in moved_units if u.kind == UnitKind.RESIDENCE_CELL], on.year)
    return joined


def _move_open_comments(repos: Repositories, source: Unit, target: Unit, year: int) -> None:
    """This year's comments the cell has not yet written go to the cell that now has the member;
    those written keep the cell that wrote them."""
    if source.kind == UnitKind.RESIDENCE_CELL:
        for comment in repos.comments.for_cell(source.id, year):
            if comment.state == CommentState.REQUESTED:
                repos.comments.update(comment.code, lambda c: replace(c, cell_id=target.id))
        refresh_summaries(repos, [source.id, target.id], year)
    elif source.kind == UnitKind.WORKPLACE:
        for comment in repos.comments.for_workplace(source.id, year):
            if comment.state == CommentState.REQUESTED:
                repos.comments.update(comment.code, lambda c: replace(c, workplace_id=target.id))
