"""Drill mode: rehearse a crisis against the plan in a store of its own.

A drill replays a recorded or shipped mention stream into a separate SQLite
store (`drills/<id>.sqlite3` under the data folder) marked as a drill, on a
virtual clock at 1x, 10x, 60x or as fast as possible, with the detector,
alerts, plan, messages and contacts working as in a real crisis.  Modules:
`store` (creating, marking and recognising drill stores), `scenarios`
(shipped scenarios, exported files, past incidents), `injects` (events the
facilitator adds), `replay` (the engine), `debrief` (the score and its PDF),
`history` (past drills) and `cli`.
"""
