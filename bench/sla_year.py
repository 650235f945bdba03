"""A year of weekly scans for report sla: an inventory, a policy and one patch
CSV a week, deterministic for a seed. bench.py times the report on it at 100k
assets; tests/interop/sla_check.py imports a small one and recomputes every
figure from the same files.

Each week some assets get new findings (advisories released in the days
before), each open finding is fixed with a chance that falls with its
severity, and a few fixed ones come back (re-opened). A scan lists every open
finding of every asset; the scan of week k is taken at START + k weeks.
"""
import datetime as dt
import os
import random

START = dt.datetime(2026, 1, 5, 3, 0, tzinfo=dt.timezone.utc)	# a Monday
SEVERITIES = ("critical", "high", "medium", "low")
SLA = {"critical": 7, "high": 14, "medium": 30, "low": 90}
FIX = {"critical": 0.85, "high": 0.6, "medium": 0.35, "low": 0.15}	# a week
OWNERS = 40


def policy_yaml(risk_owner):
    return f"""timezone: Europe/Berlin
horizon_days: 28
sla_days: {{critical: {SLA['critical']}, high: {SLA['high']}, medium: {SLA['medium']}, low: {SLA['low']}}}
risk_owners: [{risk_owner}]
windows:
  - name: weekly
    rrule: FREQ=WEEKLY;BYDAY=SA
    start: "22:00"
    duration: 8h
    concurrency: 100
"""


def host(i):
    return f"h{i:06d}"


def generate(out, n, weeks=52, seed=1, new_rate=0.25, risk_owner="nobody"):
    """Write out/inventory.csv, out/policy.yaml and out/week-NN.csv; return
    [(path, UTC datetime of the scan)] in order."""
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "inventory.csv"), "w") as f:
        f.write("hostname,environment,service_model,owner,patch_group,patch_minutes,"
                "reboot_minutes\n")
        for i in range(n):
            f.write(f"{host(i)},{('dev', 'test', 'prod', 'prod')[i % 4]},iaas,"
                    f"team-{i % OWNERS:02d},pg-{i % 7},30,5\n")
    with open(os.path.join(out, "policy.yaml"), "w") as f:
        f.write(policy_yaml(risk_owner))
    advisories = []		# (id, severity, released)
    open_ = [dict() for _ in range(n)]	# per asset: advisory -> (sev, released)
    fixed = []			# (asset, advisory, sev, released) fixed last week
    scans = []
    for k in range(weeks):
        at = START + dt.timedelta(weeks=k)
        # This week's advisories, released in the four days before the scan
        # (a critical one on the day: scanned for at once).
        for j in range(12):
            sev = SEVERITIES[rng.choices(range(4), (1, 3, 4, 2))[0]]
            late = 0 if sev == "critical" else rng.randrange(0, 5)
            rel = (at - dt.timedelta(days=late)).date()
            advisories.append((f"ADV-{k:02d}-{j:02d}", sev, rel.isoformat()))
        recent = advisories[-36:]
        # Fixes first: this scan no longer lists them.
        now_fixed = []
        for i in range(n):
            o = open_[i]
            for adv in sorted(o):
                sev, rel = o[adv]
                if rng.random() < FIX[sev]:
                    del o[adv]
                    now_fixed.append((i, adv, sev, rel))
        # A few fixed last week come back.
        for (i, adv, sev, rel) in fixed:
            if rng.random() < 0.03:
                open_[i][adv] = (sev, rel)
        fixed = now_fixed
        # New findings.
        count = int(n * new_rate)
        for _ in range(count):
            i = rng.randrange(n)
            pool = advisories[-12:] if rng.random() < 0.8 else recent
            adv, sev, rel = pool[rng.randrange(len(pool))]
            open_[i].setdefault(adv, (sev, rel))
        p = os.path.join(out, f"week-{k:02d}.csv")
        with open(p, "w") as f:
            f.write("hostname,advisory,severity,released,reboot\n")
            for i in range(n):
                for adv in sorted(open_[i]):
                    sev, rel = open_[i][adv]
                    f.write(f"{host(i)},{adv},{sev},{rel},yes\n")
        scans.append((p, at))
    return scans


def stamp(at):
    """A scan's time as patchwave's --now takes it."""
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")
