"""The advisory snapshot: OSV records for the locked packages, kept in the tree."""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

SNAPSHOT_PATH = Path(__file__).with_name("advisories.json")


@dataclass
class Snapshot:
    taken: datetime.date
    source: str
    # Every package whose advisories were collected, with or without any: a locked
    # package missing here has not been looked at, which is not the same as safe.
    packages: list[str]
    vulns: list[dict] = field(default_factory=list)

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
    version besides the ranges; the list is kept only where no range says it."""
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
        if not ranges:
            entry["versions"] = affected.get("versions") or []
        kept["affected"].append(entry)
    return kept


def load(path: Path = SNAPSHOT_PATH) -> Snapshot:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Snapshot(
        taken=datetime.date.fromisoformat(data["taken"]),
        source=data["source"],
        packages=list(data["packages"]),
        vulns=list(data["vulns"]),
    )


def save(snapshot: Snapshot, path: Path = SNAPSHOT_PATH) -> None:
    data = {
        "taken": snapshot.taken.isoformat(),
        "source": snapshot.source,
        "packages": sorted(set(snapshot.packages)),
        "vulns": sorted(map(slim, snapshot.vulns), key=lambda record: record["id"]),
    }
    path.write_text(
        json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
