"""The condition language of OCPP 2.0.1 Part 5 test cases.

A test case marked Conditional applies when its condition holds, e.g.
``C-01 and (C-30 - C-35 or ISO 15118 support)``. Grammar, loosest first::

    expr    := and_expr ("or" and_expr)*
    and_expr:= unary ("and" unary)*
    unary   := "NOT" unary | primary
    primary := "(" expr ")" | ID [CMP INT | ("-" | "-(or)") ID]
             | PROFILE | "Product Subtype" '"' value '"'

This module reads and prints conditions; `rules.evaluation` decides them.
Pure Python with no Django import, so the planner can run it outside a request.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

DEFAULT_PROFILES: tuple[str, ...] = (
    "Core",
    "Advanced Security",
    "Local Authorization List Management",
    "Smart Charging",
    "Advanced Device Management",
    "Advanced User Interface",
    "Reservation",
    "ISO 15118 support",
)

_ID_RE = re.compile(r"([A-Z]{1,4})-(\d+)(?:\.(\d+))?")
COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
}
# Deep enough for any document condition; shallow enough that a pasted pathological
# rule gives a syntax error instead of a RecursionError in the admin.
_MAX_DEPTH = 100


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; ``position`` is a 0-based character offset."""

    def __init__(self, position: int, expected: str, found: str) -> None:
        super().__init__(
            f"at position {position}: expected {expected} but found {found}"
        )
        self.position = position
        self.expected = expected
        self.found = found


# --- AST -------------------------------------------------------------------------


def _split_id(value: str) -> tuple[str, str, str | None]:
    """``C-09.1`` -> ("C", "09", "1"); ``C-30`` -> ("C", "30", None)."""
    match = _ID_RE.fullmatch(value)
    if match is None:
        raise ValueError(f"not a feature id: {value!r}")
    return match[1], match[2], match[3]


@dataclass(frozen=True, slots=True)
class Feature:
    """An id atom (optional feature, additional question, hardware feature)."""

    id: str

    def __post_init__(self) -> None:
        _split_id(self.id)


@dataclass(frozen=True, slots=True)
class Compare:
    """A numeric comparison such as ``HFS-8 > 1``."""

    id: str
    op: str
    value: int

    def __post_init__(self) -> None:
        _split_id(self.id)
        if self.op not in COMPARISONS:
            raise ValueError(f"unknown comparison {self.op!r}")
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise ValueError(f"comparison needs an int, not {self.value!r}")
        if self.value < 0:  # the grammar has no minus sign, so it could not round-trip
            raise ValueError("comparison value must not be negative")


def _range_problem(start: str, end: str) -> str | None:
    """What the end of a range should have been, or None when the range is valid."""
    try:
        (prefix, major, minor), last = _split_id(start), _split_id(end)
    except ValueError:
        return "an id"
    same_series = last[0] == prefix and (
        last[2] is None if minor is None else last[2] is not None and last[1] == major
    )
    if not same_series:
        return f"an id in the same series as {start}"
    if int(last[2] or last[1]) <= int(minor or major):
        return f"an id after {start}"
    if end not in _range_members(start, end):
        return f"an id in the same series as {start}"  # e.g. C-09 - C-010
    return None


def _range_members(start: str, end: str) -> tuple[str, ...]:
    prefix, major, minor = _split_id(start)
    _, end_major, end_minor = _split_id(end)
    # The start's zero-padding is the document's: C-30 - C-35 covers C-31, not C-031.
    if minor is None:
        stem, digits, stop = f"{prefix}-", major, int(end_major)
    else:
        stem, digits, stop = f"{prefix}-{major}.", minor, int(end_minor or 0)
    return tuple(f"{stem}{n:0{len(digits)}d}" for n in range(int(digits), stop + 1))


