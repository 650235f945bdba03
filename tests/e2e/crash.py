#!/usr/bin/python3
"""Crash safety: patchwave is killed with SIGKILL at random points of a large
import, a plan and CAB approvals (runs until KILLS were killed mid-way). After every kill the
database passes PRAGMA integrity_check, each operation happened whole or not
at all, and no approved change, decision or audit entry was lost; the audit
chain still verifies. Then a read-only database and a full disk (a file size
limit) give a clear error and change nothing.

usage: crash.py PATCHWAVE [KILLS]"""
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pwtest import Run  # noqa: E402

# The clock (pw_clock) before the demo's first window, whatever today is: a
# change whose window has started can be neither submitted nor approved, and
# a wave whose window has ended is PAST_WINDOW.
os.environ["SOURCE_DATE_EPOCH"] = "1795000000"

T = Run(sys.argv[1], "crash")
PW = T.pw
KILLS = int(sys.argv[2]) if len(sys.argv) > 2 else 50	# mid-way, at least
RUNS = 4 * KILLS			# at most
BULK = 20_000
check, pw, failures = T.check, T.run, T.failures


def sql(db, q):
    return subprocess.run(["sqlite3", db, q], capture_output=True, text=True,
                          check=True).stdout.strip()


def write_inventory(path, owner):
    with open(path, "w") as f:
        f.write("hostname,environment,service_model,provider,region,owner,cluster,"
                "patch_minutes,reboot_minutes\n")
        for i in range(BULK):
            f.write(f"bulk-{i:05d},dev,iaas,aws,eu-central-1,{owner},"
                    f"{'c%d' % (i // 3) if i % 2 else ''},20,5\n")


