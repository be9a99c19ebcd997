"""Back up and restore the whole portal: every table (users included) and the uploaded files.

A backup is one ZIP file:

- ``portal.xml``: every row of every table, as Django's serialiser writes it
  (foreign keys to content types and permissions by natural key, so the file
  loads into a fresh database of either kind, SQLite or PostgreSQL);
- ``media/...``: the uploaded files;
- ``manifest.json``: format version, date, database vendor, rows per table.

The rows are read inside one snapshot (PostgreSQL ``REPEATABLE READ``; SQLite a
read transaction, which WAL keeps consistent beside a running writer), so a
backup taken while the server runs is consistent.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

from regiocluster.errors import RegioclusterError

#: Tables not written: rebuilt by ``migrate`` (content types, permissions) or disposable.
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "admin.logentry")
FORMAT = 1


class BackupError(RegioclusterError):
    """A backup cannot be written or restored (the message says why)."""


def backed_up_models() -> list[type]:
    """Return the models whose rows a backup holds."""
    skip_apps = {e for e in EXCLUDED if "." not in e}
    skip_models = {e for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in skip_apps
        and m._meta.label_lower not in skip_models
        and m._meta.managed
        and not m._meta.proxy
    ]


def _dump(out: Path) -> None:
    call_command(
        "dumpdata",
        exclude=list(EXCLUDED),
        natural_foreign=True,
        output=str(out),
        format="xml",
        verbosity=0,
    )


def _snapshot_dump(out: Path) -> dict[str, int]:
    """Dump every table and count rows, all in one read snapshot."""
    if connection.in_atomic_block:  # already inside one transaction (tests, callers)
        _dump(out)
        return {m._meta.label: m._default_manager.count() for m in backed_up_models()}
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            _dump(out)
            return {m._meta.label: m._default_manager.count() for m in backed_up_models()}
    connection.ensure_connection()
    with connection.cursor() as cur:
        cur.execute("BEGIN DEFERRED")  # a read snapshot; it does not block the writer in WAL
        try:
            _dump(out)
            counts = {m._meta.label: m._default_manager.count() for m in backed_up_models()}
        finally:
            cur.execute("COMMIT")
    return counts


def backup_write(path: Path | str) -> dict[str, int]:
    """Write a backup of the database and the uploaded files to ``path`` (ZIP).

    Returns
    -------
    dict
        Rows per table.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "portal.xml"
        counts = _snapshot_dump(dump)
        manifest = {
            "format": FORMAT,
            "written": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": connection.vendor,
            "rows": counts,
        }
        partial = path.with_suffix(path.suffix + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.write(dump, "portal.xml")
            if media.is_dir():
                for file in sorted(p for p in media.rglob("*") if p.is_file()):
                    zf.write(file, "media/" + file.relative_to(media).as_posix())
            zf.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
        partial.replace(path)
    return counts


def _database_is_empty() -> bool:
    from django.contrib.auth import get_user_model

    from regiocluster.portal.members.models import Organisation

    return not (get_user_model().objects.exists() or Organisation.objects.exists())


def backup_restore(path: Path | str) -> dict[str, int]:
    """Restore a backup into an empty, migrated database and the media folder.

    Raises
    ------
    BackupError
        If the file is not a portal backup or the database already holds data.
    """
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"{path} is not a portal backup: {exc}") from None
    with zf:
        names = set(zf.namelist())
        if not {"portal.xml", "manifest.json"} <= names:
            raise BackupError(f"{path} is not a portal backup (no portal.xml or manifest.json)")
        manifest = json.loads(zf.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} has backup format {manifest.get('format')!r}, not {FORMAT}")
        if not _database_is_empty():
            raise BackupError(
                "the database already holds users or organisations; restore needs an empty one"
            )
        media = Path(settings.MEDIA_ROOT).resolve()
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "portal.xml"
            dump.write_bytes(zf.read("portal.xml"))
            # the rows carry their own history; saving them must not add more
            with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
                call_command("loaddata", str(dump), verbosity=0)
        for name in sorted(n for n in names if n.startswith("media/") and not n.endswith("/")):
            target = (media / name.removeprefix("media/")).resolve()
            if not target.is_relative_to(media):
                raise BackupError(f"{path}: {name} points outside the media folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(name))
    return dict(manifest["rows"])