@dataclass(frozen=True, slots=True)
class Range:
    """``C-30 - C-35``: any of the ids from start to end inclusive."""

    start: str
    end: str

    def __post_init__(self) -> None:
        problem = _range_problem(self.start, self.end)
        if problem:
            raise ValueError(f"bad range {self.start} - {self.end}: expected {problem}")

    def members(self) -> tuple[str, ...]:
        """The ids the range stands for, keeping the start's zero-padding."""
        return _range_members(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Profile:
    """A certification profile, true when the product is certified for it."""

    name: str

    def __post_init__(self) -> None:
        if not self.name or " ".join(self.name.split()) != self.name:
            raise ValueError(f"not a profile name: {self.name!r}")


@dataclass(frozen=True, slots=True)
class ProductSubtype:
    """``Product Subtype "..."``, true when the product has exactly this subtype."""

    value: str

    def __post_init__(self) -> None:
        if '"' in self.value:  # the language has no escapes
            raise ValueError("a product subtype cannot contain '\"'")


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


def _flatten(node: And | Or) -> None:
    # Flattening here rather than in the parser makes every constructed AST canonical,
    # which is what lets parse(to_text(n)) == n hold for all of them.
    kind = type(node)
    nested = (o.operands if type(o) is kind else (o,) for o in node.operands)
    operands = tuple(chain.from_iterable(nested))
    if len(operands) < 2:
        raise ValueError(f"{kind.__name__} needs at least two operands")
    object.__setattr__(node, "operands", operands)


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]

    def __post_init__(self) -> None:
        _flatten(self)


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]

    def __post_init__(self) -> None:
        _flatten(self)


Node = Feature | Compare | Range | Profile | ProductSubtype | Not | And | Or


# --- Tokenizer and parser ----------------------------------------------------------


class _Token(NamedTuple):
    kind: str
    text: str
    position: int


