"""The rule of reach over accounts, paper codes and sessions on the account, and a member who leaves."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from forms_service.domain.access import Actor, Role
from forms_service.domain.accounts import Account, Power, account_units, new_code, reach, typed_code
from forms_service.domain.clock import ZONE
from forms_service.domain.members import Member, MemberStatus
from forms_service.domain.onboarding import account_reach_problem, member_reach_problem
from forms_service.domain.org import OrgStructure, Unit, UnitKind

COMMUNES = {"khom-1": "phuong-a", "khom-2": "phuong-a", "ap-3": "xa-b"}
commune_of = COMMUNES.get
MEMBER_OF_KHOM_1 = account_units(Role.MEMBER, None, "so-giao-duc", "khom-1")


def test_each_officer_reaches_only_the_people_of_its_unit():
    commune = Actor("xaphuong", Role.COMMUNE_OFFICER, "phuong-a")
    assert reach(commune, Role.MEMBER, MEMBER_OF_KHOM_1, commune_of) == Power.MANAGE
    assert reach(commune, Role.CELL_SECRETARY, account_units(Role.CELL_SECRETARY, "khom-2"), commune_of) == Power.MANAGE
    assert reach(commune, Role.CELL_SECRETARY, account_units(Role.CELL_SECRETARY, "ap-3"), commune_of) is None
    assert reach(commune, Role.COMMUNE_OFFICER, account_units(Role.COMMUNE_OFFICER, "phuong-a"), commune_of) is None
    assert reach(commune, Role.ADMIN, frozenset(), commune_of) is None

    workplace = Actor("capuy", Role.WORKPLACE_OFFICER, "so-giao-duc")
    assert reach(workplace, Role.MEMBER, MEMBER_OF_KHOM_1, commune_of) == Power.MANAGE
    assert reach(workplace, Role.MEMBER, account_units(Role.MEMBER, None, "benh-vien", "khom-1"), commune_of) is None
    assert reach(workplace, Role.CELL_SECRETARY, account_units(Role.CELL_SECRETARY, "so-giao-duc"), commune_of) is None

    secretary = Actor("bithu", Role.CELL_SECRETARY, "khom-1")
    assert reach(secretary, Role.MEMBER, MEMBER_OF_KHOM_1, commune_of) == Power.NEW_CODE
    assert reach(secretary, Role.MEMBER, account_units(Role.MEMBER, None, "so-giao-duc", "khom-2"), commune_of) is None
    assert reach(Actor("dangvien", Role.MEMBER, None, "dv-1"), Role.MEMBER, MEMBER_OF_KHOM_1, commune_of) is None
    assert reach(Actor("quantri", Role.ADMIN), Role.ADMIN, frozenset(), commune_of) == Power.MANAGE


def test_a_code_works_until_used_or_seven_days_old():
    now = datetime(2026, 12, 7, 9, 0, tzinfo=ZONE)
    code = new_code()
    assert typed_code(code.lower().replace("-", " ")) == code
    account = Account("an", "An", Role.MEMBER, "").with_code("hash", now)
    assert account.code_state(now + timedelta(days=6, hours=23)) == "valid"
    assert account.code_state(now + timedelta(days=7)) == "expired"
    assert account.with_code_spent().code_state(now) == "used"


def test_sessions_end_one_by_one_or_all_at_once():
    account = Account("an", "An", Role.MEMBER, "h", session_stamp="s").with_session("a").with_session("b")
    assert account.has_session("s", "a") and account.has_session("s", "b")
    assert not account.without_session("a").has_session("s", "a")
    ended = account.sessions_ended()
    assert not ended.has_session(ended.session_stamp, "b")
    assert Account.from_record(account.to_record()) == account


def test_a_member_who_left_counts_for_meetings_before_the_day_only():
    member = Member("dv-1", "Đặng Văn Hải", "Nam", date(1980, 1, 1), date(2005, 1, 1), "so-giao-duc", "Chi bộ A",
                    residence_cell_id="khom-1")
    gone = member.leaving(date(2026, 12, 1), "chuyen_tinh")
    assert gone.status == MemberStatus.LEFT and gone.history[-1]["change"] == "roi_danh_sach"
    assert gone.concerned_by(date(2026, 11, 30)) and not gone.concerned_by(date(2026, 12, 1))
    assert Member.from_record(gone.to_record()) == gone


def test_the_import_asks_the_same_rule_of_reach():
    org = OrgStructure([Unit("phuong-a", UnitKind.COMMUNE, "Phường A", None),
                        Unit("xa-b", UnitKind.COMMUNE, "Xã B", None),
                        *(Unit(cell, UnitKind.RESIDENCE_CELL, cell, commune) for cell, commune in COMMUNES.items()),
                        Unit("so-giao-duc", UnitKind.WORKPLACE, "Sở Giáo dục", None)])
    officers = [Actor("quantri", Role.ADMIN), Actor("xaphuong", Role.COMMUNE_OFFICER, "phuong-a"),
                Actor("capuy", Role.WORKPLACE_OFFICER, "so-giao-duc"), Actor("bithu", Role.CELL_SECRETARY, "khom-1")]
    for officer in officers:
        for role in Role:
            if role == Role.MEMBER:
                continue
            for unit in org.units:
                manages = reach(officer, role, account_units(role, unit), org.commune_of) == Power.MANAGE
                assert (account_reach_problem(officer, org, role, unit) is None) == manages, (officer, role, unit)
        for cell in COMMUNES:
            manages = reach(officer, Role.MEMBER, account_units(Role.MEMBER, None, "so-giao-duc", cell),
                            org.commune_of) == Power.MANAGE
            assert (member_reach_problem(officer, org, "so-giao-duc", cell) is None) == manages, (officer, cell)
