import json
from pathlib import Path

from pics.wizard.services import pics_create
from rules.document import read_document

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def make_pics(user, edition, name="ac-charging-station", **changes):
    document, _ = read_document(example(name) | changes)
    return pics_create(
        organisation=user.membership.organisation,
        user=user,
        edition=edition,
        document=document,
        wizard_steps=["product", "profiles", "features", "questions", "hardware"],
    )
