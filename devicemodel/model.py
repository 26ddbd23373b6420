"""What a charging station said about itself: its device model (OCPP 2.0.1 Part 2,
components and variables from NotifyReport) and its BootNotification.

Plain data, no Django import. Names of components and variables are compared
case-insensitively, as Part 2 defines them ("Case Insensitive").
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Part 2: an attribute without `mutability` is ReadWrite, without `type` Actual.
DEFAULT_MUTABILITY = "ReadWrite"
MAX_EVIDENCE_VALUE = 120


def printable(text: str, limit: int = MAX_EVIDENCE_VALUE) -> str:
    """A reported text made safe to show in one line: control characters escaped,
    long values cut. Reports come from devices and logs, not from people we trust."""
    shown = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


@dataclass(frozen=True)
class Attribute:
    value: str | None
    mutability: str = DEFAULT_MUTABILITY


@dataclass(frozen=True)
class Variable:
    """One reported variable of one component (with its instance and EVSE)."""

    component: str
    variable: str
    component_instance: str | None = None
    instance: str | None = None
    evse: int | None = None
    connector: int | None = None
    attributes: dict[str, Attribute] = field(default_factory=dict)
    data_type: str | None = None
    values_list: tuple[str, ...] | None = None
    source: str = ""

    @property
    def actual(self) -> str | None:
        attribute = self.attributes.get("Actual")
        return attribute.value if attribute else None

    @property
    def writable(self) -> bool:
        attribute = self.attributes.get("Actual")
        return attribute is not None and attribute.mutability != "ReadOnly"

    @property
    def members(self) -> tuple[str, ...]:
        """The Actual value read as a comma-separated list (MemberList and
        SequenceList values are written that way in Part 2)."""
        if not self.actual:
            return ()
        return tuple(item.strip() for item in self.actual.split(",") if item.strip())

    def flag(self) -> bool | None:
        """The Actual value as a boolean, or None when it is not "true"/"false"."""
        value = (self.actual or "").strip().lower()
        return {"true": True, "false": False}.get(value)

    @property
    def name(self) -> str:
        """How the evidence names it: `EVSE(evse 1).AllowReset`,
        `DeviceDataCtrlr.BytesPerMessage[GetVariables]`."""
        where = []
        if self.component_instance:
            where.append(printable(self.component_instance, 50))
        if self.evse is not None:
            where.append(f"evse {self.evse}")
        if self.connector is not None:
            where.append(f"connector {self.connector}")
        component = printable(self.component, 50)
        if where:
            component += f"({', '.join(where)})"
        variable = printable(self.variable, 50)
        if self.instance:
            variable += f"[{printable(self.instance, 50)}]"
        return f"{component}.{variable}"

    def shows(self) -> str:
        """Evidence: `TxCtrlr.TxStartPoint = EVConnected,Authorized`."""
        value = self.actual
        shown = "(no value)" if value is None else printable(value) or '""'
        text = f"{self.name} = {shown}"
        if self.attributes.get("Actual") and not self.writable:
            text += " (ReadOnly)"
        return text

    def shows_values_list(self) -> str:
        return f"{self.name} valuesList = {printable(','.join(self.values_list or ()))}"


@dataclass(frozen=True)
class Product:
    """From BootNotificationRequest.chargingStation. It has no hardware version."""

    vendor: str | None = None
    model: str | None = None
    firmware_version: str | None = None
    serial_number: str | None = None
    source: str = ""


def _key(text: str | None) -> str | None:
    return text.lower() if text is not None else None


@dataclass(frozen=True)
class DeviceModel:
    variables: tuple[Variable, ...] = ()
    product: Product | None = None
    sources: tuple[str, ...] = ()

    def find(
        self,
        component: str | None,
        variable: str | None = None,
        instance: str | None = None,
    ) -> list[Variable]:
        """Reported variables of `component` (None: any component) named `variable`
        (None: any). Without `instance`, the variable without instance is preferred;
        a station that reports it only under some instance still counts."""
        found = [
            v
            for v in self.variables
            if (component is None or _key(v.component) == _key(component))
            and (variable is None or _key(v.variable) == _key(variable))
        ]
        if variable is None:
            return found
        if instance is not None:
            return [v for v in found if _key(v.instance) == _key(instance)]
        plain = [v for v in found if v.instance is None]
        return plain or found

    def has_component(self, component: str) -> bool:
        return any(_key(v.component) == _key(component) for v in self.variables)

    def evse_ids(self) -> list[int]:
        """EVSEs the station reports as EVSE components (Part 2: one per EVSE)."""
        return sorted(
            {
                v.evse
                for v in self.variables
                if _key(v.component) == "evse" and v.evse is not None
            }
        )
