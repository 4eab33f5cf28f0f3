"""Reads Werkbank's spreadsheet exports with software nobody on the team wrote: every .xlsx with
openpyxl, every .csv with Python's csv module (the way a student's script, pandas or a supervisor's
own tooling would read them).

Input (stdin): a JSON list of {"path": ..., "delimiter": ","|";"} (the delimiter for .csv files).
Output (stdout): a JSON list, one entry per file, in the same order:
  .xlsx -> {"sheets": [{"name", "rows": [[cell, ...], ...], "print_title_rows", "orientation",
            "fit_to_width", "fit_to_height", "fit_to_page", "paper_size"}]} where a cell is null, {"number": n} or
            {"text": s} (openpyxl's type: a number stored as text comes back as text)
  .csv  -> {"records": [[field, ...], ...]} (a blank line is an empty record)
"""

import csv
import json
import sys

import openpyxl


def cell(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, (int, float)):
        return {"number": value}
    return {"text": str(value)}


def read_xlsx(path):
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        setup = ws.page_setup
        props = ws.sheet_properties.pageSetUpPr
        sheets.append(
            {
                "name": ws.title,
                "rows": [[cell(c.value) for c in row] for row in ws.iter_rows()],
                "print_title_rows": ws.print_title_rows,
                "orientation": setup.orientation,
                # OOXML's default for an absent fitToWidth/fitToHeight is 1.
                "fit_to_width": 1 if setup.fitToWidth is None else int(setup.fitToWidth),
                "fit_to_height": 1 if setup.fitToHeight is None else int(setup.fitToHeight),
                "fit_to_page": bool(props.fitToPage) if props is not None else False,
                "paper_size": setup.paperSize,
            }
        )
    return {"sheets": sheets}


def read_csv(path, delimiter):
    # utf-8-sig: the byte-order mark Excel needs is not part of the first header.
    with open(path, newline="", encoding="utf-8-sig") as f:
        return {"records": [list(r) for r in csv.reader(f, delimiter=delimiter, strict=True)]}


def main():
    files = json.load(sys.stdin)
    out = []
    for f in files:
        path = f["path"]
        if path.endswith(".xlsx"):
            out.append(read_xlsx(path))
        else:
            out.append(read_csv(path, f["delimiter"]))
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
