"""Read raw table files as users really have them.

Excel on a Russian-locale Windows exports CSV in cp1251 with ``;`` as the
separator and a decimal comma; statistics offices publish UTF-8 with BOM;
our own files are plain UTF-8 with commas. :func:`read_csv_raw` detects the
encoding, the separator and the decimal mark, and returns every cell as text
together with its source line, so that validation can name row and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from regiocluster.case.errors import Problem

NUMBER_COMMA = re.compile(
    r"^[+-]?\d{1,3}(?:[ \u00a0]?\d{3})*,\d+(?:[eE][+-]?\d+)?$|^[+-]?\d+,\d+(?:[eE][+-]?\d+)?$"
)


@dataclass(frozen=True)
class RawTable:
    """A table read as text, before typing.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every cell as ``str`` (empty string for an empty cell), headers as found.
    lines : pandas.Series
        Source line (or sheet row) of each data row, aligned with ``frame``.
    file : str
        Where the table came from (``employment.csv`` or ``case.xlsx:employment``).
    decimal_comma : bool
        Numbers in the file may use a decimal comma (the separator is not a comma).
    """

    frame: pd.DataFrame
    lines: pd.Series
    file: str
    decimal_comma: bool


#: Non-letter characters of cp1251 that Russian tables use without any Cyrillic
#: letter nearby (quotes, numero sign, dashes ...).
_CP1251_PUNCTUATION = frozenset("«»№–—…“”„‘’•°±§©®™\u00a0")


def decode_bytes(data: bytes) -> str:
    """Decode file bytes, trying UTF-8 (with or without BOM) before detection.

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    str
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Russian Excel exports are almost always cp1251; prefer it over the
    # detector's guess when it decodes cleanly and yields Cyrillic text.
    try:
        text = data.decode("cp1251")
        foreign = {ch for ch in set(text) if ord(ch) > 127}
        if re.search("[А-Яа-яЁё]", text) or foreign <= _CP1251_PUNCTUATION:
            return text
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data, 0, 1, "cannot detect the text encoding")
    return str(best)


def sniff_separator(header_line: str) -> str:
    """Pick the separator from the header line: ``;``, tab, ``,`` or ``|``."""
    counts = {sep: header_line.count(sep) for sep in (";", "\t", ",", "|")}
    sep, n = max(counts.items(), key=lambda kv: kv[1])
    return sep if n > 0 else ","


def _pandas_text(body: str, sep: str) -> pd.DataFrame:
    """Split unquoted lines with pandas' C reader, every cell kept as text."""
    return pd.read_csv(
        io.StringIO(body),
        sep=sep,
        header=None,
        dtype=str,
        na_filter=False,
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
        skip_blank_lines=False,
        engine="c",
    ).astype(object)


def _read_unquoted(text: str, sep: str) -> tuple[pd.DataFrame, list[int]] | None:
    """Fast path for files without quotes and with a consistent cell count.

    pandas' C reader does the splitting; line numbers come from the physical
    lines kept. Returns ``None`` when the file needs the careful path (quoted
    cells, which may span lines, or rows whose cell count is wrong, which must
    be reported row by row).
    """
    if '"' in text:
        return None
    head, _, body = text.partition("\n")
    header = [h.strip() for h in head.split(sep)]
    width = len(header) - 1
    body = body.removesuffix("\n")
    if body and not re.search(rf"^[ \t{re.escape(sep)}]*$", body, re.MULTILINE):
        # No blank lines: row i is line i + 2. pandas refuses rows with too
        # many cells; the separator total then rules out rows with too few.
        try:
            frame = _pandas_text(body, sep)
        except pd.errors.ParserError:
            return None
        if len(frame.columns) == len(header) and body.count(sep) == width * len(frame):
            frame.columns = header
            return frame, list(range(2, len(frame) + 2))
        return None
    physical = text.split("\n")
    keep = [i for i in range(1, len(physical)) if physical[i].replace(sep, "").strip()]
    if any(physical[i].count(sep) != width for i in keep):
        return None
    if keep:
        frame = _pandas_text("\n".join(physical[i] for i in keep), sep)
        frame.columns = header
    else:
        frame = pd.DataFrame(columns=header, dtype=object)
    return frame, [i + 1 for i in keep]


def read_csv_raw(path: Path | str, *, table: str, data: bytes | None = None) -> RawTable:
    """Read a delimited text file as text cells with source line numbers.

    Parameters
    ----------
    path : Path or str
        The file (used for its name in messages, and read unless ``data`` is given).
    table : str
        Table name, for messages.
    data : bytes, optional
        The file's bytes, if already read.

    Returns
    -------
    RawTable

    Raises
    ------
    regiocluster.CaseError
        When the file is empty or cannot be decoded.
    """
    from regiocluster.case.errors import CaseError

    path = Path(path)
    raw = path.read_bytes() if data is None else data
    name = path.name
    if not raw.strip():
        raise CaseError([Problem(table, None, None, "file is empty", file=name)])
    try:
        text = decode_bytes(raw)
    except UnicodeDecodeError as exc:
        raise CaseError(
            [Problem(table, None, None, f"cannot decode text: {exc.reason}", file=name)]
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    sep = sniff_separator(first)
    simple = _read_unquoted(text, sep)
    if simple is not None:
        frame, line_numbers = simple
        if not any(frame.columns):
            raise CaseError([Problem(table, None, None, "file is empty", file=name)])
        lines_series = pd.Series(line_numbers, index=frame.index, dtype="int64")
        return RawTable(frame, lines_series, name, sep != ",")
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    previous_end = 0
    for record in reader:
        # A quoted cell may span lines: a record's row is the line it starts on.
        start, previous_end = previous_end + 1, reader.line_num
        if header is None:
            header = [h.strip() for h in record]
            continue
        if not any(cell.strip() for cell in record):
            continue
        rows.append(record)
        lines.append(start)
    if header is None or not any(header):
        raise CaseError([Problem(table, None, None, "file is empty", file=name)])
    problems = [
        Problem(table, line, None, f"has {len(r)} cells, the header has {len(header)}", file=name)
        for r, line in zip(rows, lines, strict=True)
        if len(r) != len(header)
    ]
    if problems:
        raise CaseError(problems)
    frame = (
        pd.DataFrame(rows, columns=header, dtype=object)
        if rows
        else pd.DataFrame(columns=header, dtype=object)
    )
    # With "," as separator a comma cannot be a decimal mark; otherwise
    # numeric columns are checked one by one at typing time.
    decimal_comma = sep != ","
    return RawTable(frame, pd.Series(lines, index=frame.index, dtype="int64"), name, decimal_comma)
