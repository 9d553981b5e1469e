"""Calibrated confidence: each rule's measured precision (``data/calibration.yaml``).

``tahaluf eval GOLD... --write-calibration FILE`` counts, per rule name as the extractor
writes it (``join-masdar``, ``join-masdar:list``, ``split-verb:carried`` …), the predicted
events that matched gold and those that did not. The extractor turns those counts into a
confidence with a Beta prior centred on the rule's own default (so a rule seen a few times
moves only a little), looking up the full rule name first and then ever shorter prefixes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from tahaluf.resources import load_yaml

#: weight of the rule's default confidence, in pseudo-events
PRIOR_WEIGHT = 4.0


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int
    fp: int


@functools.cache
def calibration_table() -> dict[str, Counts]:
    spec: dict[str, Any] = load_yaml("calibration.yaml") or {}
    out: dict[str, Counts] = {}
    for rule, c in (spec.get("rules") or {}).items():
        out[str(rule)] = Counts(int(c.get("tp", 0)), int(c.get("fp", 0)))
    return out


def calibrated(rule: str, default: float, table: dict[str, Counts] | None = None) -> float:
    """The precision measured for ``rule`` (or its nearest measured prefix), smoothed toward
    ``default``; ``default`` itself when the rule was never measured."""
    table = calibration_table() if table is None else table
    key = rule
    while key:
        c = table.get(key)
        if c is not None and c.tp + c.fp > 0:
            return round((c.tp + PRIOR_WEIGHT * default) / (c.tp + c.fp + PRIOR_WEIGHT), 3)
        key = key.rpartition(":")[0]
    return default
