"""The service's front page: each role's home page, its actions first, then what waits.

Every page of a role's journeys is reached from here by visible links; the top bar's
"Trang của tôi" leads back. The actions are listed here, role by role; what waits comes from
each journey through one table the app factory fills, so home imports no journey."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, url_for

from ..domain import clock
from ..domain.access import Actor, Role, allowed
from ..domain.accounts import ACCOUNTS_PAGE
from ..services.home import HomeFigures, home_figures
from .auth import current_actor, repos

bp = Blueprint("home", __name__)


@dataclass(frozen=True)
class Waiting:
    """One line of a home page: what, where to do it, and how many wait (None: nothing queues there)."""
    text: str
    count: int | None
    url: str


def _member_actions(actor: Actor, home: HomeFigures) -> list[Waiting]:
    return [Waiting("Viết đơn xin vắng sinh hoạt", None, url_for("letters.write")),
            Waiting("Đơn của tôi (đang chờ xử lý)", home.open_letters, url_for("letters.my_letters")),
            Waiting("Phiếu nhận xét về tôi", None, url_for("comments.mine")),
            Waiting("Giấy giới thiệu của tôi", None, url_for("introductions.mine"))]


def _secretary_actions(actor: Actor, home: HomeFigures) -> list[Waiting]:
    year = clock.today().year
    return [Waiting(f"Sổ theo dõi sinh hoạt năm {year}", None, url_for("attendance_register.index")),
            Waiting("Lên lịch buổi sinh hoạt", None, url_for("attendance_register.schedule")),
            Waiting("Đơn xin vắng gửi chi bộ", home.letters_waiting,
                    url_for("letter_review.cell_list")),
            Waiting(f"Phiếu cần nhận xét năm {year}",
                    home.comments_to_fill, url_for("comments.cell_list")),
            Waiting("Giấy giới thiệu đảng viên về chi bộ cần tiếp nhận", home.arriving,
                    url_for("introductions.cell_list")),
            Waiting("Danh sách đảng viên của chi bộ (in, tải về)", None,
                    url_for("member_lists.cell_id", cell_id=actor.unit_id, danh_sach="tat-ca"))]


def _workplace_actions(actor: Actor, home: HomeFigures) -> list[Waiting]:
    year = clock.today().year
    return [Waiting("Đơn xin vắng chờ xác nhận", home.letters_waiting,
                    url_for("letter_review.workplace_list")),
            Waiting(f"Xin ý kiến nhận xét năm {year}", None, url_for("comments.ask")),
            Waiting(f"Phiếu nhận xét đã nhận năm {year}",
                    home.comments_returned, url_for("comments.workplace_list")),
            Waiting("Giấy giới thiệu và báo thay đổi của đảng viên", None, url_for("introductions.workplace_list")),
            Waiting("Nhập danh sách đảng viên từ tệp Excel", None, url_for("onboarding.upload")),
            Waiting("Danh sách đảng viên của đơn vị (in, tải về)", None,
                    url_for("member_lists.workplace_id", workplace_id=actor.unit_id, danh_sach="tat-ca"))]


def _commune_actions(actor: Actor, home: HomeFigures) -> list[Waiting]:
    return [Waiting("Giám sát thực hiện Quy định 213", None, url_for("oversight.index")),
            Waiting("Giấy giới thiệu chờ tiếp nhận", home.introductions_waiting,
                    url_for("introductions.commune_list")),
            Waiting("Đơn xin vắng sinh hoạt trong xã, phường", None, url_for("letter_review.commune_list")),
            Waiting("Nhập danh sách đảng viên, tài khoản, chi bộ từ tệp Excel", None, url_for("onboarding.upload")),
            Waiting("Chi bộ trong xã, phường: thêm, đổi tên, sáp nhập", None, url_for("units.index")),
            Waiting("Danh sách đảng viên trong xã, phường (in, tải về)", None,
                    url_for("member_lists.commune_id", commune_id=actor.unit_id, danh_sach="tat-ca"))]


def _front_actions(actor: Actor, home: HomeFigures) -> list[Waiting]:
    year = clock.today().year
    return [Waiting(f"Ý kiến về đảng viên đang công tác năm {year}", None, url_for("front_committee.area_list"))]


def _admin_actions(actor: Actor, home: HomeFigures) -> list[Waiting]:
    return [Waiting("Tài khoản, đơn vị, nhập danh sách", None, url_for("admin.index")),
            Waiting("Quy định của địa phương (bật, tắt theo tỉnh và năm)", None, url_for("local_rules.index")),
            Waiting("Giám sát thực hiện Quy định 213", None, url_for("oversight.index")),
            Waiting("Phòng tập huấn (tập huấn bí thư chi bộ mới)", None, url_for("training_room.index"))]


def _account_actions(actor: Actor) -> list[Waiting]:
    """Officers who manage accounts within their reach (domain/accounts.py) reach that page from home."""
    if not allowed(actor, ACCOUNTS_PAGE):
        return []
    return [Waiting("Quản lý tài khoản", None, url_for("account_admin.index"))]


ACTIONS = {Role.MEMBER: _member_actions, Role.CELL_SECRETARY: _secretary_actions,
           Role.WORKPLACE_OFFICER: _workplace_actions, Role.COMMUNE_OFFICER: _commune_actions,
           Role.FRONT_COMMITTEE: _front_actions, Role.ADMIN: _admin_actions}


def waiting_lines(actor: Actor, home: HomeFigures) -> list[Waiting]:
    """What waits for this person, from each journey (their table: web/__init__.py)."""
    return [item for provider in current_app.extensions["home_lines"] for item in provider(actor, home)]


@bp.get("/")
def index():
    actor = current_actor()
    # an account bound to no unit or member (imported half-way) has nothing to act on yet
    if actor is None or (actor.role != Role.ADMIN and not (actor.unit_id or actor.member_id)):
        return render_template("home.html", actions=[], waiting=[], reminders=[])
    home = home_figures(repos(), actor, clock.today())
    return render_template("home.html", actions=ACTIONS[actor.role](actor, home) + _account_actions(actor),
                           waiting=waiting_lines(actor, home), reminders=home.reminders,
                           store_outgrown=home.store_outgrown, figures=home if actor.role == Role.ADMIN else None)
