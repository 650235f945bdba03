#!/usr/bin/python3
"""The exports for execution read by the clients that carry them out, on
three databases: the demo (addresses, instance ids, a hostile key), hostile
host keys the Ansible export keeps, and zones (a policy zone written
"/Europe/Berlin", a window in "Z", a link name, DST gaps and folds, a 24-hour
window, instance ids of other clouds).

ssm: every --cli-input-json file against SSM's service model in botocore
  (ParamValidator for the operation run.sh runs it with, then the model's
  max lengths and regex patterns, which botocore does not check), SSM's own
  rules (at()/cron() syntax, ScheduleTimezone an IANA zone, the at() time in
  that zone being the wave's start, Duration 1-24 covering the wave, Cutoff
  < Duration and no task started after the plan's last start, InstanceIds
  values instance ids); then run.sh (sh -n) run by the real aws CLI against
  a stand-in SSM endpoint on 127.0.0.1: the operations in order, each
  request the file plus the ids the endpoint handed out, nothing run from a
  hostile key.
ansible: ansible-playbook --syntax-check of a play per wave group, and
  ansible -i INV patchwave_wave_N --list-hosts giving exactly its hosts.
awx: each schedule as AWX's API takes it (its validate_rrule rules, its
  Schedule.rrulestr with python-dateutil), the first and only run at the
  wave's start and a next run after --now, its limit a group of the Ansible
  export with the wave's hosts; exported at a wave's start, refused (AWX
  would keep a schedule that never runs).

A clone without a tool (awscli, python3-botocore, ansible-core,
python3-dateutil: scripts/deps.sh check installs them) says that part is
skipped. usage: exec_check.py PATCHWAVE"""
import csv
import datetime as dt
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
import zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pwtest import ROOT, Run  # noqa: E402
import exec_demo  # noqa: E402

T = Run(sys.argv[1], "exec")
check = T.check
UTC = dt.timezone.utc
AWS = "/usr/bin/aws"
ZONES = zoneinfo.available_timezones()
try:
    import botocore.session
    from botocore.validate import ParamValidator
    SSM = botocore.session.get_session().get_service_model("ssm")
except ImportError:
    SSM = None
try:
    import dateutil.parser
    import dateutil.rrule
    from dateutil.tz import datetime_exists, tzutc
except ImportError:
    dateutil = None


def iso(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def epoch(s):
    return str(int(iso(s).timestamp()))


# ---- the databases --------------------------------------------------------

class Db:
    """A database with approved changes, and what patchwave says of them:
    per wave its hosts (key -> instance id), times and window facts."""

    def __init__(self, tmp, name, now):
        self.path = os.path.join(tmp, name + ".db")
        self.dir = os.path.join(tmp, name)
        self.name = name
        self.now = now			# --now of the plan and the exports
        os.mkdir(self.dir)

    def pw(self, *args, **kw):
        T.env = dict(os.environ, SOURCE_DATE_EPOCH=epoch(self.now))
        return T.run(self.path, *args, **kw).stdout

    def load(self, policy, inventory, patches):
        self.pw("import", "policy", policy)
        self.pw("import", "inventory", inventory, "--source", "cmdb")
        self.pw("import", "patches", patches, "--source", "scan")
        self.pw("plan", "--now", self.now)

    def approve(self, waves):
        for c in json.loads(self.pw("conflicts", "--format", "json")):
            if c["severity"] == "warning" and c["acknowledged"] is None:
                self.pw("ack", c["id"], "--reason", "slack still positive")
        made = [self.pw("change", "create", "--wave", str(w), "--title", "w%d" % w,
                        "--test-plan", "t", "--backout-plan", "b", who="alice").split()[0]
                for w in waves]
        for c in made:
            self.pw("change", "submit", c, who="alice")
            self.pw("change", "approve", c, "--comment", "ok", who="bob")
            self.pw("change", "approve", c, "--comment", "ok", who="carol")
        self.facts(made)

    def facts(self, changes):
        ids = {a["key"]: a["instance_id"] for a in
               json.loads(self.pw("assets", "--format", "json"))}
        occ = {(o["window"], o["start"]): o for o in json.loads(self.pw(
            "windows", "--from", "2026-01-01", "--to", "2028-01-01", "--format", "json"))}
        self.waves = {}
        for c in changes:
            show = json.loads(self.pw("change", "show", c, "--format", "json"))
            for w in show["windows"]:
                o = occ[(w["window"], w["start"])]
                self.waves[w["wave"]] = dict(
                    w, change=c, start=iso(w["start"]), end=iso(w["end"]),
                    cutoff=dt.timedelta(minutes=o["cutoff_minutes"]),
                    concurrency=o["concurrency"], reboot=o["reboot"], dst=o["dst"],
                    hosts={a["key"]: ids[a["key"]] for a in show["assets"]
                           if a["wave"] == w["wave"]})

    def export(self, to, out):
        path = os.path.join(self.dir, out)
        self.pw("export", "--to", to, "--now", self.now, "-o", path)
        return path


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)


