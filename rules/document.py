"""The PICS interchange format `certplanner.pics/1` (see README, "PICS JSON").

`read_document` turns untrusted JSON into a `PicsDocument`, reporting every
structural problem (wrong types, unknown fields) at once; what the ids mean is
checked against the catalogue by `rules.validation`. No Django import.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

FORMAT = "certplanner.pics/1"
SUT_TYPES = {"cs": "Charging Station", "csms": "CSMS"}
PRODUCT_FIELDS = ("vendor", "model", "hardware_version", "firmware_version")
PRODUCT_LABELS = {
    "vendor": "vendor",
    "model": "model",
    "hardware_version": "hardware version",
    "firmware_version": "firmware version",
}
TOP_LEVEL_FIELDS = {
    "format",
    "edition",
    "sut",
    "product",
    "profiles",
    "features",
    "values",
    "questions",
    "hardware",
    "product_subtype",
}
MAX_TEXT = 200
MAX_ITEMS = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong or suspicious in a PICS, in words a vendor understands.

    `id` is the catalogue id or field it concerns; `section` is the part of the
    document (and the wizard step) where it is fixed."""

    id: str
    severity: str  # "error" or "warning"
    message: str
    section: str

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "severity": self.severity,
            "message": self.message,
            "section": self.section,
        }


def error(id: str, message: str, section: str) -> Problem:
    return Problem(id, "error", message, section)


def warning(id: str, message: str, section: str) -> Problem:
    return Problem(id, "warning", message, section)


@dataclass(frozen=True)
class PicsDocument:
    sut: str
    edition: str | None = None
    product: dict[str, str] = field(default_factory=dict)
    profiles: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    questions: dict[str, bool] = field(default_factory=dict)
    hardware: dict[str, bool | int] = field(default_factory=dict)
    product_subtype: str | None = None

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "edition": self.edition,
            "sut": self.sut,
            "product": {name: self.product.get(name, "") for name in PRODUCT_FIELDS},
            "profiles": list(self.profiles),
            "features": list(self.features),
            "values": {key: list(values) for key, values in self.values.items()},
            "questions": dict(self.questions),
            "hardware": dict(self.hardware),
            "product_subtype": self.product_subtype,
        }


def canonical_json(document: PicsDocument) -> str:
    """Sorted keys, no whitespace: the form `pics_sha256` is computed over."""
    return json.dumps(
        document.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def pics_sha256(document: PicsDocument) -> str:
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _string_list(raw: Any, name: str, section: str, problems: list[Problem]) -> tuple:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(
            error(
                name, f"{name} must be a list of ids, not {_type_name(raw)}.", section
            )
        )
        return ()
    if len(raw) > MAX_ITEMS:
        problems.append(
            error(name, f"{name} has more than {MAX_ITEMS} items.", section)
        )
        return ()
    items = []
    for item in raw:
        if not isinstance(item, str) or not item or len(item) > MAX_TEXT:
            problems.append(
                error(
                    name,
                    f"{name} may hold only short strings, not {item!r:.40}.",
                    section,
                )
            )
            continue
        if item in items:
            problems.append(
                warning(item, f"{item} is listed twice in {name}.", section)
            )
            continue
        items.append(item)
    return tuple(items)


def _mapping(raw: Any, name: str, section: str, problems: list[Problem]) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(
            error(name, f"{name} must be an object, not {_type_name(raw)}.", section)
        )
        return {}
    if len(raw) > MAX_ITEMS:
        problems.append(
            error(name, f"{name} has more than {MAX_ITEMS} entries.", section)
        )
        return {}
    return raw


def read_document(raw: Any) -> tuple[PicsDocument | None, list[Problem]]:
    """Parse untrusted JSON data. Returns no document when its SUT type is unusable;
    otherwise the document with every well-typed part kept, and the problems."""
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        return None, [
            error(
                "format", f"A PICS is a JSON object, not {_type_name(raw)}.", "format"
            )
        ]
    for key in sorted(set(raw) - TOP_LEVEL_FIELDS, key=str):
        problems.append(
            error(str(key)[:MAX_TEXT], f"Unknown field {key!r:.60}.", "format")
        )
    if raw.get("format") != FORMAT:
        problems.append(
            error(
                "format",
                f'"format" must be "{FORMAT}", not {raw.get("format")!r:.60}.',
                "format",
            )
        )
    sut = raw.get("sut")
    if not isinstance(sut, str) or sut not in SUT_TYPES:
        problems.append(
            error(
                "sut",
                f'"sut" must be "cs" (Charging Station) or "csms", not {sut!r:.40}.',
                "product",
            )
        )
        return None, problems

    edition = raw.get("edition")
    if edition is not None and (
        not isinstance(edition, str) or len(edition) > MAX_TEXT
    ):
        problems.append(error("edition", "edition must be an edition code.", "product"))
        edition = None

    product: dict[str, str] = {}
    raw_product = _mapping(raw.get("product"), "product", "product", problems)
    for key in sorted(set(raw_product) - set(PRODUCT_FIELDS), key=str):
        problems.append(
            error(
                f"product.{key}"[:MAX_TEXT], f"Unknown field product.{key}.", "product"
            )
        )
    for name in PRODUCT_FIELDS:
        value = raw_product.get(name)
        if (
            isinstance(value, str)
            and value.strip()
            and len(value) <= MAX_TEXT
            and value.isprintable()
        ):
            product[name] = value.strip()
        elif value is None or (isinstance(value, str) and not value.strip()):
            problems.append(
                error(
                    f"product.{name}",
                    f"The product's {PRODUCT_LABELS[name]} is missing.",
                    "product",
                )
            )
        else:
            problems.append(
                error(
                    f"product.{name}",
                    f"The product's {PRODUCT_LABELS[name]} must be one line of at most "
                    f"{MAX_TEXT} characters.",
                    "product",
                )
            )

    profiles = _string_list(raw.get("profiles"), "profiles", "profiles", problems)
    features = _string_list(raw.get("features"), "features", "features", problems)

    values: dict[str, tuple[str, ...]] = {}
    for key, items in _mapping(
        raw.get("values"), "values", "features", problems
    ).items():
        values[key] = _string_list(items, f"values[{key}]", "features", problems)

    questions: dict[str, bool] = {}
    for key, answer in _mapping(
        raw.get("questions"), "questions", "questions", problems
    ).items():
        if isinstance(answer, bool):
            questions[key] = answer
        elif answer is not None:
            problems.append(
                error(
                    key[:MAX_TEXT],
                    f"The answer to {key:.40} must be true or false, not "
                    f"{_type_name(answer)}.",
                    "questions",
                )
            )

    hardware: dict[str, bool | int] = {}
    for key, answer in _mapping(
        raw.get("hardware"), "hardware", "hardware", problems
    ).items():
        if isinstance(answer, bool | int):
            hardware[key] = answer
        elif answer is not None:
            problems.append(
                error(
                    key[:MAX_TEXT],
                    f"The hardware answer {key:.40} must be true/false or "
                    f"a whole number, not {answer!r:.40}.",
                    "hardware",
                )
            )

    subtype = raw.get("product_subtype")
    if subtype is not None and (
        not isinstance(subtype, str) or len(subtype) > MAX_TEXT
    ):
        problems.append(
            error(
                "product_subtype", "product_subtype must be a text or null.", "product"
            )
        )
        subtype = None

    document = PicsDocument(
        sut=sut,
        edition=edition,
        product=product,
        profiles=profiles,
        features=features,
        values=values,
        questions=questions,
        hardware=hardware,
        product_subtype=subtype or None,
    )
    return document, problems
