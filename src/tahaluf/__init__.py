"""tahaluf — coalition membership of armed groups over time, extracted from Arabic reporting."""

from typing import Any

from tahaluf.types import DateValue, Document, Event, Membership, Mention, Span

__version__ = "0.1.0"

__all__ = ["DateValue", "Document", "Event", "Membership", "Mention", "Span", "__version__", "open"]


def __getattr__(name: str) -> Any:
    """``tahaluf.open(url)`` opens a knowledge base; loaded lazily so that importing the
    extractor does not import SQLAlchemy."""
    if name == "open":
        from tahaluf.kb import open as open_kb

        return open_kb
    raise AttributeError(f"module 'tahaluf' has no attribute {name!r}")
