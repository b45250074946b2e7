"""The audit trail read by person: the web's "Nhật ký" filters by the person who acted or
was acted on (`actor IN … OR target IN …`), newest first. `audit_target` serves the second
half; without an index on the actor the first half read the whole trail, which only grows.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("audit_actor", "audit", ["actor", sa.text("id DESC")])


def downgrade() -> None:
    op.drop_index("audit_actor", table_name="audit")
