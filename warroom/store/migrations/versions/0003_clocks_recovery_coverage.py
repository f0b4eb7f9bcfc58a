"""Source coverage: the poll log (each poll's time, outcome, count, rate limit, error).

Response clocks and the recovery tracker need no table of their own: clocks
and breaches live on the timeline, the recovery criteria in the plan.

Revision ID: 0003_clocks_recovery_coverage
Revises: 0002_incident_details
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_clocks_recovery_coverage"
down_revision = "0002_incident_details"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "poll_log",
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("health", sa.String(length=20), nullable=False),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("rate_limit_remaining", sa.Integer(), nullable=True),
        sa.Column("rate_limit_reset_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_poll_log_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_log")),
    )
    with op.batch_alter_table("poll_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_log_updated_at"), ["updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_poll_log_finished_at"), ["finished_at"], unique=False)
        batch_op.create_index(
            "ix_poll_log_source_finished", ["source_id", "finished_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("poll_log", schema=None) as batch_op:
        batch_op.drop_index("ix_poll_log_source_finished")
        batch_op.drop_index(batch_op.f("ix_poll_log_finished_at"))
        batch_op.drop_index(batch_op.f("ix_poll_log_updated_at"))
    op.drop_table("poll_log")
