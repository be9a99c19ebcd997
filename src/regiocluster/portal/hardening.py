"""Production hardening shared by the whole portal.

- :func:`client_address`: the client's address, read from the trusted proxy's
  header only when the direct peer is a trusted proxy (the sign-in limits key on it).
- :func:`site_url`: absolute links from ``REGIOCLUSTER_SITE_URL``, never from the
  request's ``Host`` header.
- :class:`PrivateCacheMiddleware`: ``Cache-Control: private`` on signed-in pages.
- :class:`DatabaseUnavailableMiddleware`: a friendly 503 page while the database is down.
- :class:`OneLineForbidden`: a 403 is logged in one line, without a traceback.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

log = logging.getLogger("regiocluster.portal")


def client_address(request: HttpRequest) -> str:
    """Return the client's address.

    ``""`` when unknown. The direct peer (``REMOTE_ADDR``) unless it is one of
    ``REGIOCLUSTER_TRUSTED_PROXIES``; then the right-most address in the
    configured proxy header (``REGIOCLUSTER_PROXY_HEADER``, for example
    ``X-Forwarded-For``) that is not itself a trusted proxy.
    """
    meta = getattr(request, "META", {})
    peer = _valid_ip(meta.get("REMOTE_ADDR", ""))
    header = settings.PROXY_CLIENT_HEADER
    trusted = set(settings.TRUSTED_PROXIES)
    if not header or peer not in trusted:
        return peer
    hops = [h.strip() for h in meta.get(header, "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return _valid_ip(hop) or peer
    return peer


def _valid_ip(text: str) -> str:
    """Return ``text`` if it is an IP address, else ``""`` (unknown)."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return ""


def site_url(path: str = "") -> str:
    """Return the absolute address of ``path`` on ``REGIOCLUSTER_SITE_URL``."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


class PrivateCacheMiddleware:
    """Mark every response to a signed-in user ``Cache-Control: private, no-cache``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:  # noqa: D102
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page (ru and en) when the database cannot be reached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:  # noqa: D102
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Turn a lost database connection into 503 with ``Retry-After``."""
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if "locked" in str(exception).lower():
            return None  # a write conflict, not an outage: keep the 500 visible
        log.error("database unavailable: %s %s: %s", request.method, request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


class OneLineForbidden(logging.Filter):
    """Drop the traceback of 4xx records of ``django.request`` and ``django.security``."""

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        status = getattr(record, "status_code", None)
        if (status is not None and 400 <= status < 500) or record.name.startswith(
            "django.security"
        ):
            record.exc_info = None
            record.exc_text = None
        return True
