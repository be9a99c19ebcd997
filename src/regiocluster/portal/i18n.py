"""Compile the portal's translations (.po → .mo) without GNU gettext.

The compiled ``.mo`` files are committed, so a fresh clone needs no build step;
after editing a ``.po`` file run ``python -m regiocluster.portal.i18n`` (a test
checks that the shipped ``.mo`` files are up to date).
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def compile_messages(*, locale_dir: Path = LOCALE_DIR, out_dir: Path | None = None) -> list[Path]:
    """Compile every ``django.po`` under ``locale_dir`` into ``django.mo``.

    Parameters
    ----------
    locale_dir : Path
        Folder holding ``<lang>/LC_MESSAGES/django.po``.
    out_dir : Path, optional
        Write the ``.mo`` files under this folder instead (same layout), for checks.

    Returns
    -------
    list of Path
        The written ``.mo`` files.
    """
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        po.metadata_is_fuzzy = False
        target = po_path.with_suffix(".mo")
        if out_dir is not None:
            target = Path(out_dir) / po_path.relative_to(locale_dir).with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
        po.save_as_mofile(str(target))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in compile_messages():
        print(path)
