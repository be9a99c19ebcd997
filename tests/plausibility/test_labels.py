"""Labels from provenance: a case imported from the user's own files is not "synthetic"."""

from __future__ import annotations

import tomllib

from regiocluster import load_case
from regiocluster.case.export import write_case
from tests.plausibility.conftest import USER_TABLES


def test_imported_tables_are_declared_the_users_own(small_user_case, tmp_path):
    folder = write_case(small_user_case, tmp_path / "mine")
    meta = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))
    for name in USER_TABLES:
        assert meta["tables"][name]["provenance"] == "user", name
        assert "synthetic" not in meta["tables"][name]
    reloaded = load_case(folder)
    assert not reloaded.provenance(*USER_TABLES).illustrative
    assert reloaded.provenance(*USER_TABLES).label("en") == ""
    # a table the user did not replace keeps the embedded case's declaration
    assert reloaded.provenance("io_flows").illustrative


def test_embedded_case_is_labelled_illustrative(embedded):
    p = embedded.provenance("supply_links")
    assert p.illustrative and "Illustrative" in p.label("en")
