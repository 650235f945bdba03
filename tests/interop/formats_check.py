#!/usr/bin/python3
"""The readers against the real files of ../shared/fixtures/real/formats,
checked by a parse of our own: each file patchwave reads is read again here
with Python's standard library (xml.etree, json, csv, plain text), following
the format's own documentation (Tenable's .nessus v2 and CSV exports,
Qualys's scan report and detection CSV, AWS Patch Manager's and Health's
CLI output, Azure's assessment and maintenance configuration, SSM's
maintenance windows, XCCDF, CSAF
2.0, updateinfo.xml, yum and apt output), and what patchwave imported
(`patches --format json`, the advisories and calendar tables) is compared
with it: hosts, findings per host, advisory ids, CVE ids, severities (on the
scales of docs/formats.md, "What every patch source shares"), titles,
release and scan dates, reboot, patch or finding, event starts, ends and
instance ids. Where patchwave follows a documented rule of its own (one
patch per host and plugin, a KB's "KB" prefix, the one hour an open-ended
event is given), the rule is written out here, citing formats.md. The files
patchwave refuses are checked for the reason and the FILE:LINE it names.

No patchwave code is used: the inventory comes from tests/data/hosts-*.csv
(as tests/e2e/run.sh's fixture loop imports it) and the host matching
(key, hostname, short name, IP, instance id) is written again here.

usage: formats_check.py PATCHWAVE FORMATS_DIR"""
import csv
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import sys
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from pwtest import ROOT, Run  # noqa: E402

T = Run(sys.argv[1], "formats")
FIX = os.path.abspath(sys.argv[2])
check = T.check

# ---- severities: the default scales of formats.md ("Severities") ------------
SCALES = {
    "tenable": {"4": "critical", "critical": "critical", "3": "high", "high": "high",
                "2": "medium", "medium": "medium", "1": "low", "low": "low"},
    "qualys": {"5": "critical", "4": "high", "3": "medium", "2": "low", "1": "low"},
    "ssm": {"critical": "critical", "important": "high", "high": "high",
            "medium": "medium", "moderate": "medium", "low": "low",
            "unspecified": "medium"},
    "redhat": {"critical": "critical", "important": "high", "moderate": "medium",
               "low": "low", "none": "low", "unspecified": "medium"},
    "msrc": {"critical": "critical", "important": "high", "moderate": "medium",
             "low": "low", "unspecified": "medium"},
    "xccdf": {"high": "high", "medium": "medium", "low": "low"},
}
DEFAULT = "medium"	# demo/policy.yaml has no severity_default: medium


def sev(scale, value):
    """(severity, assumed) of a source's value on a scale; none: the default."""
    if value is None or value == "":
        return DEFAULT, True
    return SCALES[scale][value.lower()], False


def cve_list(ids):
    out = []
    for c in ids:
        c = c.strip()
        if c and c not in out:
            out.append(c)
    return out


# ---- the database: demo policy with release_fallback: scan_date, so a scan
# date shows as the assumed release; the inventories of tests/data -------------
TMP = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"pw-formats-{os.getpid()}")
os.makedirs(TMP)
BASE = os.path.join(TMP, "base.db")
TODAY = dt.datetime.now(dt.timezone.utc).date().isoformat()
# The demo policy's zone: a time a file writes without one (Nessus's
# HOST_END) is read in it.
with open(os.path.join(ROOT, "demo", "policy.yaml")) as _f:
    POLICY_ZONE = re.search(r"^timezone:\s*(\S+)", _f.read(), re.M).group(1)


def pw(db, *args):
    return T.run(db, *args, ok=None)


def base():
    pol = os.path.join(TMP, "policy.yaml")
    with open(os.path.join(ROOT, "demo", "policy.yaml")) as f:
        text = f.read()
    with open(pol, "w") as f:
        f.write(text.rstrip("\n") + "\nrelease_fallback: scan_date\n")
    T.run(BASE, "import", "policy", pol)
    for name in sorted(os.listdir(os.path.join(ROOT, "tests", "data"))):
        if name.startswith("hosts-") and name.endswith(".csv"):
            T.run(BASE, "import", "inventory", os.path.join(ROOT, "tests", "data", name),
                  "--source", name[:-4])
    for name in ("rds-hosts.csv", "health-hosts.csv"):
        T.run(BASE, "import", "inventory", os.path.join(ROOT, "tests", "data", name),
              "--source", name[:-4])
    return json.loads(T.run(BASE, "assets", "--format", "json").stdout)


ASSETS = base()


def asset_of(name):
    """The asset key a file's host name matches (formats.md, "The host"):
    key, then hostname, then short name, then IP, then instance id."""
    n = name.lower()
    for field in ("key", "hostname"):
        hit = [a["key"] for a in ASSETS if (a[field] or "").lower() == n]
        if hit:
            return hit[0]
    hit = [a["key"] for a in ASSETS
           if (a["hostname"] or "").lower().split(".")[0] == n.split(".")[0]]
    if hit:
        return hit[0]
    for field in ("ip", "instance_id"):
        hit = [a["key"] for a in ASSETS if (a[field] or "").lower() == n]
        if hit:
            return hit[0]
    return None


