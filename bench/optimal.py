#!/usr/bin/python3
"""The planner against an exact optimum (issue 16, point 5): a benchmark, not a test.

For each of 25 generated instances (seeded, so the same every run): write
patchwave's input files (policy YAML, inventory CSV, patches CSV, provider
maintenance and freezes as iCalendar), import them, `plan --now T`, and count
patchwave's SLA misses from `deadlines --format json` (an asset with no planned
end is unplanned, one whose planned end is past its deadline is late),
cross-checked with `conflicts --format json` (UNPLANNED and SLA_BREACH, and no
other error). Then solve the same instance as a MILP with PuLP and CBC
(Debian's python3-pulp and coinor-cbc; bench only): each asset in at most one
window occurrence that admits it, minimising misses (unplanned + late) first
and unplanned second. Prints per instance and in total patchwave's misses, the
optimum's (or CBC's best bound, "not proven", at the time limit), the gap
(pw - opt) / max(opt, 1), and both unplanned counts.

The MILP takes the window occurrences from `patchwave windows --format json`
over the plan's horizon and the deadlines from `patchwave deadlines`, and
models the planner's rules (docs/planner-design.md) as follows. Exact:
admission (the window's selector), reboots (a window with reboot: false takes
only assets none of whose pending patches reboots), release days (the
occurrence starts at or after 00:00 UTC, the policy's zone, of the asset's last
release), provider maintenance and freezes (an occurrence overlapping one that
concerns the asset is out, except the asset's own provider maintenance lying
wholly inside the occurrence), lateness (windows never cross midnight and
deadlines are midnights, so an asset is late exactly when its occurrence ends
past its deadline). Approximations, each said where it is made below, all
relaxations (every plan the planner's rules allow satisfies them):
  * capacity is pooled minutes per occurrence, lanes x (duration - cutoff),
    plus per lane the longest admitted work that may run past the cutoff
    (the last job of a lane starts by the cutoff and ends by the window's
    end): a relaxation of list scheduling on lanes (the optimum may pack what
    no lane assignment fits: optimistic);
  * clusters roll (a member is down from its start to its end plus the
    policy's cluster_gap, at most max_down members down at once, provider
    maintenance counting, each member once): per occurrence and cluster,
    two time budgets instead of the members' intervals: the placed members'
    work plus gap and the others' maintenance inside the occurrence (and the
    gap after it) fit in max_down x (duration + gap), and the placed
    members' work plus gap in max_down x (duration - cutoff + the longest
    member's work up to the cutoff + gap), as lanes (at most max_down at
    once means the intervals fall into max_down sequences, each of whose
    last member starts by the cutoff): optimistic, the budgets ignore
    where in time the intervals and the maintenance lie, and that a member
    waiting for its turn keeps a lane idle;
  * the stage gate takes an asset's end as its occurrence's start plus its own
    work (its earliest possible end; the planner uses the lane's real
    finish): optimistic too.
Optimistic approximations make the optimum at most better than the true one,
so the gap reported is, if anything, larger than the true gap. To see whether
they mattered, the optimum's assignment is then scheduled on real lanes with
its cluster members sequenced as the planner does, and its stage gates checked
against the real ends (realise()); an instance where that fails says so in its
notes. The other way round, patchwave's own plan fixed in the model must be a
solution with the misses patchwave counts (pw_in_model()).

Usage: optimal.py PATCHWAVE [WORKDIR] [--instances N] [--time-limit S]
"""
import datetime as dt
import json
import math
import os
import random
import re
import subprocess
import sys
import time

try:
    import pulp
except ImportError:
    sys.exit("bench/optimal.py needs python3-pulp and coinor-cbc (scripts/deps.sh bench)")

args = [a for a in sys.argv[1:]]
def opt(name, default):
    if name in args:
        i = args.index(name)
        v = args[i + 1]
        del args[i:i + 2]
        return type(default)(v)
    return default
NINST = opt("--instances", 25)
TLIM = opt("--time-limit", 20)
# --patchwave-only: plan each instance and compare with the optimum an earlier
# full run saved beside it (optimum.json), solving nothing: seconds, not
# minutes, for working on the planner.
PW_ONLY = "--patchwave-only" in args
if PW_ONLY:
    args.remove("--patchwave-only")
