"""Sign-in (django-axes limits it, TOTP optional) and a throttled password reset."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from regiocluster.portal.accounts import ratelimit
from regiocluster.portal.accounts.forms import SignInForm
from regiocluster.portal.hardening import client_address, site_url


class RateLimitedLoginView(auth_views.LoginView):
    """Django's sign-in view; django-axes counts failures, a TOTP code is checked if set up."""

    template_name = "registration/login.html"
    authentication_form = SignInForm

    def form_valid(self, form: SignInForm) -> HttpResponse:  # noqa: D102
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Password reset by e-mail with absolute links from ``REGIOCLUSTER_SITE_URL``.

    At most ``PASSWORD_RESET_LIMIT`` mails per e-mail address and per client an
    hour; further requests get HTTP 429 and send nothing.
    """

    email_template_name = "registration/password_reset_email.txt"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Refuse with 429 when the address or the client has used up its resets."""
        email = request.POST.get("email", "")[:254]
        if not ratelimit.reset_allowed(address=client_address(request), email=email):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many password-reset requests. Try again in an hour."))
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):  # noqa: D102
        self.extra_email_context = {"site_url": site_url().rstrip("/")}
        return super().form_valid(form)
