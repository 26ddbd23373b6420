from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .lockout import LOCKED_OUT_MESSAGE


class LoginForm(AuthenticationForm):
    """The login form, saying so when the lock-out (accounts/lockout.py) refused the
    attempt rather than reporting a wrong password."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(
                    LOCKED_OUT_MESSAGE, code="throttled"
                ) from None
            raise

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autofocus": True}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
