"""The stages in order, one function per document.

``analyze(doc)`` is a plain function of its input (plus the read-only language data), so
it runs the same in-process, in a process pool or on a Dask cluster.
"""

from __future__ import annotations

from dataclasses import replace

from tahaluf.text.segment import sentences
from tahaluf.types import Analysis, Document

EXTRACTOR_VERSION = "0.1.0"


def analyze(doc: Document, *, published: str | None = None) -> Analysis:
    """Run every stage on one document. ``published`` overrides a missing publication date."""
    if published and not doc.published:
        doc = replace(doc, published=published)
    sents = tuple(sentences(doc.text))
    return Analysis(document=doc, sentences=sents)
