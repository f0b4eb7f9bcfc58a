"""Team mode: several laptops share one PostgreSQL team server, each working offline.

Each laptop keeps its SQLite store as its working copy; `warroom.sync.engine`
pushes local changes to the team server and pulls the others' since the last
sync, `warroom.sync.server` speaks to PostgreSQL (its own change log, the
LISTEN/NOTIFY channel), `warroom.sync.tables` says how each table merges, and
`warroom.sync.team` keeps the server's address in settings and its password in
the keyring.
"""
