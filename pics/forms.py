from django import forms

from certplanner.api import BadJson, parse_json

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


class CommentForm(forms.Form):
    test_case = forms.ChoiceField(
        label="On test case",
        required=False,
        help_text="Leave empty for a comment on the whole submission.",
    )
    text = forms.CharField(
        label="Comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, test_cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["test_case"].choices = [("", "The whole submission")] + [
            (tc, tc) for tc in test_cases
        ]


class DecisionForm(forms.Form):
    to_state = forms.ChoiceField(
        choices=[
            ("in_review", "Start review"),
            ("changes_requested", "Request changes"),
            ("approved", "Approve"),
            ("rejected", "Reject"),
            ("withdrawn", "Withdraw"),
        ]
    )
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerifyForm(forms.Form):
    file = forms.FileField(
        label="Test plan PDF",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self):
        from .verification import MAX_PDF_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return upload.read()
