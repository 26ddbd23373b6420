"""The PICS wizard: an ordered list of steps, each a form over one part of the PICS.

As in django-formtools, a POST validates only its own step and the last step
re-validates everything; unlike formtools' session storage, every step is saved to the
database at once, so a vendor can leave and resume from any device. Each form turns its
cleaned data into a new PicsDocument (`apply`), the one thing the views save, preview
and validate.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django import forms

from certplanner.api import BadJson, parse_json
from pics.wizard.steps import step_slugs_for
from profiles.models import Edition
from rules.catalogue import effective_profiles, product_subtypes
from rules.document import PRODUCT_FIELDS, SUT_TYPES, PicsDocument

UNANSWERED = ""
ANSWER_CHOICES = [("yes", "Yes"), ("no", "No"), (UNANSWERED, "Not answered yet")]


def _answer_value(choice: str) -> bool | None:
    return {"yes": True, "no": False}.get(choice)


def _answer_choice(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, UNANSWERED)


class StepForm(forms.Form):
    """A step's form: built from the document and its catalogue; `apply` returns the
    document with this step's answers."""

    def __init__(
        self, *args, document: PicsDocument | None, catalogue: dict | None, **kwargs
    ):
        self.document = document
        self.catalogue = catalogue
        super().__init__(*args, **kwargs)

    def apply(self, document: PicsDocument) -> PicsDocument:
        raise NotImplementedError


