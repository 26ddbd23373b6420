"""A charging station's own description, read and turned into PICS answers.

Pure Python (no Django import): the wizard, the websocket listener, the review
page, the CLI and the API all call these.

    model = read_reports([ReportInput("report.json", data)], boot=...)
    proposals = propose(model, Catalogue.from_export(catalogue_data))
    document = to_pics_document(proposals)          # certplanner.pics/1
    warnings = contradictions(pics_document, proposals)
"""

from .answers import Contradiction, contradictions, to_pics_document
from .mapping import TABLE, Catalogue, Proposal, Rule, not_from_device, propose
from .model import DeviceModel, Product, Variable
from .reading import (
    MAX_COMPONENTS,
    MAX_INPUT_BYTES,
    MAX_MESSAGES,
    MAX_VARIABLES,
    ReportError,
    ReportInput,
    ReportProblem,
    read_reports,
)

__all__ = [
    "MAX_COMPONENTS",
    "MAX_INPUT_BYTES",
    "MAX_MESSAGES",
    "MAX_VARIABLES",
    "TABLE",
    "Catalogue",
    "Contradiction",
    "DeviceModel",
    "Product",
    "Proposal",
    "ReportError",
    "ReportInput",
    "ReportProblem",
    "Rule",
    "Variable",
    "contradictions",
    "not_from_device",
    "propose",
    "read_reports",
    "to_pics_document",
]
