#!/usr/bin/python3
"""Two operators at once: two processes edit one plan and approve change
records, 500 operations each, interleaved. Each edit names the plan version
it was made against (--if-version); an edit against a plan the other changed
meanwhile is refused with what changed, and retried on the version the
refusal names. Each process is also a CAB member approving the same changes
(one from the first, the other from the last). Afterwards every version from
the first to the last was made by exactly one applied edit (none lost, none
applied over another), each asset's pin is what the last edit of it said,
and every change is approved with exactly one decision from each member.

usage: operators.py PATCHWAVE"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pwtest import Run  # noqa: E402

# The clock (pw_clock) before the demo's first window, whatever today is: a
# change whose window has started can be neither submitted nor approved, and
# a wave whose window has ended is PAST_WINDOW.
os.environ["SOURCE_DATE_EPOCH"] = "1795000000"

T = Run(sys.argv[1], "operators")
PW = T.pw
OPS = 500
CHANGES = 50		# each process approves all of them: 2 x 50 of its 500


def pw(db, *args):
    return T.run(db, *args, ok=None)


def operator(db, name, hosts, start, numbers):
    """OPS operations: an approval every OPS / CHANGES, edits between; returns
    (applied [(version, host, pinned)], refusals, approvals)."""
    applied, refusals, version, approvals = [], 0, start, 0
    member = {"a": "bob", "b": "carol"}[name]
    order = numbers if name == "a" else numbers[::-1]
    for i in range(OPS):
        if i % (OPS // CHANGES) == 0:
            number = order[i // (OPS // CHANGES)]
            r = subprocess.run([PW, "--db", db, "--as", member, "change", "approve",
                                number, "--comment", f"{member} {i}"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit(f"operator {name}: approve {number}: {r.stderr}")
            approvals += 1
            continue
        host = hosts[(i * 7 + (0 if name == "a" else 3)) % len(hosts)]
        verb = "pin" if (i // len(hosts)) % 2 == (0 if name == "a" else 1) else "unpin"
        while True:
            r = subprocess.run([PW, "--db", db, "--as", name, "edit", verb, host,
                                "--if-version", str(version)],
                               capture_output=True, text=True)
            if r.returncode == 0:
                version = int(re.search(r"plan version (\d+)", r.stdout).group(1))
                applied.append((version, host, verb == "pin"))
                break
            m = re.search(r"it is version (\d+) now", r.stderr)
            if not m:
                raise SystemExit(f"operator {name}: unexpected failure: {r.stderr}")
            refusals += 1
            version = int(m.group(1))
    return applied, refusals, approvals


def main():
    tmp = tempfile.mkdtemp(prefix="pw-ops-")
    try:
        db = os.path.join(tmp, "ops.db")
        T.demo(db)
        hosts = [h for w in json.loads(pw(db, "waves", "--format", "json").stdout)
                 for h in w["assets"]]
        # Changes of the first wave, submitted (its warnings acknowledged).
        first = json.loads(pw(db, "waves", "--format", "json").stdout)[0]["id"]
        numbers = []
        for i in range(CHANGES):
            out = pw(db, "--as", "alice", "change", "create", "--wave", str(first),
                     "--title", f"ops {i}", "--test-plan", "t", "--backout-plan", "b")
            numbers.append(out.stdout.split()[0])
        for c in json.loads(pw(db, "conflicts", "--format", "json").stdout):
            if c["severity"] == "warning" and c["acknowledged"] is None:
                pw(db, "ack", c["id"], "--reason", "accepted")
        for n in numbers:
            if pw(db, "--as", "alice", "change", "submit", n).returncode != 0:
                raise SystemExit(f"operators: cannot submit {n}")
        start = int(re.search(r"plan version (\d+)", pw(db, "check").stdout).group(1))
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            fa = ex.submit(operator, db, "a", hosts, start, numbers)
            fb = ex.submit(operator, db, "b", hosts, start, numbers)
            (a, ra, pa), (b, rb, pb) = fa.result(), fb.result()
        out = pw(db, "check").stdout
        final = int(re.search(r"plan version (\d+)", out).group(1))
        versions = sorted(v for v, _, _ in a + b)
        ok = True

        def check(name, cond, detail=""):
            nonlocal ok
            print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))
            ok &= bool(cond)

        check(f"{len(a) + len(b)} edits and {pa + pb} approvals by two processes",
              len(a) + len(b) + pa + pb == 2 * OPS)
        check(f"{ra + rb} edits against a changed plan refused and redone (a {ra}, b {rb})",
              ra + rb > 0, "the processes never met: no interleaving tested")
        check("every version made by exactly one edit: none lost, none overwritten",
              versions == list(range(start + 1, final + 1)),
              f"{len(versions)} versions, {start}..{final}")
        last = {}
        for v, host, pinned in sorted(a + b):
            last[host] = pinned
        rows = subprocess.run(["sqlite3", db, "SELECT a.hostname, w.pinned FROM"
                               " wave_assets w JOIN assets a ON a.id = w.asset_id"],
                              capture_output=True, text=True, check=True).stdout
        stored = {h: p == "1" for h, p in (ln.split("|") for ln in rows.split())}
        wrong = [h for h in last if stored.get(h) != last[h]]
        check("each asset's pin is what its last edit said", not wrong, wrong[:5])
        votes = subprocess.run(["sqlite3", db, "SELECT c.number || ' ' || c.state || ' '"
                                " || group_concat(d.who, ',') FROM changes c JOIN"
                                " (SELECT * FROM decisions ORDER BY who) d ON"
                                " d.change_id = c.id GROUP BY c.id"],
                               capture_output=True, text=True, check=True).stdout.split("\n")
        want = [f"{n} approved bob,carol" for n in numbers]
        check(f"every one of {CHANGES} changes approved by one decision of each member",
              sorted(v for v in votes if v) == sorted(want),
              [v for v in votes if v and v not in want][:3])
        r = pw(db, "audit", "verify")
        check("the audit chain verifies", r.returncode == 0, r.stderr)
        ic = subprocess.run(["sqlite3", db, "PRAGMA integrity_check"],
                            capture_output=True, text=True).stdout.strip()
        check("integrity_check ok", ic == "ok", ic)
        print(f"operators: {'0 failed' if ok else 'FAILED'}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp)


sys.exit(main())
