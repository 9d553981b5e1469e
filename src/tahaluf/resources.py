"""Loading the package's language data files (``tahaluf/data``)."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tahaluf.errors import DataFileError


def data_dir() -> Path:
    return Path(str(resources.files("tahaluf") / "data"))


@functools.cache
def load_yaml(name: str) -> Any:
    """Load ``tahaluf/data/<name>`` once per process."""
    path = data_dir() / name
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise DataFileError(f"data file {name} is missing from the package",
                            hint="reinstall tahaluf") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"data file {path} is not valid YAML: {exc}",
                            hint="run 'tahaluf lexicon lint'") from exc


def codepoint(text: str) -> str:
    """``'U+0627'`` → ``'ا'``."""
    if not text.startswith("U+"):
        raise DataFileError(f"expected a code point like U+0627, got {text!r}")
    return chr(int(text[2:], 16))
