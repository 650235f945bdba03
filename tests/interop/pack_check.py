#!/usr/bin/python3
"""The CAB pack read by real clients: the .ics by python3-icalendar and by
calcurse (nothing skipped), the CSV by Python's csv module (the same fields
as the JSON), the JSON by jq, and index.html rendered by headless Chromium to
a PDF whose first page pdftoppm turns into a PNG.

usage: pack_check.py PATCHWAVE [PREVIEW.png]"""
import csv
import json
import os
import shutil
import subprocess
import sys

from icalendar import Calendar

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pwtest import Run  # noqa: E402

T = Run(sys.argv[1], "pack", env=dict(os.environ, SOURCE_DATE_EPOCH="1795000000"))
PW = T.pw
PREVIEW = sys.argv[2] if len(sys.argv) > 2 else None
check = T.check


def pw(db, *args, **kw):
    return T.run(db, *args, **kw).stdout


def approve_all(db, number):
    for c in json.loads(pw(db, "conflicts", "--format", "json")):
        if c["severity"] == "warning" and c["acknowledged"] is None:
            pw(db, "ack", c["id"], "--reason", "slack, still inside the SLA")
    pw(db, "change", "submit", number, who="alice")
    pw(db, "change", "approve", number, "--comment", "looks right", who="bob")
    pw(db, "change", "approve", number, "--comment", "ok; second, and \"quoted\"",
       who="carol")


def main():
    return T.in_tmp(run)


def run(tmp):
    db = os.path.join(tmp, "p.db")
    T.demo(db)
    waves = json.loads(pw(db, "waves", "--format", "json"))
    made = []
    for w, title in ((waves[0], "Canary patching: dev web and db, week 48"),
                     (waves[3], '=HYPERLINK("http://x") <b>prod</b>; a, b\\c')):
        out = pw(db, "change", "create", "--wave", str(w["id"]), "--title", title,
                 "--description", "Patch the hosts\nthen reboot them\tin order",
                 "--implementation", "Ansible play patch.yml, serial 1",
                 "--test-plan", "Health checks green for 15 minutes",
                 "--backout-plan", "Restore the pre-patch snapshot", who="alice")
        made.append(out.split()[0])
    for number in made:
        # Errors in a production wave are resolved first: the test only
        # needs approved records, so drop the hosts that breach.
        show = json.loads(pw(db, "change", "show", number, "--format", "json"))
        for c in show["conflicts"]:
            if c["severity"] == "error":
                for host in c["assets"].split(", "):
                    pw(db, "edit", "remove", host, ok=(0, 1))
        approve_all(db, number)
    pack = os.path.join(tmp, "pack")
    pw(db, "export", "-o", pack)
    data = json.load(open(os.path.join(pack, "changes.json")))
    changes = data["changes"]
    check("both changes exported", [c["number"] for c in changes] == made,
          [c["number"] for c in changes])

    # iCalendar: python3-icalendar.
    raw = open(os.path.join(pack, "approved-windows.ics"), "rb").read()
    cal = Calendar.from_ical(raw)
    events = [e for e in cal.walk("VEVENT")]
    want = [(c["number"], wnd["start"], wnd["end"]) for c in changes for wnd in c["windows"]]
    got = [(str(e["UID"]).rsplit("-", 1)[0], e["DTSTART"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            e["DTEND"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")) for e in events]
    check("icalendar reads one VEVENT per approved window, same times", got == want,
          f"{got} != {want}")
    check("SUMMARY text unescaped back to the title",
          str(events[-1]["SUMMARY"]).startswith("CHG-") and
          changes[-1]["short_description"] in str(events[-1]["SUMMARY"]),
          str(events[-1]["SUMMARY"]))
    check("every event has SEQUENCE and DTSTAMP",
          all("SEQUENCE" in e and "DTSTAMP" in e for e in events))

    # calcurse imports it with nothing skipped.
    home = os.path.join(tmp, "calcurse")
    os.mkdir(home)
    r = subprocess.run(["calcurse", "-D", home, "-i",
                        os.path.join(pack, "approved-windows.ics")],
                       capture_output=True, text=True)
    report = r.stdout + r.stderr
    check("calcurse imports every event, none skipped",
          r.returncode == 0 and f"{len(events)} app" in report and "0 skipped" in report,
          report.strip())
    apts = open(os.path.join(home, "apts")).read()
    check("calcurse holds the appointments", apts.count("CHG-") == len(events), apts)

    # CSV: Python's csv module, the same fields as the JSON.
    with open(os.path.join(pack, "changes.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    same = len(rows) == len(changes)
    for row, c in zip(rows, changes):
        for field in ("number", "type", "state", "risk", "impact", "start_date",
                      "end_date", "implementation_plan", "test_plan", "backout_plan",
                      "requested_by", "description"):
            if row[field] != (c[field] or ""):
                same = False
                print(f"     {field}: {row[field]!r} != {c[field]!r}")
        title = row["short_description"]
        # A formula-looking title leaves neutralised by one apostrophe.
        if title.lstrip("'") != c["short_description"]:
            same = False
    check("csv reads back the same fields as the JSON", same)
    check("a formula title is neutralised in the CSV",
          any(r["short_description"].startswith("'=") for r in rows))

    # jq.
    r = subprocess.run(["jq", "-e", ".changes | map(.number) | length == 2",
                        os.path.join(pack, "changes.json")], capture_output=True, text=True)
    check("jq parses changes.json", r.returncode == 0, r.stderr)

    # Chromium renders index.html to PDF; pdftoppm turns page 1 into a PNG.
    pdf = os.path.join(tmp, "pack.pdf")
    r = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                        "file://" + os.path.join(pack, "index.html")],
                       capture_output=True, text=True, timeout=120)
    check("chromium prints index.html to a PDF", os.path.exists(pdf) and
          os.path.getsize(pdf) > 10000, r.stderr[-500:])
    pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    npages = int([ln.split()[-1] for ln in pages.splitlines() if ln.startswith("Pages:")][0])
    check(f"one change per printed page or more ({npages} pages)", npages >= 2)
    png = os.path.join(tmp, "preview")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1",
                    "-singlefile", pdf, png], check=True)
    head = open(png + ".png", "rb").read(8)
    check("pdftoppm turns page 1 into a PNG", head == b"\x89PNG\r\n\x1a\n")
    if PREVIEW:
        shutil.copy(png + ".png", PREVIEW)
        print(f"preview written to {PREVIEW}")


sys.exit(main())
