from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_b510910efba8c3b6.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the seed column is missing at {SEED}; CI must have shared/ beside the repo")
        pytest.skip("shared/seed not present beside the repository")
    return SEED
