#!/usr/bin/python3
"""Compare patchwave's occurrences with Debian's python3-recurring-ical-events.

For every .ics fixture: import it with patchwave (floating times read as UTC),
expand 1990..2030 with both, and compare the multisets of (UID, start, end) in
UTC. Prints one line per file and exits 1 on any unexplained difference.

Usage: ics_compare.py PATCHWAVE FIXTURE_DIR [--verbose]
"""
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
import tempfile

import icalendar
import pytz
import recurring_ical_events

START = dt.datetime(1990, 1, 1)
END = dt.datetime(2030, 1, 1)
UTC = pytz.utc

# Files where the two disagree for a reason we stand by; each says why.
EXPECTED_DIFFERENCES = {
    "ical4j__phpicalendar_sample.ics":
        "refused: DTEND 20031114T18300 is not a date-time, so one event has no "
        "known end (recurring-ical-events guesses); with --skip-invalid the rest "
        "imports, and its TZID /softwarestudio.org/Olson_20011030_5/America/Chicago "
        "is read as America/Chicago where recurring-ical-events falls back to "
        "X-WR-TIMEZONE",
    "libical__smallcluster.ics":
        "refused: the RRULE is garbage (UNTIL=123456T123456, 54 BYSETPOS values); "
        "libical cannot read it and recurring-ical-events ignores the bad parts",
    "icalendar__multiple_calendar_components.ics":
        "a DATE event with neither DTEND nor DURATION lasts one day (RFC 5545 "
        "3.6.1); recurring-ical-events 2.0.1 gives it no length",
    "nodeical__Office-2012-owa.ics":
        "three VEVENTs have no UID; recurring-ical-events groups UID-less events "
        "as one series and drops two of them",
    "rie__issue_75_range_parameter.ics":
        "RECURRENCE-ID;RANGE=THISANDFUTURE moves every later instance (RFC 5545 "
        "3.8.4.4); recurring-ical-events 2.0.1 moves only the one instance",
}


def to_utc(v, floating):
    """A DATE is its midnight, a naive DATE-TIME its wall time, in the floating
    zone: the calendar's X-WR-TIMEZONE, else UTC (as patchwave reads them)."""
    if isinstance(v, dt.datetime):
        if v.tzinfo is None:
            return floating.localize(v).astimezone(UTC)
        return v.astimezone(UTC)
    return floating.localize(dt.datetime(v.year, v.month, v.day)).astimezone(UTC)


def fmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def rie_occurrences(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        cals = [icalendar.Calendar.from_ical(data)]
    except ValueError:
        cals = icalendar.Calendar.from_ical(data, multiple=True)
    out = []
    for cal in cals:
        try:
            floating = pytz.timezone(str(cal.get("X-WR-TIMEZONE", "UTC")))
        except pytz.UnknownTimeZoneError:
            floating = UTC
        for ev in recurring_ical_events.of(cal).between(START, END):
            if ev.name != "VEVENT" or str(ev.get("STATUS", "")) == "CANCELLED":
                continue  # a cancelled occurrence is no maintenance
            s = ev.get("DTSTART").dt
            e = ev.get("DTEND").dt if ev.get("DTEND") is not None else None
            if e is None and ev.get("DURATION") is not None:
                e = s + ev.get("DURATION").dt
            if e is None:
                e = s + dt.timedelta(days=1) if not isinstance(s, dt.datetime) else s
            out.append((str(ev.get("UID", "")), fmt(to_utc(s, floating)),
                        fmt(to_utc(e, floating))))
    return sorted(out)


def pw_occurrences(pw, path, db):
    name = "fixture"
    # No --tz: floating times follow X-WR-TIMEZONE when the file has one (as
    # recurring-ical-events does), else UTC (the database has no policy).
    r = subprocess.run([pw, "--db", db, "import", "calendar", path,
                        "--kind", "provider", "--name", name],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1] if r.stderr else "failed"
    r = subprocess.run([pw, "--db", db, "--tz", "UTC", "occurrences", "--calendar",
                        name, "--from", "1990-01-01T00:00:00Z", "--to",
                        "2030-01-01T00:00:00Z", "--format", "json"],
                       capture_output=True, text=True, check=True)
    occ = json.loads(r.stdout)
    out = []
    for o in occ:
        uid = o["uid"]
        if uid.startswith("patchwave-nouid-"):
            uid = ""
        out.append((uid, o["start"], o["end"]))
    return sorted(out), None


def main():
    pw, fixtures = sys.argv[1], sys.argv[2]
    verbose = "--verbose" in sys.argv
    failed = 0
    counts = {"match": 0, "expected": 0, "refused": 0, "rie-fails": 0, "differ": 0}
    for name in sorted(os.listdir(fixtures)):
        if not name.endswith(".ics"):
            continue
        path = os.path.join(fixtures, name)
        with tempfile.TemporaryDirectory() as tmp:
            mine, refused = pw_occurrences(pw, path, os.path.join(tmp, "t.db"))
        try:
            theirs = rie_occurrences(path)
        except Exception as e:  # the reference cannot read it: nothing to compare
            print(f"rie-fails  {name}: {type(e).__name__}: {str(e)[:80]}"
                  + (f"; patchwave: {refused}" if refused else
                     f"; patchwave: {len(mine)} occurrences"))
            counts["rie-fails"] += 1
            continue
        if refused:
            print(f"refused    {name}: {refused}"
                  + (f" ({EXPECTED_DIFFERENCES[name]})"
                     if name in EXPECTED_DIFFERENCES else " UNEXPECTED"))
            counts["refused"] += 1
            if name not in EXPECTED_DIFFERENCES:
                failed += 1
            continue
        if mine == theirs:
            print(f"match      {name}: {len(mine)} occurrences")
            counts["match"] += 1
            continue
        if name in EXPECTED_DIFFERENCES:
            print(f"expected   {name}: {EXPECTED_DIFFERENCES[name]}")
            counts["expected"] += 1
            continue
        failed += 1
        counts["differ"] += 1
        a, b = Counter(mine), Counter(theirs)
        print(f"DIFFER     {name}: patchwave {len(mine)}, recurring-ical-events "
              f"{len(theirs)}; only patchwave {sum((a - b).values())}, only rie "
              f"{sum((b - a).values())}")
        if verbose:
            for x in sorted((a - b).elements())[:10]:
                print("   + patchwave", x)
            for x in sorted((b - a).elements())[:10]:
                print("   - rie      ", x)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
