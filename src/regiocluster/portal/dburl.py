"""Parse ``DATABASE_URL`` into a Django ``DATABASES`` entry (no extra dependency)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def parse_database_url(url: str) -> dict[str, object]:
    """Turn ``postgres://user:pass@host:port/name?opt=v`` or ``sqlite:///path`` into a dict.

    Parameters
    ----------
    url : str
        A database URL in the usual twelve-factor form.

    Returns
    -------
    dict
        ``ENGINE``, ``NAME``, ``USER``, ``PASSWORD``, ``HOST``, ``PORT``, ``OPTIONS``.

    Raises
    ------
    ValueError
        If the scheme is not PostgreSQL or SQLite.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme not in _ENGINES:
        raise ValueError(f"unsupported database scheme {parts.scheme!r} in DATABASE_URL")
    if scheme == "sqlite":
        path = unquote(parts.path)
        if path.startswith("/") and parts.netloc == "":
            path = path[1:] if path.startswith("//") else path
        return {"ENGINE": _ENGINES[scheme], "NAME": str(Path(path)) if path else ":memory:"}
    options = dict(parse_qsl(parts.query))
    return {
        "ENGINE": _ENGINES[scheme],
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
    }
