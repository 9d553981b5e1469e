"""Markdown reduced to its visible text.

Links and images keep their visible text; placeholder links (``[text](#)``) and empty
trailers (a bare ``المصادر:`` heading with nothing after it) are dropped, as are emphasis
markers, heading hashes, list bullets and HTML comments. Trailer words are data.
"""

from __future__ import annotations

import functools
import re

from tahaluf.resources import load_yaml
from tahaluf.text.normalize import fold

_PLACEHOLDER_LINK = re.compile(r"!?\[([^\]\n]*)\]\(\s*(?:#|javascript:[^)]*)?\s*\)")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)([^*_\n]+?)(?<=\S)\1")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HRULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", re.M)
_MD_HINT = re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|^#{1,6}\s", re.M)


@functools.cache
def _trailers() -> frozenset[str]:
    spec = load_yaml("boilerplate.yaml")
    return frozenset(fold(w).strip(" :") for w in spec["empty_trailers"])


def looks_like_markdown(text: str) -> bool:
    return bool(_MD_HINT.search(text))


def reduce_markdown(text: str) -> str:
    text = _COMMENT.sub("", text)
    text = _REF_DEF.sub("", text)
    lines = []
    for line in text.split("\n"):
        if _PLACEHOLDER_LINK.fullmatch(line.strip()):
            continue  # a line that is only a placeholder link
        lines.append(line)
    text = "\n".join(lines)
    text = _PLACEHOLDER_LINK.sub("", text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _HEADING.sub("", text)
    text = _HRULE.sub("", text)
    text = _BULLET.sub("", text)
    text = _EMPHASIS.sub(lambda m: m.group(2), text)
    return drop_empty_trailers(text)


def drop_empty_trailers(text: str) -> str:
    """Remove trailing lines that are only a trailer label (``المصادر:``) with no content."""
    lines = text.rstrip().split("\n")
    trailers = _trailers()
    while lines and (not lines[-1].strip() or fold(lines[-1]).strip(" :").strip() in trailers):
        lines.pop()
    return "\n".join(lines)
