#!/usr/bin/python3
"""The demo for the exports for execution (tests/e2e/export.sh,
tests/interop/exec_check.py): into a copy of demo/ in DIR, an address for
every other host, instance ids for the first three, and one hostile asset
(quotes, a newline, $(...), backquotes in its key; a {{ lookup('pipe') }}
in its address) with a patch, each touching PWNED if anything runs it.

usage: exec_demo.py DIR PWNED"""
import csv
import sys


def make(d, pwned):
    rows = list(csv.reader(open(d + "/inventory.csv")))
    out = [rows[0] + ["ip", "instance_id"]]
    for i, r in enumerate(rows[1:]):
        out.append(r + ["10.0.0.%d" % (i + 1) if i % 2 == 0 else "",
                        "i-%017x" % (i + 1) if i < 3 else ""])
    bad = "web\"dev'$(touch %s)\nx`touch %s`" % (pwned, pwned)
    out.append([bad, "dev", "iaas", "aws", "eu-central-1", "eu-central-1b", "Ubuntu",
                "3", "team-web", "dev-web", "", "20", "5",
                "10.9.9.9\";$(touch %s){{ lookup('pipe', 'touch %s') }}" % (pwned, pwned), ""])
    with open(d + "/inventory.csv", "w", newline="") as f:
        csv.writer(f).writerows(out)
    with open(d + "/patches.csv", "a", newline="") as f:
        csv.writer(f).writerow([bad, "CVE-2026-19876", "high", "2026-11-10", "yes"])


if __name__ == "__main__":
    make(sys.argv[1], sys.argv[2])
