"""The crisis plan: document format, validation, versions in the store, drafts.

The plan follows the seed method (preparation, detection and assessment,
intervention, improvement) in English and Malay.  Modules:

- `model`: typed dataclasses and the vocabulary (stages, channels, …)
- `validate`: parse a plan document, refusing bad input with file:line: field
- `emit`: the canonical YAML text of a plan
- `store`: import, default plan, active plan, revert and export in the store
- `channels`: per-channel length limits (X, Bluesky graphemes, Mastodon, SMS)
- `placeholders`: safe `{brand}`-style filling of draft messages
- `approval`: the approval workflow of draft messages
- `cli`: the `warroom plan …` subcommands
"""

from __future__ import annotations

from warroom.plan.channels import channel_limit, fits, grapheme_count, measure
from warroom.plan.emit import dump_plan
from warroom.plan.model import Plan
from warroom.plan.placeholders import fill, placeholders
from warroom.plan.validate import PlanError, PlanWarning, parse_plan, read_plan_file, validate_file

__all__ = [
    "Plan",
    "PlanError",
    "PlanWarning",
    "channel_limit",
    "dump_plan",
    "fill",
    "fits",
    "grapheme_count",
    "measure",
    "parse_plan",
    "placeholders",
    "read_plan_file",
    "validate_file",
]
