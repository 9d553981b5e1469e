"""Readers that turn files, folders and JSONL into :class:`~tahaluf.types.Document`."""

from tahaluf.ingest.readers import IngestProblem, ReadResult, Skipped, iter_documents, read_path

__all__ = ["IngestProblem", "ReadResult", "Skipped", "iter_documents", "read_path"]
