#!/usr/bin/python3
"""report sla checked against an independent count: a year of weekly scans
(bench/sla_year.py, a fixed seed) imported one a week with --now, then every
figure of `report sla --format json` (per severity, per owner, open over
time, overdue by owner, the oldest open) recomputed here in Python from the
same CSV files, with the deadline rule written out again (the end of the
release day + SLA days, in the policy's zone). Then the HTML is rendered by
headless Chromium and its first page turned into a PNG.

usage: sla_check.py PATCHWAVE [PREVIEW.png]"""
import csv
import datetime as dt
import json
import os
import pwd
import shutil
import subprocess
import sys
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench"))
from pwtest import Run  # noqa: E402
import sla_year  # noqa: E402

T = Run(sys.argv[1], "sla")
PREVIEW = sys.argv[2] if len(sys.argv) > 2 else None
check = T.check
ZONE = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 12, 30, 12, 0, tzinfo=dt.timezone.utc)
FROM, TO = "2026-02-01", "2026-12-31"	# --to's day included


def pw(db, *args, **kw):
    return T.run(db, *args, **kw).stdout


def midnight(day):
    """00:00 of a date in the policy's zone, UTC seconds."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=ZONE).timestamp())


def findings(scans):
    """(asset, advisory) -> dict(sev, rel, owner, first, resolved): first the
    first scan listing it, resolved the first scan not listing it after the
    last that did (None: open). A re-opened one keeps its first sighting."""
    owner = {}
    with open(os.path.join(os.path.dirname(scans[0][0]), "inventory.csv")) as f:
        for row in csv.DictReader(f):
            owner[row["hostname"]] = row["owner"]
    out = {}
    for path, at in scans:
        t = int(at.timestamp())
        seen = set()
        with open(path) as f:
            for row in csv.DictReader(f):
                k = (row["hostname"], row["advisory"])
                seen.add(k)
                x = out.setdefault(k, {"first": t, "owner": owner[row["hostname"]],
                                       "resolved": None, "reopened": False})
                x["sev"], x["rel"] = row["severity"], row["released"]
                x["reopened"] |= x["resolved"] is not None
                x["resolved"] = None
        for k, x in out.items():
            if k not in seen and x["resolved"] is None:
                x["resolved"] = t
    return out


def percentile(v, pct):
    if not v:
        return None
    v = sorted(v)
    rank = (pct * len(v) + 99) // 100
    return v[max(rank, 1) - 1]


def pct(k, n):
    return None if n == 0 else (k * 2000 + n) // (2 * n) / 10


def expected(fs, frm, to, now, exceptions, by_owner):
    def due(x):
        d = dt.date.fromisoformat(x["rel"])
        return midnight(d + dt.timedelta(days=sla_year.SLA[x["sev"]] + 1))

    def release(x):
        return midnight(dt.date.fromisoformat(x["rel"]))

    def covered(k):
        return any((a in ("", k[0])) and (v in ("", k[1])) for a, v in exceptions)

    def in_period(t):	# [from, to), and to itself when it is now
        return frm <= t < to or t == to == now

    def stats(keys):
        out = []
        for sev in sla_year.SEVERITIES:
            ks = [k for k in keys if fs[k]["sev"] == sev]
            closed = [k for k in ks if fs[k]["resolved"] is not None and
                      in_period(fs[k]["resolved"])]
            ttp = [max(0, fs[k]["resolved"] - release(fs[k])) for k in closed]
            within = sum(1 for k in closed if fs[k]["resolved"] <= due(fs[k]))
            open_ = [k for k in ks if fs[k]["first"] <= now and
                     (fs[k]["resolved"] is None or now < fs[k]["resolved"])]
            acc = [k for k in open_ if covered(k)]
            out.append({
                "severity": sev, "sla_days": sla_year.SLA[sev],
                "opened": sum(1 for k in ks if in_period(fs[k]["first"])),
                "closed": len(closed), "closed_within_sla": within,
                "within_sla_pct": pct(within, len(closed)),
                "ttp_median_s": percentile(ttp, 50), "ttp_p90_s": percentile(ttp, 90),
                "open": len(open_), "accepted": len(acc),
                "overdue": sum(1 for k in open_ if not covered(k) and now > due(fs[k])),
            })
        return out

    keys = list(fs)
    want = {"all": stats(keys)}
    if by_owner:
        owners = sorted({x["owner"] for x in fs.values()})
        want["groups"] = [{"group": o, "severities": stats([k for k in keys if
                           fs[k]["owner"] == o])} for o in owners]
    open_now = sorted((fs[k]["first"], k) for k in keys if fs[k]["first"] <= now and
                      (fs[k]["resolved"] is None or now < fs[k]["resolved"]))
    want["oldest_open"] = [list(k) for _, k in open_now[:10]]
    end = min(to, now)
    points = [frm]
    while points[-1] + 7 * 86400 < end:
        points.append(points[-1] + 7 * 86400)
    points.append(end)
    want["open_over_time"] = [[sum(1 for x in fs.values() if x["sev"] == sev and
                                   x["first"] <= t and (x["resolved"] is None or
                                                        t < x["resolved"]))
                               for sev in sla_year.SEVERITIES] for t in points]
    od = {}
    for k, x in fs.items():
        if (x["first"] <= now and x["resolved"] is None and not covered(k) and
                now > due(x)):
            od[x["owner"]] = od.get(x["owner"], 0) + 1
    want["overdue_by_owner"] = sorted(([o, n] for o, n in od.items()),
                                      key=lambda e: (-e[1], e[0]))
    return want


def compare(what, got, want):
    same = got == want
    check(what, same, "" if same else f"\n  got  {got}\n  want {want}")


def main():
    return T.in_tmp(run)


def run(tmp):
    me = pwd.getpwuid(os.getuid()).pw_name
    scans = sla_year.generate(os.path.join(tmp, "year"), 60, weeks=52, seed=7,
                              risk_owner=me)
    db = os.path.join(tmp, "p.db")
    first = sla_year.stamp(scans[0][1])
    pw(db, "import", "policy", os.path.join(tmp, "year", "policy.yaml"), "--now", first)
    pw(db, "import", "inventory", os.path.join(tmp, "year", "inventory.csv"),
       "--now", first)
    for path, at in scans:
        pw(db, "import", "patches", path, "--source", "scanner", "--now",
           sla_year.stamp(at))
    fs = findings(scans)
    check("the year has re-opened findings (listed, not, listed again)",
          any(x["reopened"] for x in fs.values()))
    # Two exceptions: one finding, and one whole asset.
    now = int(NOW.timestamp())
    open_now = sorted(k for k, x in fs.items() if x["resolved"] is None)
    exc = [open_now[0], (open_now[-1][0], "")]
    pw(db, "exception", "add", "--asset", exc[0][0], "--advisory", exc[0][1],
       "--until", "2027-06-30", "--reason", "vendor fix pending")
    pw(db, "exception", "add", "--asset", exc[1][0], "--until", "2027-06-30",
       "--reason", "decommissioned in January")

    frm = midnight(dt.date.fromisoformat(FROM))
    to = midnight(dt.date.fromisoformat(TO) + dt.timedelta(days=1))
    stamp = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
    want = expected(fs, frm, to, now, exc, True)
    for by in (None, "owner"):
        args = ["report", "sla", "--from", FROM, "--to", TO, "--now", stamp,
                "--format", "json"] + (["--by", by] if by else [])
        got = json.loads(pw(db, *args))
        keys = ("severity", "sla_days", "opened", "closed", "closed_within_sla",
                "within_sla_pct", "ttp_median_s", "ttp_p90_s", "open", "overdue",
                "accepted")
        tag = f" (--by {by})" if by else ""
        compare("per severity: every figure" + tag,
                [{k: s[k] for k in keys} for s in got["all"]], want["all"])
        if by:
            compare("per owner and severity: every figure",
                    [{"group": g["group"], "severities": [{k: s[k] for k in keys}
                                                          for s in g["severities"]]}
                     for g in got["groups"]], want["groups"])
        compare("the oldest open findings" + tag,
                [[x["asset"], x["advisory"]] for x in got["oldest_open"]],
                want["oldest_open"])
        compare("open findings by severity, week by week" + tag,
                [[p[s] for s in sla_year.SEVERITIES] for p in got["open_over_time"]],
                want["open_over_time"])
        compare("overdue by owner" + tag,
                [[o["owner"], o["overdue"]] for o in got["overdue_by_owner"]],
                want["overdue_by_owner"])
    check("some findings accepted, some overdue, some within SLA",
          sum(s["accepted"] for s in want["all"]) > 0 and
          sum(s["overdue"] for s in want["all"]) > 0 and
          all(s["closed_within_sla"] > 0 for s in want["all"]))

    # As of the last scan's own time, the period ending then (no --to):
    # that scan's findings opened and closed at now are in it, as they are
    # open (or not) at now.
    last = int(scans[-1][1].timestamp())
    got = json.loads(pw(db, "report", "sla", "--from", FROM, "--now",
                        sla_year.stamp(scans[-1][1]), "--format", "json"))
    want_last = expected(fs, frm, last, last, exc, False)["all"]
    keys = ("opened", "closed", "closed_within_sla", "ttp_median_s", "open")
    compare("a period that ends now takes the scan stamped at now",
            [{k: s[k] for k in keys} for s in got["all"]],
            [{k: s[k] for k in keys} for s in want_last])

    # CSV: the same rows as the JSON.
    rows = list(csv.DictReader(pw(db, "report", "sla", "--from", FROM, "--to", TO,
                                  "--now", stamp, "--format", "csv").splitlines()))
    check("csv: one row per severity, the JSON's counts",
          [(r["severity"], int(r["closed"]), int(r["overdue"])) for r in rows] ==
          [(s["severity"], s["closed"], s["overdue"]) for s in want["all"]], rows)

    # The HTML: written through the single-file path, never through a link.
    page = os.path.join(tmp, "sla.html")
    os.symlink(os.path.join(tmp, "elsewhere"), page)
    r = T.run(db, "report", "sla", "--format", "html", "-o", page, ok=None)
    check("-o refuses a symbolic link", r.returncode != 0 and
          not os.path.exists(os.path.join(tmp, "elsewhere")), r.stderr)
    os.remove(page)
    pw(db, "report", "sla", "--from", FROM, "--to", TO, "--now", stamp, "--by",
       "owner", "--format", "html", "-o", page)
    html = open(page).read()
    check("the page is self-contained (no script, no link out)",
          "<script" not in html and "http://" not in html and "https://" not in html
          and html.count("<svg") == 6)
    crit = want["all"][0]
    head = f"{crit['within_sla_pct']:.0f}% of {crit['closed']:,} closed within 7 days"
    check("the critical chart's title says how the SLA was met", head in html, head)

    pdf = os.path.join(tmp, "sla.pdf")
    r = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                        "file://" + page], capture_output=True, text=True, timeout=120)
    check("chromium prints the report to a PDF", os.path.exists(pdf) and
          os.path.getsize(pdf) > 10000, r.stderr[-500:])
    png = os.path.join(tmp, "preview")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1",
                    "-singlefile", pdf, png], check=True)
    check("pdftoppm turns page 1 into a PNG",
          open(png + ".png", "rb").read(8) == b"\x89PNG\r\n\x1a\n")
    if PREVIEW:
        shutil.copy(png + ".png", PREVIEW)
        print(f"preview written to {PREVIEW}")


sys.exit(main())
