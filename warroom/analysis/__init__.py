"""Per-mention analysis: language, sentiment, crisis risk terms, severity and near-duplicate clusters.

`warroom.analysis.pipeline.score_mentions` is the one entry point ingest,
the demo loader and `warroom analyze` use.
"""
