"""Cases the plausibility rules run on: the embedded case and a second, smaller one.

The second case is what a user gets from ``regiocluster case import``: the
embedded case with the user's own enterprises, finances, products and supply
links (a subset of 120 firms) replacing the shipped ones. Its replaced tables
are the user's (``provenance = "user"``), so it also checks that a user's data
is never labelled synthetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regiocluster import load_case
from regiocluster.case.export import frame_to_csv
from regiocluster.case.importers.tables import import_tables
from regiocluster.case.schema import TABLES

USER_TABLES = ("enterprises", "enterprise_finances", "enterprise_products", "supply_links")


def _small_user_case(folder: Path):
    base = load_case("leningrad")
    ids = set(base.tables["enterprises"]["enterprise_id"].iloc[:120])
    ent = base.tables["enterprises"]
    fin = base.tables["enterprise_finances"]
    ep = base.tables["enterprise_products"]
    links = base.tables["supply_links"]
    frames = {
        "enterprises": ent[ent["enterprise_id"].isin(ids)],
        "enterprise_finances": fin[fin["enterprise_id"].isin(ids)],
        "enterprise_products": ep[ep["enterprise_id"].isin(ids)],
        "supply_links": links[links["supplier_id"].isin(ids) & links["buyer_id"].isin(ids)],
    }
    for name, spec in TABLES.items():  # any other table that refers to enterprises
        refers = [fk.column for fk in spec.foreign_keys if fk.table == "enterprises"]
        if refers and name not in frames and name in base.tables:
            table = base.tables[name]
            frames[name] = table[table[refers].isin(ids).all(axis=1)]
    sources = {}
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        if "synthetic" in frame.columns:
            frame = frame.assign(synthetic=False)  # the user's own organisations
        path.write_text(frame_to_csv(frame, name), encoding="utf-8")
        sources[name] = path
    return import_tables(sources, base_case=base, meta={"name": "small_user"})


@pytest.fixture(scope="session")
def embedded():
    return load_case("leningrad")


@pytest.fixture(scope="session")
def small_user_case(tmp_path_factory):
    return _small_user_case(tmp_path_factory.mktemp("small_user_case"))


@pytest.fixture(scope="session", params=["embedded", "small_user"])
def case(request, embedded, small_user_case):
    return embedded if request.param == "embedded" else small_user_case
