#!/usr/bin/python3
"""SSM maintenance windows' cron against an expansion of our own: a table of
cron(...) schedules (with ScheduleOffset, StartDate, EndDate, the year
field) in Europe/Berlin, America/New_York and UTC is imported by patchwave
(import calendar --format ssm-windows --kind window) and expanded
(occurrences), and compared run for run with a brute-force reading of
AWS's cron written here from AWS's reference ("Reference: Cron and rate
expressions for Systems Manager"): every day of the span is tested against
the fields (day-of-month, month, day-of-week 1=SUN..7=SAT, d#k, dL, L, L-N,
year), each minute named is put on the zone's wall clock (zoneinfo; a time
in a DST gap takes the offset before it and an ambiguous one its first
instant, as RFC 5545 says and docs/formats.md "AWS SSM maintenance windows"
reads SSM), and ScheduleOffset days are added to the date. No RRULE and no
patchwave code is used. The span crosses the DST changes of both zones
(spring 2027 and autumn 2027: Berlin's 02:00-03:00 and New York's).

usage: ssm_cron_check.py PATCHWAVE"""
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from pwtest import Run  # noqa: E402

T = Run(sys.argv[1], "ssm-cron")
FROM, TO = dt.date(2026, 12, 1), dt.date(2028, 12, 31)
UTC = dt.timezone.utc

# (id suffix, cron fields, zone, offset, extra JSON members)
CASES = [
    ("berlin-sun-0200", "0 2 ? * SUN *", "Europe/Berlin", 0, {}),
    ("berlin-sun-0230", "30 2 ? * 1 *", "Europe/Berlin", 0, {}),
    ("ny-sun-0130", "30 1 ? * SUN *", "America/New_York", 0, {}),
    ("ny-2nd-sun-0200", "0 2 ? * SUN#2 *", "America/New_York", 0, {}),
    ("berlin-tue3-plus2", "30 23 ? * TUE#3 *", "Europe/Berlin", 2, {}),
    ("ny-tue2-plus1", "0 22 ? * 3#2 *", "America/New_York", 1, {}),
    ("berlin-last-day", "0 4 L * ? *", "Europe/Berlin", 0, {}),
    ("berlin-l-minus-2", "0 4 L-2 * ? *", "Europe/Berlin", 0, {}),
    ("ny-last-fri", "15 3 ? * 6L *", "America/New_York", 0, {}),
    ("utc-1-15-every-6h", "0 0/6 1,15 * ? *", "UTC", 0, {}),
    ("berlin-q1-weekdays", "0 22 ? JAN-MAR MON-FRI *", "Europe/Berlin", 0, {}),
    ("berlin-saturday-l", "0 1 ? * L *", "Europe/Berlin", 0, {}),
    ("ny-first-mon-last-fri5", "0 3 ? * MON#1,FRI#5 *", "America/New_York", 0, {}),
    ("utc-feb-29", "0 2 29 FEB ? *", "UTC", 0, {}),
    ("berlin-tue-2027", "0 5 ? * TUE 2027", "Europe/Berlin", 0, {}),
    # The year names the cron's dates, before the offset: no run on
    # 6 Jan 2027 (after Thu 31 Dec 2026), one on 5 Jan 2028.
    ("berlin-thu-2027-plus6", "0 3 ? * THU 2027", "Europe/Berlin", 6, {}),
    ("ny-first-2027-2028", "0 5 1 * ? 2027-2028", "America/New_York", 0, {}),
    ("berlin-9-11-wed", "0 9-11/2 ? * WED *", "Europe/Berlin", 0, {}),
    ("utc-every-10th-day", "0 12 */10 * ? *", "UTC", 0, {}),
    ("berlin-day-5-plus-3", "0 6 5,20 * ? *", "Europe/Berlin", 3, {}),
    ("ny-weekend-plus-1", "0 23 ? * SAT,SUN *", "America/New_York", 1, {}),
    ("berlin-bounded", "0 3 ? * MON *", "Europe/Berlin", 0,
     {"StartDate": "2027-03-01T00:00:00+01:00", "EndDate": "2027-11-15T00:00:00Z"}),
    ("no-zone-utc", "45 23 ? * FRI *", None, 0, {}),
]

MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
DAYS = "SUN MON TUE WED THU FRI SAT".split()


def values(item, lo, hi, names=()):
    """The values of one item of a list (no L/#): *, N, A-B, with /S."""
    def val(t):
        return names.index(t.upper()) + 1 if t.upper() in names else int(t)
    step = 1
    if "/" in item:
        item, s = item.split("/")
        step = int(s)
    if item == "*":
        a, b = lo, hi
    elif "-" in item:
        a, b = map(val, item.split("-"))
    else:
        a = val(item)
        b = hi if step > 1 else a
    return set(range(a, b + 1, step))