# ---- lines: where each record is, found again in the file's text ------------
def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def tag_lines(path, tag):
    """The line of each <tag ...> start tag, in document order (the order
    ElementTree's iter() walks them)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return [line_of(text, m.start()) for m in re.finditer(r"<%s[\s>/]" % tag, text)]


def csv_rows(path, delim=","):
    """[(first line, row)] of a CSV file, quoted line breaks counted."""
    with open(path, newline="") as f:
        r = csv.reader(f, delimiter=delim)
        out, last = [], 0
        for row in r:
            out.append((last + 1, row))
            last = r.line_num
    return out


class Located(dict):
    """A JSON object with the line of its first key (.line)."""
    line = 0


def json_lines(text):
    """text parsed as JSON, each object a Located: a parser of our own, so
    that each object knows where its first key is."""
    ws = re.compile(r"[ \t\r\n]*")
    num = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")

    def value(i):
        i = ws.match(text, i).end()
        c = text[i]
        if c == "{":
            obj, i = Located(), ws.match(text, i + 1).end()
            if text[i] == "}":
                return obj, i + 1
            while True:
                i = ws.match(text, i).end()
                if not obj:
                    obj.line = line_of(text, i)
                k, i = json.decoder.scanstring(text, i + 1)
                i = ws.match(text, i).end() + 1	# the ':'
                obj[k], i = value(i)
                i = ws.match(text, i).end()
                if text[i] == "}":
                    return obj, i + 1
                i += 1
        if c == "[":
            arr, i = [], ws.match(text, i + 1).end()
            if text[i] == "]":
                return arr, i + 1
            while True:
                v, i = value(i)
                arr.append(v)
                i = ws.match(text, i).end()
                if text[i] == "]":
                    return arr, i + 1
                i += 1
        if c == '"':
            return json.decoder.scanstring(text, i + 1)
        for word, v in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, i):
                return v, i + len(word)
        m = num.match(text, i)
        return json.loads(m.group(0)), m.end()
    return value(0)[0]


def json_file(rel):
    with open(os.path.join(FIX, rel)) as f:
        return json_lines(f.read())


def got_lines(db):
    con = sqlite3.connect(db)
    out = {(k, a): n for k, a, n in con.execute(
        "SELECT s.key, p.advisory, p.source_line FROM patches p JOIN assets s "
        "ON s.id = p.asset_id")}
    con.close()
    return out


def fresh(name):
    db = os.path.join(TMP, name + ".db")
    shutil.copy(BASE, db)
    return db


def imported(kind, rel, *opts):
    """Import FIX/rel (or an absolute path) into a fresh database:
    (result, database)."""
    db = fresh(re.sub(r"\W", "_", rel))
    r = pw(db, "import", kind, os.path.join(FIX, rel), *opts)
    return r, db


def got_patches(db):
    """The patches and findings patchwave lists, each with its line (the
    database's source_line: patches --format json does not list it)."""
    rows = json.loads(pw(db, "patches", "--format", "json", "--kind", "any").stdout)
    lines = got_lines(db)
    return {(p["key"], p["advisory"]): dict(p, line=lines[(p["key"], p["advisory"])])
            for p in rows}


def compare(what, want, got, fields):
    """want and got: (asset, advisory) -> record; every field of want's
    records compared."""
    check(f"{what}: the same (host, advisory) pairs", set(want) == set(got),
          f"only in the file {sorted(set(want) - set(got))}, "
          f"only in patchwave {sorted(set(got) - set(want))}")
    bad = []
    for k in sorted(set(want) & set(got)):
        for f in fields:
            if f in want[k] and want[k][f] != got[k][f]:
                bad.append(f"{k} {f}: file {want[k][f]!r}, patchwave {got[k][f]!r}")
    check(f"{what}: {', '.join(fields)} of {len(want)} agree", not bad, "; ".join(bad))


def patch_file(what, rel, want, fields, *opts, scanned=None):
    """scanned: when the file says its scan was taken (the latest end, UTC
    seconds, as Python reads it): the import's scanned_utc (formats.md,
    "verify"); None: not checked."""
    r, db = imported("patches", rel, *opts)
    check(f"{what}: imported", r.returncode == 0, r.stderr)
    compare(what, want, got_patches(db), fields)
    if scanned is not None:
        con = sqlite3.connect(db)
        got = con.execute("SELECT scanned_utc FROM imports WHERE kind = 'patches'"
                          " ORDER BY id DESC LIMIT 1").fetchone()[0]
        con.close()
        check(f"{what}: taken at {scanned or None}", got == (scanned or None),
              f"file {scanned}, patchwave {got}")
    return r


def utc_seconds(text):
    """An ISO 8601 time with a Z or an offset, or Tenable.sc's "Feb 19, 2024
    21:01:01 UTC", as UTC seconds."""
    if text.endswith(" UTC"):
        t = dt.datetime.strptime(text, "%b %d, %Y %H:%M:%S UTC")
        return int(t.replace(tzinfo=dt.timezone.utc).timestamp())
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


FIELDS = ["severity", "severity_assumed", "source_severity", "cves", "title",
          "released", "released_assumed", "reboot", "kind", "line"]

# ---- Tenable: formats.md "Tenable: what its four formats share" -------------
PATCH_WORDS = re.compile(r"\b(upgrades?|updates?|patch(es)?|install|hotfix(es)?|released)\b",
                         re.I)


def tenable_kind(date, kb, solution, family=""):
    """A finding: no patch date, no MSKB, a solution naming nothing to install
    (a Policy Compliance item: no date, no KB)."""
    if date or kb:
        return "patch"
    if family == "Policy Compliance":
        return "finding"
    return "patch" if PATCH_WORDS.search(solution or "") else "finding"


def tenable_merge(want, key, rec):
    """One patch per host and plugin: every CVE once, the highest severity."""
    old = want.get(key)
    if old is None:
        want[key] = rec
        return
    old["cves"] = ",".join(cve_list((old["cves"] or "").split(",") +
                                    (rec["cves"] or "").split(","))) or None
    order = ["low", "medium", "high", "critical"]
    if order.index(rec["severity"]) > order.index(old["severity"]):
        old["severity"], old["source_severity"] = rec["severity"], rec["source_severity"]


def nessus(path=None, what="nessus example-trimmed.nessus"):
    """The .nessus sample (or path, a variant of it)."""
    rel = "nessus-xml-v2/example-trimmed.nessus"
    path = path or os.path.join(FIX, rel)
    root = ET.parse(path).getroot()
    want, skipped, ended = {}, 0, 0
    at = iter(tag_lines(path, "ReportItem"))	# each at its line
    for host in root.iter("ReportHost"):
        tags = {t.get("name"): t.text for t in host.iter("tag")}
        if "HOST_END_TIMESTAMP" in tags:
            ended = max(ended, int(tags["HOST_END_TIMESTAMP"]))
        elif "HOST_END" in tags:	# the scanner's clock: the policy's zone
            ended = max(ended, int(dt.datetime.strptime(tags["HOST_END"],
                "%a %b %d %H:%M:%S %Y").replace(tzinfo=ZoneInfo(POLICY_ZONE)).timestamp()))
        name = tags.get("host-fqdn") or tags.get("host-ip") or host.get("name")
        if "HOST_START_TIMESTAMP" in tags:
            scan = dt.datetime.fromtimestamp(int(tags["HOST_START_TIMESTAMP"]),
                                             dt.timezone.utc).date().isoformat()
        else:
            scan = dt.datetime.strptime(tags["HOST_START"], "%a %b %d %H:%M:%S %Y").date().isoformat()
        for item in host.iter("ReportItem"):
            line = next(at)
            if item.get("severity") == "0":
                skipped += 1
                continue
            date = item.findtext("patch_publication_date")
            kb = any((x.text or "").startswith("MSKB:") for x in item.iter("xref"))
            s, _ = sev("tenable", item.get("severity"))
            tenable_merge(want, (asset_of(name), "nessus:" + item.get("pluginID")), {
                "severity": s, "severity_assumed": False,
                "source_severity": item.get("severity"),
                "cves": ",".join(cve_list(c.text for c in item.iter("cve"))) or None,
                "title": item.get("pluginName"),
                "released": date.replace("/", "-") if date else scan,
                "released_assumed": not date,
                "reboot": True,
                "kind": tenable_kind(date, kb, item.findtext("solution"),
                                     item.get("pluginFamily")),
                "line": line,
            })
    r = patch_file(what, path, want, FIELDS, scanned=ended)
    check(f"{what}: the {skipped} severity 0 item(s) said skipped",
          f"{skipped} informational item" in r.stderr, r.stderr)


def nessus_undated():
    """The sample without its <patch_publication_date>s (each line kept):
    the scan's day (HOST_START) is the assumed release, and the solution's
    words alone say patch or finding."""
    with open(os.path.join(FIX, "nessus-xml-v2", "example-trimmed.nessus")) as f:
        text = re.sub(r"<patch_publication_date>[^<]*</patch_publication_date>", "", f.read())
    path = os.path.join(TMP, "undated.nessus")
    with open(path, "w") as f:
        f.write(text)
    nessus(path, "nessus example-trimmed.nessus without its patch dates")


def tenable_csv(what, rel, delim, host_cols, cols, scan_col=None):
    rows = csv_rows(os.path.join(FIX, rel), delim)
    want, skipped, seen = {}, 0, 0
    for line, r in rows[1:]:
        row = dict(zip(rows[0][1], r))
        if scan_col and ("T" in row[scan_col] or row[scan_col].endswith(" UTC")):
            seen = max(seen, utc_seconds(row[scan_col]))
        risk = row[cols["sev"]]
        if risk in ("None", "Info", "0") or row.get("state") == "FIXED":
            skipped += 1
            continue
        host = next(row[c] for c in host_cols if row.get(c))
        date = row.get(cols.get("date", ""), "")
        date = "" if date in ("", "N/A") else date
        if date:
            date = parse_tenable_date(date)
        kb = "MSKB" in row.get(cols.get("kb", ""), "") or bool(row.get("MSKB"))
        cell = row.get(cols["cve"], "")
        cves = json.loads(cell) if cell.startswith("[") else re.split(r"[,;\s]+", cell)
        scan = parse_tenable_date(row[scan_col]) if scan_col else TODAY
        tenable_merge(want, (asset_of(host), "nessus:" + row[cols["id"]]), {
            "severity": sev("tenable", risk)[0], "severity_assumed": False,
            "source_severity": risk,
            "cves": ",".join(cve_list(cves)) or None,
            "title": row[cols["title"]],
            "released": date or scan, "released_assumed": not date,
            "reboot": True,
            "kind": tenable_kind(date, kb, row.get(cols["solution"]),
                                 row.get(cols.get("family", ""), "")),
            "line": line,
        })
    patch_file(what, rel, want, FIELDS, scanned=seen)


def parse_tenable_date(text):
    """Tenable.sc's "Feb 19, 2024 21:01:01 UTC", Tenable VM's ISO 8601."""
    text = text.strip()
    for fmt in ("%b %d, %Y %H:%M:%S UTC", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ",
                "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    return text[:10]


def tenable():
    tenable_csv("nessus-csv nessus-pro-export.csv", "tenable-csv/nessus-pro-export.csv", ",",
                ["Host"], {"sev": "Risk", "id": "Plugin ID", "cve": "CVE", "title": "Name",
                           "kb": "XREF", "solution": "Solution"})
    tenable_csv("tenable-sc tenable-sc-export.csv", "tenable-csv/tenable-sc-export.csv", ",",
                ["DNS Name", "IP Address"],
                {"sev": "Severity", "id": "Plugin", "cve": "CVE", "title": "Plugin Name",
                 "date": "Patch Publication Date", "kb": "Cross References",
                 "solution": "Solution", "family": "Family"}, "Last Observed")
    tenable_csv("tenable-vm tenable-vm-export-first3rows.csv",
                "tenable-csv/tenable-vm-export-first3rows.csv", ";",
                ["asset.display_fqdn", "asset.display_ipv4_address", "asset.host_name",
                 "asset.name"],
                {"sev": "severity", "id": "definition.id", "cve": "definition.cve",
                 "title": "definition.name", "date": "definition.patch_published",
                 "solution": "definition.solution", "family": "definition.family"},
                "last_seen")


# ---- Qualys: formats.md "Qualys CSV", "Qualys XML" ---------------------------
ADVISORY_ID = re.compile(r"^(RHSA-|RHBA-|RHEA-|ALAS|ELSA-|CESA-|USN-|DSA-|DLA-|SUSE-SU-|"
                         r"openSUSE-SU-|FEDORA-)\S+$|^KB\d+$|^MS\d\d-\d+$")


def qualys_advisory(qid, refs):
    refs = [r.strip() for r in refs if r.strip()]
    if len(refs) == 1 and ADVISORY_ID.match(refs[0]):
        return refs[0]
    return "qualys:" + qid


def qualys_csv():
    rel = "qualys-csv/vmdr-host-detections-report.csv"
    located = csv_rows(os.path.join(FIX, rel))
    rows = [r for _, r in located]
    head = next(i for i, r in enumerate(rows) if "QID" in r and
                ({"IP", "DNS", "NetBIOS"} & set(r)))
    cols = rows[head]
    want, skipped = {}, {"potential": 0, "ig": 0, "fixed": 0}
    dates = [c for r in rows[head + 1:] for c in
             (r[cols.index("First Detected")], r[cols.index("Last Detected")]) if c]
    # the file's order: a part over 12 settles it (formats.md, "Dates")
    dmy = any(int(d[:2]) > 12 for d in dates)
    for line, r in located[head + 1:]:
        if len(r) == 1 and r[0].startswith("CONFIDENTIAL AND PROPRIETARY"):
            continue
        row = dict(zip(cols, r))
        typ, status = row.get("Type", "Vuln"), row.get("Vuln Status", "")
        if typ in ("Potential", "Practice"):
            skipped["potential"] += 1
            continue
        if typ in ("Ig", "Info", "Information Gathered"):
            skipped["ig"] += 1
            continue
        if status == "Fixed":
            skipped["fixed"] += 1
            continue
        host = row.get("DNS") or row.get("IP") or row.get("NetBIOS")
        adv = qualys_advisory(row["QID"], row["Vendor Reference"].split(","))
        first = row["First Detected"] or row["Last Detected"]
        d = dt.datetime.strptime(first[:10], "%d/%m/%Y" if dmy else "%m/%d/%Y").date()
        cves = [] if row["CVE ID"] in ("", "-") else row["CVE ID"].split(",")
        k = (asset_of(host), adv)
        if k in want:	# two QIDs naming one advisory: the first row's
            continue
        want[k] = {
            "severity": sev("qualys", row["Severity"])[0], "severity_assumed": False,
            "source_severity": row["Severity"], "cves": ",".join(cve_list(cves)) or None,
            "title": row["Title"], "released": d.isoformat(), "released_assumed": True,
            "reboot": True,
            "kind": "finding" if row["Category"] == "Security Policy" else "patch",
            "line": line,
        }
    patch_file("qualys-vmdr vmdr-host-detections-report.csv", rel, want, FIELDS)


def qualys_xml():
    rel = "qualys-xml/infrascan-webgui-report.xml"
    root = ET.parse(os.path.join(FIX, rel)).getroot()
    date = next(k.text for k in root.find("HEADER").iter("KEY") if k.get("value") == "DATE")
    want, at = {}, iter(tag_lines(os.path.join(FIX, rel), "VULN"))
    for ip in root.iter("IP"):
        name = ip.get("name")
        host = name if name and name != "No registered hostname" else ip.get("value")
        vulns = ip.find("VULNS")
        if vulns is None:
            continue
        for cat in vulns.iter("CAT"):
            for v in cat.iter("VULN"):
                line = next(at)
                refs = [i.text or "" for i in v.iter("VENDOR_REFERENCE") for i in i.iter("ID")]
                cves = [i.text for c in v.iter("CVE_ID") for i in c.iter("ID")]
                cves += (v.get("cveid") or "").split(",")
                want[(asset_of(host), qualys_advisory(v.get("number"), refs))] = {
                    "severity": sev("qualys", v.get("severity"))[0],
                    "source_severity": v.get("severity"),
                    "cves": ",".join(cve_list(cves)) or None,
                    "title": v.findtext("TITLE"), "released": date[:10],
                    "released_assumed": True, "reboot": True,
                    "kind": "finding" if cat.get("value") == "Security Policy" else "patch",
                    "line": line,
                }
    keys = {k.get("value"): k.text for k in root.find("HEADER").iter("KEY")}
    h, m, sec = (int(x) for x in keys["DURATION"].split(":"))
    patch_file("qualys-xml infrascan-webgui-report.xml", rel, want, FIELDS,
               scanned=utc_seconds(date) + h * 3600 + m * 60 + sec)


# ---- OpenSCAP XCCDF: formats.md "xccdf" -------------------------------------
def xccdf():
    rel = "openscap-oval/xccdf-from-oval-rhsa-one-vuln.xml"
    ns = {"x": "http://checklists.nist.gov/xccdf/1.1"}
    root = ET.parse(os.path.join(FIX, rel)).getroot()
    rules = {r.get("id"): r for r in root.iter("{%s}Rule" % ns["x"])}
    want, at = {}, iter(tag_lines(os.path.join(FIX, rel), "rule-result"))
    for tr in root.iter("{%s}TestResult" % ns["x"]):
        host = tr.findtext("x:target", namespaces=ns)
        scan = tr.get("start-time")[:10]
        for rr in tr.findall("x:rule-result", ns):
            line = next(at)
            if rr.findtext("x:result", namespaces=ns) != "fail":
                continue
            rule = rules[rr.get("idref")]
            title = rule.findtext("x:title", namespaces=ns)
            m = re.match(r"^([A-Z]+-\d{4}[:-]\d+)", title)
            adv = m.group(1) if m else None
            rating = re.search(r"\((Critical|Important|Moderate|Low)\)\s*$", title)
            if rating:
                s, src = sev("redhat", rating.group(1)), rating.group(1)
            else:
                src = rr.get("severity") or rule.get("severity")
                s = sev("xccdf", src)
            cves = [i.text for i in rule.findall("x:ident", ns) if i.text.startswith("CVE-")]
            want[(asset_of(host), adv or rr.get("idref"))] = {
                "severity": s[0], "severity_assumed": s[1], "source_severity": src,
                "cves": ",".join(cves) or None, "title": title, "released": scan,
                "released_assumed": True, "kind": "patch" if adv else "finding",
                "line": line,
            }
    patch_file("xccdf xccdf-from-oval-rhsa-one-vuln.xml", rel, want, FIELDS)


# ---- AWS Patch Manager, Azure Update Manager ---------------------------------
PENDING = {"missing": None, "failed": None, "installedpendingreboot": True,
           "installed_pending_reboot": True}


def ssm_patches(rel):
    doc = json_file(rel)
    want, skipped = {}, {}
    for p in doc["Patches"]:
        state = p["State"].lower()
        if state not in PENDING:
            skipped[p["State"]] = skipped.get(p["State"], 0) + 1
            continue
        s = sev("ssm", p.get("Severity") or None)
        want[(asset_of("ssm-win-01"), p["KBId"])] = {
            "severity": s[0], "severity_assumed": s[1] and not p.get("Severity"),
            "source_severity": p.get("Severity") or None,
            "cves": p.get("CVEIds") or None, "title": p.get("Title"),
            "released": TODAY, "released_assumed": True,
            "reboot": True, "kind": "patch", "line": p.line,
        }
    r = patch_file(f"ssm-patches {os.path.basename(rel)}", rel, want,
                   FIELDS, "--asset", "ssm-win-01")
    path = os.path.join(FIX, rel)
    # a warning per state skipped, counting its patches (formats.md "ssm-patches")
    for state, n in skipped.items():
        check(f"ssm-patches {os.path.basename(rel)}: {n} in state {state} said skipped",
              f"{path}: warning: {n} patch{'es' if n > 1 else ''} in state {state} skipped"
              in r.stderr, r.stderr)
    if "NextToken" in doc:	# one page: said at the token's line
        with open(path) as f:
            at = next(i for i, x in enumerate(f, 1) if '"NextToken"' in x)
        check(f"ssm-patches {os.path.basename(rel)}: NextToken said a page at line {at}",
              f"{path}:{at}: warning: a NextToken: this is one page" in r.stderr, r.stderr)


def ssm_states(rel):
    doc = json_file(rel)
    want, ended = {}, 0
    for s in doc["InstancePatchStates"]:
        if s.get("OperationEndTime"):
            ended = max(ended, utc_seconds(s["OperationEndTime"]))
        miss, fail = s.get("MissingCount", 0), s.get("FailedCount", 0)
        reb = s.get("InstalledPendingRebootCount", 0)
        if miss + fail + reb == 0:
            continue
        end = s.get("OperationEndTime") or s["OperationStartTime"]
        crit = s.get("CriticalNonCompliantCount", 0) > 0
        want[(asset_of(s["InstanceId"]), "ssm:missing" if miss + fail else
              "ssm:pending-reboot")] = {
            "severity": "critical" if crit else DEFAULT, "severity_assumed": not crit,
            "source_severity": "Critical" if crit else None,
            "title": f"Patch Manager's summary: {miss} missing, {fail} failed, {reb} "
                     "installed pending reboot (describe-instance-patches names them)",
            "released": end[:10], "released_assumed": True,
            "reboot": True, "kind": "patch", "line": s.line,
        }
    patch_file(f"ssm-states {os.path.basename(rel)}", rel, want, FIELDS, scanned=ended)


def azure_assess():
    rel = "azure-update-manager/VirtualMachine_AssessPatches.json"
    doc = json_file(rel)
    host = doc["parameters"]["vmName"]
    body = doc["responses"]["200"]["body"]
    want = {}
    for p in body["availablePatches"]:
        if p.get("assessmentState", "Available") != "Available":
            continue
        adv = "KB" + p["kbId"] if p.get("kbId") else p.get("patchId") or p["name"]
        if p.get("msrcSeverity"):
            s, src = sev("msrc", p["msrcSeverity"]), p["msrcSeverity"]
        else:
            cls = p.get("classifications") or []
            src = next((c for c in cls if c.startswith("Critical")), None) or \
                next((c for c in cls if c.startswith("Security")), None)
            s = ({"Critical": "critical", "Security": "high"}[src.split()[0]], False) \
                if src else (DEFAULT, True)
        rb = {"NeverReboots": False, "AlwaysRequiresReboot": True,
              "CanRequestReboot": True}.get(p.get("rebootBehavior"), True)
        want[(asset_of(host), adv)] = {
            "severity": s[0], "severity_assumed": s[1], "source_severity": src,
            "title": p["name"], "released": p["publishedDate"][:10],
            "released_assumed": False,
            "reboot": True if body.get("rebootPending") else rb, "kind": "patch",
            "line": p.line,
        }
    patch_file("azure-assess VirtualMachine_AssessPatches.json", rel, want, FIELDS)


# ---- package managers: formats.md "dnf and yum", "apt" ------------------------
REBOOT_PKGS = {"kernel", "kernel-rt", "glibc", "linux-firmware", "systemd", "dbus",
               "dbus-broker", "dbus-daemon", "kernel-core"}


def rpm_name(nevra):
    """name of name-[epoch:]version-release.arch."""
    return nevra.rsplit("-", 2)[0]


def yum_list_sec():
    rel = "yum-list-sec/yum-list-sec-rhel6.txt"
    adv = {}
    with open(os.path.join(FIX, rel)) as f:
        for n, line in enumerate(f, 1):
            w = line.split()
            if len(w) != 3:
                continue
            a = adv.setdefault(w[0], {"type": w[1], "pkgs": [], "line": n})
            a["pkgs"].append(rpm_name(w[2]))
    want = {}
    for a, x in adv.items():
        word = x["type"].split("/")[0] if x["type"].endswith("/Sec.") else None
        s = sev("redhat", None if word in (None, "Unknown") else word)
        names = x["pkgs"]
        title = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        want[("rhel6-db01.example.com", a)] = {
            "severity": s[0], "severity_assumed": s[1], "source_severity": word,
            "title": title, "released": TODAY, "released_assumed": True,
            "reboot": any(n in REBOOT_PKGS for n in names), "kind": "patch",
            "line": x["line"],
        }
    patch_file("yum-list-sec yum-list-sec-rhel6.txt", rel, want, FIELDS,
               "--asset", "rhel6-db01.example.com")


APT_REBOOT = re.compile(r"^(linux-image-.*|linux-firmware|intel-microcode|amd64-microcode|"
                        r"libc6|dbus)$")


def apt():
    rel = "apt-upgradable/apt-list-upgradable.txt"
    want = {}
    with open(os.path.join(FIX, rel)) as f:
        for n, line in enumerate(f, 1):
            m = re.match(r"^(\S+?)/(\S+) (\S+) (\S+) \[upgradable from: (\S+)\]$", line.strip())
            if not m:
                continue
            name, suites, new, _arch, old = m.groups()
            # the suites each once (formats.md, "apt list --upgradable": the
            # title): apt repeats one reached through two sources
            suites = ",".join(dict.fromkeys(suites.split(",")))
            want[("ubuntu-zesty-01.example.com", f"{name}={new}")] = {
                "severity": DEFAULT, "severity_assumed": True, "source_severity": None,
                "title": f"{name} {old} -> {new} ({suites})", "released": TODAY,
                "released_assumed": True, "reboot": bool(APT_REBOOT.match(name)),
                "kind": "patch", "line": n,
            }
    patch_file("apt apt-list-upgradable.txt", rel, want, FIELDS,
               "--asset", "ubuntu-zesty-01.example.com")


def docstrings(path, step):
    """The behave docstrings (between lines of three quotes) of a .feature
    file that follow a step whose text holds step, with the command of the
    `When I execute dnf with args "..."` before it: [(command, text)]."""
    with open(path) as f:
        lines = f.read().split("\n")
    out, cmd, i = [], "", 0
    while i < len(lines):
        m = re.search(r'execute dnf with args "([^"]*)"', lines[i])
        if m:
            cmd = m.group(1)
        if step in lines[i] and i + 1 < len(lines) and lines[i + 1].strip() == '"""':
            j = i + 2
            while lines[j].strip() != '"""':
                j += 1
            body = [x.strip() for x in lines[i + 2:j]]
            out.append((cmd, "\n".join(x for x in body if x != "<REPOSYNC>") + "\n"))
            i = j
        i += 1
    return out


def dnf_title(names):
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def dnf_want(host, records):
    """records: (advisory, severity word or None, nevra): the patches, one
    per advisory, its packages' names in the title (formats.md, "dnf")."""
    adv = {}
    for a, word, nevra, scan, line in records:
        x = adv.setdefault(a, {"word": word, "pkgs": [], "scan": scan, "line": line})
        x["pkgs"].append(rpm_name(nevra))
    want = {}
    for a, x in adv.items():
        sv = sev("redhat", x["word"])
        want[(host, a)] = {
            "severity": sv[0], "severity_assumed": sv[1], "source_severity": x["word"],
            "title": dnf_title(x["pkgs"]), "released": x["scan"], "released_assumed": True,
            "reboot": any(p in REBOOT_PKGS for p in x["pkgs"]), "kind": "patch",
            "line": x["line"]}
    return want


def one_hosts_output(fmt, n, text, host):
    """text written as the nth output of fmt and imported for host into a
    fresh database: (its path, the database, the result)."""
    name = os.path.join(TMP, f"{fmt}-{n}.out")
    with open(name, "w") as f:
        f.write(text)
    db = fresh(f"{fmt}-{n}")
    return name, db, pw(db, "import", "patches", name, "--asset", host, "--format", fmt)


def bug_line(words):
    """A line of --with-cve or --with-bz: a CVE or bug id where the
    advisory's goes, then the type and a package."""
    return len(words) == 3 and re.fullmatch(r"\d+|CVE-\d+(-\d+)?", words[0]) is not None \
        and re.search(r"-[^-]+-[^-]+\.[a-z0-9_]+$", words[2]) is not None


def dnf4_outputs():
    """Each stdout of dnf's own updateinfo tests, imported as dnf4 printed
    it: a list compared; a --with-cve or --with-bz list refused at its first
    line naming a CVE or bug id; a summary refused; an empty one nothing."""
    path = os.path.join(FIX, "dnf-updateinfo", "updateinfo.feature.dnf4-2022")
    host = asset_of("fedora29-ws.example.com")
    n = 0
    for cmd, text in docstrings(path, "stdout is"):
        n += 1
        lines = text.splitlines()
        name, db, r = one_hosts_output("dnf4", n, text, host)
        what = f"dnf4 `dnf {cmd}` ({len([x for x in lines if x])} lines)"
        w = [x.split() for x in lines]
        ref = [i for i, x in enumerate(w, 1) if bug_line(x)]
        rows = [(k, x) for k, x in enumerate(w, 1) if x and
                (len(x) == 3 or (len(x) == 4 and x[0] == "i"))
                and "-" in x[-1] and not re.fullmatch(r"\d+|CVE-\d+(-\d+)?", x[-3])]
        if ref:
            check(f"{what}: --with-cve/--with-bz output refused at line {ref[0]}",
                  r.returncode == 1 and f"{name}:{ref[0]}: " in r.stderr and
                  "CVE or bug id" in r.stderr, r.stderr)
        elif not any(lines):
            check(f"{what}: empty, nothing pending", r.returncode == 0 and
                  not got_patches(db), r.stdout + r.stderr)
        elif not rows:
            check(f"{what}: no advisory line, refused", r.returncode == 1 and
                  "no line reads ADVISORY TYPE PACKAGE" in r.stderr, r.stderr)
        else:
            recs = []
            for k, x in rows:
                if len(x) == 4:	# "i": installed, not pending
                    continue
                word = x[1].split("/")[0] if x[1].endswith("/Sec.") else None
                recs.append((x[0], None if word == "Unknown" else word, x[2], TODAY, k))
            check(f"{what}: imported", r.returncode == 0, r.stderr)
            compare(f"dnf4 `dnf {cmd}`", dnf_want(host, recs), got_patches(db), FIELDS)
    check(f"dnf4: {n} outputs of the feature file compared", n >= 15, n)


def dnf5_outputs():
    """Each JSON stdout of dnf5's own tests: `advisory list --json` lists
    compared (a severity no scale knows refuses its record, the others land
    with --skip-invalid); --with-bz and `info` objects refused; [] nothing."""
    path = os.path.join(FIX, "dnf-updateinfo", "updateinfo-json.feature.dnf5")
    host = asset_of("fedora29-ws.example.com")
    n = 0
    for cmd, text in (docstrings(path, "stdout json matches") +
                      docstrings(path, "stdout is")):
        doc = json_lines(text)
        n += 1
        name, db, r = one_hosts_output("dnf5", n, text, host)
        what = f"dnf5 `dnf {cmd}`"
        if not doc:
            check(f"{what}: [], nothing pending", r.returncode == 0 and
                  not got_patches(db), r.stdout + r.stderr)
            continue
        if "name" not in doc[0]:	# --with-bz's advisory_name, info's Name
            check(f"{what}: {sorted(doc[0])[0]}... objects refused",
                  r.returncode == 1, r.stdout + r.stderr)
            continue
        recs, unknown = [], []
        for o in doc:
            word = o["severity"] or None
            if word and word.lower() not in SCALES["redhat"]:
                unknown.append(word)
                continue
            bt = o["buildtime"]
            # buildtime is the scan date, not the release (formats.md "dnf5")
            scan = (dt.datetime.fromtimestamp(bt, dt.timezone.utc).date().isoformat()
                    if isinstance(bt, (int, float)) else str(bt)[:10])
            recs.append((o["name"], word, o["nevra"], scan, o.line))
        if unknown:
            check(f"{what}: {unknown} no scale knows refused, named",
                  r.returncode == 1 and all(u in r.stderr for u in unknown), r.stderr)
            r = pw(db, "import", "patches", name, "--asset", host, "--format", "dnf5",
                   "--skip-invalid")
            check(f"{what} --skip-invalid: the others land", r.returncode == 3, r.stderr)
        else:
            check(f"{what}: imported", r.returncode == 0, r.stderr)
        compare(what, dnf_want(host, recs), got_patches(db), FIELDS)
    check(f"dnf5: {n} JSON outputs of the feature file compared", n >= 8, n)


def dnf_with_updateinfo():
    """dnf's own `updateinfo list` output and the updateinfo.xml of the same
    test repository (dnf-ci-fedora-updates), imported in either order: the
    advisory's issued date and severity stand in for the list's assumed ones
    (formats.md, "Advisories")."""
    path = os.path.join(FIX, "dnf-updateinfo", "updateinfo.feature.dnf4-2022")
    text = next(t for c, t in docstrings(path, "stdout is") if c == "updateinfo list")
    name = os.path.join(TMP, "dnf4-updates.txt")
    with open(name, "w") as f:
        f.write(text)
    root = ET.parse(os.path.join(FIX, "dnf-updateinfo", "updateinfo.xml")).getroot()
    adv = {u.findtext("id"): (u.find("issued").get("date")[:10],
                              SCALES["redhat"][u.findtext("severity").strip().lower()])
           for u in root.iter("update")}
    host = asset_of("fedora29-ws.example.com")
    listed = [line.split()[0] for line in text.splitlines() if line.strip()]
    want = {(host, a): adv[a] for a in listed if a in adv}
    for order in ("patches first", "advisories first"):
        db = fresh("dnf-ui-" + order[0])
        steps = [("patches", name, "--asset", host, "--format", "dnf4"),
                 ("advisories", os.path.join(FIX, "dnf-updateinfo", "updateinfo.xml"))]
        for st in (steps if order == "patches first" else steps[::-1]):
            r = pw(db, "import", *st)
            check(f"dnf4 list + updateinfo.xml, {order}: {st[0]} imported",
                  r.returncode == 0, r.stderr)
        got = got_patches(db)
        bad = [f"{k}: {got.get(k)}" for k, (rel, sv) in want.items()
               if k not in got or (got[k]["released"], got[k]["released_assumed"],
                                   got[k]["severity"], got[k]["severity_assumed"])
               != (rel, False, sv, False)]
        check(f"dnf4 list + updateinfo.xml, {order}: {len(want)} patches take the "
              "advisories' issued dates and severities", len(want) >= 2 and not bad,
              "; ".join(bad))


def ssm_compliance():
    """list-compliance-items' Output:: block (the .rst's; its "..." elision
    taken out): Association items only, no Patch item."""
    with open(os.path.join(FIX, "aws-ssm-patch-compliance", "list-compliance-items.rst")) as f:
        rst = f.read()
    block = rst.split("Output::", 1)[1]
    text = "\n".join(x for x in block.split("\n") if x.strip() != "...")
    text = re.sub(r",(\s*[\]}])", r"\1", text[:text.rindex("}") + 1])
    doc = json.loads(text)
    items = [i for i in doc["ComplianceItems"] if i["ComplianceType"] == "Patch"
             and i["Status"] == "NON_COMPLIANT"]
    name = os.path.join(TMP, "list-compliance-items.json")
    with open(name, "w") as f:
        f.write(text)
    db = fresh("compliance")
    r = pw(db, "import", "patches", name, "--format", "ssm-compliance")
    others = len(doc["ComplianceItems"]) - len(items)
    check(f"ssm-compliance list-compliance-items: {len(items)} patches, {others} other "
          "items said skipped", r.returncode == 0 and len(got_patches(db)) == len(items)
          and str(others) in r.stderr, r.stdout + r.stderr)


# ---- advisories: CSAF, updateinfo.xml, describe-available-patches ------------
def got_advisories(db):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, title, severity, released, cves, reboot FROM advisories")
    out = {r[0]: {"title": r[1], "severity": r[2], "released": r[3],
                  "cves": r[4] or None, "reboot": r[5]} for r in rows}
    con.close()
    return out


def advisory_file(what, rel, want):
    r, db = imported("advisories", rel)
    check(f"{what}: imported", r.returncode == 0, r.stderr)
    got = got_advisories(db)
    check(f"{what}: the same advisory ids", set(want) == set(got),
          f"file {sorted(want)}, patchwave {sorted(got)}")
    bad = [f"{k} {f}: file {w[f]!r}, patchwave {got[k][f]!r}"
           for k, w in want.items() if k in got for f in w if w[f] != got[k][f]]
    check(f"{what}: title, severity, released, cves, reboot agree", not bad, "; ".join(bad))


def csaf():
    for name in ("rhsa-2019_1862.json", "rhsa-2021_5217.json"):
        with open(os.path.join(FIX, "csaf-advisory", name)) as f:
            full = json.load(f)
        d = full["document"]
        fixes = [rem for v in full.get("vulnerabilities", [])
                 for rem in v.get("remediations", []) if rem["category"] == "vendor_fix"]
        want = {}
        if fixes:
            rs = {(rem.get("restart_required") or {}).get("category") for rem in fixes}
            reboot = 1 if rs & {"machine", "zone", "system"} else \
                (0 if rs - {None} else None)
            want[d["tracking"]["id"]] = {
                "title": d["title"],
                "severity": SCALES["redhat"][d["aggregate_severity"]["text"].lower()],
                "released": d["tracking"]["initial_release_date"][:10],
                "cves": ",".join(cve_list(v["cve"] for v in full["vulnerabilities"]
                                          if "cve" in v)) or None,
                "reboot": reboot,
            }
        advisory_file(f"csaf {name}", "csaf-advisory/" + name, want)


def updateinfo():
    rel = "dnf-updateinfo/updateinfo.xml"
    root = ET.parse(os.path.join(FIX, rel)).getroot()
    want = {}
    for u in root.iter("update"):
        issued = u.find("issued").get("date")
        if issued.isdigit():
            issued = dt.datetime.fromtimestamp(int(issued), dt.timezone.utc).date().isoformat()
        cves = [(r.get("id") if not r.get("id").isdigit() else r.get("title"))
                for r in u.iter("reference") if r.get("type") == "cve"]
        rs = [(x.text or "").strip() for x in u.iter("reboot_suggested")]
        sv = (u.findtext("severity") or "").strip()
        want[u.findtext("id")] = {
            "title": u.findtext("title"),
            "severity": SCALES["redhat"][sv.lower()] if sv else None,
            "released": issued[:10], "cves": ",".join(cve_list(cves)) or None,
            "reboot": 1 if any(x in ("True", "true", "1") for x in rs) else 0,
        }
    advisory_file("updateinfo updateinfo.xml", rel, want)


def ssm_available(rel):
    with open(os.path.join(FIX, rel)) as f:
        doc = json.load(f)
    want = {}
    for p in doc["Patches"]:
        s = SCALES["msrc"][p["MsrcSeverity"].lower()] if p.get("MsrcSeverity") else \
            (SCALES["ssm"][p["Severity"].lower()] if p.get("Severity") else None)
        want[p.get("KbNumber") or p["Id"]] = {
            "title": p["Title"], "severity": s,
            "released": dt.datetime.fromtimestamp(p["ReleaseDate"], dt.timezone.utc)
            .date().isoformat(),
            "cves": ",".join(p.get("CVEIds") or []) or None,
        }
    advisory_file(f"ssm-available {os.path.basename(rel)}", rel, want)


# ---- calendars: events, their times and assets --------------------------------
def events(db):
    con = sqlite3.connect(db)
    ev = con.execute("SELECT id, uid, provider_id, summary, dtstart, start_tz, dtend, "
                     "end_tz, duration, rrules, latest_start FROM cal_events").fetchall()
    names = {}
    for eid, name, key in con.execute(
            "SELECT e.event_id, e.name, a.key FROM cal_event_assets e "
            "LEFT JOIN assets a ON a.id = e.asset_id ORDER BY e.event_id, e.ord"):
        names.setdefault(eid, []).append((name, key))
    con.close()
    return [dict(zip(("id", "uid", "provider_id", "summary", "dtstart", "start_tz", "dtend",
                      "end_tz", "duration", "rrules", "latest_start"), e),
                 assets=names.get(e[0], [])) for e in ev]


def occurrences(db, frm, to):
    r = pw(db, "--tz", "UTC", "occurrences", "--from", frm, "--to", to, "--format", "json")
    return json.loads(r.stdout)


def utc(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


def calendar_file(rel, *opts):
    db = fresh(re.sub(r"\W", "_", rel))
    r = pw(db, "import", "calendar", os.path.join(FIX, rel), "--kind", "provider", *opts)
    return r, db


def health_eventbridge():
    rel = "aws-health-events/eventbridge-scheduledChange-ec2.json"
    with open(os.path.join(FIX, rel)) as f:
        e = json.load(f)
    d = e["detail"]
    start = dt.datetime.strptime(d["startTime"], "%a, %d %b %Y %H:%M:%S %Z") \
        .replace(tzinfo=dt.timezone.utc)
    end = start + dt.timedelta(hours=1)	# formats.md "AWS Health": no endTime, one hour
    ents = [x["entityValue"] for x in d.get("affectedEntities", [])]
    r, db = calendar_file(rel)
    check("aws-health eventbridge: imported", r.returncode == 0, r.stderr)
    ev = events(db)
    check("aws-health eventbridge: one event, by its arn",
          [x["provider_id"] for x in ev] == [d["eventArn"]], ev)
    if len(ev) == 1:
        occ = occurrences(db, (start - dt.timedelta(days=1)).date().isoformat(),
                          (end + dt.timedelta(days=1)).date().isoformat())
        times = [(utc(o["start"]), utc(o["end"])) for o in occ if o.get("start")]
        check("aws-health eventbridge: start, and end one hour later",
              times == [(start, end)], f"patchwave {times}, file {start}..{end}")
        check("aws-health eventbridge: its instances", [n for n, _ in ev[0]["assets"]] == ents
              and all(k == asset_of(n) for n, k in ev[0]["assets"]), ev[0]["assets"])
        check("aws-health eventbridge: summary SERVICE EVENTTYPECODE: text",
              ev[0]["summary"].startswith(f"{d['service']} {d['eventTypeCode']}"),
              ev[0]["summary"])


def health_folder():
    """describe-events (issue, accountNotification), describe-event-details
    (an issue) and describe-affected-entities: no scheduledChange among them."""
    cats = []
    for name in ("describe-events.json", "describe-event-details.json"):
        with open(os.path.join(FIX, "aws-health-events", name)) as f:
            doc = json.load(f)
        cats += [e["eventTypeCategory"] for e in doc.get("events", [])]
        cats += [s["event"]["eventTypeCategory"] for s in doc.get("successfulSet", [])]
    sched = cats.count("scheduledChange")
    for name in ("describe-events.json", "describe-event-details.json",
                 "describe-affected-entities.json"):
        r, db = calendar_file("aws-health-events/" + name)
        check(f"aws-health {name}: imported, {sched} scheduled changes",
              r.returncode == 0 and len(events(db)) == sched, r.stdout + r.stderr)
    # the others counted by category, in the file's order (formats.md "AWS Health")
    with open(os.path.join(FIX, "aws-health-events", "describe-events.json")) as f:
        order = [e["eventTypeCategory"] for e in json.load(f)["events"]]
    counts = " and ".join(f"{order.count(c)} {c}" for c in dict.fromkeys(order)
                          if c != "scheduledChange")
    r, _ = calendar_file("aws-health-events/describe-events.json")
    check(f"aws-health describe-events.json: '{counts} events skipped'",
          f"{counts} events skipped: not scheduled maintenance" in r.stderr, r.stderr)


def rds():
    rel = "aws-rds-pending-maintenance/describe-pending-maintenance-actions.json"
    with open(os.path.join(FIX, rel)) as f:
        doc = json.load(f)
    want, summaries = {}, {}
    for res in doc["PendingMaintenanceActions"]:
        for a in res["PendingMaintenanceActionDetails"]:
            date = a.get("CurrentApplyDate") or a.get("ForcedApplyDate") or \
                a.get("AutoAppliedAfterDate")
            want[res["ResourceIdentifier"] + "/" + a["Action"]] = (date, res["ResourceIdentifier"])
            summaries[res["ResourceIdentifier"] + "/" + a["Action"]] = a.get("Description", "")
    r, db = calendar_file(rel)
    check("rds-pending: imported", r.returncode == 0, r.stderr)
    ev = {e["provider_id"]: e for e in events(db)}
    check("rds-pending: one event per resource and action", set(ev) == set(want),
          f"file {sorted(want)}, patchwave {sorted(ev)}")
    for k, (date, arn) in want.items():
        if k not in ev:
            continue
        e = ev[k]
        check(f"rds-pending {k}: {'start ' + date if date else 'undated'}",
              (e["dtstart"] == "") if not date else utc(e["dtstart"]) == utc(date), e)
        check(f"rds-pending {k}: names {arn}", [n for n, _ in e["assets"]] == [arn], e["assets"])
        act, desc = k.rsplit("/", 1)[1], summaries[k]
        check(f"rds-pending {k}: summary 'RDS {act}: {desc}'",
              e["summary"].startswith(f"RDS {act}: {desc}"), e["summary"])
    # an undated action: a warning at its line, that of the action's first key
    with open(os.path.join(FIX, rel)) as f:
        lines = f.read().split("\n")
    for k, (date, arn) in want.items():
        if date:
            continue
        act = k.rsplit("/", 1)[1]
        at = next(i for i, x in enumerate(lines, 1) if re.search(r'"Action"\s*:\s*"%s"' %
                                                                  re.escape(act), x))
        check(f"rds-pending {k}: 'pending with no date' warned at line {at}",
              f"{os.path.join(FIX, rel)}:{at}: warning: {arn}: action {act} is pending "
              "with no date" in r.stderr, r.stderr)


def md_json_blocks(text):
    """The JSON lists of the EC2 user guide's excerpt, in order; its CLI
    example `[ "Events": [...] ]` (not JSON as printed) as the list of
    events it means."""
    out, depth, start = [], 0, None
    for i, ch in enumerate(text):
        if ch == "[" and depth == 0:
            start = i
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0 and start is not None:
                block = text[start:i + 1]
                m = re.match(r'\[\s*"Events":\s*(\[.*\])\s*\]$', block, re.S)
                try:
                    out.append(json.loads(m.group(1) if m else block) or None)
                except json.JSONDecodeError:	# the prose's "[...]", "[]"
                    pass
                start = None
    return [x for x in out if x]


def ec2_time(s):
    for fmt in ("%Y-%m-%dT%H:%M:%S.%fZ", "%d %b %Y %H:%M:%S GMT"):
        try:
            return dt.datetime.strptime(s, fmt).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            pass
    raise ValueError(s)


def ec2_events():
    """The user guide's events, in the CLI's own shape (describe-instance-
    status on i-1234567890abcdef0), and the instance metadata's lists."""
    with open(os.path.join(FIX, "aws-ec2-scheduled-events",
                           "describe-instance-status-events-excerpt.md")) as f:
        blocks = md_json_blocks(f.read())
    instance = "i-1234567890abcdef0"
    cli = {"InstanceStatuses": [{"InstanceId": instance, "Events": blocks[0] + blocks[1]}]}
    for what, doc, opts, id_key in (
            ("describe-instance-status", cli, (), "InstanceEventId"),
            ("metadata scheduled", blocks[2], ("--asset", asset_of(instance)), "EventId"),
            ("metadata history", blocks[3], ("--asset", asset_of(instance)), "EventId")):
        evs = doc["InstanceStatuses"][0]["Events"] if isinstance(doc, dict) else doc
        want, summary = {}, {}
        for e in evs:
            if e.get("Description", "").startswith(("[Completed]", "[Canceled]")) or \
                    e.get("State") in ("completed", "canceled"):
                continue
            start = ec2_time(e["NotBefore"])
            # no NotAfter: one hour (formats.md, "EC2 scheduled events")
            end = ec2_time(e["NotAfter"]) if "NotAfter" in e else start + dt.timedelta(hours=1)
            late = ec2_time(e["NotBeforeDeadline"]) if "NotBeforeDeadline" in e else None
            want[e[id_key]] = (start, end, late)
            summary[e[id_key]] = f"{e['Code']}: {e['Description']}"
        name = os.path.join(TMP, f"ec2-{len(what)}.json")
        with open(name, "w") as f:
            json.dump(doc, f, indent=2)
        db = fresh(f"ec2-{len(what)}")
        r = pw(db, "import", "calendar", name, "--kind", "provider", *opts)
        check(f"ec2-events {what}: imported", r.returncode == 0, r.stderr)
        ev = {e["provider_id"]: e for e in events(db)}
        check(f"ec2-events {what}: events {sorted(want)}", set(ev) == set(want),
              sorted(ev))
        occ = occurrences(db, "2015-01-01", "2020-01-01")
        got = {}
        for o in occ:
            got.setdefault(o.get("uid"), []).append((utc(o["start"]), utc(o["end"])))
        for k, (start, end, late) in want.items():
            if k not in ev:
                continue
            e = ev[k]
            check(f"ec2-events {what} {k}: {start:%Y-%m-%dT%H:%MZ} to {end:%Y-%m-%dT%H:%MZ}, "
                  f"movable until {late}, on {instance}",
                  got.get(e["uid"]) == [(start, end)] and
                  (utc(e["latest_start"]) if e["latest_start"] else None) == late and
                  [k2 for _, k2 in e["assets"]] == [asset_of(instance)],
                  f"{e} {got.get(e['uid'])}")
            check(f"ec2-events {what} {k}: summary 'Code: Description'",
                  e["summary"] == summary[k], e["summary"])


def ics_windows():
    """Uyuni's Exchange calendar: two weekly windows in Windows' "W. Europe
    Standard Time" (Europe/Berlin, CLDR), UNTIL in UTC, walked here."""
    rel = "uyuni-maintenance-ical/maintenance-windows-multi-exchange-1.ics"
    with open(os.path.join(FIX, rel), newline="") as f:
        text = re.sub(r"\r?\n[ \t]", "", f.read()).replace("\r", "")
    berlin = ZoneInfo("Europe/Berlin")
    want = []
    for ev in re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", text, re.S):
        p = dict(re.match(r"([A-Z-]+)[^:]*:(.*)", x).groups() for x in ev.strip().split("\n"))
        start = dt.datetime.strptime(p["DTSTART"], "%Y%m%dT%H%M%S").replace(tzinfo=berlin)
        end = dt.datetime.strptime(p["DTEND"], "%Y%m%dT%H%M%S").replace(tzinfo=berlin)
        rule = dict(x.split("=") for x in p["RRULE"].split(";"))
        assert rule["FREQ"] == "WEEKLY" and rule["INTERVAL"] == "1"
        until = dt.datetime.strptime(rule["UNTIL"], "%Y%m%dT%H%M%SZ").replace(
            tzinfo=dt.timezone.utc)
        day = start.date()
        while True:
            s = dt.datetime.combine(day, start.time(), berlin)
            if s > until:
                break
            want.append((p["SUMMARY"], s.astimezone(dt.timezone.utc),
                         dt.datetime.combine(day, end.time(), berlin)
                         .astimezone(dt.timezone.utc)))
            day += dt.timedelta(weeks=1)
    r, db = calendar_file(rel)
    check("ics uyuni: imported", r.returncode == 0, r.stderr)
    got = [(o["summary"], utc(o["start"]), utc(o["end"]))
           for o in occurrences(db, "2020-01-01", "2021-01-01")]
    check(f"ics uyuni: {len(want)} weekly occurrences, Berlin time across the DST change",
          sorted(got) == sorted(want),
          f"only patchwave {sorted(set(got) - set(want))[:3]}, "
          f"only the file {sorted(set(want) - set(got))[:3]}")


def azure_maintenance():
    rel = "azure-update-manager/MaintenanceConfigurations_GetForResource_GuestOSPatchLinux.json"
    with open(os.path.join(FIX, rel)) as f:
        doc = json.load(f)
    c = doc["responses"]["200"]["body"]
    mw = c["properties"]["maintenanceWindow"]
    # Windows' "Pacific Standard Time" is America/Los_Angeles (CLDR windowsZones)
    zone = ZoneInfo({"Pacific Standard Time": "America/Los_Angeles"}.get(mw["timeZone"],
                                                                         mw["timeZone"]))
    first = dt.datetime.strptime(mw["startDateTime"], "%Y-%m-%d %H:%M").replace(tzinfo=zone)
    m = re.fullmatch(r"(\d+)Days?", mw["recurEvery"])
    step = int(m.group(1))
    h, mi = map(int, mw["duration"].split(":"))
    length = dt.timedelta(hours=h, minutes=mi)
    frm, to = dt.date(2026, 1, 1), dt.date(2026, 4, 1)
    want, day = [], first.date()
    while day < to:	# wall-clock time in the zone, so DST moves the UTC hour
        s = dt.datetime.combine(day, first.time(), zone).astimezone(dt.timezone.utc)
        if frm <= s.date() < to:
            want.append((s, s + length))
        day += dt.timedelta(days=step)
    r, db = calendar_file(rel)
    check("azure-maintenance: imported", r.returncode == 0, r.stderr)
    ev = events(db)
    check("azure-maintenance: one event, by the configuration's id",
          [e["provider_id"] or e["uid"] for e in ev] == [c["id"]], [e["uid"] for e in ev])
    check("azure-maintenance: summary 'Azure maintenance NAME (SCOPE)'",
          [e["summary"] for e in ev] ==
          [f"Azure maintenance {c['name']} ({c['properties']['maintenanceScope']})"],
          [e["summary"] for e in ev])
    occ = occurrences(db, frm.isoformat(), to.isoformat())
    got = [(utc(o["start"]), utc(o["end"])) for o in occ]
    check(f"azure-maintenance: every {step}th day {mw['startDateTime'][11:]} "
          f"{mw['timeZone']} for {mw['duration']}, {len(want)} in Jan-Mar 2026",
          got == want, f"patchwave {got[:3]}..., file {want[:3]}...")


def ssm_windows():
    """The aws-cli's get-maintenance-window example (in its .rst only: the
    Output block, whose ModifiedDate the page leaves unquoted) read as
    formats.md "AWS SSM maintenance windows" says: rate(3 days) from
    NextExecutionTime, Duration hours, Cutoff kept; and the
    describe-maintenance-window-schedule sample's ExecutionTimes, a week
    apart, as the runs of the weekly cron they imply."""
    d = os.path.join(FIX, "aws-ssm-maintenance-window")
    with open(os.path.join(d, "get-maintenance-window.rst")) as f:
        page = f.read()
    lines = []
    for line in page.split("Output::", 1)[1].split("\n")[2:]:
        lines.append(line[4:])
        if line == "    }":
            break
    text = "\n".join(lines) + "\n"
    path = os.path.join(TMP, "gmw.json")
    with open(path, "w") as f:
        f.write(text)
    bad_line = next(i for i, l in enumerate(text.split("\n"), 1)
                    if re.match(r'\s*"ModifiedDate": [^"]', l))
    db = fresh("ssm_windows")
    r = pw(db, "import", "calendar", path, "--kind", "window", "--name", "gmw")
    check(f"ssm-windows: the page's example refused at line {bad_line} (ModifiedDate "
          "is no JSON string)", r.returncode == 1 and f"gmw.json:{bad_line}: JSON" in r.stderr,
          r.stderr)
    with open(path, "w") as f:
        f.write(re.sub(r'("ModifiedDate": )([^",]+)', r'\1"\2"', text))
    with open(path) as f:
        w = json.load(f)
    r = pw(db, "import", "calendar", path, "--kind", "window", "--name", "gmw")
    check("ssm-windows: quoted, imported", r.returncode == 0, r.stderr)
    ev = events(db)
    check("ssm-windows: one event, by WindowId, named by Name",
          [(e["uid"], e["provider_id"], e["summary"]) for e in ev] ==
          [(w["WindowId"], w["WindowId"], f"SSM maintenance window {w['Name']}")], ev)
    con = sqlite3.connect(db)
    cut = con.execute("SELECT cutoff_minutes FROM cal_events").fetchall()
    con.close()
    check(f"ssm-windows: Cutoff {w['Cutoff']} h kept", cut == [(w["Cutoff"] * 60,)], cut)
    m = re.fullmatch(r"rate\((\d+) days?\)", w["Schedule"])
    first = utc(w["NextExecutionTime"]).replace(microsecond=0)
    want = [(first + dt.timedelta(days=int(m.group(1)) * k),
             first + dt.timedelta(days=int(m.group(1)) * k, hours=w["Duration"]))
            for k in range(10)]
    got = [(utc(o["start"]), utc(o["end"])) for o in
           occurrences(db, first.date().isoformat(),
                       (want[-1][0] + dt.timedelta(minutes=1)).isoformat()[:16])]
    check(f"ssm-windows: {w['Schedule']} from NextExecutionTime, {w['Duration']} h each",
          got == want, f"patchwave {got[:3]}, here {want[:3]}")

    with open(os.path.join(d, "describe-maintenance-window-schedule.json")) as f:
        runs = json.load(f)["ScheduledWindowExecutions"]
    r = pw(db, "import", "calendar", os.path.join(d, "describe-maintenance-window-schedule.json"),
           "--kind", "window", "--name", "sch")
    check("ssm-windows: describe-maintenance-window-schedule refused (runs without a "
          "Duration)", r.returncode == 1 and "describe-maintenance-window-schedule" in r.stderr,
          r.stderr)
    times = [utc(x["ExecutionTime"].replace("Z", ":00Z")) for x in runs]
    if len(times) > 1 and all(b - a == dt.timedelta(weeks=1) for a, b in zip(times, times[1:])):
        t = times[0]
        dow = "SUN MON TUE WED THU FRI SAT".split()[t.isoweekday() % 7]
        win = {"WindowId": runs[0]["WindowId"], "Name": runs[0]["Name"], "Enabled": True,
               "Duration": 1, "Cutoff": 0,
               "Schedule": f"cron({t.minute} {t.hour} ? * {dow} *)",
               "StartDate": t.isoformat()}
        path = os.path.join(TMP, "schedule-window.json")
        with open(path, "w") as f:
            json.dump(win, f)
        r = pw(db, "import", "calendar", path, "--kind", "window", "--name", "sch")
        got = [utc(o["start"]) for o in occurrences(
            db, times[0].date().isoformat(), (times[-1] + dt.timedelta(days=1)).date().isoformat())
            if o["calendar"] == "sch"]
        check(f"ssm-windows: {win['Schedule']} runs at the sample's ExecutionTimes "
              f"({', '.join(x['ExecutionTime'] for x in runs)})",
              r.returncode == 0 and got == times, f"{r.stderr} patchwave {got}")


# ---- refusals: the reason and the FILE:LINE -----------------------------------
def refusals():
    # the behave files around dnf's outputs, read as dnf4 and dnf5 output:
    # dnf4's refused at its first --with-cve/--with-bz line (a CVE or bug id
    # where the advisory's goes), dnf5's where Python's json stops
    def first_bug_line(text):
        return next(i for i, x in enumerate(text.split("\n"), 1) if bug_line(x.split()))

    def json_stops(text):
        try:
            json.loads(text)
            return 0
        except json.JSONDecodeError as e:
            return e.lineno
    for fmt, name, said, where in (
            ("dnf4", "updateinfo.feature.dnf4-2022", "CVE or bug id", first_bug_line),
            ("dnf5", "updateinfo-json.feature.dnf5", "JSON", json_stops)):
        rel = "dnf-updateinfo/" + name
        path = os.path.join(FIX, rel)
        with open(path) as f:
            want = where(f.read())
        r, _ = imported("patches", rel, "--asset", "fedora29-ws.example.com", "--format", fmt)
        m = re.search(re.escape(path) + r":(\d+): .*" + said, r.stderr)
        check(f"{fmt} {name}: refused ({said}) at line {want}",
              r.returncode == 1 and m and int(m.group(1)) == want, r.stderr)
    # describe-available-patches with a record spoiled (a ReleaseDate that is
    # no date): refused at that record, and no hint to import it as patches
    with open(os.path.join(FIX, "aws-ssm-patch-compliance",
                           "describe-available-patches.json")) as f:
        text = f.read()
    doc = json_lines(text)
    at = doc["Patches"][0].line
    path = os.path.join(TMP, "spoiled-available.json")
    with open(path, "w") as f:
        f.write(re.sub(r'"ReleaseDate": [0-9.]+', '"ReleaseDate": "soon"', text, count=1))
    r, _ = imported("advisories", path)
    check(f"describe-available-patches, a ReleaseDate spoiled: refused at line {at}, "
          "no hint to import it as patches",
          r.returncode == 1 and f"{path}:{at}: ReleaseDate is not a date" in r.stderr and
          "import patches" not in r.stderr, r.stderr)
    # A file of one import given to another: refused at line 1, naming the
    # import that reads it (describe-available-patches is advisories, with
    # --asset or without; formats.md "What every patch source shares")
    kinds = {"patches": ["nessus-xml-v2/example-trimmed.nessus",
                         "tenable-csv/tenable-sc-export.csv",
                         "qualys-xml/infrascan-webgui-report.xml",
                         "openscap-oval/xccdf-from-oval-rhsa-one-vuln.xml",
                         "aws-ssm-patch-compliance/describe-instance-patches.json",
                         "aws-ssm-patch-compliance/describe-instance-patch-states.json",
                         "azure-update-manager/VirtualMachine_AssessPatches.json"],
             "advisories": ["csaf-advisory/rhsa-2021_5217.json",
                            "dnf-updateinfo/updateinfo.xml",
                            "aws-ssm-patch-compliance/describe-available-patches.json"],
             "calendar": ["aws-rds-pending-maintenance/describe-pending-maintenance-actions.json",
                          "uyuni-maintenance-ical/maintenance-windows-multi-exchange-1.ics"]}
    for right, files in kinds.items():
        for rel in files:
            for wrong in ("patches", "advisories", "calendar"):
                if wrong == right:
                    continue
                for opts in ([], ["--asset", asset_of("ssm-win-01")]) if wrong == "patches" \
                        else ([],):
                    extra = ["--kind", "provider"] if wrong == "calendar" else []
                    r, _ = imported(wrong, rel, *extra, *opts)
                    m = re.search(re.escape(os.path.join(FIX, rel)) + r":(\d+): no %s format "
                                  r"reads this file: it is [\w-]+, which import %s reads" %
                                  (wrong, right), r.stderr)
                    check(f"{rel} given to import {wrong}{' ' + ' '.join(opts) if opts else ''}"
                          f": refused at line 1, naming import {right}",
                          r.returncode == 1 and m and m.group(1) == "1", r.stderr)

    # the CLI's documentation pages (.rst, .md): prose, read as a CSV whose
    # first line is the header; the SSM maintenance-window inputs: no patch
    # format's (tests/data/fixtures_expected.txt says why each is refused)
    for d in sorted(os.listdir(FIX)):
        if not os.path.isdir(os.path.join(FIX, d)):
            continue
        for name in sorted(os.listdir(os.path.join(FIX, d))):
            rel = f"{d}/{name}"
            path = os.path.join(FIX, rel)
            if name.endswith((".rst", ".md")):
                with open(path) as f:
                    head = next(csv.reader(f))
                r, _ = imported("patches", rel)
                check(f"{rel}: refused at line 1, its first line no header naming a host",
                      r.returncode == 1 and f"{path}:1: no 'hostname' column" in r.stderr
                      and not {"hostname", "host", "asset", "key"} & {h.strip().lower()
                                                                     for h in head},
                      r.stderr)
            elif d == "aws-ssm-maintenance-window":
                r, _ = imported("patches", rel)
                check(f"{rel}: refused, no patch format's",
                      r.returncode == 1 and "no patches format reads this file" in r.stderr,
                      r.stderr)


def main():
    nessus()
    nessus_undated()
    tenable()
    qualys_csv()
    qualys_xml()
    xccdf()
    for name in ("describe-instance-patches.json", "describe-instance-patches-2.json"):
        ssm_patches("aws-ssm-patch-compliance/" + name)
    for name in ("describe-instance-patch-states.json",
                 "describe-instance-patch-states-for-patch-group.json",
                 "describe-instance-patch-states-for-patch-group-2.json",
                 "describe-instance-patch-states-for-patch-group-3.json"):
        ssm_states("aws-ssm-patch-compliance/" + name)
    azure_assess()
    yum_list_sec()
    dnf4_outputs()
    dnf5_outputs()
    dnf_with_updateinfo()
    ssm_compliance()
    apt()
    csaf()
    updateinfo()
    for name in ("describe-available-patches.json", "describe-available-patches-2.json"):
        ssm_available("aws-ssm-patch-compliance/" + name)
    health_eventbridge()
    health_folder()
    rds()
    azure_maintenance()
    ssm_windows()
    ec2_events()
    ics_windows()
    refusals()


try:
    main()
finally:
    shutil.rmtree(TMP)
sys.exit(T.summary())
