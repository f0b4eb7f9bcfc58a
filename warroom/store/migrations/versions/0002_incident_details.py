"""Incident details: the facts its messages are filled with ({product}, {batch}, {location}…).

Revision ID: 0002_incident_details
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_incident_details"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("details")
