from django import forms

from .verification import MAX_PDF_BYTES


class VerifyForm(forms.Form):
    file = forms.FileField(
        label="Test plan PDF",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return upload.read()
