from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import throttle


class LoginForm(AuthenticationForm):
    """The login form, refusing further attempts after repeated failures."""

    def clean(self):
        username = self.data.get("username", "")
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if throttle.is_blocked(username, address):
            raise forms.ValidationError(
                "Too many failed attempts. Wait 15 minutes before trying again.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear(username, address)
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autofocus": True}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
