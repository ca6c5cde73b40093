"""Reference for tests/e2e/definitions.test.mjs: R1, active volunteers at the as-of date t —
distinct volunteers with an approved, non-training activity dated in (t - T months, t] — for
T = 3 and T = 6, computed from the served demo hours log (web/public/demo/hours_log.csv,
windows-1255) without Madad. Rows a reader would reject are left out: a wrong number of
fields, no volunteer id, a date that is not dd/mm/yyyy, hours that are not a number in
[0, 24] (a comma decimal point is a decimal point). Only the exact word "מאושר" is approved
(the demo's misspelt statuses are not).

Run: python3 tests/e2e/definitions_reference.py 2025-12-31  → {"3": n3, "6": n6}
"""

import csv
import datetime as dt
import json
import sys
from pathlib import Path

TRAINING = ("training", "הכשרה", "הכשרת", "השתלמות", "تدريب", "تأهيل")


def months_before(d: dt.date, months: int) -> dt.date:
    """chrono's checked_sub_months: the same day `months` earlier, clamped to the month's end."""
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    m += 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def main() -> None:
    as_of = dt.date.fromisoformat(sys.argv[1])
    path = Path(__file__).resolve().parents[2] / "web" / "public" / "demo" / "hours_log.csv"
    with open(path, encoding="cp1255", newline="") as f:
        rows = list(csv.reader(f))[1:]
    counted = []
    for r in rows:
        if len(r) != 7 or not r[0].strip():
            continue
        try:
            day, month, year = (int(x) for x in r[1].split("/"))
            date = dt.date(year, month, day)
            hours = float(r[2].replace(",", "."))
        except ValueError:
            continue
        if not 0 <= hours <= 24 or r[3].strip() != "מאושר":
            continue
        if any(k in r[6] for k in TRAINING):
            continue
        counted.append((r[0].strip(), date))
    out = {}
    for months in (3, 6):
        after = months_before(as_of, months)
        out[str(months)] = len({v for v, d in counted if after < d <= as_of})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
