"""Decoding bytes as they occur in the wild: UTF-8 (with or without BOM), UTF-16, Windows-1256.

Detected, not assumed. Returns the text or raises :class:`~tahaluf.errors.InputError`.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from tahaluf.errors import InputError

_SNIFF = 8192


def _arabic_share(text: str) -> float:
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters:
        return 0.0
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f")
    return arabic / len(letters)


def _looks_like_text(text: str) -> bool:
    """Prose has spaces between words and few control or symbol characters."""
    sample = text[:5000]
    if not sample:
        return False
    spaces = sum(1 for c in sample if c in " \n\t")
    good = sum(1 for c in sample if c.isalnum() or c.isspace() or c in ".,،؛:؟?!-()\"'«»")
    return spaces >= 2 and spaces * 30 >= len(sample) and good >= 0.9 * len(sample)


def _looks_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: most code units of Arabic/ASCII text have one zero byte."""
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even_zero = sum(1 for b in head[0::2] if b == 0)
    odd_zero = sum(1 for b in head[1::2] if b == 0)
    half = len(head) // 2
    # Arabic in UTF-16-LE: high byte 0x06 at odd positions; ASCII: zero at odd positions
    odd_06 = sum(1 for b in head[1::2] if b in (0x06, 0x00, 0x20))
    even_06 = sum(1 for b in head[0::2] if b in (0x06, 0x00, 0x20))
    if odd_zero + even_zero == 0:
        return None
    if odd_06 > 0.9 * half and odd_zero > 0:
        return "utf-16-le"
    if even_06 > 0.9 * half and even_zero > 0:
        return "utf-16-be"
    return None


def is_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head):
        return False
    return b"\x00" in head


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`InputError` when the bytes are not text."""
    if not data.strip():
        raise InputError(path, "empty file", hint="nothing to read; remove it or fill it")
    head = data[:_SNIFF]
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE):
        return _strict(data[2:], "utf-16-le", path), "utf-16"
    if data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data[2:], "utf-16-be", path), "utf-16"
    if b"\x00" not in head:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    guess16 = _looks_utf16(head)
    if guess16:
        return _strict(data, guess16, path), guess16
    if b"\x00" in head:
        raise InputError(path, "binary file (contains NUL bytes), not text",
                         hint="give tahaluf .txt, .md, .html or .jsonl files")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _arabic_share(text) >= 0.5 and _looks_like_text(text):
        return text, "cp1256"
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if _looks_like_text(text):
            return text, best.encoding
    raise InputError(path, "undecodable bytes: not UTF-8, UTF-16 or Windows-1256 text",
                     hint="convert the file to UTF-8 (e.g. iconv -f ENCODING -t UTF-8)")


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"undecodable bytes at offset {exc.start} for {encoding}",
                         hint="convert the file to UTF-8") from exc
