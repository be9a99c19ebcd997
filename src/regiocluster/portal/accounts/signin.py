"""Exact sign-in limits under concurrency: a password is checked only while a slot is free.

django-axes looks at the recorded failures *before* a password is checked and
records the failure *after* it: simultaneous guesses all pass the look before the
first failure is stored (40 parallel guesses at a limit of 5 had 10 checked).
Here each check first takes a slot for its key (the user name and client address
of ``AXES_LOCKOUT_PARAMETERS``) in one short transaction under a lock of that key
— PostgreSQL's ``pg_advisory_xact_lock``, SQLite's write lock (``BEGIN IMMEDIATE``)
— and only while recorded failures + checks in flight < ``AXES_FAILURE_LIMIT``.
The slot is dropped after the outcome is stored: by the backend on success, by
the axes handler right after axes stored the failure. At any moment the sum thus
counts every check at least once, so at most the limit of passwords is checked
before the lock, however many arrive at once and in however many server processes.
A refused attempt is answered as locked out (and counted by axes as a failure).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from axes.backends import AxesBackend
from axes.conf import settings as axes_settings
from axes.exceptions import AxesBackendPermissionDenied, AxesBackendRequestParameterRequired
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import (
    get_client_cache_keys,
    get_credentials,
    get_failure_limit,
    get_lockout_message,
)
from django.contrib.auth.backends import ModelBackend
from django.db import connection, transaction
from django.utils import timezone

from regiocluster.portal.accounts.models import SignInSlot

#: A slot not dropped after this long (a crashed check) no longer counts.
SLOT_LIFETIME = timedelta(minutes=2)
#: Attribute of the request that carries the slot until axes has stored the failure.
ATTR = "regiocluster_signin_slot"


class SlotRefused(Exception):
    """Recorded failures plus checks in flight have reached the limit."""


def _lock(keys: list[str]) -> None:
    """Serialise slot-taking per key (SQLite: the transaction's write lock already does)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        for key in sorted(keys):
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def slot_take(request: Any, credentials: dict[str, Any]) -> int | None:
    """Take a slot for this attempt's key; its id, ``None`` if the client is not limited.

    Raises :class:`SlotRefused` when the recorded failures plus the checks in
    flight already reach the failure limit.
    """
    handler = AxesProxyHandler.get_implementation()
    if handler.is_whitelisted(request, credentials):
        return None
    keys = [k[:128] for k in get_client_cache_keys(request, credentials)]
    if not keys:
        return None
    now = timezone.now()
    with transaction.atomic():
        _lock(keys)
        SignInSlot.objects.filter(key__in=keys, started__lt=now - SLOT_LIFETIME).delete()
        in_flight = SignInSlot.objects.filter(key__in=keys).count()  # before the failures
        failures = handler.get_failures(request, credentials)
        if failures + in_flight >= get_failure_limit(request, credentials):
            raise SlotRefused
        return SignInSlot.objects.create(key=keys[0], started=now).pk


def slot_drop(slot: int | None) -> None:
    """Drop a slot once its outcome is stored (no lock needed: see the module's note)."""
    if slot is not None:
        SignInSlot.objects.filter(pk=slot).delete()


class LimitedModelBackend(AxesBackend):
    """Django's model backend behind axes' lock and a slot per password check.

    The only authentication backend: the form, the admin and the API's HTTP
    Basic all authenticate through it.
    """

    def authenticate(  # noqa: D102
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if not axes_settings.AXES_ENABLED:
            return ModelBackend.authenticate(self, request, username, password, **kwargs)
        if request is None:
            raise AxesBackendRequestParameterRequired("the sign-in limits need the request")
        credentials = get_credentials(username=username, password=password, **kwargs)
        try:
            if not AxesProxyHandler.is_allowed(request, credentials):
                raise SlotRefused
            slot = slot_take(request, credentials)
        except SlotRefused:
            request.axes_locked_out = True
            kwargs.get("response_context", {})["error"] = get_lockout_message()
            raise AxesBackendPermissionDenied("too many failed sign-ins") from None
        try:
            user = ModelBackend.authenticate(self, request, username, password, **kwargs)
        except BaseException:
            slot_drop(slot)
            raise
        if user is not None:
            slot_drop(slot)
        else:  # dropped by the handler once axes has stored the failure
            setattr(request, ATTR, slot)
        return user


class SlotHandler(AxesDatabaseHandler):
    """Axes' database handler that drops the attempt's slot after storing its failure."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):  # noqa: D102
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            slot_drop(getattr(request, ATTR, None))
            if request is not None:
                setattr(request, ATTR, None)