class ProductForm(StepForm):
    vendor = forms.CharField(max_length=200, label="Vendor")
    model = forms.CharField(max_length=200, label="Model")
    hardware_version = forms.CharField(max_length=200, label="Hardware version")
    firmware_version = forms.CharField(max_length=200, label="Firmware version")
    sut = forms.ChoiceField(
        label="System under test",
        choices=list(SUT_TYPES.items()),
        widget=forms.RadioSelect,
    )
    product_subtype = forms.ChoiceField(
        label="Product subtype",
        required=False,
        help_text="Charging Stations only; leave empty for a station with Mode 3.",
    )
    edition = forms.ModelChoiceField(
        label="Part 5 edition",
        queryset=Edition.objects.filter(status=Edition.Status.PUBLISHED),
        empty_label=None,
        to_field_name="code",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Edition.objects.current()
        catalogue = self.catalogue
        subtypes = product_subtypes(catalogue) if catalogue else ()
        self.fields["product_subtype"].choices = [
            ("", "None (regular Charging Station)")
        ] + [(s, s) for s in subtypes]
        document = self.document
        if document is not None:
            self.initial.update(document.product)
            self.initial["sut"] = document.sut
            self.initial["product_subtype"] = document.product_subtype or ""
            self.initial["edition"] = document.edition
        elif current is not None:
            self.initial["edition"] = current.code
            self.initial["sut"] = "cs"

    def clean(self):
        cleaned = super().clean()
        for name in PRODUCT_FIELDS:
            if name in cleaned and not cleaned[name].isprintable():
                self.add_error(name, "One line of text, without control characters.")
        if cleaned.get("sut") == "csms" and cleaned.get("product_subtype"):
            self.add_error(
                "product_subtype",
                "A product subtype applies to Charging Stations only.",
            )
        return cleaned

    def apply(self, document: PicsDocument | None) -> PicsDocument:
        data = self.cleaned_data
        product = {name: data[name].strip() for name in PRODUCT_FIELDS}
        fields = {
            "sut": data["sut"],
            "edition": data["edition"].code,
            "product": product,
            "product_subtype": data["product_subtype"] or None,
        }
        if document is None:
            return PicsDocument(**fields)
        if document.sut != data["sut"]:
            # Features, questions and hardware differ between the SUT types.
            fields.update(features=(), values={}, questions={}, hardware={})
        return dataclasses.replace(document, **fields)


class ProfilesForm(StepForm):
    profiles = forms.MultipleChoiceField(
        label="Optional certification profiles",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profiles"].choices = [
            (p["name"], p["name"])
            for p in self.catalogue["profiles"]
            if not p.get("always_required")
        ]
        self.initial["profiles"] = list(self.document.profiles)

    def apply(self, document: PicsDocument) -> PicsDocument:
        chosen = tuple(self.cleaned_data["profiles"])
        active = set(effective_profiles(self.catalogue, chosen))
        in_profile = {
            f["id"]: f["profile"]
            for f in self.catalogue["features"]
            if f["side"] == document.sut
        }
        # Answers of a profile no longer part of the certification go with it.
        return dataclasses.replace(
            document,
            profiles=chosen,
            features=tuple(f for f in document.features if in_profile.get(f) in active),
            values={
                k: v for k, v in document.values.items() if in_profile.get(k) in active
            },
        )


def feature_field_name(feature_id: str) -> str:
    return f"feature:{feature_id}"


def values_field_name(feature_id: str) -> str:
    return f"values:{feature_id}"


class FeaturesForm(StepForm):
    """Switches for yes/no features, checkbox groups for lists of values; CSMS-required
    features and fixed list members (Heartbeat) are shown on and locked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document, catalogue = self.document, self.catalogue
        active = set(effective_profiles(catalogue, document.profiles))
        value_lists = {v["name"]: v["values"] for v in catalogue["value_lists"]}
        self.fixed_values = {
            r["subject"]: r["members"]
            for r in catalogue["list_constraints"]
            if r["side"] == document.sut and r["kind"] == "must_include"
        }
        self.features = [
            f
            for f in catalogue["features"]
            if f["side"] == document.sut and f["profile"] in active
        ]
        for feature in self.features:
            feature_id = feature["id"]
            if feature["kind"] == "boolean":
                required = feature["support"] == "required"
                self.fields[feature_field_name(feature_id)] = forms.BooleanField(
                    label=feature["name"],
                    required=False,
                    initial=required or feature_id in document.features,
                    disabled=required,
                )
            elif feature["kind"] == "value_list":
                fixed = self.fixed_values.get(feature_id, [])
                self.fields[values_field_name(feature_id)] = forms.MultipleChoiceField(
                    label=feature["name"],
                    required=False,
                    choices=[(v, v) for v in value_lists[feature["value_list"]]],
                    widget=forms.CheckboxSelectMultiple,
                    initial=list(
                        dict.fromkeys([*fixed, *document.values.get(feature_id, ())])
                    ),
                )

    def clean(self):
        cleaned = super().clean()
        for feature_id, fixed in self.fixed_values.items():
            name = values_field_name(feature_id)
            if name in cleaned:
                cleaned[name] = list(dict.fromkeys([*fixed, *cleaned[name]]))
        return cleaned

    def apply(self, document: PicsDocument) -> PicsDocument:
        shown = {f["id"] for f in self.features}
        features = [f for f in document.features if f not in shown]
        values = {k: v for k, v in document.values.items() if k not in shown}
        for feature in self.features:
            feature_id = feature["id"]
            if feature["kind"] == "boolean":
                if self.cleaned_data.get(feature_field_name(feature_id)):
                    features.append(feature_id)
            elif feature["kind"] == "value_list":
                chosen = self.cleaned_data.get(values_field_name(feature_id)) or []
                if chosen:
                    values[feature_id] = tuple(chosen)
        order = {f["id"]: i for i, f in enumerate(self.catalogue["features"])}
        features.sort(key=lambda f: order.get(f, len(order)))
        return dataclasses.replace(document, features=tuple(features), values=values)


class QuestionsForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in self.catalogue["questions"]:
            if question["side"] != self.document.sut:
                continue
            self.fields[question["id"]] = forms.ChoiceField(
                label=f"{question['id']}: {question['text']}",
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=_answer_choice(self.document.questions.get(question["id"])),
            )

    def apply(self, document: PicsDocument) -> PicsDocument:
        questions = {
            key: value
            for key, choice in self.cleaned_data.items()
            if (value := _answer_value(choice)) is not None
        }
        return dataclasses.replace(document, questions=questions)


class HardwareForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for hardware in self.catalogue["hardware_features"]:
            key, current = hardware["id"], self.document.hardware.get(hardware["id"])
            label = f"{key}: {hardware['text']}"
            if hardware["kind"] == "number":
                self.fields[key] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=1,
                    max_value=1000,
                    initial=current,
                    help_text="Leave empty if not known yet.",
                )
            else:
                self.fields[key] = forms.ChoiceField(
                    label=label,
                    choices=ANSWER_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=_answer_choice(current),
                )

    def apply(self, document: PicsDocument) -> PicsDocument:
        hardware: dict[str, bool | int] = {}
        for key, value in self.cleaned_data.items():
            if isinstance(value, str):
                value = _answer_value(value)
            if value is not None:
                hardware[key] = value
        return dataclasses.replace(document, hardware=hardware)


class ReviewForm(StepForm):
    def apply(self, document: PicsDocument) -> PicsDocument:
        return document


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[StepForm]
    template: str


STEPS = [
    Step("product", "Product", ProductForm, "pics/wizard/product.html"),
    Step(
        "profiles", "Certification profiles", ProfilesForm, "pics/wizard/profiles.html"
    ),
    Step("features", "Features", FeaturesForm, "pics/wizard/features.html"),
    Step(
        "questions", "Additional questions", QuestionsForm, "pics/wizard/questions.html"
    ),
    Step("hardware", "Hardware", HardwareForm, "pics/wizard/hardware.html"),
    Step("review", "Review and submit", ReviewForm, "pics/wizard/review.html"),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def steps_for(document: PicsDocument) -> list[Step]:
    return [STEP_BY_SLUG[slug] for slug in step_slugs_for(document)]


def next_step(document: PicsDocument, slug: str) -> Step | None:
    steps = steps_for(document)
    slugs = [s.slug for s in steps]
    index = slugs.index(slug) if slug in slugs else -1
    return steps[index + 1] if 0 <= index < len(steps) - 1 else None


def previous_step(document: PicsDocument, slug: str) -> Step | None:
    steps = steps_for(document)
    slugs = [s.slug for s in steps]
    index = slugs.index(slug) if slug in slugs else 0
    return steps[index - 1] if index > 0 else None


MAX_IMPORT_BYTES = 1024 * 1024


class PicsImportForm(forms.Form):
    file = forms.FileField(
        label="PICS JSON file",
        help_text="A file in the certplanner.pics/1 format, at most 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB.")
        try:
            return parse_json(upload.read())
        except BadJson as exc:
            raise forms.ValidationError(str(exc)) from None


class DuplicateForm(forms.Form):
    firmware_version = forms.CharField(
        max_length=200,
        label="Firmware version of the copy",
        help_text="The copy keeps every answer; a certificate holds for one build.",
    )
