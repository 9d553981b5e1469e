"""Language data (actors, places, triggers) and the matcher that finds them in text."""

from tahaluf.lexicon.schema import ActorRecord, PlaceRecord

__all__ = ["ActorRecord", "PlaceRecord"]
