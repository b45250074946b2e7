"""The cell's waiting list on its partial index on SQLite too: the index's states in sorted
order, the order the letter repository writes them in. SQLite takes a partial index only when
the query repeats its `state IN (...)` term as written, and the baseline listed the states in
another order, so the cell's list read all of the cell's letters instead.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NAME = "letters_waiting_for_cell"
SORTED = "state IN ('gui_thang_chi_bo', 'noi_cong_tac_khong_xac_nhan', 'noi_cong_tac_xac_nhan')"
BASELINE = "state IN ('noi_cong_tac_xac_nhan', 'gui_thang_chi_bo', 'noi_cong_tac_khong_xac_nhan')"


def _make(where: str) -> None:
    op.drop_index(NAME, table_name="letters")
    op.create_index(NAME, "letters", ["cell_id", "submitted_at"], postgresql_where=sa.text(where),
                    sqlite_where=sa.text(where))


def upgrade() -> None:
    _make(SORTED)


def downgrade() -> None:
    _make(BASELINE)
