"""Extract, update and compile the study's gettext catalogues with Babel.

Run ``python -m regiocluster.report.locale.catalogues`` after changing a
message; then translate the new entries of ``ru/LC_MESSAGES/messages.po``.
The English catalogue maps every message to itself (the messages are
written in English), so both catalogues are complete.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).parent
PACKAGE = HERE.parent
POT = HERE / "messages.pot"
KEYWORDS = ("N_", "gettext", "text", "_", "Finding", "Paragraph")


def extract() -> None:
    """Extract messages from the package's Python modules and templates into the POT."""
    args = [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "extract",
        "-F",
        str(PACKAGE / "babel.cfg"),
    ]
    for k in KEYWORDS:
        args += ["-k", k]
    args += ["--no-location", "--sort-output", "-o", str(POT), str(PACKAGE)]
    subprocess.run(args, check=True, capture_output=True)


def update(lang: str) -> None:
    """Merge the POT into ``lang``'s catalogue (English: msgstr = msgid) and compile it."""
    with POT.open("rb") as f:
        template = read_po(f)
    po_path = HERE / lang / "LC_MESSAGES" / "messages.po"
    po_path.parent.mkdir(parents=True, exist_ok=True)
    if po_path.exists():
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=lang)
    else:
        from babel.messages.catalog import Catalog

        catalog = Catalog(locale=lang, domain="messages")
    catalog.update(template, no_fuzzy_matching=True)
    if lang == "en":
        for message in catalog:
            if message.id:
                message.string = message.id
    with po_path.open("wb") as f:
        write_po(f, catalog, omit_header=False, no_location=True, sort_output=True)
    with (po_path.with_suffix(".mo")).open("wb") as f:
        write_mo(f, catalog)


if __name__ == "__main__":
    extract()
    for language in ("en", "ru"):
        update(language)
