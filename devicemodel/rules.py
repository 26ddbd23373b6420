"""The rules of the mapping table: each reads the variables one row names and
gives an answer (value, evidence, the variables it rests on), or None when the
device model does not tell. No Django import."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import DeviceModel, Variable, printable


@dataclass(frozen=True)
class Rule:
    target: str  # PICS id, profile name or "product.<field>"
    section: str  # one of SECTIONS
    kind: str  # see RULES below
    component: str | None  # None: the variable on any component
    variable: str | None = None
    instance: str | None = None
    arg: Any = None
    part5: str = ""  # Part 5's own name of the configuration variable


# Part 2's ConnectorEnumType (plus cGBT, cChaoJi, OppCharge that stations report),
# by what the hardware questions need: AC or DC, socket (the driver brings the
# cable: detachable) or cable attached (fixed), IEC 61851-1 Mode 3.
CONNECTOR_TYPES: dict[str, set[str]] = {
    "AC": {
        "cType1", "cType2", "sType2", "sType3", "s309-1P-16A", "s309-1P-32A",
        "s309-3P-16A", "s309-3P-32A", "sBS1361", "sCEE-7-7", "Other1PhMax16A",
        "Other1PhOver16A", "Other3Ph",
    },
    "DC": {"cCCS1", "cCCS2", "cG105", "cChaoJi", "Pan", "OppCharge"},
    "socket": {
        "sType2", "sType3", "s309-1P-16A", "s309-1P-32A", "s309-3P-16A",
        "s309-3P-32A", "sBS1361", "sCEE-7-7",
    },
    "cable": {"cCCS1", "cCCS2", "cG105", "cTesla", "cType1", "cType2", "cChaoJi",
              "cGBT"},
    "mode3": {"cType1", "cType2", "sType2", "sType3"},
}  # fmt: skip
# Types that decide each aspect either way; others (Unknown, Undetermined, wInductive,
# cTesla for AC/DC...) leave the aspect open.
CONNECTOR_DECIDED: dict[str, set[str]] = {
    "AC": CONNECTOR_TYPES["AC"] | CONNECTOR_TYPES["DC"],
    "DC": CONNECTOR_TYPES["AC"] | CONNECTOR_TYPES["DC"],
    "socket": CONNECTOR_TYPES["socket"] | CONNECTOR_TYPES["cable"],
    "cable": CONNECTOR_TYPES["socket"] | CONNECTOR_TYPES["cable"],
    "mode3": CONNECTOR_TYPES["AC"] | CONNECTOR_TYPES["DC"],
}


def _evidence(variables: Iterable[Variable]) -> str:
    return "; ".join(v.shows() for v in variables)


def _answer_present(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found:
        return None
    also = [model.find(rule.component, name) for name in rule.arg or ()]
    if not all(also):
        return None
    variables = [found[0], *(f[0] for f in also)]
    return True, _evidence(variables), variables


def _answer_writable(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found:
        return None
    return found[0].writable, found[0].shows(), found[:1]


def _answer_enabled(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found:
        return None
    variable = found[0]
    flag = variable.flag()
    if flag is True or variable.writable:
        return True, variable.shows(), [variable]
    if flag is False:
        return False, variable.shows(), [variable]
    return None


def _answer_bool_option(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found:
        return None
    variable = found[0]
    flag = variable.flag()
    if flag is rule.arg or variable.writable:
        return True, variable.shows(), [variable]
    if flag is not None:
        return False, variable.shows(), [variable]
    return None


def _answer_member(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found:
        return None
    variable = found[0]
    if variable.values_list is not None:
        return (
            rule.arg in variable.values_list,
            variable.shows_values_list(),
            [variable],
        )
    if rule.arg in variable.members:
        return True, variable.shows(), [variable]
    return None  # not in the value set now, but nothing says it cannot be


def _answer_values(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found:
        return None
    variable = found[0]
    if variable.values_list is not None:
        return variable.values_list, variable.shows_values_list(), [variable]
    if variable.members:
        return variable.members, variable.shows(), [variable]
    return None


def _answer_equals(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found or (found[0].actual or "").strip().lower() != rule.arg:
        return None
    return True, found[0].shows(), found[:1]


def _answer_any_true(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    flags = [(v, v.flag()) for v in found]
    yes = [v for v, flag in flags if flag]
    if yes:
        return True, _evidence(yes), yes
    if flags and all(flag is False for _, flag in flags):
        return False, _evidence(found), found
    return None


def _answer_evse_count(model: DeviceModel, rule: Rule):
    evses = model.evse_ids()
    if not evses:
        return None
    listed = ", ".join(map(str, evses))
    variables = [v for v in model.find("EVSE") if v.evse in evses]
    return len(evses), f"EVSE components reported for evse {listed}", variables


def _answer_connector(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable)
    types = [(v, (v.actual or "").strip()) for v in found]
    if not types:
        return None
    matching = [v for v, kind in types if kind in CONNECTOR_TYPES[rule.arg]]
    if matching:
        return True, _evidence(matching), matching
    if all(kind in CONNECTOR_DECIDED[rule.arg] for _, kind in types):
        return False, _evidence(found), found
    return None


def _answer_phases(model: DeviceModel, rule: Rule):
    found = [
        v
        for v in model.find(rule.component, rule.variable)
        if (v.actual or "").strip() == rule.arg
    ]
    if not found:
        return None
    return True, _evidence(found), found


def _answer_boot(model: DeviceModel, rule: Rule):
    product = model.product
    value = getattr(product, rule.arg) if product else None
    if not value or not value.strip():
        return None
    field_name = {
        "vendor": "vendorName",
        "model": "model",
        "firmware_version": "firmwareVersion",
    }[rule.arg]
    return (
        value.strip(),
        f"BootNotification chargingStation.{field_name} = {printable(value)}",
        [],
    )


def _answer_text(model: DeviceModel, rule: Rule):
    found = model.find(rule.component, rule.variable, rule.instance)
    if not found or not (found[0].actual or "").strip():
        return None
    return found[0].actual.strip(), found[0].shows(), found[:1]


def _answer_component(model: DeviceModel, rule: Rule):
    if not model.has_component(rule.component):
        return None
    available = model.find(rule.component, "Available")
    enabled = model.find(rule.component, "Enabled")
    if available and available[0].flag() is False:
        return False, available[0].shows(), available[:1]
    if enabled and enabled[0].flag() is False and not enabled[0].writable:
        return False, enabled[0].shows(), enabled[:1]
    shown = [v for v in (*available[:1], *enabled[:1]) if v.actual is not None]
    evidence = f"{printable(rule.component, 50)} reported"
    if shown:
        evidence += f" ({_evidence(shown)})"
    return True, evidence, shown or model.find(rule.component)[:1]


RULES = {
    "present": _answer_present,  # reported (with every variable of `arg`): yes
    "writable": _answer_writable,  # ReadWrite: yes; ReadOnly: no
    "enabled": _answer_enabled,  # true or changeable: yes; false and ReadOnly: no
    "bool_option": _answer_bool_option,  # the value `arg` is or can be set: yes
    "member": _answer_member,  # `arg` in valuesList: yes; valuesList without: no
    "values": _answer_values,  # the valuesList (else the value's members)
    "equals": _answer_equals,  # value equals `arg`: yes
    "any_true": _answer_any_true,  # true on any instance: yes; false on all: no
    "evse_count": _answer_evse_count,  # number of EVSE components
    "connector": _answer_connector,  # a connector of kind `arg`: yes; none: no
    "phases": _answer_phases,  # SupplyPhases = `arg` on an EVSE: yes
    "boot": _answer_boot,  # BootNotification chargingStation field
    "text": _answer_text,  # the variable's value as text
    "component": _answer_component,  # component present and available: yes
}
