"""tahaluf — coalition membership of armed groups over time, extracted from Arabic reporting."""

from tahaluf.types import DateValue, Document, Event, Membership, Mention, Span

__version__ = "0.1.0"

__all__ = ["DateValue", "Document", "Event", "Membership", "Mention", "Span", "__version__"]
