"""Monitoring sources: one module per service, pulling mentions into the store.

`warroom.sources.registry.connector(kind)` gives the connector of a kind;
`warroom.sources.ingest` polls sources page by page, each page stored in one
transaction together with the cursor that describes it; `warroom.sources.health`
records what the user sees about each source.  No Qt here.
"""
