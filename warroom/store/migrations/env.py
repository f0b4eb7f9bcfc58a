"""Alembic environment: runs on the connection handed over by warroom.store.migrate."""

from alembic import context

from warroom.store.models import Base, include_name

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