def killed(cmd, limit):
    """Run cmd, SIGKILL it after a random moment within limit seconds;
    True when it was killed before finishing."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0, limit))
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        p.wait()
        return True
    p.wait()
    return False


def state(db):
    """What must never go backwards, and what must be whole."""
    return {
        "approved": int(sql(db, "SELECT count(*) FROM changes WHERE state = 'approved'")),
        "decisions": int(sql(db, "SELECT count(*) FROM decisions")),
        "audit": int(sql(db, "SELECT count(*) FROM audit")),
        "owners": sql(db, "SELECT group_concat(DISTINCT owner) FROM assets WHERE"
                      " hostname LIKE 'bulk-%' AND retired_import IS NULL"),
        "imports": int(sql(db, "SELECT count(*) FROM imports WHERE source = 'bulk'")),
        "plan_version": int(sql(db, "SELECT n FROM plan_version")),
        "plans": int(sql(db, "SELECT count(*) FROM plans")),
        "planned": int(sql(db, "SELECT count(*) FROM wave_assets")),
    }


def main():
    random.seed(int(os.environ.get("PW_CRASH_SEED", "4242")))
    return T.in_tmp(run)


def run(tmp):
    db = os.path.join(tmp, "c.db")
    T.demo(db)
    inv = {o: os.path.join(tmp, f"inv-{o}.csv") for o in ("team-a", "team-b")}
    for o, p in inv.items():
        write_inventory(p, o)
    t0 = time.time()
    pw(db, "import", "inventory", inv["team-a"], "--source", "bulk")
    t_import = time.time() - t0
    t0 = time.time()
    pw(db, "plan", "--now", "2026-11-23")
    t_plan = time.time() - t0
    # Changes waiting for the CAB: each of the first wave, submitted.
    wave = str(json.loads(pw(db, "waves", "--format", "json").stdout)[0]["id"])
    numbers = []
    for i in range(RUNS):
        out = pw(db, "change", "create", "--wave", wave, "--title", f"c{i}",
                 "--test-plan", "t", "--backout-plan", "b", who="alice").stdout
        numbers.append(out.split()[0])
    for c in json.loads(pw(db, "conflicts", "--format", "json").stdout):
        if c["severity"] == "warning" and c["acknowledged"] is None:
            pw(db, "ack", c["id"], "--reason", "accepted")
    errors = [c for c in json.loads(pw(db, "change", "show", numbers[0], "--format",
                                      "json").stdout)["conflicts"] if c["severity"] == "error"]
    if errors:
        raise SystemExit(f"crash: the first wave has errors: {errors[:2]}")
    for n in numbers:
        pw(db, "change", "submit", n, who="alice")
    t0 = time.time()
    pw(db, "change", "approve", numbers[0], "--comment", "first", who="bob")
    t_approve = time.time() - t0
    print(f"     import {t_import:.2f} s, plan {t_plan:.2f} s, a decision {t_approve:.2f} s")
    # Approvals are killed on their own copy: a plan remade (by a run that
    # finished) rightly sends every approved change back to draft.
    sql(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    cab = os.path.join(tmp, "cab.db")
    shutil.copy(db, cab)

    before = {d: state(d) for d in (db, cab)}
    kills = {"import": 0, "plan": 0, "approve": 0}
    finished = 0
    nxt = 0			# next change to decide on
    runs = 0
    for i in range(RUNS):
        if sum(kills.values()) >= KILLS and i % 3 == 0:
            break
        runs += 1
        op = ("import", "plan", "approve")[i % 3]
        on = cab if op == "approve" else db
        if op == "import":	# the other owner than the one stored
            owner = "team-b" if before[db]["owners"] == "team-a" else "team-a"
            cmd = [PW, "--db", db, "import", "inventory", inv[owner], "--source", "bulk"]
            limit = t_import
        elif op == "plan":
            cmd = [PW, "--db", db, "plan", "--now", "2026-11-23"]
            limit = t_plan
        else:
            who = "carol" if nxt == 0 else ("bob", "carol")[i % 2]
            cmd = [PW, "--db", cab, "--as", who, "change", "approve", numbers[nxt],
                   "--comment", f"kill {i}"]
            limit = t_approve
        if killed(cmd, limit * 1.5):
            kills[op] += 1
        else:
            finished += 1
        after, was = state(on), before[on]
        ic = sql(on, "PRAGMA integrity_check")
        problems = []
        if ic != "ok":
            problems.append(f"integrity_check: {ic}")
        for k in ("approved", "decisions", "audit"):
            if after[k] < was[k] and not (k == "approved" and on == db):
                problems.append(f"{k} went from {was[k]} to {after[k]}")
        if "," in (after["owners"] or ""):
            problems.append(f"half an import: owners {after['owners']}")
        if after["imports"] - was["imports"] not in (0, 1) or (
                (after["imports"] > was["imports"]) != (after["owners"] != was["owners"])):
            problems.append(f"import recorded {after['imports'] - was['imports']}, "
                            f"owners {was['owners']} -> {after['owners']}")
        dv = after["plan_version"] - was["plan_version"]
        if dv not in (0, 1) or (op == "plan" and dv != after["plans"] - was["plans"]):
            problems.append(f"plan version +{dv}, plans +{after['plans'] - was['plans']}")
        if after["planned"] == 0:
            problems.append("the plan is empty")
        # Decisions and their audit entries land together.
        dec_audit = int(sql(on, "SELECT count(*) FROM audit WHERE action IN"
                            " ('approve', 'reject')"))
        if dec_audit != after["decisions"]:
            problems.append(f"{after['decisions']} decisions, {dec_audit} in the audit log")
        if problems:
            check(f"kill {i} during {op}", False, "; ".join(problems))
        if op == "approve" and sql(cab, f"SELECT state FROM changes WHERE number ="
                                   f" '{numbers[nxt]}'") == "approved":
            nxt += 1
        before[on] = after
    total = sum(kills.values())
    check(f"{runs} runs killed at random points ({total} killed mid-way: import "
          f"{kills['import']}, plan {kills['plan']}, approval {kills['approve']}; "
          f"{finished} finished first): every time integrity_check ok, each operation "
          "whole or not at all, nothing approved or audited lost",
          not failures and total >= KILLS and before[cab]["approved"] > 0,
          f"{total} kills landed mid-way ({KILLS} wanted), {before[cab]['approved']} "
          "approved")
    for d in (db, cab):
        r = pw(d, "audit", "verify", ok=(0, 1))
        check(f"the audit chain of {os.path.basename(d)} verifies after the kills",
              r.returncode == 0, r.stderr)
    r = pw(db, "check", ok=(0, 4))
    check("the plan still loads and checks", "plan version" in r.stdout, r.stdout)

    # A read-only database: a clear error, nothing changed. Root ignores
    # file modes, so as root the file is made immutable (chattr +i) instead.
    dump = sql(db, ".dump")
    root = os.geteuid() == 0
    if root:
        lock = subprocess.run(["chattr", "+i", db], capture_output=True)
    else:
        os.chmod(db, 0o400)
    r = pw(db, "edit", "pin", "bulk-00001", ok=(0, 1, 2))
    if root:
        subprocess.run(["chattr", "-i", db], capture_output=True)
    else:
        os.chmod(db, 0o600)
    if root and lock.returncode != 0:
        print("     (chattr +i is not possible here: the read-only case is skipped)")
    else:
        check("a read-only database: exit 1 and a clear error",
              r.returncode == 1 and "read" in r.stderr.lower(),
              f"exit {r.returncode}: {r.stderr}")
        check("... and nothing changed", sql(db, ".dump") == dump)

    # A full disk: the file may not grow (RLIMIT_FSIZE); SQLite reports it.
    size = os.path.getsize(db)
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 4096, size + 4096))
    big = os.path.join(tmp, "big.csv")
    with open(big, "w") as f:
        f.write("hostname,environment,owner,notes\n")
        for i in range(60_000):
            f.write(f"full-{i:06d},dev,team-z,{'x' * 200}\n")
    r = subprocess.run([PW, "--db", db, "import", "inventory", big, "--source", "full"],
                       capture_output=True, text=True, preexec_fn=limit)
    check("a full disk: exit 1 and a clear error", r.returncode == 1 and
          any(w in r.stderr.lower() for w in ("full", "too large", "no space")),
          f"exit {r.returncode}: {r.stderr[-300:]}")
    check("... and nothing changed", sql(db, ".dump") == dump and
          sql(db, "PRAGMA integrity_check") == "ok")


sys.exit(main())
