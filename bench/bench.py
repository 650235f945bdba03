#!/usr/bin/python3
"""patchwave benchmarks: synthetic data at scale, figures printed, nothing asserted.

  1. 100k-asset CSV import, against sqlite3's own .import --csv of the same file
  2. 100k-host Ansible YAML import: wall time and peak memory
  3. a 10k-event calendar (2k weekly recurring) expanded over one year, against
     python3-recurring-ical-events on the same file

Usage: bench.py PATCHWAVE [WORKDIR]
"""
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time

PW = os.path.abspath(sys.argv[1])
WORK = sys.argv[2] if len(sys.argv) > 2 else "build/bench"
os.makedirs(WORK, exist_ok=True)
random.seed(42)


def path(name):
    return os.path.join(WORK, name)


def fresh(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def timed(cmd, **kw):
    """Wall seconds and the child's peak RSS (MiB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    t = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return t, max(peak, before) / 1024.0, r.stdout


def best_of(n, fn):
    results = [fn() for _ in range(n)]
    return min(results, key=lambda x: x[0])


ENVS = ["dev", "test", "staging", "prod", "prod", "prod"]
REGIONS = ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]


def gen_csv(n):
    p = path(f"inventory-{n}.csv")
    with open(p, "w") as f:
        f.write("hostname,environment,service_model,provider,region,zone,os,tier,"
                "owner,patch_group,cluster,patch_minutes,reboot_minutes\n")
        for i in range(n):
            r = REGIONS[i % 4]
            cl = f"cl-{i // 3}" if i % 10 < 7 else ""
            f.write(f"host-{i:06d}.example.net,{ENVS[i % 6]},iaas,aws,{r},{r}a,"
                    f"Ubuntu 22.04,{1 + i % 3},team-{i % 40},pg-{i % 12},{cl},"
                    f"{20 + i % 40},{5 + i % 10}\n")
    return p


def gen_ansible(n):
    p = path(f"inventory-{n}.yml")
    with open(p, "w") as f:
        f.write("all:\n  vars:\n    ansible_user: ops\n    provider: aws\n  children:\n")
        per = n // len(ENVS[:4])
        k = 0
        for env in ["dev", "test", "staging", "prod"]:
            f.write(f"    {env}:\n      vars:\n        environment: {env}\n"
                    f"        patch_window: {env}-window\n      children:\n")
            for region in REGIONS:
                f.write(f"        {env}_{region.replace('-', '_')}:\n"
                        f"          vars: {{region: {region}}}\n          hosts:\n")
                for _ in range(per // len(REGIONS)):
                    f.write(f"            h{k:06d}.{env}.example.net:\n"
                            f"              ansible_host: 10.{k >> 16 & 255}."
                            f"{k >> 8 & 255}.{k & 255}\n"
                            f"              cluster: cl-{k // 3}\n")
                    k += 1
    return p, k


def gen_calendar(nevents, nrecurring):
    p = path(f"calendar-{nevents}.ics")
    start = dt.datetime(2026, 1, 1)
    zones = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Tokyo"]
    with open(p, "w", newline="") as f:
        f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//patchwave//bench//EN\r\n")
        for i in range(nevents):
            s = start + dt.timedelta(minutes=random.randrange(0, 365 * 24 * 60))
            z = zones[i % 4]
            f.write("BEGIN:VEVENT\r\n")
            f.write(f"UID:bench-{i}@patchwave\r\nDTSTAMP:20260101T000000Z\r\n")
            if z == "UTC":
                f.write(f"DTSTART:{s:%Y%m%dT%H%M00}Z\r\n")
            else:
                f.write(f"DTSTART;TZID={z}:{s:%Y%m%dT%H%M00}\r\n")
            f.write(f"DURATION:PT{1 + i % 4}H\r\n")
            if i < nrecurring:
                f.write(f"RRULE:FREQ=WEEKLY;BYDAY={'MO TU WE TH FR SA SU'.split()[s.weekday()]}\r\n")
            f.write(f"SUMMARY:Maintenance {i} in region {REGIONS[i % 4]}\r\n")
            f.write("END:VEVENT\r\n")
        f.write("END:VCALENDAR\r\n")
    return p


def bench_csv():
    n = 100_000
    csv = gen_csv(n)
    db = path("csv.db")

    def pw():
        fresh(db)
        return timed([PW, "--db", db, "import", "inventory", csv])

    def sq():
        sdb = path("sqlite-import.db")
        fresh(sdb)
        return timed(["sqlite3", sdb, ".import --csv " + csv + " assets"])

    def sq_keyed():
        # The same .import into a WAL table with a unique key, as assets have.
        sdb = path("sqlite-keyed.db")
        fresh(sdb)
        with open(csv) as f:
            cols = f.readline().strip().split(",")
        ddl = "CREATE TABLE assets(%s, UNIQUE(hostname));" % ",".join(cols)
        subprocess.run(["sqlite3", sdb, "PRAGMA journal_mode=WAL;" + ddl],
                       check=True, capture_output=True)
        return timed(["sqlite3", sdb, ".import --csv --skip 1 " + csv + " assets"])

    t_pw, rss, _ = best_of(3, pw)
    t_sq, _, _ = best_of(3, sq)
    t_sk, _, _ = best_of(3, sq_keyed)
    t_re, _, _ = best_of(3, lambda: timed([PW, "--db", db, "import", "inventory", csv]))
    print(f"csv import, {n} assets: patchwave {t_pw:.3f} s; sqlite3 .import "
          f"{t_sq:.3f} s -> {t_pw / t_sq:.2f}x (goal <= 2x); sqlite3 .import into "
          f"a WAL table with a unique key {t_sk:.3f} s -> {t_pw / t_sk:.2f}x; "
          f"re-import of the same file {t_re:.3f} s; peak {rss:.0f} MiB")


def bench_ansible():
    p, n = gen_ansible(100_000)
    db = path("ansible.db")

    def run():
        fresh(db)
        return timed([PW, "--db", db, "import", "inventory", p])
    t, rss, out = best_of(3, run)
    print(f"ansible yaml, {n} hosts: {t:.3f} s (goal < 1.5 s), peak {rss:.0f} MiB "
          f"(goal < 100 MiB); file {os.path.getsize(p) / 1e6:.1f} MB")


RIE = r"""
import sys, datetime as dt, icalendar, recurring_ical_events
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
n = len(recurring_ical_events.of(cal).between(dt.datetime(2026, 1, 1), dt.datetime(2027, 1, 1)))
print(n)
"""


def bench_calendar():
    p = gen_calendar(10_000, 2_000)
    db = path("cal.db")
    fresh(db)
    t_imp, rss_imp, _ = timed([PW, "--db", db, "--tz", "UTC", "import", "calendar", p,
                               "--kind", "provider", "--name", "bench"])
    t_exp, rss, out = best_of(3, lambda: timed(
        [PW, "--db", db, "occurrences", "--calendar", "bench", "--from",
         "2026-01-01T00:00:00Z", "--to", "2027-01-01T00:00:00Z", "--format", "csv"]))
    n = out.count("\n") - 1
    t_rie, _, rout = timed(["/usr/bin/python3", "-c", RIE, p])
    print(f"calendar, 10000 events (2000 weekly) over one year: import {t_imp:.3f} s; "
          f"expand {n} occurrences {t_exp:.3f} s (goal < 1 s); recurring-ical-events "
          f"{t_rie:.3f} s ({rout.strip()} occurrences): {t_rie / t_exp:.0f}x faster "
          f"(goal >= 10x); import+expand {t_imp + t_exp:.3f} s, "
          f"{t_rie / (t_imp + t_exp):.0f}x faster")


if __name__ == "__main__":
    print(f"patchwave bench ({os.cpu_count()} cores); best of 3 where stated")
    bench_csv()
    bench_ansible()
    bench_calendar()
