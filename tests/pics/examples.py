import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "examples"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())
