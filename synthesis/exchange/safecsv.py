"""Exports that are safe to open in a spreadsheet (CSV and formula injection).

A spreadsheet takes a CSV cell that begins with ``=``, ``+``, ``-`` or ``@``
(and, in some, a tab or a carriage return) for a formula, so a quotation, a
label or a citation from a source or a teammate's log could run one when a
colleague opens the export. Following OWASP's advice on CSV injection, such
text cells are written with a single quote in front (:func:`neutralise`);
numbers are left alone, and so is text that is just a number ("-0.5"), which
no spreadsheet runs. :func:`restore` takes the quote off again when a CSV we
wrote is read back (``restore(neutralise(x)) == x`` for every text).

In XLSX files the cell type says what is text: openpyxl (and pandas'
``to_excel``, which goes through it) stores a string that begins with ``=`` as
a formula, so :func:`text_cells` marks every string cell of a sheet as text.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-0.5"), neutralise("Trust"), neutralise(-0.5)
('\\'=HYPERLINK("http://x")', '-0.5', 'Trust', -0.5)
>>> import pandas as pd
>>> frame = neutralise_frame(pd.DataFrame({"quote": ["+cmd|' /C calc'!A0", "ok"], "kappa": [-0.5, 0.25]}))
>>> print(frame.to_csv(index=False), end="")
quote,kappa
'+cmd|' /C calc'!A0,-0.5
ok,0.25
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: First characters that make a spreadsheet read a cell as a formula.
TRIGGERS = frozenset("=+-@\t\r")
#: Text that is just a (signed, decimal) number: a spreadsheet reads it as that number.
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def needs_quote(text: str) -> bool:
    """Whether :func:`neutralise` puts a quote in front of ``text``.

    Text that already begins with a quote followed by what would need one gets
    another, so :func:`restore` knows which quotes to take off.

    >>> needs_quote("=1+1"), needs_quote("@SUM(A1)"), needs_quote("\\tx"), needs_quote("+44 20 7946 0000")
    (True, True, True, True)
    >>> needs_quote("-12.5"), needs_quote("p. 8"), needs_quote(""), needs_quote("'=x"), needs_quote("'x")
    (False, False, False, True, False)
    """
    rest = text.lstrip("'")
    return rest[:1] in TRIGGERS and NUMBER.fullmatch(rest) is None


def neutralise(value: Any) -> Any:
    """``value`` with a ``'`` in front when it is text a spreadsheet would run; anything else unchanged.

    >>> neutralise("-x"), neutralise("'=x"), neutralise("it's"), neutralise(None), neutralise(3)
    ("'-x", "''=x", "it's", None, 3)
    """
    if isinstance(value, str) and needs_quote(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """The text :func:`neutralise` was given (a CSV we wrote, read back).

    >>> restore("'-x"), restore("''=x"), restore("'quoted'"), restore("-0.5"), restore(1.5)
    ('-x', "'=x", "'quoted'", '-0.5', 1.5)
    """
    if isinstance(value, str) and value[:1] == "'" and needs_quote(value[1:]):
        return value[1:]
    return value


def _map_text(frame: pd.DataFrame, func: Any) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            continue  # numbers stay numbers
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            continue
        out[name] = column.map(func)
    return out


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`neutralise` applied to every text cell (numeric columns untouched).

    >>> neutralise_frame(pd.DataFrame({"label": ["=1+1", "ok"], "n": [-1, 2]})).to_dict("list")
    {'label': ["'=1+1", 'ok'], 'n': [-1, 2]}
    """
    return _map_text(frame, neutralise)


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`restore` applied to every text cell.

    >>> restore_frame(pd.DataFrame({"label": ["'=1+1", "ok"]})).to_dict("list")
    {'label': ['=1+1', 'ok']}
    """
    return _map_text(frame, restore)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as neutralised UTF-8 CSV with LF line ends, without the index.

    >>> to_csv_bytes(pd.DataFrame({"code": ["@risk"], "n": [1]}))
    b"code,n\\n'@risk,1\\n"
    """
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def text_cells(sheet: "Worksheet") -> int:
    """Mark every string cell of an openpyxl ``sheet`` as text, so none is a formula; returns how many.

    >>> from openpyxl import Workbook
    >>> sheet = Workbook().active
    >>> sheet.append(["=1+1", "Trust", 2])
    >>> sheet["A1"].data_type, text_cells(sheet), sheet["A1"].data_type, sheet["A1"].value
    ('f', 2, 's', '=1+1')
    """
    count = 0
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                count += 1
    return count


def write_xlsx(frame: pd.DataFrame, path: Any, sheet_name: str = "Sheet1") -> None:
    """``frame.to_excel(path, index=False, sheet_name=...)`` with every string cell stored as text.

    >>> import tempfile, zipfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "codings.xlsx"
    >>> write_xlsx(pd.DataFrame({"quote": ["=1+1"], "start": [-3]}), out, sheet_name="codings")
    >>> sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    >>> "<f>" in sheet, "<t>=1+1</t>" in sheet, "<v>-3</v>" in sheet
    (False, True, True)
    """
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet_name)
        text_cells(writer.sheets[sheet_name])
