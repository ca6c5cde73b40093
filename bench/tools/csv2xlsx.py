#!/usr/bin/env python3
"""Converts a demo hours log (windows-1255 CSV) into an .xlsx with typed cells, as Excel would
save it: dates dd/mm/yyyy become date cells, plain decimal hours become numbers, everything
else (ids, statuses, names, the planted dirty values) stays text. Needs openpyxl (PyPI).

    python3 bench/tools/csv2xlsx.py IN.csv OUT.xlsx [--all-text]
"""
import csv
import datetime
import re
import sys

from openpyxl import Workbook

DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
NUM = re.compile(r"^\d+(\.\d+)?$")


def typed(col, value, all_text):
    if all_text:
        return value
    if col == 1:
        m = DATE.match(value)
        if m:
            try:
                return datetime.datetime(int(m[3]), int(m[2]), int(m[1]))
            except ValueError:
                return value
    if col == 2 and NUM.match(value):
        return float(value)
    return value


def main():
    src, dst = sys.argv[1], sys.argv[2]
    all_text = "--all-text" in sys.argv[3:]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("hours")
    with open(src, encoding="windows-1255", newline="") as f:
        for i, row in enumerate(csv.reader(f)):
            ws.append(row if i == 0 else [typed(c, v, all_text) for c, v in enumerate(row)])
    wb.save(dst)


if __name__ == "__main__":
    main()