# Ids come first so that an id such as OR-5 is never read as the keyword `or`; an id
# ends at a '-', which makes `C-30-C-35` a range rather than one odd word.
_TOKEN_RE = re.compile(
    r"""(?P<lparen>\()|(?P<rparen>\))
    |(?-i:(?P<id>[A-Z]{1,4}-\d+(?:\.\d+)?))(?![\w.])
    |(?P<dash>-\s*\(\s*or\s*\)|-)
    |(?P<cmp>>=|<=|>|<|=)
    |(?P<string>"[^"]*")
    |(?P<subtype>product\s+subtype)(?!\w)
    |(?P<keyword>and|or|not)(?!\w)
    |(?P<int>\d+)(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
# Anything else up to the next separator, so an error can quote the whole word.
_UNKNOWN_RE = re.compile(r'"[^"]*\Z|[^\s()"]+')


_Patterns = tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=8)
def _profile_patterns(profiles: tuple[str, ...]) -> _Patterns:
    # Longest first, so a profile whose name starts with another's wins.
    ordered = sorted(profiles, key=len, reverse=True)
    return tuple(
        (name, re.compile(r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", re.I))
        for name in ordered
    )


def _next_token(text: str, position: int, profiles: _Patterns) -> tuple[_Token, int]:
    if match := _TOKEN_RE.match(text, position):
        kind = match.lastgroup or "unknown"
        return _Token(kind, match[kind], position), match.end()
    for name, pattern in profiles:
        if match := pattern.match(text, position):
            return _Token("profile", name, position), match.end()
    match = _UNKNOWN_RE.match(text, position)
    end = match.end() if match else position + 1
    return _Token("unknown", text[position:end], position), end


def _tokenize(text: str, profiles: tuple[str, ...]) -> list[_Token]:
    patterns = _profile_patterns(profiles)
    tokens: list[_Token] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            tokens.append(_Token("end", "", position))
            return tokens
        token, position = _next_token(text, position, patterns)
        tokens.append(token)


_OPERAND = "an id, a profile name or '('"


class _Parser:
    def __init__(self, text: str, profiles: tuple[str, ...]) -> None:
        self.tokens = _tokenize(text, profiles)
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token.kind == "keyword" and token.text.lower() == word:
            self.index += 1
            return True
        return False

    def fail(self, expected: str, token: _Token | None = None) -> ConditionSyntaxError:
        token = token or self.peek()
        found = "end of input" if token.kind == "end" else f"'{token.text}'"
        return ConditionSyntaxError(token.position, expected, found)

    def expect(self, kind: str, expected: str) -> _Token:
        if self.peek().kind != kind:
            raise self.fail(expected)
        return self.take()

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise self.fail("a condition")
        node = self.expression()
        if self.peek().kind != "end":
            raise self.fail("'and', 'or' or end of input")
        return node

    def expression(self) -> Node:
        operands = [self.conjunction()]
        while self.keyword("or"):
            operands.append(self.conjunction())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def conjunction(self) -> Node:
        operands = [self.unary()]
        while self.keyword("and"):
            operands.append(self.unary())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.fail(f"at most {_MAX_DEPTH} levels of NOT and '('")
        node = Not(self.unary()) if self.keyword("not") else self.primary()
        self.depth -= 1
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "lparen":
            node = self.expression()
            self.expect("rparen", "'and', 'or' or ')'")
            return node
        if token.kind == "profile":
            return Profile(token.text)
        if token.kind == "subtype":
            value = self.expect("string", "a double-quoted product subtype")
            return ProductSubtype(value.text[1:-1])
        if token.kind != "id":
            raise self.fail(_OPERAND, token)
        if self.peek().kind == "cmp":
            op = self.take().text
            number = self.expect("int", "a whole number")
            return Compare(token.text, op, int(number.text))
        if self.peek().kind == "dash":
            self.take()
            end = self.expect("id", "an id to end the range")
            if problem := _range_problem(token.text, end.text):
                raise self.fail(problem, end)
            return Range(token.text, end.text)
        return Feature(token.text)


def parse(text: str, profiles: Iterable[str] | None = None) -> Node:
    """Parse a condition; ``profiles`` are the profile names it may mention."""
    names = tuple(DEFAULT_PROFILES if profiles is None else profiles)
    return _Parser(text, names).parse()


# --- Printing and inspection -------------------------------------------------------


def to_text(node: Node) -> str:
    """Canonical text: ``parse(to_text(n)) == n``, with as few parentheses as needed."""
    match node:
        case Feature(id=key):
            return key
        case Compare(id=key, op=op, value=value):
            return f"{key} {op} {value}"
        case Range(start=start, end=end):
            return f"{start} - {end}"
        case Profile(name=name):
            return name
        case ProductSubtype(value=value):
            return f'Product Subtype "{value}"'
        case Not(operand=operand):
            inner = to_text(operand)
            return f"NOT ({inner})" if isinstance(operand, And | Or) else f"NOT {inner}"
        case And(operands=operands):
            return " and ".join(
                f"({to_text(o)})" if isinstance(o, Or) else to_text(o) for o in operands
            )
        case Or(operands=operands):
            return " or ".join(to_text(o) for o in operands)
    raise TypeError(f"not a condition node: {node!r}")


def _leaves(node: Node) -> Iterable[Node]:
    if isinstance(node, Not):
        yield from _leaves(node.operand)
    elif isinstance(node, And | Or):
        for operand in node.operands:
            yield from _leaves(operand)
    else:
        yield node


def atoms(node: Node) -> frozenset[str]:
    """The ids a condition depends on, ranges expanded."""
    found: set[str] = set()
    for leaf in _leaves(node):
        if isinstance(leaf, Feature | Compare):
            found.add(leaf.id)
        elif isinstance(leaf, Range):
            found.update(leaf.members())
    return frozenset(found)


def profiles_used(node: Node) -> frozenset[str]:
    """The certification profile names a condition mentions."""
    return frozenset(leaf.name for leaf in _leaves(node) if isinstance(leaf, Profile))
