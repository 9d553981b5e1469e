"""A small schema language for the language data files, checked on the YAML node tree so
that every problem has its line.

A shape is one of: a scalar (:data:`STR`, :data:`INT`, :data:`NUM`, :data:`BOOL`,
:data:`NULL`), :class:`Enum` (a string from a set), :class:`Pattern` (a string matching a
regular expression), :class:`ListOf`, :class:`Rec` (a mapping with known keys, some
required), :class:`MapOf` (a mapping from any key of one scalar type to values of one
shape) or :class:`OneOf`. :func:`check` yields every mismatch as ``(line, id, message)``,
the message naming the key path (``coalition[3].flags``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import yaml

_TAG = "tag:yaml.org,2002:"
_TYPE_NAMES = {"str": "a string", "int": "an integer", "float": "a number", "bool": "true/false",
               "null": "null", "seq": "a list", "map": "a mapping"}


@dataclass(frozen=True, slots=True)
class Scalar:
    tags: frozenset[str]
    name: str


STR = Scalar(frozenset({"str"}), "a string")
INT = Scalar(frozenset({"int"}), "an integer")
NUM = Scalar(frozenset({"int", "float"}), "a number")
BOOL = Scalar(frozenset({"bool"}), "true/false")
NULL = Scalar(frozenset({"null"}), "null")


@dataclass(frozen=True, slots=True)
class Enum:
    values: frozenset[str]

    @property
    def name(self) -> str:
        return "one of " + "|".join(sorted(self.values))


@dataclass(frozen=True, slots=True)
class Pattern:
    regex: str
    name: str

    def matches(self, value: str) -> bool:
        return re.fullmatch(self.regex, value) is not None


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Shape
    name: str = "a list"


@dataclass(frozen=True, slots=True)
class Rec:
    fields: Mapping[str, Shape]
    required: frozenset[str] = field(default_factory=frozenset)
    name: str = "a mapping"


@dataclass(frozen=True, slots=True)
class MapOf:
    key: Scalar
    value: Shape
    name: str = "a mapping"


@dataclass(frozen=True, slots=True)
class OneOf:
    options: tuple[Shape, ...]

    @property
    def name(self) -> str:
        return " or ".join(o.name for o in self.options)


Shape = Scalar | Enum | Pattern | ListOf | Rec | MapOf | OneOf


def rec(required: tuple[str, ...] = (), **fields: Shape) -> Rec:
    """``rec(("id",), id=STR, note=STR)``: a record with these keys, ``required`` among them."""
    return Rec(fields, frozenset(required))


def opt(shape: Shape) -> OneOf:
    """``shape`` or null."""
    return OneOf((shape, NULL))


def strings(shape: Shape = STR) -> OneOf:
    """A list of strings, or one string standing for a list of one (as the loaders read it)."""
    return OneOf((ListOf(shape), shape))


Found = tuple[int, str, str]


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "map"
    if isinstance(node, yaml.SequenceNode):
        return "seq"
    tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
    return tag


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _own_id(node: yaml.Node, owner: str) -> str:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "id" and isinstance(v, yaml.ScalarNode):
                return str(v.value)
    return owner


def _got(node: yaml.Node) -> str:
    kind = _kind(node)
    name = _TYPE_NAMES.get(kind, kind)
    if isinstance(node, yaml.ScalarNode):
        return f"{name} {node.value!r}"
    return name


def _fits(node: yaml.Node, shape: Shape) -> bool:
    """Whether ``node`` has the outer form of ``shape`` (used to choose among options)."""
    kind = _kind(node)
    if isinstance(shape, Scalar):
        return kind in shape.tags
    if isinstance(shape, Enum | Pattern):
        return kind == "str"
    if isinstance(shape, ListOf):
        return kind == "seq"
    if isinstance(shape, Rec | MapOf):
        return kind == "map"
    return any(_fits(node, o) for o in shape.options)


def check(node: yaml.Node, shape: Shape, where: str = "", owner: str = "-") -> Iterator[Found]:
    """Every way ``node`` departs from ``shape``; ``where`` is the key path so far."""
    here = where or "(top)"
    if isinstance(shape, OneOf):
        for option in shape.options:
            if _fits(node, option):
                yield from check(node, option, where, owner)
                return
        yield _line(node), owner, f"{here}: expected {shape.name}, got {_got(node)}"
        return
    if not _fits(node, shape):
        yield _line(node), owner, f"{here}: expected {shape.name}, got {_got(node)}"
        return
    if isinstance(shape, Enum) and node.value not in shape.values:
        yield _line(node), owner, f"{here}: unknown value {node.value!r} ({shape.name})"
    elif isinstance(shape, Pattern) and not shape.matches(str(node.value)):
        yield _line(node), owner, f"{here}: {node.value!r} is not {shape.name}"
    elif isinstance(shape, ListOf):
        for i, item in enumerate(node.value):
            yield from check(item, shape.item, f"{where}[{i}]", _own_id(item, owner))
    elif isinstance(shape, Rec):
        yield from _check_rec(node, shape, where, owner)
    elif isinstance(shape, MapOf):
        seen: set[str] = set()
        for k, v in node.value:
            if k.value in seen:
                yield _line(k), owner, f"{where}.{k.value}: duplicate key"
            seen.add(k.value)
            if _kind(k) not in shape.key.tags:
                yield _line(k), owner, (f"{where}: key {k.value!r} should be {shape.key.name}, "
                                        f"not {_TYPE_NAMES.get(_kind(k), _kind(k))}")
            yield from check(v, shape.value, f"{where}.{k.value}", owner)


def _check_rec(node: yaml.Node, shape: Rec, where: str, owner: str) -> Iterator[Found]:
    assert isinstance(node, yaml.MappingNode)
    ident = _own_id(node, owner)
    seen: set[str] = set()
    prefix = f"{where}." if where else ""
    for k, v in node.value:
        key = str(k.value)
        if key in seen:
            yield _line(k), ident, f"{prefix}{key}: duplicate key"
        seen.add(key)
        sub = shape.fields.get(key)
        if sub is None:
            known = ", ".join(sorted(shape.fields))
            yield _line(k), ident, f"{prefix}{key}: unknown key (known keys: {known})"
            continue
        yield from check(v, sub, f"{prefix}{key}", ident)
    for key in sorted(shape.required - seen):
        yield _line(node), ident, f"{prefix}{key}: missing required key"
