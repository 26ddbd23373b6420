"""Which OSV advisories affect a PyPI package version.

OSV records (https://ossf.github.io/osv-schema/) list affected versions explicitly and
as ranges of events; ranges of type ECOSYSTEM compare versions the ecosystem's way,
PEP 440 for PyPI. Plain functions over the records' dictionaries.
"""

from collections.abc import Iterable, Iterator

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ECOSYSTEM = "PyPI"


def parse_version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def in_range(version: Version, events: Iterable[dict]) -> bool:
    """The OSV evaluation: walk the events in version order; an `introduced` at or
    below the version opens the range, a `fixed` at or below it or a
    `last_affected` below it closes it.

    A bound PEP 440 cannot read errs towards reporting: an unreadable start opens
    the range from the beginning, an unreadable end does not close it."""
    bounds = []
    for event in events:
        for kind, value in event.items():
            if kind not in ("introduced", "fixed", "last_affected"):
                continue  # `limit` only bounds git ranges
            bound = parse_version(str(value))
            if bound is None and kind == "introduced":
                bound = Version("0")
            if bound is not None:
                bounds.append((bound, kind))
    affected = False
    for bound, kind in sorted(bounds, key=lambda item: item[0]):
        if kind == "introduced" and version >= bound:
            affected = True
        elif (kind == "fixed" and version >= bound) or (
            kind == "last_affected" and version > bound
        ):
            affected = False
    return affected


def entries_for(record: dict, name: str) -> Iterator[dict]:
    """The record's `affected` entries about the PyPI package `name`."""
    wanted = canonicalize_name(name)
    for affected in record.get("affected") or []:
        package = affected.get("package") or {}
        if package.get("ecosystem") == ECOSYSTEM and (
            canonicalize_name(str(package.get("name", ""))) == wanted
        ):
            yield affected


def affects(record: dict, name: str, version: str) -> bool:
    if record.get("withdrawn"):
        return False
    parsed = parse_version(version)
    for affected in entries_for(record, name):
        listed = affected.get("versions") or []
        if version in listed or (
            parsed is not None and any(parse_version(v) == parsed for v in listed)
        ):
            return True
        if parsed is None:
            continue
        for span in affected.get("ranges") or []:
            if span.get("type") == "ECOSYSTEM" and in_range(
                parsed, span.get("events") or []
            ):
                return True
    return False


def matching(records: Iterable[dict], name: str, version: str | None) -> list[dict]:
    """The records about `name`; with a version, only those affecting it."""
    return [
        record
        for record in records
        if any(entries_for(record, name))
        and (version is None or affects(record, name, version))
    ]
