"""Importers: bring a user's tables (CSV, XLSX, Parquet) into a case and write cases out."""

from regiocluster.case.export import write_case
from regiocluster.case.importers.tables import (
    ColumnMapping,
    import_tables,
    read_mapping,
    table_for_name,
)
from regiocluster.case.xlsx import export_xlsx

__all__ = [
    "ColumnMapping",
    "export_xlsx",
    "import_tables",
    "read_mapping",
    "table_for_name",
    "write_case",
]