def demo_db(tmp):
    """The demo with addresses and instance ids for some hosts and the
    hostile key of tests/e2e/export.sh (tests/exec_demo.py); waves 1 and
    the first thursday-no-reboot one approved."""
    d = Db(tmp, "demo", "2026-11-23T00:00:00Z")
    shutil.copytree(os.path.join(ROOT, "demo"), d.dir, dirs_exist_ok=True)
    exec_demo.make(d.dir, PWNED)
    d.load(os.path.join(ROOT, "demo", "policy.yaml"), os.path.join(d.dir, "inventory.csv"),
           os.path.join(d.dir, "patches.csv"))
    waves = json.loads(d.pw("waves", "--format", "json"))
    d.approve([1, [w["id"] for w in waves if w["window"] == "thursday-no-reboot"][0]])
    return d


# Keys the Ansible export keeps (no [ ], not one ':', no Jinja, no leading
# '-'): shell, YAML, pattern and inventory syntax, names of groups.
HOSTILE = ["all-hosts", "Ungrouped", "localhost", "patchwave-wave-2", "patchwave_wave",
           "patchwave_changes", "host with spaces", "#comment", "@file",
           "~regex", "!neg", "&and", "a,b", "*", "web?", "fe80::1", "host:22:33",
           "h\u00e9te-\u65e5\u672c", "esc\x1bcode", "x'); DROP TABLE assets; --",
           "html-<img src=x onerror=alert(1)>", "tab\tin", "dollar$HOME", "back\\slash",
           "semi;colon|pipe&amp", "q'uote\"dq", "brace}x{", "=HYPERLINK(1)", "null",
           "~", "yes", "1.5", "0x10", "...", "a:b:c", "!!str x", "%TAG", "? key"]


