#!/usr/bin/env python3
"""Reference indicator set of the peer benchmark (docs/benchmarks.md, "The indicator set").

Reads a bench-layout hours log (`madad demo --layout bench`: UTF-8, header
volunteer_id,date,hours,domain,organization,neighborhood, ISO dates) with Python's stdlib csv
module and prints the indicator set every adapter must reproduce, as JSON:

  python3 bench/tools/indicators.py FILE REPORT_YEAR > reference.json

Independent of every adapter: no DuckDB, no Arquero, no Madad code. Counted rows are those with
a non-empty `hours` cell (the layout's only planted problem). Quantiles are Hyndman & Fan type 7
(linear interpolation between order statistics; numpy's default `linear`, R's type 7).
"""
import csv
import json
import math
import sys


def quantile7(sorted_values, q):
    """Type 7 quantile of already sorted values."""
    n = len(sorted_values)
    h = (n - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


def indicators(path, report_year):
    by_month_dept = {}
    month_vols = {}
    year_vols = {}
    first_year = {}
    year_hours = {}
    vols = set()
    rows = counted = 0
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        col = {name: i for i, name in enumerate(header)}
        iv, idt, ih, idom = col["volunteer_id"], col["date"], col["hours"], col["domain"]
        for row in r:
            if not row:
                continue
            rows += 1
            if row[ih] == "":
                continue
            counted += 1
            v, date, hours, dom = row[iv], row[idt], float(row[ih]), row[idom]
            month, year = date[:7], int(date[:4])
            key = month + "\t" + dom
            by_month_dept[key] = by_month_dept.get(key, 0.0) + hours
            month_vols.setdefault(month, set()).add(v)
            year_vols.setdefault(year, set()).add(v)
            vols.add(v)
            if v not in first_year or year < first_year[v]:
                first_year[v] = year
            if year == report_year:
                year_hours[v] = year_hours.get(v, 0.0) + hours
    years = sorted(year_vols)
    new = {str(y): 0 for y in years}
    for y in first_year.values():
        new[str(y)] += 1
    retained = {
        str(y): len(year_vols[y] & year_vols.get(y - 1, set())) for y in years
    }
    per_vol = sorted(year_hours.values())
    n = len(per_vol)
    return {
        "rows": rows,
        "countedRows": counted,
        "volunteers": len(vols),
        "hoursByMonthDept": dict(sorted(by_month_dept.items())),
        "activeByMonth": {m: len(s) for m, s in sorted(month_vols.items())},
        "newByYear": new,
        "retainedByYear": retained,
        "reportYear": report_year,
        "hoursPerVolunteer": {
            "n": n,
            "mean": math.fsum(per_vol) / n if n else None,
            "median": quantile7(per_vol, 0.5) if n else None,
            "p90": quantile7(per_vol, 0.9) if n else None,
        },
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: indicators.py FILE REPORT_YEAR")
    json.dump(indicators(sys.argv[1], int(sys.argv[2])), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
