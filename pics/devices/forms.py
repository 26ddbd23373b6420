"""Forms of the device-report pages: the upload (read strictly, each problem named)
and the vendor's choice among the proposals."""

from __future__ import annotations

from django import forms

from devicemodel import MAX_MESSAGES, ReportError, ReportInput
from pics.devices.reports import check_total_size, report_input

MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        # No file at all: the single field's own "required" message.
        return [single(data, initial)] if data else single(None, initial)


class DeviceUploadForm(forms.Form):
    reports = MultipleFileField(
        label="Report files",
        help_text=(
            "NotifyReport messages as JSON: one payload, a list of parts, or the "
            "OCPP-J frames of a CSMS log. Up to 2 MB in all."
        ),
    )
    boot = forms.FileField(
        label="BootNotification (optional)",
        required=False,
        help_text="The BootNotificationRequest payload or frame: vendor, model, "
        "firmware.",
    )

    def clean(self):
        cleaned = super().clean()
        reports = cleaned.get("reports") or []
        boot = cleaned.get("boot")
        uploads = [*reports, *([boot] if boot else [])]
        if not reports:
            return cleaned
        if len(reports) > min(MAX_FILES, MAX_MESSAGES):
            raise forms.ValidationError(
                f"Upload at most {min(MAX_FILES, MAX_MESSAGES)} report files."
            )
        # Sizes are known before anything is read: a huge file is refused unread.
        try:
            check_total_size([upload.size for upload in uploads])
            cleaned["inputs"] = [
                report_input(_name(upload), upload.read()) for upload in reports
            ]
            cleaned["boot_input"] = (
                report_input(_name(boot), boot.read()) if boot else None
            )
        except ReportError as exc:
            raise forms.ValidationError(
                [str(problem) for problem in exc.problems[:10]]
            ) from None
        return cleaned

    @property
    def inputs(self) -> list[ReportInput]:
        return self.cleaned_data["inputs"]

    @property
    def boot_input(self) -> ReportInput | None:
        return self.cleaned_data["boot_input"]

    def add_report_error(self, error: ReportError) -> None:
        for problem in error.problems[:10]:
            self.add_error(None, str(problem))
        if len(error.problems) > 10:
            self.add_error(None, f"… and {len(error.problems) - 10} more problems.")


def _name(upload) -> str:
    # The browser's file name, shortened: it is repeated in every problem.
    return (upload.name or "file")[:80]


class ProposalChoiceForm(forms.Form):
    ACTIONS = (
        ("all", "Accept all"),
        ("selected", "Accept selected"),
        ("keep", "Keep mine"),
    )

    action = forms.ChoiceField(choices=ACTIONS)
    version = forms.IntegerField()
    accept = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, proposal_ids: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal_ids = proposal_ids
        self.fields["accept"].choices = [(i, i) for i in proposal_ids]

    def chosen_ids(self) -> list[str]:
        if self.cleaned_data["action"] == "all":
            return list(self.proposal_ids)
        if self.cleaned_data["action"] == "keep":
            return []
        return list(self.cleaned_data["accept"])
