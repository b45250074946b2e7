"""The whole schema of the store, on SQLite and PostgreSQL alike: one table per collection.

Every table keeps what pages filter and sort on in real columns, named as the record's
fields, and the whole record in `details` (JSONB on PostgreSQL, JSON text on SQLite).
Records name one another by id without foreign keys between collections, as in the embedded
store: the application checks those names when it saves, and a store can then be copied in
collection by collection in any order. (This is the state the earlier PostgreSQL-only
migrations 0001–0015 reached; they were never released, so no database needs them.)

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

RECORD = postgresql.JSONB().with_variant(sa.Text(), "sqlite")            # the record
DAYS = postgresql.ARRAY(sa.Date()).with_variant(sa.Text(), "sqlite")     # a JSON list on SQLite
MOMENT = sa.DateTime(timezone=True).with_variant(sa.Text(), "sqlite")    # UTC ISO text on SQLite
DAY = sa.Date().with_variant(sa.Text(), "sqlite")                        # ISO text on SQLite
EMPTY = sa.text("'{}'")
NOW = sa.text("CURRENT_TIMESTAMP")

ROLES = ("dang_vien", "bi_thu_chi_bo", "cap_uy_noi_cong_tac", "dang_uy_xa_phuong", "ban_cong_tac_mat_tran",
         "quan_tri")
LETTER_STATES = ("da_gui", "noi_cong_tac_xac_nhan", "noi_cong_tac_khong_xac_nhan", "chi_bo_dong_y",
                 "chi_bo_khong_dong_y", "da_rut", "gui_thang_chi_bo")
ATTENDANCE = ("co_mat", "vang_co_don", "vang_khong_ly_do", "bat_kha_khang", "vang_co_don_giay", "da_bao_chi_uy")


def one_of(column: str, values) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})", name=f"{column}_check")


def details() -> sa.Column:
    return sa.Column("details", RECORD, nullable=False, server_default=EMPTY)


def partial_index(name: str, table: str, columns: list[str], where: str) -> None:
    """An index of the rows a waiting list shows: both engines have partial indexes."""
    op.create_index(name, table, columns, postgresql_where=sa.text(where), sqlite_where=sa.text(where))


def upgrade() -> None:
    text = sa.Text()
    # the organisation: units, party members, the accounts people sign in with
    op.create_table("units", sa.Column("id", text, primary_key=True),
                    sa.Column("kind", text, nullable=False), sa.Column("parent_id", text), details(),
                    one_of("kind", ("tinh", "xa_phuong", "chi_bo_cu_tru", "cap_tren_co_so", "co_so_cong_tac")))
    op.create_index("units_parent", "units", ["parent_id"])
    op.create_table("members", sa.Column("id", text, primary_key=True),
                    sa.Column("workplace_id", text, nullable=False), sa.Column("residence_cell_id", text),
                    sa.Column("status", text, nullable=False), details(),
                    one_of("status", ("dang_sinh_hoat", "da_ra_khoi_dang")))
    op.create_index("members_workplace", "members", ["workplace_id"])
    op.create_index("members_residence_cell", "members", ["residence_cell_id"])
    op.create_table("accounts", sa.Column("username", text, primary_key=True),
                    sa.Column("role", text, nullable=False), sa.Column("unit_id", text),
                    sa.Column("member_id", text), details(), one_of("role", ROLES))
    op.create_index("accounts_unit", "accounts", ["unit_id"])       # whom to tell of a step
    op.create_index("accounts_member", "accounts", ["member_id"])

    # a residence cell's meetings, and who came to each (a copy of the meeting's entries, by member)
    op.create_table("meetings", sa.Column("id", text, primary_key=True), sa.Column("cell_id", text, nullable=False),
                    sa.Column("date", DAY, nullable=False), sa.Column("kind", text, nullable=False), details(),
                    one_of("kind", ("dinh_ky", "bat_thuong")))
    op.create_index("meetings_cell_date", "meetings", ["cell_id", "date"])
    op.create_table("attendance",
                    sa.Column("meeting_id", text, sa.ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False),
                    sa.Column("member_id", text, nullable=False), sa.Column("status", text, nullable=False),
                    sa.Column("letter_code", text, nullable=False, server_default=sa.text("''")), details(),
                    sa.PrimaryKeyConstraint("meeting_id", "member_id"), one_of("status", ATTENDANCE),
                    # "excused" only with the agreed letter that names the meeting
                    sa.CheckConstraint("status <> 'vang_co_don' OR letter_code <> ''", name="excused_with_letter"))
    op.create_index("attendance_member", "attendance", ["member_id"])

    # absence letters
    op.create_table("letters", sa.Column("code", text, primary_key=True),            # VS-2026-00123
                    sa.Column("member_id", text, nullable=False), sa.Column("cell_id", text, nullable=False),
                    sa.Column("workplace_id", text, nullable=False), sa.Column("state", text, nullable=False),
                    sa.Column("submitted_at", MOMENT, nullable=False),
                    sa.Column("year", sa.SmallInteger(), nullable=False),               # of submission (Letter.year)
                    sa.Column("dates", DAYS, nullable=False, server_default=sa.text("'{}'")
                              if op.get_bind().dialect.name == "postgresql" else sa.text("'[]'")),
                    details(), one_of("state", LETTER_STATES))
    op.create_index("letters_member", "letters", ["member_id", sa.text("submitted_at DESC")])
    op.create_index("letters_cell_year", "letters", ["cell_id", "year", sa.text("submitted_at DESC")])
    partial_index("letters_waiting_for_workplace", "letters", ["workplace_id", "submitted_at"], "state = 'da_gui'")
    partial_index("letters_waiting_for_cell", "letters", ["cell_id", "submitted_at"],
                  "state IN ('noi_cong_tac_xac_nhan', 'gui_thang_chi_bo', 'noi_cong_tac_khong_xac_nhan')")

    # the yearly comment (Mẫu 3-213) and the introduction letter (Mẫu 1-213)
    op.create_table("comments", sa.Column("code", text, primary_key=True),           # NX-2026-00012
                    sa.Column("year", sa.SmallInteger(), nullable=False), sa.Column("member_id", text, nullable=False),
                    sa.Column("workplace_id", text, nullable=False), sa.Column("cell_id", text, nullable=False),
                    sa.Column("state", text, nullable=False), details(),
                    one_of("state", ("da_xin_y_kien", "da_gui", "da_nhan")))
    op.create_index("comments_workplace_year", "comments", ["workplace_id", "year"])
    op.create_index("comments_cell_year", "comments", ["cell_id", "year"])
    op.create_index("comments_member_year", "comments", ["member_id", "year"])
    op.create_table("introductions", sa.Column("code", text, primary_key=True),      # GT-2026-00007
                    sa.Column("member_id", text, nullable=False), sa.Column("workplace_id", text, nullable=False),
                    sa.Column("commune_id", text, nullable=False), sa.Column("state", text, nullable=False),
                    sa.Column("issued_on", DAY, nullable=False), details(),
                    one_of("state", ("da_gioi_thieu", "da_tiep_nhan")))
    op.create_index("introductions_member", "introductions",
                    ["member_id", sa.text("issued_on DESC"), sa.text("code DESC")])
    partial_index("introductions_waiting_for_commune", "introductions", ["commune_id", "issued_on"],
                  "state = 'da_gioi_thieu'")

    # each cell's figures of a year, refreshed in the unit of work that changes the register
    numbers = [sa.Column(name, sa.Integer(), sa.CheckConstraint(f"{name} >= 0"), nullable=False,
                         server_default=sa.text("0"))
               for name in ("working_members", "meetings_scheduled", "meetings_held", "expected_attendances",
                            "present", "unexcused", "comments_requested", "comments_returned")]
    op.create_table("register_summaries", sa.Column("cell_id", text, nullable=False),
                    sa.Column("year", sa.SmallInteger(), nullable=False), sa.Column("commune_id", text, nullable=False),
                    *numbers, details(), sa.PrimaryKeyConstraint("cell_id", "year"))
    op.create_index("register_summaries_commune_year", "register_summaries", ["commune_id", "year"])

    # who did what, when, to which record, and why; append-only, newest first by id
    op.create_table("audit",
                    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.Identity(),
                              primary_key=True),
                    sa.Column("at", MOMENT, nullable=False, server_default=NOW),
                    sa.Column("actor", text, nullable=False), sa.Column("action", text, nullable=False),
                    sa.Column("target", text, nullable=False, server_default=sa.text("''")),
                    sa.Column("reason", text, nullable=False, server_default=sa.text("''")), details())
    op.create_index("audit_target", "audit", ["target", sa.text("id DESC")])

    # reference codes and official numbers, per kind and year (letters-2026, ggt-<committee>.nk<term>…):
    # a counter's row is created by its first number and changed in the unit of work that takes one
    op.create_table("counters", sa.Column("name", text, primary_key=True),
                    sa.Column("value", sa.BigInteger(), nullable=False))

    # documents in a final state, rendered once and kept with their digest (and scans of paper letters)
    kept_checks = [sa.CheckConstraint("sha256 = encode(sha256(content), 'hex')", name="kept_digest")] \
        if op.get_bind().dialect.name == "postgresql" else []
    op.create_table("kept_documents", sa.Column("code", text, nullable=False),
                    sa.Column("format", text, nullable=False), sa.Column("content", sa.LargeBinary(), nullable=False),
                    sa.Column("sha256", text, nullable=False),
                    sa.Column("kept_at", MOMENT, nullable=False, server_default=NOW),
                    sa.PrimaryKeyConstraint("code", "format"), one_of("format", ("pdf", "docx", "jpg", "png")), *kept_checks)

    # the Front work committee's opinion on a working member, one a year
    op.create_table("front_opinions", sa.Column("cell_id", text, nullable=False),
                    sa.Column("member_id", text, nullable=False), sa.Column("year", sa.SmallInteger(), nullable=False),
                    sa.Column("text", text, sa.CheckConstraint("length(text) BETWEEN 1 AND 1000"), nullable=False),
                    sa.Column("given_on", DAY, nullable=False), sa.Column("given_by", text, nullable=False),
                    details(), sa.PrimaryKeyConstraint("cell_id", "member_id", "year"))
    op.create_index("front_opinions_cell_year", "front_opinions", ["cell_id", "year"])

    # reminders, each kept once per recipient by its key
    op.create_table("reminders", sa.Column("key", text, nullable=False), sa.Column("recipient", text, nullable=False),
                    sa.Column("kind", text, nullable=False), sa.Column("shown_until", DAY, nullable=False),
                    sa.Column("made_on", DAY), details(), sa.PrimaryKeyConstraint("recipient", "key"),
                    one_of("kind", ("hop_chi_bo", "don_cho_xac_nhan", "don_cho_chi_bo", "han_nhan_xet")))
    op.create_index("reminders_recipient", "reminders", ["recipient", "shown_until"])

    # the administrator's switches of local practices: the latest decision per practice, province and year
    op.create_table("rule_switches", sa.Column("rule", text, nullable=False),
                    sa.Column("province_id", text, nullable=False), sa.Column("year", sa.Integer(), nullable=False),
                    sa.Column("switched_on", sa.Boolean(), nullable=False),
                    sa.Column("by_username", text, nullable=False), sa.Column("by_name", text, nullable=False),
                    sa.Column("at", MOMENT, nullable=False), details(),
                    sa.PrimaryKeyConstraint("rule", "province_id", "year"))

    # what a form posted once made: the token is the primary key, so two posts of one token
    # can never both be recorded
    op.create_table("tokens", sa.Column("token", text, primary_key=True), sa.Column("result", text, nullable=False),
                    sa.Column("used_at", MOMENT, nullable=False, server_default=NOW))

    # mail to send once a change is saved, and documents still to render
    op.create_table("outbox", sa.Column("id", text, primary_key=True), sa.Column("kind", text, nullable=False),
                    sa.Column("about", text, nullable=False), details(),
                    sa.Column("queued_at", MOMENT, nullable=False))
    op.create_index("outbox_oldest", "outbox", ["queued_at", "id"])
    op.create_index("outbox_about", "outbox", ["about", "queued_at"])
    op.create_table("render_queue", sa.Column("code", text, primary_key=True),
                    sa.Column("queued_at", MOMENT, nullable=False))
    op.create_index("render_queue_oldest", "render_queue", ["queued_at", "code"])

    # /healthz writes and reads back this one row, so "writable" is a real write
    op.create_table("health_probe",
                    sa.Column("id", sa.SmallInteger(), sa.CheckConstraint("id = 1"), primary_key=True,
                              autoincrement=False),
                    sa.Column("checked_at", MOMENT, nullable=False))

