"""The knowledge base: documents, facts merged across sources, membership intervals,
contradictions, review and exports.

    import tahaluf.kb
    kb = tahaluf.kb.open()                        # $TAHALUF_DB or the user data dir
    kb.ingest(["articles/"])
    kb.members("جيش الفتح", on="2016-03-01")
"""

from tahaluf.kb.api import KB, Clock, open
from tahaluf.kb.paths import default_url
from tahaluf.kb.results import (
    ActorRef,
    Contradiction,
    DurabilityRow,
    Evidence,
    FactInfo,
    HistoryAnswer,
    IngestReport,
    MemberInterval,
    MembersAnswer,
    ReviewEntry,
    SourcesAnswer,
    TimelineAnswer,
)

__all__ = [
    "KB",
    "ActorRef",
    "Clock",
    "Contradiction",
    "DurabilityRow",
    "Evidence",
    "FactInfo",
    "HistoryAnswer",
    "IngestReport",
    "MemberInterval",
    "MembersAnswer",
    "ReviewEntry",
    "SourcesAnswer",
    "TimelineAnswer",
    "default_url",
    "open",
]
