"""One exception hierarchy. Every message says what happened and what to do about it."""

from __future__ import annotations


class TahalufError(Exception):
    """Base class for every error tahaluf raises on purpose."""

    code = "T000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class InputError(TahalufError):
    """A document or path could not be read."""

    code = "T100"

    def __init__(self, path: str, reason: str, *, line: int | None = None,
                 hint: str | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}", hint=hint)


class DataFileError(TahalufError):
    """A language data file is malformed."""

    code = "T200"


class LexiconError(DataFileError):
    code = "T201"


class DateError(TahalufError):
    """A date given by the user is not a valid ISO date."""

    code = "T300"


class StoreError(TahalufError):
    """The knowledge base could not be opened or changed."""

    code = "T400"


class OutputError(TahalufError):
    """A result could not be written where the user asked."""

    code = "T500"


class NotFoundError(TahalufError):
    """An actor, fact or document asked for does not exist."""

    code = "T404"


class TableError(InputError):
    """A reference table (``tahaluf compare``) has bad rows; ``problems`` holds every one
    as ``(line, reason)``, the first of them in the message."""

    code = "T110"

    def __init__(self, path: str, problems: list[tuple[int, str]], *,
                 hint: str | None = None) -> None:
        self.problems = list(problems)
        line, reason = self.problems[0]
        more = [f"line {n}: {r}" for n, r in self.problems[1:6]]
        if len(self.problems) > 6:
            more.append(f"… {len(self.problems) - 6} more")
        parts = ([f"also {'; '.join(more)}"] if more else []) + ([hint] if hint else [])
        super().__init__(path, reason, line=line, hint="; ".join(parts) or None)


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line: how a run that goes on reports what went wrong."""
    try:
        text = " ".join(str(exc).split())
    except Exception:  # an exception whose message cannot be built still has a type
        text = "(no message)"
    name = type(exc).__name__
    return f"{name}: {text}" if text else name
