"""The local store: SQLAlchemy models, Alembic migrations, opening and upgrading."""
