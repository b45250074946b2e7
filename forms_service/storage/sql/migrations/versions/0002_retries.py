"""The worker's back-off: how many times a message or a render was tried and when it is tried
next, kept with the item so that a restart neither loses the count nor tries early.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MOMENT = sa.DateTime(timezone=True).with_variant(sa.Text(), "sqlite")
QUEUES = ("outbox", "render_queue")


def upgrade() -> None:
    for table in QUEUES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
            batch.add_column(sa.Column("next_try_at", MOMENT))


def downgrade() -> None:
    for table in QUEUES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("next_try_at")
            batch.drop_column("attempts")
