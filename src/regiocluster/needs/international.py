"""International experience of cluster support, compared with the case's own measures.

Each programme of ``support_programmes_international`` names its
instruments. The comparison asks, instrument by instrument, which countries
use it, whether the case's support measures offer an equivalent, and which
of the cluster's needs it serves:

* new capacity (a needed product) is served by grants, loans and
  infrastructure;
* a needed technology by grants, matchmaking and cluster-management
  funding (joint R&D and adoption projects);
* weak cooperation (functional dependence below the threshold) by
  matchmaking and cluster-management funding.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from regiocluster.case.codes import split_prefixes

__all__ = ["RUSSIAN_EQUIVALENTS", "SERVES", "compare_instruments"]

#: International instrument → instruments of the case's measures that do the same job.
#: A national "status" (a register entry that opens support) is the nearest thing to a
#: programme label; a one-stop "service" is not matchmaking between firms.
RUSSIAN_EQUIVALENTS: Mapping[str, tuple[str, ...]] = {
    "grant": ("grant",),
    "loan": ("loan", "leasing"),
    "tax_relief": ("tax",),
    "infrastructure": (),
    "cluster_management": (),
    "matchmaking": (),
    "label": ("status",),
}

#: Need → instruments that serve it.
SERVES: Mapping[str, tuple[str, ...]] = {
    "new_capacity": ("grant", "loan", "infrastructure"),
    "technology": ("grant", "matchmaking", "cluster_management"),
    "cooperation": ("matchmaking", "cluster_management"),
}


def compare_instruments(
    programmes: pd.DataFrame, measures: pd.DataFrame, needs: Mapping[str, bool]
) -> pd.DataFrame:
    """Compare other countries' instruments with the case's measures.

    Parameters
    ----------
    programmes : pandas.DataFrame
        ``support_programmes_international``.
    measures : pandas.DataFrame
        The case's ``support_measures`` (``measure_id``, ``instrument``).
    needs : mapping of str to bool
        Which of the needs in :data:`SERVES` the cluster has.

    Returns
    -------
    pandas.DataFrame
        One row per instrument: ``countries``, ``programmes`` (ids),
        ``russian_measures`` (ids of equivalent measures), ``russia_has``,
        ``serves`` (the needs it serves that the cluster has) and
        ``recommend`` (Russia lacks it and it serves a need).

    Examples
    --------
    >>> progs = pd.DataFrame({"programme_id": ["P1", "P2"], "country": ["DE", "FR"],
    ...                       "instrument": ["grant|matchmaking", "matchmaking"]})
    >>> meas = pd.DataFrame({"measure_id": ["M1"], "instrument": ["grant"]})
    >>> out = compare_instruments(progs, meas, {"cooperation": True})
    >>> [bool(v) for v in out.loc["matchmaking", ["russia_has", "recommend"]]]
    [False, True]
    >>> bool(out.loc["grant", "russia_has"])
    True
    """
    rows = []
    by_instrument: dict[str, list[tuple[str, str]]] = {}
    for rec in programmes.itertuples(index=False):
        for instrument in split_prefixes(rec.instrument):
            by_instrument.setdefault(instrument, []).append((rec.programme_id, rec.country))
    for instrument, users in sorted(by_instrument.items()):
        equivalents = RUSSIAN_EQUIVALENTS.get(instrument, ())
        ids = measures.loc[measures["instrument"].isin(equivalents), "measure_id"].tolist()
        serves = [need for need, tools in SERVES.items() if instrument in tools and needs.get(need)]
        rows.append(
            {
                "instrument": instrument,
                "countries": ", ".join(sorted({c for _, c in users})),
                "programmes": ", ".join(p for p, _ in users),
                "russian_measures": ", ".join(ids),
                "russia_has": bool(ids),
                "serves": ", ".join(serves),
                "recommend": bool(serves) and not ids,
            }
        )
    return pd.DataFrame(rows).set_index("instrument")