def last_day(y, m):
    return ((dt.date(y, m, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)).day


def aws_dow(d):
    """AWS's day of the week: 1 Sunday .. 7 Saturday."""
    return (d.isoweekday() % 7) + 1


def day_matches(d, dom, mon, dow, years):
    if d.month not in mon or d.year not in years:
        return False
    if dom != "?":
        for it in dom.split(","):
            if it == "L" and d.day == last_day(d.year, d.month):
                return True
            if it.startswith("L-") and d.day == last_day(d.year, d.month) - int(it[2:]):
                return True
            if not it.startswith("L") and d.day in values(it, 1, 31):
                return True
        return False
    for it in dow.split(","):
        if it == "L":
            if aws_dow(d) == 7:
                return True
        elif it.endswith("L"):
            w = values(it[:-1], 1, 7, DAYS).pop()
            if aws_dow(d) == w and d.day + 7 > last_day(d.year, d.month):
                return True
        elif "#" in it:
            w, k = it.split("#")
            if aws_dow(d) == values(w, 1, 7, DAYS).pop() and (d.day - 1) // 7 + 1 == int(k):
                return True
        elif aws_dow(d) in values(it, 1, 7, DAYS):
            return True
    return False


def expand(cron, zone, offset, start, end):
    """Every run of cron in [FROM, TO) as UTC datetimes, bounded by start and
    end (UTC datetimes or None)."""
    mi, hr, dom, mon, dow, yr = cron.split()
    mins = set().union(*(values(i, 0, 59) for i in mi.split(",")))
    hrs = set().union(*(values(i, 0, 23) for i in hr.split(",")))
    mons = set().union(*(values(i, 1, 12, MONTHS) for i in mon.split(",")))
    years = set().union(*(values(i, 1970, 2199) for i in yr.split(",")))
    z = ZoneInfo(zone or "UTC")
    out = []
    d = FROM - dt.timedelta(days=40)
    while d < TO:
        if day_matches(d, dom, mons, dow, years):
            run_day = d + dt.timedelta(days=offset)
            for h in sorted(hrs):
                for m in sorted(mins):
                    local = dt.datetime(run_day.year, run_day.month, run_day.day, h, m,
                                        tzinfo=z, fold=0)
                    # fold=0: an ambiguous time's first instant; a time in a gap
                    # takes the offset before the gap (zoneinfo, as RFC 5545).
                    u = local.astimezone(UTC)
                    if start and u < start:
                        continue
                    if end and u > end:
                        continue
                    out.append(u)
        d += dt.timedelta(days=1)
    lo = dt.datetime(FROM.year, FROM.month, FROM.day, tzinfo=UTC)
    hi = dt.datetime(TO.year, TO.month, TO.day, tzinfo=UTC)
    return sorted(u for u in out if lo <= u < hi)


def iso(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(UTC)


def main(tmp):
    windows = []
    for i, (name, cron, zone, offset, extra) in enumerate(CASES):
        w = {"WindowId": f"mw-{i:017x}", "Name": name, "Enabled": True,
             "Duration": 1, "Cutoff": 0, "Schedule": f"cron({cron})",
             # the series from before the span: the runs compared are all
             "StartDate": "2026-10-01T00:00:00Z"}
        if zone:
            w["ScheduleTimezone"] = zone
        if offset:
            w["ScheduleOffset"] = offset
        w.update(extra)
        windows.append(w)
    path = os.path.join(tmp, "windows.json")
    with open(path, "w") as f:
        json.dump({"WindowIdentities": windows}, f, indent=4)
    db = os.path.join(tmp, "t.db")
    r = T.run(db, "import", "calendar", path, "--kind", "window", "--name", "ssm",
              "--format", "ssm-windows", ok=None)
    T.check("ssm-cron: the table imports whole", r.returncode == 0, r.stderr)
    r = T.run(db, "--tz", "UTC", "occurrences", "--from", FROM.isoformat(),
              "--to", TO.isoformat(), "--format", "json", ok=None)
    got = {}
    for o in json.loads(r.stdout or "[]"):
        got.setdefault(o["uid"], []).append((iso(o["start"]), iso(o["end"])))
    for w, (name, cron, zone, offset, extra) in zip(windows, CASES):
        start = iso(w["StartDate"])
        end = iso(extra["EndDate"]) if "EndDate" in extra else None
        want = [(u, u + dt.timedelta(hours=1)) for u in
                expand(cron, zone, offset, start, end)]
        have = sorted(got.get(w["WindowId"], []))
        diff = sorted(set(want) ^ set(have))
        T.check(f"ssm-cron: cron({cron}) in {zone or 'UTC (none given)'}"
                f"{f' +{offset} days' if offset else ''}: {len(want)} runs the same",
                have == want and len(want) > 0,
                f"{len(have)} from patchwave, {len(want)} here; first differing: "
                f"{[d[0].isoformat() for d in diff[:4]]}")


sys.exit(T.in_tmp(main))
