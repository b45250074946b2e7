from __future__ import annotations

from datetime import date, datetime, timezone

from forms_service.domain.access import Actor, Relation, Role, Scope, allowed, define
from forms_service.domain.accounts import MAX_FAILURES, Account
from forms_service.domain.org import sort_people, vietnamese_sort_key


def test_vietnamese_order():
    words = ["Đức", "Dũng", "Ý", "Ân", "Ăn", "An", "Ưng", "Uyên", "Bình"]
    assert sorted(words, key=vietnamese_sort_key) == ["An", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Uyên", "Ưng", "Ý"]
    assert sort_people(["Trần Văn Đức", "Lê Thị An", "Phạm Minh Dũng"]) == ["Lê Thị An", "Phạm Minh Dũng", "Trần Văn Đức"]


def test_access_relations():
    action = define("test.view", MEMBER=Relation.OWN, CELL_SECRETARY=Relation.CELL,
                    WORKPLACE_OFFICER=Relation.WORKPLACE, COMMUNE_OFFICER=Relation.COMMUNE, ADMIN=Relation.ANY)
    scope = Scope(member_id="dv-1", cell_id="khom-1", workplace_id="so-gd", commune_id="phuong-a")
    assert allowed(Actor("a", Role.MEMBER, member_id="dv-1"), action, scope)
    assert not allowed(Actor("b", Role.MEMBER, member_id="dv-2"), action, scope)
    assert allowed(Actor("c", Role.CELL_SECRETARY, unit_id="khom-1"), action, scope)
    assert not allowed(Actor("d", Role.CELL_SECRETARY, unit_id="khom-2"), action, scope)
    assert allowed(Actor("e", Role.WORKPLACE_OFFICER, unit_id="so-gd"), action, scope)
    assert allowed(Actor("f", Role.COMMUNE_OFFICER, unit_id="phuong-a"), action, scope)
    assert not allowed(Actor("g", Role.COMMUNE_OFFICER, unit_id="phuong-a"), action, Scope())
    assert allowed(Actor("h", Role.ADMIN), action, scope)
    assert not allowed(None, action, scope)


def test_throttle_locks_after_repeated_failures():
    now = datetime(2026, 11, 27, tzinfo=timezone.utc)
    account = Account("x", "X", Role.MEMBER, "hash")
    for _ in range(MAX_FAILURES):
        account = account.after_failure(now)
    assert account.is_locked(now)
    assert not account.after_success().is_locked(now)


def test_member_initials_and_history(repos):
    member = repos.members.get("dv-001")
    assert member.initials == "N.V.A"
    moved = member.with_change(date(2026, 7, 1), "chuyen_noi_cu_tru", residence_cell_id="chi-bo-khom-2")
    repos.members.save(moved)
    assert [m.id for m in repos.members.of_cell("chi-bo-khom-2")].count("dv-001") == 1
    assert "dv-001" not in [m.id for m in repos.members.of_cell("chi-bo-khom-1")]
    assert repos.members.get("dv-001").history[-1]["before"] == {"residence_cell_id": "chi-bo-khom-1"}
