"""Regenerate the embedded Leningrad Oblast case from its facts.

Real public facts are entered by hand in ``facts/*.csv``; the synthetic
tables (enterprises, their finances, products and supply links, employment
below published totals, site attributes ...) are drawn from seeded random
generators calibrated to those facts. Running this module rewrites every
table CSV beside it, byte for byte identical to the shipped files::

    python -m regiocluster.case.builtin.leningrad.generate [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from regiocluster.case.builtin.leningrad import _economy, _innovation, _territory
from regiocluster.case.builtin.leningrad._common import HERE, read_facts, write_tables


def build_tables() -> dict[str, pd.DataFrame]:
    """Build every table of the embedded case in memory.

    Returns
    -------
    dict of str to DataFrame
        Table name to frame with the schema's columns.
    """
    facts = read_facts()
    base = _economy.classifiers(facts)
    territory = _territory.build(facts, base["regions"], base["products"])
    tables = _economy.build(
        facts,
        major_projects=territory["major_projects"],
        project_needs=territory["project_needs"],
    )
    tables.update(territory)
    tables.update(_innovation.build(facts, tables))
    return tables


def generate(out_dir: Path | None = None) -> None:
    """Write every table CSV of the embedded case to ``out_dir``.

    Parameters
    ----------
    out_dir : Path, optional
        Target folder; by default the package folder of the case itself.
    """
    write_tables(Path(out_dir) if out_dir is not None else HERE, build_tables())


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m ...generate [OUT_DIR]``."""
    args = sys.argv[1:] if argv is None else argv
    generate(Path(args[0]) if args else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