def hostile_db(tmp):
    d = Db(tmp, "hostile", "2026-11-23T00:00:00Z")
    keys = HOSTILE + ["cmd$(touch %s)\nnext`touch %s`" % (PWNED, PWNED)]
    # Instance ids: an EC2 one, and ids of other clouds (a GCE number, an
    # Azure resource id, an RDS ARN) that SSM does not take as instance ids.
    ids = ["i-0123456789abcdef0", "1234567890123456789",
           "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
           "arn:aws:rds:eu-central-1:123456789012:db:orders", "mi-0123456789abcdef0"]
    write_csv(os.path.join(d.dir, "inventory.csv"), [["asset_key", "hostname", "environment", "ip", "instance_id"]] +
              [[k, "h%d" % i, "dev", "10.1.%d.%d" % (i // 200, i % 200 + 1),
                ids[i] if i < len(ids) else ""] for i, k in enumerate(keys)])
    write_csv(os.path.join(d.dir, "patches.csv"), [["hostname", "advisory", "severity", "released", "reboot"]] +
              [["h%d" % i, "CVE-2026-1", "high", "2026-11-10", "yes"] for i in range(len(keys))])
    d.load(os.path.join(ROOT, "demo", "policy.yaml"), os.path.join(d.dir, "inventory.csv"),
           os.path.join(d.dir, "patches.csv"))
    d.approve([1])
    return d


ZONES_POLICY = """\
timezone: /Europe/Berlin          # as written: an IANA zone with a leading slash
horizon_days: 56
sla_days: {critical: 7, high: 14, medium: 30, low: 90}
stages:
  - {name: all, select: {environment: [e1, e2, e3, e4, e5, e6]}}
windows:
  - {name: slash, rrule: FREQ=WEEKLY;BYDAY=TU, start: "02:00", duration: 4h, cutoff: 30m,
     select: {environment: e1}}
  - {name: zulu, timezone: Z, rrule: FREQ=WEEKLY;BYDAY=WE, start: "22:00", duration: 24h,
     cutoff: 90m, select: {environment: e2}}
  - {name: gap-berlin, timezone: Europe/Berlin, rrule: FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU,
     start: "02:30", duration: 90m, cutoff: 0m, select: {environment: e3}}
  - {name: gap-link, timezone: US/Eastern, rrule: FREQ=YEARLY;BYMONTH=3;BYDAY=2SU,
     start: "02:30", duration: 3h, cutoff: 20m, select: {environment: e4}}
  - {name: fold-sydney, timezone: Australia/Sydney, rrule: FREQ=YEARLY;BYMONTH=4;BYDAY=1SU,
     start: "02:30", duration: 2h, cutoff: 30m, select: {environment: e5}}
  - {name: long-23h30, timezone: Asia/Kolkata, rrule: FREQ=WEEKLY;BYDAY=FR, start: "00:15",
     duration: 1410m, cutoff: 45m, select: {environment: e6}}
cab:
  approvers: [alice, bob, carol]
  quorum: 2
  allow_as: true
"""


def zones_db(tmp):
    d = Db(tmp, "zones", "2027-03-08T00:00:00Z")
    with open(os.path.join(d.dir, "policy.yaml"), "w") as f:
        f.write(ZONES_POLICY)
    envs = ["e1", "e2", "e3", "e4", "e5", "e6"]
    ids = ["i-0123456789abcdef0", "i-89abcdef", "9876543210", "", "mi-0123456789abcdef0", ""]
    write_csv(os.path.join(d.dir, "inventory.csv"), [["hostname", "environment", "instance_id"]] +
              [["z-%s-%d" % (e, k), e, ids[i] if k == 0 else ""]
               for i, e in enumerate(envs) for k in range(2)])
    write_csv(os.path.join(d.dir, "patches.csv"), [["hostname", "advisory", "severity", "released", "reboot"]] +
              [["z-%s-%d" % (e, k), "CVE-2027-1", "low", "2027-03-01", "yes"]
               for e in envs for k in range(2)])
    d.load(os.path.join(d.dir, "policy.yaml"), os.path.join(d.dir, "inventory.csv"),
           os.path.join(d.dir, "patches.csv"))
    d.approve([w["id"] for w in json.loads(d.pw("waves", "--format", "json"))])
    dst = sorted((w["window"], w["dst"]) for w in d.waves.values() if w["dst"])
    check("zones: waves start in two DST gaps and a fold", dst == [
        ("fold-sydney", "fold"), ("gap-berlin", "gap"), ("gap-link", "gap")], dst)
    return d


# ---- SSM ------------------------------------------------------------------

def run_sh_files(run_sh):
    """{file: (operation, wave)} as run.sh runs them."""
    ops, wave = {}, None
    for line in open(run_sh):
        m = re.match(r"# wave (\d+) of ", line)
        if m:
            wave = int(m.group(1))
        m = re.search(r"aws ssm ([a-z-]+) .*--cli-input-json file://([A-Za-z0-9._-]+) ", line)
        if m:
            ops[m.group(2)] = (m.group(1), wave)
    return ops


OPERATION = {"create-maintenance-window": "CreateMaintenanceWindow",
             "register-target-with-maintenance-window": "RegisterTargetWithMaintenanceWindow",
             "register-task-with-maintenance-window": "RegisterTaskWithMaintenanceWindow"}


def model_pattern(pattern, value):
    """The model's (Java) pattern as a Python one for this value: \\p{L},
    \\p{Z}, \\p{N} in a class become the value's characters of that
    Unicode category."""
    def cls(m):
        cat = m.group(1)
        return "".join(re.escape(c) for c in sorted(set(value))
                       if unicodedata.category(c)[0] == cat)
    return re.sub(r"\\p\{([LZN])\}", cls, pattern)


def model_problems(shape, value, where):
    """What botocore's ParamValidator leaves out: max lengths and patterns."""
    out = []
    meta = shape.metadata
    if shape.type_name == "structure":
        for k, v in value.items():	# an unknown one: ParamValidator says so
            if k in shape.members:
                out += model_problems(shape.members[k], v, where + "." + k)
    elif shape.type_name == "list":
        if "max" in meta and len(value) > meta["max"]:
            out.append("%s: %d items, at most %d" % (where, len(value), meta["max"]))
        for i, v in enumerate(value):
            out += model_problems(shape.member, v, "%s[%d]" % (where, i))
    elif shape.type_name == "map":
        for k, v in value.items():
            out += model_problems(shape.key, k, where + " key")
            out += model_problems(shape.value, v, where + "." + k)
    elif shape.type_name == "string":
        if "max" in meta and len(value) > meta["max"]:
            out.append("%s: %d characters, at most %d" % (where, len(value), meta["max"]))
        if "pattern" in meta and not re.fullmatch(model_pattern(meta["pattern"], value), value):
            out.append("%s: %r does not match %s" % (where, value, meta["pattern"]))
    return out


INSTANCE_ID = SSM.shape_for("InstanceId").metadata["pattern"] if SSM else None
WINDOW_ID = "mw-0123456789abcdef0"


def schedule_utc(schedule, zone):
    """An at() schedule's time in its zone (a time that happens twice: the
    first, as RFC 5545 and python-dateutil take it), or None."""
    m = re.fullmatch(r"at\((\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\)", schedule)
    if m is None:
        return None
    return dt.datetime(*map(int, m.groups()), tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)


def cron_ok(schedule):
    """cron(...) as SSM takes it: six fields (minutes hours day-of-month
    month day-of-week year), one of day-of-month and day-of-week '?'."""
    m = re.fullmatch(r"cron\(([^()]*)\)", schedule)
    if m is None:
        return False
    f = m.group(1).split()
    return len(f) == 6 and (f[2] == "?") != (f[4] == "?")


def ssm_semantics(d, name, doc, op, wave):
    """SSM's rules botocore does not know: [problem]."""
    w = d.waves.get(wave)
    out = []
    if w is None:
        return ["%s: wave %s is not an approved wave" % (name, wave)]
    if op == "create-maintenance-window":
        s, z = doc["Schedule"], doc.get("ScheduleTimezone", "UTC")
        if z not in ZONES:
            return ["%s: ScheduleTimezone %r is not an IANA zone" % (name, z)]
        if s.startswith("cron("):
            if not cron_ok(s):
                out.append("%s: %r is not a cron expression SSM takes" % (name, s))
        elif schedule_utc(s, z) != w["start"]:
            out.append("%s: %r in %s is %s, the wave starts %s" % (
                name, s, z, schedule_utc(s, z), w["start"]))
        for k in ("StartDate", "EndDate"):
            if k in doc:
                try:
                    dt.datetime.fromisoformat(doc[k].replace("Z", "+00:00"))
                except ValueError:
                    out.append("%s: %s %r is not ISO 8601" % (name, k, doc[k]))
        dur, cut = doc["Duration"], doc["Cutoff"]
        hour = dt.timedelta(hours=1)
        if not (1 <= dur <= 24 and 0 <= cut < dur):
            out.append("%s: Duration %d, Cutoff %d" % (name, dur, cut))
        if not (w["end"] - w["start"] <= dur * hour < w["end"] - w["start"] + hour):
            out.append("%s: Duration %dh for a wave of %s" % (name, dur, w["end"] - w["start"]))
        if w["start"] + (dur - cut) * hour > w["end"] - w["cutoff"]:
            out.append("%s: SSM starts tasks until %s, after the last start %s" % (
                name, w["start"] + (dur - cut) * hour, w["end"] - w["cutoff"]))
    elif op == "register-target-with-maintenance-window":
        for t in doc["Targets"]:
            if t["Key"] == "InstanceIds":
                out += ["%s: %r is not an instance id" % (name, v) for v in t["Values"]
                        if not re.fullmatch(INSTANCE_ID, v)]
        if doc.get("OwnerInformation") != w["change"]:
            out.append("%s: OwnerInformation %r" % (name, doc.get("OwnerInformation")))
    else:
        p = doc["TaskInvocationParameters"]["RunCommand"]["Parameters"]
        want = "RebootIfNeeded" if w["reboot"] else "NoReboot"
        if doc["TaskArn"] != "AWS-RunPatchBaseline" or p != {"Operation": ["Install"],
                                                            "RebootOption": [want]}:
            out.append("%s: %s %s" % (name, doc["TaskArn"], p))
        if doc["MaxConcurrency"] != str(w["concurrency"] or "100%") or doc["MaxErrors"] != "0":
            out.append("%s: MaxConcurrency %s MaxErrors %s (lanes %s)" % (
                name, doc["MaxConcurrency"], doc["MaxErrors"], w["concurrency"]))
    return out


def ssm_files(d):
    """The folder's files against botocore's model and SSM's rules; who
    is registered by id and by tag. [(what, ok, detail)]"""
    out = d.export("ssm", "ssm")
    run_sh = os.path.join(out, "run.sh")
    r = subprocess.run(["sh", "-n", run_sh], capture_output=True, text=True)
    check(f"ssm {d.name}: run.sh is valid shell (sh -n)", r.returncode == 0, r.stderr)
    ops = run_sh_files(run_sh)
    files = sorted(f for f in os.listdir(out) if f.endswith(".json"))
    check(f"ssm {d.name}: run.sh uses every JSON file once", sorted(ops) == files,
          f"{sorted(ops)} != {files}")
    validator = ParamValidator()
    invalid, semantic = [], []
    by_id, by_tag = {}, {}
    for f in files:
        op, wave = ops.get(f, (None, None))
        if op is None:
            continue
        doc = json.load(open(os.path.join(out, f)))
        params = dict(doc)
        if op != "create-maintenance-window":
            params["WindowId"] = WINDOW_ID
        if op == "register-task-with-maintenance-window":
            params["Targets"] = [{"Key": "WindowTargetIds", "Values": ["x"]}]
        shape = SSM.operation_model(OPERATION[op]).input_shape
        rep = validator.validate(params, shape)
        if rep.has_errors():
            invalid.append(f"{f}: {rep.generate_report()}")
        invalid += model_problems(shape, params, f)
        try:
            semantic += ssm_semantics(d, f, doc, op, wave)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            semantic.append(f"{f}: {e!r}")
        for t in doc.get("Targets", []) if op.startswith("register-target") else []:
            if t["Key"] == "InstanceIds":
                by_id.setdefault(wave, []).extend(t["Values"])
            elif t["Key"] == "tag:patchwave-wave":
                by_tag[wave] = t["Values"]
    check(f"ssm {d.name}: every file valid for its operation in botocore's SSM model "
          "(types, required, ranges; lengths and patterns)", not invalid, "\n".join(invalid))
    check(f"ssm {d.name}: schedules, zones, hours, instance ids and the task as SSM takes "
          "them", not semantic, "\n".join(semantic))
    # Every host once: by its instance id, or by the wave's tag.
    got, want = {}, {}
    for n, w in d.waves.items():
        ok_ids = sorted(i for i in w["hosts"].values() if i and re.fullmatch(INSTANCE_ID, i))
        want[n] = (ok_ids, len(ok_ids) < len(w["hosts"]))
        got[n] = (sorted(by_id.get(n, [])), by_tag.get(n) == [str(n)])
    check(f"ssm {d.name}: each wave's hosts with an SSM instance id by it, the others by "
          "the wave's tag", got == want, f"{got} != {want}")
    return out


class FakeSSM(http.server.BaseHTTPRequestHandler):
    """Answers SSM's three calls with ids, and keeps what it was sent."""
    log = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        op = self.headers.get("X-Amz-Target", "").split(".")[-1]
        n = len(FakeSSM.log)
        body.pop("ClientToken", None)	# the CLI's own, a new one each call
        FakeSSM.log.append((op, body))
        res = {"CreateMaintenanceWindow": {"WindowId": "mw-%017x" % n},
               "RegisterTargetWithMaintenanceWindow": {"WindowTargetId": "%08x-1111-2222-3333-444444444444" % n},
               "RegisterTaskWithMaintenanceWindow": {"WindowTaskId": "%08x-5555-6666-7777-888888888888" % n},
               }.get(op)
        data = json.dumps(res or {"__type": "InvalidAction"}).encode()
        self.send_response(200 if res else 400)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def ssm_cli(d, out, tmp):
    """run.sh run by the real aws CLI against a stand-in endpoint."""
    srv = http.server.HTTPServer(("127.0.0.1", 0), FakeSSM)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    FakeSSM.log = []
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir, exist_ok=True)
    with open(os.path.join(bindir, "aws"), "w") as f:
        f.write('#!/bin/sh\nexec %s --endpoint-url http://127.0.0.1:%d "$@"\n' % (
            AWS, srv.server_address[1]))
    os.chmod(os.path.join(bindir, "aws"), 0o755)
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    env = dict(PATH=bindir + ":/usr/bin:/bin", HOME=home, AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
               AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="eu-central-1",
               AWS_MAX_ATTEMPTS="1", AWS_PAGER="", AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null", LANG="C.UTF-8")
    # From elsewhere, through a folder whose name the shell would split.
    odd = os.path.join(d.dir, "ssm dir $(touch %s)" % PWNED)
    shutil.copytree(out, odd)
    r = subprocess.run(["sh", os.path.join(odd, "run.sh")], cwd="/", env=env,
                       capture_output=True, text=True, timeout=600)
    srv.shutdown()
    srv.server_close()
    check(f"ssm {d.name}: run.sh runs through with the aws CLI (it validates every "
          "file before sending)", r.returncode == 0, (r.stdout + r.stderr)[-1500:])
    # Replay: each wave's window, its targets with the window's id, its task
    # with the window's id and the targets' ids.
    files = run_sh_files(os.path.join(out, "run.sh"))
    want, wid, tids = [], None, []
    for f, (op, wave) in files.items():
        doc = json.load(open(os.path.join(out, f)))
        n = len(want)
        if op == "create-maintenance-window":
            wid, tids = "mw-%017x" % n, []
        else:
            doc["WindowId"] = wid
        if op == "register-target-with-maintenance-window":
            tids.append("%08x-1111-2222-3333-444444444444" % n)
        if op == "register-task-with-maintenance-window":
            doc["Targets"] = [{"Key": "WindowTargetIds", "Values": list(tids)}]
        want.append((OPERATION[op], doc))
    check(f"ssm {d.name}: the endpoint got each window, then its targets and task with "
          "the ids it handed out, as in the files", FakeSSM.log == want,
          "\n".join(map(str, FakeSSM.log)) + "\n!=\n" + "\n".join(map(str, want)))
    check(f"ssm {d.name}: nothing in run.sh ran a hostile key", not os.path.exists(PWNED))


# ---- Ansible --------------------------------------------------------------

def ansible(d, tmp):
    inv = d.export("ansible", "inventory.yml")
    env = dict(os.environ, HOME=os.path.join(tmp, "home"), ANSIBLE_LOCAL_TEMP=os.path.join(tmp, "at"),
               ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="0")
    play = os.path.join(d.dir, "patch.yml")
    with open(play, "w") as f:
        for n in sorted(d.waves):
            f.write("- hosts: patchwave_wave_%d\n  gather_facts: false\n  tasks:\n"
                    "    - ansible.builtin.debug:\n        msg: \"{{ patchwave_change }} "
                    "{{ patchwave_window_start }}\"\n" % n)
    r = subprocess.run(["ansible-playbook", "-i", inv, "--syntax-check", play],
                       capture_output=True, text=True, env=env, cwd=d.dir)
    check(f"ansible {d.name}: ansible-playbook --syntax-check of a play per wave group",
          r.returncode == 0 and "[WARNING]" not in r.stderr, r.stdout + r.stderr)
    for n, w in sorted(d.waves.items()):
        r = subprocess.run(["ansible", "-i", inv, "patchwave_wave_%d" % n, "--list-hosts"],
                           capture_output=True, text=True, env=env, cwd=d.dir)
        lines = r.stdout.split("\n")
        want = "\n".join("    " + h for h in w["hosts"]).split("\n")
        ok = (r.returncode == 0 and lines[0] == "  hosts (%d):" % len(w["hosts"]) and
              sorted(x for x in lines[1:] if x) == sorted(x for x in want if x))
        check(f"ansible {d.name}: ansible patchwave_wave_{n} --list-hosts lists exactly "
              f"its {len(w['hosts'])} hosts", ok, r.stdout[-2000:] + r.stderr[-2000:])
    check(f"ansible {d.name}: nothing ran a hostile key", not os.path.exists(PWNED))
    return inv


# ---- AWX ------------------------------------------------------------------

def awx_validate_rrule(v):
    """AWX's SchedulePreviewSerializer.validate_rrule, its rules written out
    again: [error]."""
    errors = []
    dtstarts = re.findall(r".*?(DTSTART(;[^:]+)?\:[0-9]+T[0-9]+Z?)", v)
    if not dtstarts:
        errors.append("Valid DTSTART required in rrule")
    if re.findall(r".*?(DTSTART:[0-9]+T[0-9]+) ", v):
        errors.append("DTSTART cannot be a naive datetime")
    if len(dtstarts) > 1:
        errors.append("Multiple DTSTART is not supported")
    if "rrule:" not in v.lower():
        errors.append("One or more rule required in rrule")
    if "exdate:" in v.lower() or "rdate:" in v.lower():
        errors.append("EXDATE/RDATE not allowed in rrule")
    for rule in re.findall(r".*?(RULE\:[^\s]*)", v):
        if "interval" not in rule.lower():
            errors.append("INTERVAL required in rrule")
        elif "secondly" in rule.lower():
            errors.append("SECONDLY is not supported")
        if re.match(r".*?BYDAY[\:\=][0-9]+[a-zA-Z]{2}", rule):
            errors.append("BYDAY with numeric prefix not supported")
        if "COUNT" in rule and "UNTIL" in rule:
            errors.append("RRULE may not contain both COUNT and UNTIL")
        m = re.match(r".*?(COUNT\=[0-9]+)", rule)
        if m and int(m.group(1).split("=")[1]) > 999:
            errors.append("COUNT > 999 is unsupported")
    return errors


def awx_rrulestr(v):
    """AWX's Schedule.rrulestr: dateutil's, UTC names as UTC, a ruleset;
    a DTSTART without a zone dateutil knows is refused."""
    x = dateutil.rrule.rrulestr(v, tzinfos={z: tzutc() for z in dateutil.parser.parserinfo().UTCZONE},
                                forceset=True)
    for r in x._rrule:
        if r._dtstart and r._dtstart.tzinfo is None:
            raise ValueError("A valid TZID must be provided (e.g., America/New_York)")
    return x


def awx(d, inv_json):
    path = d.export("awx", "awx.json")
    awx_schedules(d, json.load(open(path)), iso(d.now), inv_json, "")
    # At the first wave's start its only run is past: AWX keeps a schedule
    # that never runs (no next_run); the export must leave that wave out,
    # saying so, and schedule the others (none left: refused).
    late = min(w["start"] for w in d.waves.values())
    r = T.run(d.path, "export", "--to", "awx", "--now", late.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "-o", path + ".late", ok=(0, 1))
    ahead = late_said(d, r, "AWX")
    if ahead:
        awx_schedules(d, json.load(open(path + ".late")), late, inv_json, " (--now at a start)",
                      ahead)


def late_said(d, r, tool):
    """The waves of d still ahead at the first wave's start, having checked
    the export r at that time: each started wave said skipped, and exit 1
    when none is ahead."""
    late = min(w["start"] for w in d.waves.values())
    ahead = {n: w for n, w in d.waves.items() if w["start"] > late}
    said = [n for n, w in d.waves.items() if n not in ahead and
            f"skipped wave {n} of {w['change']} " not in r.stderr]
    check(f"{tool.lower()} {d.name}: exported at the first wave's start, each started wave "
          f"skipped ({tool} would never run it) and said, {len(ahead)} ahead "
          + ("written" if ahead else "refused"),
          not said and f"would never run in {tool}" in r.stderr and
          r.returncode == (0 if ahead else 1), r.stderr)
    return ahead


def ssm_late(d):
    """export --to ssm at the first wave's start: files and run.sh for the
    waves ahead only, each started one said."""
    late = min(w["start"] for w in d.waves.values())
    out = os.path.join(d.dir, "ssm-late")
    r = T.run(d.path, "export", "--to", "ssm", "--now", late.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "-o", out, ok=(0, 1))
    ahead = late_said(d, r, "SSM")
    if ahead:
        ops = run_sh_files(os.path.join(out, "run.sh"))
        got = sorted({wave for op, wave in ops.values()})
        files = sorted(f for f in os.listdir(out) if f.endswith(".json"))
        check(f"ssm {d.name} (--now at a start): run.sh and the files hold the waves ahead",
              got == sorted(ahead) and sorted(ops) == files, f"{got} {files}")


def awx_schedules(d, sched, now, inv_json, when, waves=None):
    waves = d.waves if waves is None else waves
    bad, names = [], set()
    for s in sched:
        n = s["extra_data"]["patchwave_wave"]
        w = waves.get(n)
        if w is None:
            bad.append(f"{s['name']}: wave {n} is not approved")
            continue
        errors = awx_validate_rrule(s["rrule"])
        try:
            x = awx_rrulestr(s["rrule"])
            tz = x._rrule[0]._dtstart.tzinfo
            zone = "UTC" if isinstance(tz, tzutc) else getattr(tz, "_filename", "")
            zone = zone.replace("/usr/share/zoneinfo/", "")
            if zone not in ZONES:
                errors.append(f"zone {zone!r} is not an IANA zone")
            runs = [t.astimezone(UTC) for t in x]
            nxt = x.after(now)
            if runs != [w["start"]]:
                errors.append(f"runs {runs}, the wave starts {w['start']}")
            if nxt is None or not datetime_exists(nxt):
                errors.append(f"next run after {now}: {nxt}")
        except Exception as e:  # noqa: BLE001 (AWX turns any into a 400)
            errors.append(f"rrule parsing failed validation: {e}")
        hosts = inv_json.get(s["limit"], {}).get("hosts", []) if inv_json else w["hosts"]
        if sorted(hosts) != sorted(w["hosts"]):
            errors.append(f"limit {s['limit']}: {hosts} in the inventory")
        if len(s["name"]) > 512 or s["name"] in names or len(s["rrule"]) > 255:
            errors.append("name or rrule too long, or the name twice")
        names.add(s["name"])
        bad += [f"{s['name']}: {e} ({s['rrule']})" for e in errors]
    check(f"awx {d.name}{when}: a schedule a wave, as AWX takes it (validate_rrule, rrulestr), "
          "run once, at the wave's start and after --now, its limit the wave's hosts",
          not bad and len(sched) == len(waves), "\n".join(bad))


# ---- main -----------------------------------------------------------------

def main():
    return T.in_tmp(run)


def run(tmp):
    global PWNED
    PWNED = os.path.join(tmp, "pwned")
    has_aws = SSM is not None and os.access(AWS, os.X_OK)
    has_ansible = shutil.which("ansible-playbook") and shutil.which("ansible-inventory")
    if SSM is None:
        print("skip ssm: no botocore (Debian's python3-botocore; scripts/deps.sh check)")
    elif not has_aws:
        print(f"skip the aws CLI run of run.sh: no {AWS} (Debian's awscli; scripts/deps.sh check)")
    if not has_ansible:
        print("skip ansible: no ansible-playbook (ansible-core; scripts/deps.sh check)")
    if dateutil is None:
        print("skip awx: no python3-dateutil (scripts/deps.sh check)")
    if SSM is None and not has_ansible and dateutil is None:
        return
    for make in (demo_db, hostile_db, zones_db):
        d = make(tmp)
        if SSM is not None:
            out = ssm_files(d)
            ssm_late(d)
            if has_aws and d.name != "zones":
                ssm_cli(d, out, tmp)
        inv_json = None
        if has_ansible:
            ansible(d, tmp)
            r = subprocess.run(["ansible-inventory", "-i", os.path.join(d.dir, "inventory.yml"),
                                "--list"], capture_output=True, text=True,
                               env=dict(os.environ, HOME=os.path.join(tmp, "home")))
            inv_json = json.loads(r.stdout)
        if dateutil is not None:
            awx(d, inv_json)	# without ansible, its limit unchecked


sys.exit(main())
