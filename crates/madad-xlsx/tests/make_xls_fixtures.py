"""Writes the XLS fixtures under tests/fixtures/xlsx/ (run once; the outputs are committed).

    python3 -m venv /tmp/v && /tmp/v/bin/pip install xlwt==1.3.0
    /tmp/v/bin/python crates/madad-xlsx/tests/make_xls_fixtures.py

Nothing in the Rust toolchain writes BIFF8, so xlwt (PyPI) does it.
"""
import datetime
import os

import xlwt

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "fixtures", "xlsx")


def book(path, date1904):
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = date1904
    ws = wb.add_sheet("נתונים")
    date = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for c, h in enumerate(["מזהה מתנדב", "תאריך", "שעות", "סטטוס"]):
        ws.write(0, c, h)
    ws.write(1, 0, "101")
    ws.write(1, 1, datetime.date(2025, 1, 5), date)
    ws.write(1, 2, 2)
    ws.write(1, 3, "מאושר")
    ws.write(2, 0, 102)
    ws.write(2, 1, datetime.date(2024, 1, 1), date)
    ws.write(2, 2, 1.5)
    ws.write(2, 3, "מאושר")
    # Row 4 is empty.
    ws.write(4, 0, 103)
    ws.write(4, 1, True)
    ws.write(5, 0, "hidden row")
    ws.row(5).hidden = True
    ws.write_merge(6, 6, 0, 2, "merged")
    hidden = wb.add_sheet("מוסתר")
    hidden.write(0, 0, "secret")
    hidden.visibility = 1
    wb.save(path)


book(os.path.join(OUT, "small.xls"), False)
book(os.path.join(OUT, "small-1904.xls"), True)