PW = os.path.abspath(args[0])
WORK = os.path.abspath(args[1] if len(args) > 1 else "build/bench/optimal")
os.makedirs(WORK, exist_ok=True)

NOW = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)   # a Monday
SLA = {"critical": 7, "high": 14, "medium": 30, "low": 90}
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ENVS3 = ["dev", "test", "prod"]
REGIONS = {"eu-central-1": ["eu-central-1a", "eu-central-1b"],
           "us-east-1": ["us-east-1a", "us-east-1b"]}
HORIZON = 35
GAP = 0   # the policy's cluster_gap, minutes: the suite sets none


def ts(d):
    return d.strftime("%Y%m%dT%H%M%SZ")


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def generate(i):
    """One instance: a dict the MILP reads, and its files in WORK/iNN."""
    rng = random.Random(1600 + i)
    d = os.path.join(WORK, "i%02d" % i)
    os.makedirs(d, exist_ok=True)
    n = rng.randint(10, 60)
    three = rng.random() < 0.5
    stages = ([("dev", ["dev"]), ("test", ["test"]), ("prod", ["prod"])] if three
              else [("nonprod", ["dev", "test"]), ("prod", ["prod"])])
    soak = {s[0]: rng.randint(1, 3) for s in stages[:-1]}
    soak[stages[-1][0]] = 0
    assets = []
    for k in range(n):
        env = rng.choices(ENVS3, weights=[2, 3, 5])[0]
        region = rng.choice(sorted(REGIONS))
        zone = rng.choice(REGIONS[region])
        assets.append({"key": "h%02d-%03d" % (i, k), "env": env, "region": region,
                       "zone": zone, "cluster": "", "patch": rng.choice([10, 15, 20, 30, 45, 60]),
                       "reboot_min": rng.choice([5, 10, 15]), "patches": []})
    # Clusters of 2-4 test or prod members, max_down 1 or 2.
    clusters = {}
    pool = [a for a in assets if a["env"] != "dev"]
    rng.shuffle(pool)
    c = 0
    while len(pool) >= 3 and rng.random() < 0.8 and c < 6:
        size = rng.randint(2, 4)
        name = "cl%d" % c
        clusters[name] = rng.choice([1, 1, 2]) if size > 2 else 1
        for a in pool[:size]:
            a["cluster"] = name
        pool = pool[size:]
        c += 1
    for a in assets:
        for p in range(rng.randint(1, 3)):
            sev = rng.choices(["critical", "high", "medium", "low"], weights=[1, 3, 4, 2])[0]
            rel = (NOW + dt.timedelta(days=rng.randint(-12, 10))).date()
            a["patches"].append({"adv": "ADV-%02d-%03d-%d" % (i, assets.index(a), p),
                                 "sev": sev, "rel": rel, "reboot": rng.random() < 0.7})
    # Weekly windows on distinct days, none crossing midnight.
    windows = []
    days = rng.sample(range(7), rng.randint(2, 4))
    for w, day in enumerate(days):
        dur = rng.choice([120, 180, 240, 300, 360])
        start = rng.randint(0, (1440 - dur) // 60) * 60
        sel = rng.choice([["dev", "test"], ["test", "prod"], ["prod"], ["dev", "test", "prod"],
                          ["dev", "test", "prod"]])
        windows.append({"name": "w%d-%s" % (w, DAYS[day].lower()), "day": DAYS[day],
                        "start": start, "dur": dur, "conc": rng.randint(1, 4),
                        "cutoff": rng.choice([0, 0, 15, 30]),
                        "reboot": rng.random() < 0.85, "select": sel})
    # Every environment gets some window (else the instance is trivially unplanned).
    for env in ENVS3:
        if not any(env in w["select"] for w in windows):
            windows[rng.randrange(len(windows))]["select"].append(env)
    # Provider maintenance (scoped by region, zone or one asset) and a freeze.
    cals = []
    for m in range(rng.randint(1, 3)):
        kind = rng.choice(["region", "zone", "asset"])
        if kind == "region":
            scope = ("region", rng.choice(sorted(REGIONS)))
        elif kind == "zone":
            scope = ("zone", rng.choice([z for r in sorted(REGIONS) for z in REGIONS[r]]))
        else:
            scope = ("asset", rng.choice(assets)["key"])
        evs = []
        for e in range(rng.randint(1, 3)):
            s = NOW + dt.timedelta(days=rng.randint(0, HORIZON - 1), hours=rng.randint(0, 23))
            evs.append((s, s + dt.timedelta(hours=rng.randint(1, 6))))
        cals.append({"name": "prov%d" % m, "kind": "provider", "scope": scope, "events": evs})
    if rng.random() < 0.7:
        s = NOW + dt.timedelta(days=rng.randint(3, HORIZON - 5))
        scope = rng.choice([None, ("region", rng.choice(sorted(REGIONS)))])
        cals.append({"name": "freeze", "kind": "freeze", "scope": scope,
                     "events": [(s, s + dt.timedelta(days=rng.randint(1, 3)))]})

    # The files.
    with open(os.path.join(d, "policy.yaml"), "w") as f:
        f.write("timezone: UTC\nhorizon_days: %d\n" % HORIZON)
        f.write("sla_days: {critical: 7, high: 14, medium: 30, low: 90}\n")
        f.write("cluster_max_down: 1\n")
        if clusters:
            f.write("clusters:\n")
            for name in sorted(clusters):
                f.write("  %s: {max_down: %d}\n" % (name, clusters[name]))
        f.write("stages:\n")
        for name, envs in stages:
            f.write("  - {name: %s, select: {environment: [%s]}, soak_days: %d}\n"
                    % (name, ", ".join(envs), soak[name]))
        f.write("windows:\n")
        for w in windows:
            f.write("  - name: %s\n    rrule: FREQ=WEEKLY;BYDAY=%s\n    start: \"%02d:%02d\"\n"
                    "    duration: %dm\n    reboot: %s\n    concurrency: %d\n    cutoff: %dm\n"
                    "    select: {environment: [%s]}\n"
                    % (w["name"], w["day"], w["start"] // 60, w["start"] % 60, w["dur"],
                       "true" if w["reboot"] else "false", w["conc"], w["cutoff"],
                       ", ".join(w["select"])))
    with open(os.path.join(d, "inventory.csv"), "w") as f:
        f.write("hostname,environment,service_model,provider,region,zone,cluster,"
                "patch_minutes,reboot_minutes\n")
        for a in assets:
            f.write("%s,%s,iaas,aws,%s,%s,%s,%d,%d\n" % (a["key"], a["env"], a["region"],
                    a["zone"], a["cluster"], a["patch"], a["reboot_min"]))
    with open(os.path.join(d, "patches.csv"), "w") as f:
        f.write("hostname,advisory,severity,released,reboot\n")
        for a in assets:
            for p in a["patches"]:
                f.write("%s,%s,%s,%s,%s\n" % (a["key"], p["adv"], p["sev"], p["rel"].isoformat(),
                                              "yes" if p["reboot"] else "no"))
    for cal in cals:
        with open(os.path.join(d, cal["name"] + ".ics"), "w") as f:
            f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//patchwave//bench//EN\r\n")
            for e, (s, t) in enumerate(cal["events"]):
                f.write("BEGIN:VEVENT\r\nUID:%s-%d@bench\r\nDTSTAMP:20260301T000000Z\r\n"
                        "DTSTART:%s\r\nDTEND:%s\r\nSUMMARY:%s %d\r\nEND:VEVENT\r\n"
                        % (cal["name"], e, ts(s), ts(t), cal["name"], e))
            f.write("END:VCALENDAR\r\n")
    return {"dir": d, "assets": assets, "clusters": clusters, "stages": stages,
            "soak": soak, "windows": {w["name"]: w for w in windows}, "cals": cals}


def pw(inst, *argv, ok=(0,)):
    r = subprocess.run([PW, "--db", os.path.join(inst["dir"], "pw.db")] + list(argv),
                       capture_output=True, text=True)
    if r.returncode not in ok:
        sys.exit("bench: patchwave %s failed (%d):\n%s" % (" ".join(argv), r.returncode,
                                                          r.stderr[-2000:]))
    return r.stdout


def run_patchwave(inst):
    d = inst["dir"]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(os.path.join(d, "pw.db" + suffix)):
            os.remove(os.path.join(d, "pw.db" + suffix))
    pw(inst, "import", "policy", os.path.join(d, "policy.yaml"))
    pw(inst, "import", "inventory", os.path.join(d, "inventory.csv"), "--source", "cmdb")
    pw(inst, "import", "patches", os.path.join(d, "patches.csv"), "--source", "scanner")
    for cal in inst["cals"]:
        extra = ["--scope", "%s=%s" % cal["scope"]] if cal["scope"] else []
        pw(inst, "import", "calendar", os.path.join(d, cal["name"] + ".ics"), "--kind",
           cal["kind"], "--name", cal["name"], *extra)
    t0 = time.perf_counter()
    pw(inst, "plan", "--now", iso(NOW))
    inst["pw_seconds"] = time.perf_counter() - t0
    to = NOW + dt.timedelta(days=HORIZON)
    inst["occ"] = json.loads(pw(inst, "windows", "--format", "json", "--from", iso(NOW),
                                "--to", iso(to)))
    dl = json.loads(pw(inst, "deadlines", "--format", "json"))
    waves = json.loads(pw(inst, "waves", "--format", "json"))
    inst["waves"] = waves
    conf = json.loads(pw(inst, "conflicts", "--format", "json", "--now", iso(NOW)))
    inst["due"] = {r["key"]: parse(r["deadline"]) for r in dl}
    unplanned = {r["key"] for r in dl if r["planned_end"] is None}
    late = {r["key"] for r in dl if r["planned_end"] is not None
            and parse(r["planned_end"]) > parse(r["deadline"])}
    # Cross-checks: the checker agrees, and raises no other error.
    c_unpl = {h for c in conf if c["code"] == "UNPLANNED" for h in c["assets"]}
    c_late = {h for c in conf if c["code"] == "SLA_BREACH" for h in c["assets"]}
    others = sorted({c["code"] for c in conf if c["severity"] == "error"}
                    - {"UNPLANNED", "SLA_BREACH"})
    note = ""
    if c_unpl != unplanned or c_late != late:
        note += " checker disagrees (unplanned %d, breaches %d)" % (len(c_unpl), len(c_late))
    if others:
        note += " other errors: " + ",".join(others)
    starts = {o["start"] for o in inst["occ"]}
    if any(w["start"] not in starts for w in waves):
        note += " a wave outside the listed occurrences"
    inst["pw_misses"] = len(unplanned) + len(late)
    return len(unplanned) + len(late), len(unplanned), note


def hits(s, e, bs, be):
    be = be if be > bs else bs + dt.timedelta(seconds=1)
    return bs < e and s < be


def concerns(a, scope):
    return scope is None or (scope[0] == "asset" and a["key"] == scope[1]) or \
        (scope[0] in ("region", "zone") and a[scope[0]] == scope[1])


def maint_events(inst, a):
    """The provider maintenance concerning asset a, as (start, end) pairs
    (an empty event lasts a second, as in the planner)."""
    out = []
    for cal in inst["cals"]:
        if cal["kind"] == "provider" and concerns(a, cal["scope"]):
            for bs, be in cal["events"]:
                out.append((bs, be if be > bs else bs + dt.timedelta(seconds=1)))
    return out


def member_maint(inst, a, lo, hi):
    """Minutes of [lo, hi) that asset a is in provider maintenance (the union
    of its events, so overlapping calendars count once)."""
    evs = sorted((max(bs, lo), min(be, hi)) for bs, be in maint_events(inst, a)
                 if bs < hi and lo < be)
    total, cur_s, cur_e = 0.0, None, None
    for bs, be in evs:
        if cur_e is None or bs > cur_e:
            if cur_e is not None:
                total += (cur_e - cur_s).total_seconds() / 60.0
            cur_s, cur_e = bs, be
        else:
            cur_e = max(cur_e, be)
    if cur_e is not None:
        total += (cur_e - cur_s).total_seconds() / 60.0
    return total


def solve(inst):
    """The MILP; returns (misses, unplanned, proven, bound)."""
    assets = [a for a in inst["assets"] if a["key"] in inst["due"]]
    occ = [o for o in inst["occ"]]
    for o in occ:
        o["s"], o["e"] = parse(o["start"]), parse(o["end"])
    stage_of = {}
    for k, (name, envs) in enumerate(inst["stages"]):
        for a in assets:
            if a["env"] in envs and a["key"] not in stage_of:
                stage_of[a["key"]] = k
    mins = lambda t: (t - NOW).total_seconds() / 60.0
    big = HORIZON * 1440 + 10 * 1440
    prob = pulp.LpProblem("pw", pulp.LpMinimize)
    x, work, late_terms, maint = {}, {}, [], {}
    for ai, a in enumerate(assets):
        reboot = any(p["reboot"] for p in a["patches"])
        work[ai] = a["patch"] + (a["reboot_min"] if reboot else 0)
        release = dt.datetime.combine(max(p["rel"] for p in a["patches"]), dt.time(),
                                      dt.timezone.utc)
        for oi, o in enumerate(occ):
            w = inst["windows"][o["window"]]
            if a["env"] not in w["select"] or (reboot and not o["reboot"]):
                continue
            if o["s"] < release or work[ai] > mins(o["e"]) - mins(o["s"]):
                continue
            blocked, inside = False, False
            for cal in inst["cals"]:
                if not concerns(a, cal["scope"]):
                    continue
                for bs, be in cal["events"]:
                    if not hits(o["s"], o["e"], bs, be):
                        continue
                    # A provider event of the asset's own (scoped) wholly
                    # inside the window is downtime the window has anyway.
                    if (cal["kind"] == "provider" and cal["scope"] is not None
                            and bs >= o["s"] and be <= o["e"] and be > bs):
                        inside = True
                        continue
                    blocked = True
            if blocked:
                continue
            maint[ai, oi] = inside
            x[ai, oi] = pulp.LpVariable("x_%d_%d" % (ai, oi), cat="Binary")
            if o["e"] > inst["due"][a["key"]]:
                late_terms.append(x[ai, oi])
    placed = {ai: pulp.lpSum(x[ai, oi] for oi in range(len(occ)) if (ai, oi) in x)
              for ai in range(len(assets))}
    for ai in range(len(assets)):
        prob += placed[ai] <= 1
    unplanned = pulp.lpSum(1 - placed[ai] for ai in range(len(assets)))
    misses = unplanned + pulp.lpSum(late_terms)
    prob += 1000 * misses + unplanned
    # Capacity: pooled minutes; each lane's last job may run past the cutoff
    # (a relaxation of lane packing, see the docstring).
    for oi, o in enumerate(occ):
        terms = [(work[ai], x[ai, oi]) for ai in range(len(assets)) if (ai, oi) in x]
        if not terms:
            continue
        dur = mins(o["e"]) - mins(o["s"])
        tail = min(o["cutoff_minutes"], max(wk for wk, _ in terms))
        prob += pulp.lpSum(wk * v for wk, v in terms) <= o["concurrency"] * (dur - o["cutoff_minutes"] + tail)
    # Clusters, rolling (docs/planner-design.md): a member is down from its
    # start to its end plus the gap, and at no moment are more than max_down
    # members down (work plus gap, or provider maintenance, a member counted
    # once). Two time budgets per occurrence and cluster, both relaxations
    # (see the docstring):
    #  (a) the members' down time inside [start, end + gap] is at most
    #      max_down x (duration + gap): a placed member is down at least its
    #      work plus the gap there, one not placed at least its maintenance;
    #  (b) the placed members' intervals split into max_down sequences (an
    #      interval graph of depth max_down takes max_down colours), each of
    #      whose last member starts by the cutoff and ends by the window's
    #      end: at most max_down x (duration - cutoff + min(cutoff, longest
    #      work) + gap), as for lanes.
    for cname, maxdown in inst["clusters"].items():
        members = [ai for ai, a in enumerate(assets) if a["cluster"] == cname]
        for oi, o in enumerate(occ):
            vs = [ai for ai in members if (ai, oi) in x]
            if not vs:
                continue
            hi = o["e"] + dt.timedelta(minutes=GAP)
            down = {ai: member_maint(inst, assets[ai], o["s"], hi) for ai in members}
            # members with nothing pending are not planned but still go down
            rest = sum(member_maint(inst, a, o["s"], hi) for a in inst["assets"]
                       if a["cluster"] == cname and a["key"] not in inst["due"])
            dur = mins(o["e"]) - mins(o["s"])
            prob += (pulp.lpSum((work[ai] + GAP) * x[ai, oi] for ai in vs)
                     + pulp.lpSum(down[ai] * (1 - x[ai, oi]) for ai in vs)
                     + sum(down[ai] for ai in members if ai not in vs) + rest
                     <= maxdown * (dur + GAP))
            tail = min(o["cutoff_minutes"], max(work[ai] for ai in vs))
            prob += (pulp.lpSum((work[ai] + GAP) * x[ai, oi] for ai in vs)
                     <= maxdown * (dur - o["cutoff_minutes"] + tail + GAP))
    # Stage gates: gate[k+1] >= gate[k] and >= each stage-k asset's earliest
    # end (occurrence start + its work) plus the stage's soak; a stage-k
    # asset's occurrence starts at or after gate[k] (gate[0] = now).
    nst = len(inst["stages"])
    gate = [pulp.LpVariable("g_%d" % k, lowBound=0) for k in range(nst)]
    prob += gate[0] == 0
    for k in range(nst - 1):
        prob += gate[k + 1] >= gate[k]
    for (ai, oi), v in x.items():
        k = stage_of[assets[ai]["key"]]
        s = mins(occ[oi]["s"])
        prob += gate[k] <= s + big * (1 - v)
        if k + 1 < nst:
            soak = inst["soak"][inst["stages"][k][0]] * 1440
            prob += gate[k + 1] >= (s + work[ai] + soak) * v
    log = os.path.join(inst["dir"], "cbc.log")
    solver = pulp.COIN_CMD(path="/usr/bin/cbc", msg=False, timeLimit=TLIM, threads=1,
                           logPath=log, options=["randomSeed 1", "randomCbcSeed 1"])
    t0 = time.perf_counter()
    prob.solve(solver)
    secs = time.perf_counter() - t0
    text = open(log).read() if os.path.exists(log) else ""
    proven = "Result - Optimal solution found" in text
    # The objective's constant (1001 per asset, from the unplanned terms) is
    # not in CBC's figures; a bound on 1000 misses + unplanned (unplanned <=
    # misses) bounds the misses by (bound + constant) / 1001.
    bound = None
    m = re.search(r"Lower bound:\s+([-0-9.e+]+)", text)
    if m:
        bound = math.ceil((float(m.group(1)) + 1001 * len(assets)) / 1001 - 1e-6)
    if pulp.value(prob.objective) is None:
        return None, None, False, bound, secs
    val = pulp.value(misses)
    unp = pulp.value(unplanned)
    chosen = {ai: oi for (ai, oi), v in x.items() if v.value() is not None and v.value() > 0.5}
    inst["realised"] = realise(inst, assets, occ, chosen, work, stage_of)
    inst["assignment"] = {assets[ai]["key"]: occ[oi]["start"] for ai, oi in chosen.items()}
    inst["pw_in_model"] = pw_in_model(inst, prob, x, assets, occ, misses)
    return round(val), round(unp), proven, bound, secs


def pw_in_model(inst, prob, x, assets, occ, misses):
    """The other way round: is patchwave's own plan a solution of the MILP
    with the misses patchwave counted? If the model were stricter than the
    planner somewhere, the optimum would be handicapped; this says where."""
    where = {(o["window"], o["start"]): oi for oi, o in enumerate(occ)}
    at = {}
    for w in inst["waves"]:
        for h in w["assets"]:
            at[h] = where.get((w["window"], w["start"]))
    fixed = 0
    for ai, a in enumerate(assets):
        oi = at.get(a["key"])
        if a["key"] in at and (oi is None or (ai, oi) not in x):
            return "%s's placement is not admitted by the model" % a["key"]
        for (bj, oj), v in x.items():
            if bj == ai:
                prob += v == (1 if oj == oi else 0), "fix_%d" % fixed
                fixed += 1
    prob.solve(pulp.COIN_CMD(path="/usr/bin/cbc", msg=False, timeLimit=TLIM, threads=1))
    if pulp.LpStatus[prob.status] != "Optimal":
        return "patchwave's plan breaks the model's constraints"
    if round(pulp.value(misses)) != inst["pw_misses"]:
        return "the model counts %d misses in patchwave's plan" % round(pulp.value(misses))
    return ""


def rolling_start(others, t0, last, length, maxdown):
    """The planner's cluster_start: the earliest t >= t0, by last, at which
    fewer than maxdown of the other members are down anywhere in
    [t, t + length) (others: (start, end, member)); None when none."""
    t = t0
    while t <= last:
        pts = [t] + [bs for bs, be, _ in others if t < bs < t + length]
        depth = max(len({m for bs, be, m in others if bs <= p < be}) for p in pts)
        if depth < maxdown:
            return t
        nxt = [be for bs, be, _ in others if be > t]
        if not nxt:
            return None
        t = min(nxt)
    return None


def mins_between(a, b):
    return round((b - a).total_seconds() / 60.0)


def pack(ais, work, nlanes, dur, cutoff, budget=200000):
    """When list scheduling in the usual orders leaves some out: an exact
    search (depth first, longest work first, at most budget steps) for a
    split of the assets onto the lanes where each lane's work fits the window
    and all but its longest job end by the cutoff (the longest goes last, so
    every job starts by the cutoff). Returns the assets in the order of their
    start times in that split (list scheduling in that order rebuilds it), or
    None."""
    order = sorted(ais, key=lambda a: (-work[a], a))
    lanes = [[] for _ in range(nlanes)]
    used = [0] * nlanes
    steps = [0]

    def fits(li, ai):
        # order is longest first, so the lane's first job is its longest
        tot = used[li] + work[ai]
        return tot <= dur and tot - work[lanes[li][0] if lanes[li] else ai] <= dur - cutoff

    def go(i):
        steps[0] += 1
        if steps[0] > budget:
            return False
        if i == len(order):
            return True
        seen = set()
        for li in range(nlanes):
            if used[li] in seen or not fits(li, order[i]):
                continue
            seen.add(used[li])
            lanes[li].append(order[i])
            used[li] += work[order[i]]
            if go(i + 1):
                return True
            lanes[li].pop()
            used[li] -= work[order[i]]
        return False

    if not go(0):
        return None
    starts = []
    for lane in lanes:
        t = 0
        for ai in lane[1:] + lane[:1]:     # the longest last
            starts.append((t, ai))
            t += work[ai]
    return [ai for _, ai in sorted(starts)]


def realise(inst, assets, occ, chosen, work, stage_of):
    """Undo the relaxations on the optimum's assignment: schedule each
    occurrence's assets on its lanes as the planner does (the lane free
    first; a cluster member then waits, its lane idle, for the earliest start
    at which fewer than max_down other members are down during its work plus
    the gap, their placements and provider maintenance counted once per
    member; every start by the cutoff, every end by the window's end), trying
    a few orders (longest work first, shortest first, each with the cluster
    members first or not) and keeping the one that fits most, and check the
    stage gates against the real ends. Returns the assets the lanes could not
    take and the stage gates broken; (0, 0) means the optimum is a plan
    patchwave's rules allow."""
    by_occ = {}
    for ai, oi in chosen.items():
        by_occ.setdefault(oi, []).append(ai)
    ends, misfits = {}, 0
    gap = dt.timedelta(minutes=GAP)
    for oi, ais in sorted(by_occ.items()):
        o = occ[oi]
        last_start = o["e"] - dt.timedelta(minutes=o["cutoff_minutes"])
        best = None
        orders = [lambda a: (-work[a], a), lambda a: (work[a], a),
                  lambda a: (assets[a]["cluster"] == "", -work[a], a),
                  lambda a: (assets[a]["cluster"] == "", work[a], a)]
        # The exact split only when the usual orders leave some out.
        seqs = [lambda key=key: sorted(ais, key=key) for key in orders] + [
            lambda: pack(ais, work, o["concurrency"], mins_between(o["s"], o["e"]),
                         o["cutoff_minutes"])]
        for make in seqs:
            seq = make()
            if seq is None:
                continue
            lanes = [o["s"]] * o["concurrency"]
            got, bad = {}, 0
            down = {}   # cluster -> [(start, end, member)]
            for ai in seq:
                li = min(range(len(lanes)), key=lambda i: (lanes[i], i))
                st = lanes[li]
                wk = dt.timedelta(minutes=work[ai])
                cl = assets[ai]["cluster"]
                if cl:
                    ivs = down.setdefault(cl, [])
                    others = ivs + [
                        (bs, be, b["key"]) for b in inst["assets"]
                        if b["cluster"] == cl and b["key"] != assets[ai]["key"]
                        for bs, be in maint_events(inst, b)]
                    st = rolling_start(others, st, min(last_start, o["e"] - wk), wk + gap,
                                       inst["clusters"][cl])
                if st is None or st > last_start or st + wk > o["e"]:
                    bad += 1
                    continue
                lanes[li] = st + wk
                got[ai] = st + wk
                if cl:
                    down[cl].append((st, st + wk + gap, assets[ai]["key"]))
            if best is None or bad < best[0]:
                best = (bad, got)
            if bad == 0:
                break
        misfits += best[0]
        ends.update(best[1])
    broken = 0
    nst = len(inst["stages"])
    gate = NOW
    for k in range(nst):
        mine = [ai for ai in ends if stage_of[assets[ai]["key"]] == k]
        if any(occ[chosen[ai]]["s"] < gate for ai in mine):
            broken += 1
        if mine:
            soak = dt.timedelta(days=inst["soak"][inst["stages"][k][0]])
            gate = max(gate, max(ends[ai] for ai in mine) + soak)
    return misfits, broken


def main():
    rows = []
    print("planner optimality: %d instances (10-60 assets), CBC time limit %d s each"
          % (NINST, TLIM))
    print("%-4s %6s %5s %5s %6s %9s %8s %8s  %s" % ("inst", "assets", "occ", "pw", "opt",
          "gap", "pw_unpl", "opt_unpl", "notes"))
    for i in range(NINST):
        inst = generate(i)
        pw_miss, pw_unpl, note = run_patchwave(inst)
        saved = os.path.join(inst["dir"], "optimum.json")
        if PW_ONLY:
            if not os.path.exists(saved):
                sys.exit("bench: no %s: run bench/optimal.py once without "
                         "--patchwave-only" % saved)
            om, ou, proven, bound = json.load(open(saved))[:4]
        else:
            om, ou, proven, bound, secs = solve(inst)
            json.dump([om, ou, proven, bound, inst.get("assignment", {})],
                      open(saved, "w"))
        if om is None:
            note += " CBC found no solution"
            om, ou = pw_miss, pw_unpl
        if "realised" in inst and inst["realised"] != (0, 0):
            note += " optimum not realisable on lanes: %d assets do not fit, %d stage gates broken" % inst["realised"]
        if inst.get("pw_in_model"):
            note += " " + inst["pw_in_model"]
        if not proven:
            note += " not proven (best found; bound %s misses)" % (
                bound if bound is not None else "?")
        gap = 100.0 * (pw_miss - om) / max(om, 1)
        rows.append((pw_miss, om, pw_unpl, ou, proven))
        print("%-4s %6d %5d %5d %6d %8.1f%% %8d %8d %s" % ("i%02d" % i, len(inst["due"]),
              len(inst["occ"]), pw_miss, om, gap, pw_unpl, ou, note.strip()),
              flush=True)
    tp = sum(r[0] for r in rows)
    to = sum(r[1] for r in rows)
    tpu = sum(r[2] for r in rows)
    tou = sum(r[3] for r in rows)
    worse = sum(1 for r in rows if r[0] > r[1])
    more_unpl = sum(1 for r in rows if r[2] > r[3])
    print("total: patchwave %d SLA misses, optimum %d (%d of %d proven): gap %.1f%% "
          "(goal <= 3%%); unplanned %d vs %d; patchwave worse on %d instances, "
          "more unplanned on %d" % (tp, to, sum(r[4] for r in rows), len(rows),
                                    100.0 * (tp - to) / max(to, 1), tpu, tou, worse,
                                    more_unpl))


main()
