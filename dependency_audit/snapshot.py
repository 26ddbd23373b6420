"""The advisory snapshot: OSV records for the locked packages, kept in the tree."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from dependency_audit.osv import in_range, parse_version

SNAPSHOT_PATH = Path(__file__).with_name("advisories.json")


@dataclass
class Snapshot:
    taken: datetime.date
    source: str
    # Every package whose advisories were collected, with or without any: a locked
    # package missing here has not been looked at, which is not the same as safe.
    packages: list[str]
    vulns: list[dict] = field(default_factory=list)
    # Packages whose older advisories were left out: name -> the earliest
    # publication date kept. A pin older than that is not vouched for.
    published_since: dict[str, str] = field(default_factory=dict)

    def age_in_days(self, today: datetime.date | None = None) -> int:
        return ((today or datetime.date.today()) - self.taken).days


KEPT_FIELDS = (
    "id",
    "aliases",
    "summary",
    "details",
    "published",
    "modified",
    "withdrawn",
)


def slim(record: dict) -> dict:
    """The parts of an OSV record the audit reads. PyPI records list every affected
    version besides the ranges; a listed version is kept only where no range
    covers it."""
    kept = {key: record[key] for key in KEPT_FIELDS if key in record}
    kept["affected"] = []
    for affected in record.get("affected") or []:
        ranges = [
            {"type": "ECOSYSTEM", "events": r.get("events") or []}
            for r in affected.get("ranges") or []
            if r.get("type") == "ECOSYSTEM"
        ]
        package = affected.get("package") or {}
        entry = {
            "package": {
                "name": package.get("name"),
                "ecosystem": package.get("ecosystem"),
            },
            "ranges": ranges,
        }
        outside = [
            version
            for version in affected.get("versions") or []
            if (parsed := parse_version(version)) is None
            or not any(in_range(parsed, r["events"]) for r in ranges)
        ]
        if outside:
            entry["versions"] = outside
        kept["affected"].append(entry)
    return kept


def load(path: Path = SNAPSHOT_PATH) -> Snapshot:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Snapshot(
        taken=datetime.date.fromisoformat(data["taken"]),
        source=data["source"],
        packages=list(data["packages"]),
        vulns=list(data["vulns"]),
        published_since=dict(data.get("published_since", {})),
    )


def save(snapshot: Snapshot, path: Path = SNAPSHOT_PATH) -> None:
    data = {
        "taken": snapshot.taken.isoformat(),
        "source": snapshot.source,
        "packages": sorted(set(snapshot.packages)),
        "published_since": snapshot.published_since,
        "vulns": sorted(map(slim, snapshot.vulns), key=lambda record: record["id"]),
    }
    path.write_text(
        json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
