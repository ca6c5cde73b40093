#!/usr/bin/env python3
"""Independent expected values for tests/e2e/filters.test.mjs: the demo's volunteers KPI
(summary V1: distinct volunteer ids with at least one approved activity) for the whole demo and
for one department, read straight from web/public/demo/hours_log.csv (windows-1255) with the
standard csv module; rows dated after the test's as-of date (tests/js/helpers.mjs AS_OF) are not
counted (the core rejects them as date.future). Writes expected.json beside this script.

    python3 tests/e2e/filters/expected.py
"""
import csv, io, json, re, sys, datetime, pathlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
AS_OF = datetime.date.fromisoformat(sys.argv[1] if len(sys.argv) > 1 else "2026-11-22")
DEPARTMENT = "חירום"

text = (ROOT / "web/public/demo/hours_log.csv").read_bytes().decode("cp1255")
rows = list(csv.reader(io.StringIO(text)))[1:]


def counted(r):
    if len(r) != 7 or not re.fullmatch(r"\d+", r[0].strip()) or r[3] != "מאושר":
        return False
    try:
        d = datetime.datetime.strptime(r[1], "%d/%m/%Y").date()
        h = float(r[2])
    except ValueError:
        return False
    return d <= AS_OF and 0 < h <= 24


whole = {r[0].strip() for r in rows if counted(r)}
dept = {r[0].strip() for r in rows if counted(r) and r[4] == DEPARTMENT}
out = {"asOf": AS_OF.isoformat(), "department": DEPARTMENT, "volunteers": len(whole), "departmentVolunteers": len(dept)}
(HERE / "expected.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
print(out)
