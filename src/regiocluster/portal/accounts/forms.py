"""Sign-in form with the optional second factor (TOTP) of managers and administrators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device


class SignInForm(AuthenticationForm):
    """User name and password; a one-time code too for users who registered a TOTP device.

    The device is optional: managers and administrators add one in the admin
    (``TOTP devices``); once they have it, signing in without the code fails.
    """

    otp_token = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=16,
        help_text=_("Only if you set up a second factor (authenticator app)."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device = None

    def confirm_login_allowed(self, user: Any) -> None:
        """Require a valid one-time code from a user with a confirmed TOTP device."""
        super().confirm_login_allowed(user)
        if not user_has_device(user, confirmed=True):
            return
        token = (self.data.get("otp_token") or "").strip()
        device = match_token(user, token) if token else None
        if device is None:
            raise ValidationError(
                _("Enter the one-time code of your authenticator app."), code="otp_required"
            )
        self.otp_device = device
