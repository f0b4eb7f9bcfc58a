"""Schema revisions this program knows, readable without importing Alembic.

tests/test_store.py checks these against the migration scripts, so a new
migration cannot be added without updating them.
"""

HEAD_REVISION = "0003_clocks_recovery_coverage"
KNOWN_REVISIONS = frozenset(
    {"0001_initial", "0002_incident_details", "0003_clocks_recovery_coverage"}
)
