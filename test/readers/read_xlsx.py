"""Reads an .xlsx with openpyxl and prints sheets, cells (value, type, number format), panes, filters and pictures as JSON.

Usage: read_xlsx.py FILE [MAX_ROWS] [--read-only]
"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    value = c.value
    if isinstance(value, datetime.timedelta):
        # [h]:mm:ss cells come back as durations: give them as Excel's fraction of a day.
        return {"v": value.total_seconds() / 86400, "t": "duration", "f": c.number_format}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        value = value.isoformat()
    return {"v": value, "t": c.data_type, "f": c.number_format}


path = sys.argv[1]
max_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
read_only = "--read-only" in sys.argv
book = openpyxl.load_workbook(path, read_only=read_only)
sheets = []
for ws in book.worksheets:
    rows = [[cell(c) for c in row] for row in ws.iter_rows(max_row=max_rows if read_only else min(max_rows, ws.max_row))]
    info = {"name": ws.title, "rows": rows}
    if not read_only:
        info.update(
            max_row=ws.max_row,
            freeze=ws.freeze_panes,
            filter=ws.auto_filter.ref,
            images=len(ws._images),
            widths={k: v.width for k, v in ws.column_dimensions.items()},
        )
    sheets.append(info)
print(json.dumps({"sheets": sheets}))
