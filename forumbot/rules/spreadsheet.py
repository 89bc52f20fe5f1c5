"""CSV files for organisers' spreadsheets: UTF-8 with a BOM (spreadsheet apps then read it
as UTF-8), and no cell a spreadsheet would take for a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def cell(value: str) -> str:
    """Text from people in a spreadsheet: a leading = + - @ would make it a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The rows under ``header``; every text cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) if isinstance(v, str) else v for v in row])
    return out.getvalue().encode("utf-8-sig")
