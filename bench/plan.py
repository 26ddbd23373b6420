"""Planner speed: µs per plan for the full catalogue, against a baseline loop over the
same test cases measured in the same run (absolute times drift on shared machines).

    ./dev bench plan      (or: .venv/bin/python -m bench.plan)
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import median, per_call_seconds, print_table, setup_django

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"


def main() -> None:
    setup_django()
    from pics.wizard.services import check_document
    from profiles.models import Edition
    from profiles.selectors import catalogue_data
    from rules.document import read_document
    from rules.planner import catalogue_index, plan

    edition = Edition.objects.current()
    if edition is None:
        raise SystemExit(
            "No published edition: run ./dev run once (or load_catalogue)."
        )
    data = catalogue_data(edition)
    catalogue_index(data)  # compiled once per edition, like in a running server
    documents = {
        name: read_document(json.loads((EXAMPLES / f"{name}.json").read_text()))[0]
        for name in ("ac-charging-station", "dc-charging-station-iso15118", "csms")
    }
    cases = data["test_cases"]

    def baseline() -> int:
        # The floor: one pass over the catalogue's test cases, building a row each.
        return len([{"id": c["id"], "requirement": c["cs"]} for c in cases])

    rows = [("baseline loop over 246 test cases", median(per_call_seconds(baseline)))]
    for name, document in documents.items():
        seconds = median(per_call_seconds(lambda d=document: plan(data, d)))
        rows.append((f"plan: {name}", seconds))
    ac = documents["ac-charging-station"]
    rows.append(
        (
            "validate + plan: ac-charging-station",
            median(per_call_seconds(lambda: check_document(ac).plan())),
        )
    )
    print_table(
        "Planner (median of 7 samples)",
        rows,
        baseline="baseline loop over 246 test cases",
    )


if __name__ == "__main__":
    main()
