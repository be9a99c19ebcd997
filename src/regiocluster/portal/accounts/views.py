"""Sign-in with rate-limited attempts; the rest of the account views are Django's."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from regiocluster.portal.accounts import ratelimit


def client_address(request: HttpRequest) -> str:
    """Return the client's address (the direct peer; configure a proxy to pass it on)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


class RateLimitedLoginView(auth_views.LoginView):
    """Django's sign-in view, refusing further attempts after too many failures (HTTP 429)."""

    template_name = "registration/login.html"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """Refuse the attempt with HTTP 429 when the limit is used up, else sign in."""
        username = request.POST.get("username", "")[:150]
        address = client_address(request)
        if ratelimit.login_blocked(address=address, username=username):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed sign-in attempts. Try again later."))
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):  # noqa: D102
        ratelimit.login_failed(
            address=client_address(self.request),
            username=self.request.POST.get("username", "")[:150],
        )
        return super().form_invalid(form)

    def form_valid(self, form):  # noqa: D102
        ratelimit.login_succeeded(
            address=client_address(self.request),
            username=self.request.POST.get("username", "")[:150],
        )
        return super().form_valid(form)
