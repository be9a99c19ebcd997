"""Start-up steps of ``regiocluster serve``: configure, migrate, seed, demo accounts, serve.

Production is the default: the server creates no account and seeds nothing; the
first administrator comes from :func:`admin_create` (``regiocluster portal
createadmin``). Only ``--demo`` seeds the synthetic case and creates the demo
accounts, each with a random password shown once.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Any

#: Demo accounts of ``--demo``: (user name, role, organisation kind or None).
DEMO_ACCOUNTS = (
    ("admin", "admin", None),
    ("manager", "manager", "management"),
    ("observer", "observer", None),
    ("buyer", "member", "customer"),
    ("supplier", "member", "producer"),
)


def configure(
    *,
    data_dir: Path | str | None = None,
    settings_module: str = "regiocluster.portal.settings.base",
    allowed_host: str | None = None,
) -> None:
    """Point Django at the portal settings and the data folder, then ``django.setup()``."""
    if data_dir is not None:
        os.environ["REGIOCLUSTER_DATA_DIR"] = str(Path(data_dir).resolve())
    if allowed_host and allowed_host not in ("0.0.0.0", "::"):
        hosts = os.environ.get("REGIOCLUSTER_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
        if allowed_host not in hosts.split(","):
            os.environ["REGIOCLUSTER_ALLOWED_HOSTS"] = f"{hosts},{allowed_host}"
    elif allowed_host:
        os.environ.setdefault("REGIOCLUSTER_ALLOWED_HOSTS", "*")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


def migrate(*, verbosity: int = 0) -> None:
    """Apply database migrations."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def collect_static() -> None:
    """Collect static files into the data folder (served by WhiteNoise)."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def demo_accounts_create() -> list[tuple[str, str, str, str]]:
    """Create the demo accounts if missing; return (user, password, role, organisation).

    The buyer and the supplier represent a customer and a producer of the seeded
    case. A new account gets a random password, returned this once; an existing
    account keeps its password and is returned with an empty one.
    """
    from django.contrib.auth import get_user_model

    from regiocluster.portal.accounts.services import user_make_manager
    from regiocluster.portal.members.models import Organisation

    User = get_user_model()
    out = []
    for username, role, kind in DEMO_ACCOUNTS:
        org = None
        if kind is not None:
            qs = Organisation.objects.filter(kind=kind, is_member=True).order_by("case_id")
            if kind == "producer":
                qs = qs.filter(offers__active=True).distinct()
            org = qs.first()
        user = User.objects.filter(username=username).first()
        password = ""
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=password,
                role=role,
                organisation=org,
                email=f"{username}@example.org",
            )
            if role == "admin":
                user.is_staff = user.is_superuser = True
            user.save()
            if role == "manager":
                user_make_manager(user=user)
        out.append(
            (username, password, role, str(user.organisation) if user.organisation_id else "")
        )
    return out


def admin_create(*, username: str, email: str, password: str) -> Any:
    """Create the first administrator (superuser, role ``admin``).

    Raises
    ------
    ValueError
        If the user name is taken or the password fails the password validators.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValueError(f"user {username!r} already exists")
    candidate = User(username=username, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValueError("; ".join(exc.messages)) from None
    return User.objects.create_superuser(
        username=username, email=email, password=password, role="admin"
    )


def seed_if_empty(*, case: str | Path = "leningrad") -> dict[str, int] | None:
    """Seed the database from ``case`` when it holds no organisation yet."""
    from regiocluster import load_case
    from regiocluster.portal.casebridge import case_seed, database_is_empty
    from regiocluster.portal.content.services import content_seed

    if not database_is_empty():
        return None
    counts = case_seed(case=load_case(case))
    content_seed()
    from regiocluster.portal.programme.seed import programme_seed

    programme_seed(case=load_case(case))
    return counts


def serve(*, host: str, port: int, threads: int = 8) -> None:
    """Serve the portal with waitress (production WSGI server) and WhiteNoise static files."""
    from waitress import serve as waitress_serve

    from regiocluster.portal.wsgi import application

    _warm_up()

    waitress_serve(application, host=host, port=port, threads=threads, ident="regiocluster")


def _warm_up() -> None:
    """Build the live Case once before serving, so the first visitor does not wait for it."""
    from regiocluster.case.errors import CaseError
    from regiocluster.portal.analytics import current_case
    from regiocluster.portal.members.models import Organisation

    if Organisation.objects.exists():
        # a broken seed case is reported by the pages that need it, not at start-up
        with contextlib.suppress(CaseError, OSError, KeyError):
            current_case()


def default_case() -> str | Path:
    """Return the embedded case if present, else the mini case of a development checkout."""
    from regiocluster.case.errors import CaseError
    from regiocluster.case.load import builtin_path

    try:
        path = builtin_path("leningrad")
        if (Path(path) / "enterprises.csv").exists():
            return "leningrad"
    except (KeyError, CaseError):
        pass
    dev = Path(__file__).resolve().parents[3] / "tests" / "data" / "mini_case"
    return dev if dev.exists() else "leningrad"


def describe(counts: Any) -> str:
    """One line about what was seeded."""
    return ", ".join(f"{k}: {v}" for k, v in counts.items())
