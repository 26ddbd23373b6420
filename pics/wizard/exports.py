"""Plans and PICS as files: JSON and CSV renderings shared by the CLI and the web."""

from __future__ import annotations

import csv
import io
import json

PLAN_CSV_COLUMNS = [
    "id",
    "group",
    "title",
    "profile",
    "requirement",
    "applicable",
    "reason",
    "watchlist",
]


def _cell(value) -> str:
    if value is None:
        return "undetermined"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def plan_csv(plan: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PLAN_CSV_COLUMNS)
    for row in plan["test_cases"]:
        writer.writerow(
            [
                _cell(row[column])
                if column in ("applicable", "watchlist")
                else row[column]
                for column in PLAN_CSV_COLUMNS
            ]
        )
    return out.getvalue()


def to_json_text(data: dict, *, pretty: bool = True) -> str:
    if pretty:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
