"""Input hygiene for the API and the pages: no NUL characters reach the database."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django_otp import user_has_device
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication
from rest_framework.pagination import LimitOffsetPagination


class SafeBasicAuthentication(BasicAuthentication):
    """HTTP Basic authentication for users without a second factor (HTTP 401 otherwise).

    Refuses credentials with NUL characters, and users who registered a TOTP
    device: a password alone must not bypass their second factor.
    """

    def authenticate_credentials(self, userid, password, request=None):  # noqa: D102
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed("Invalid username/password.")
        user, auth = super().authenticate_credentials(userid, password, request)
        if user_has_device(user, confirmed=True):
            raise exceptions.AuthenticationFailed(
                "This account has a second factor: sign in through the form."
            )
        return user, auth


class PortalPagination(LimitOffsetPagination):
    """Limit/offset pagination with bounded limit and offset."""

    default_limit = 50
    max_limit = 200
    max_offset = 10**9

    def get_offset(self, request):  # noqa: D102
        return min(super().get_offset(request), self.max_offset)


class RejectNulMiddleware:
    """Answer 400 to any request whose path or query string carries a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:  # noqa: D102
        if "\x00" in request.path or any(
            "\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists()
        ):
            return HttpResponseBadRequest("NUL characters are not allowed.")
        return self.get_response(request)
