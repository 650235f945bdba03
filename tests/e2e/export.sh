#!/bin/sh
# End-to-end tests of writing the CAB pack where others may write: links
# planted by another user, folders not ours or open to others, a pack
# replaced whole (no stale files), a full disk leaving the previous pack.
# The other user is nobody (65534) through setpriv, so that part needs root.
# Usage: tests/e2e/export.sh PATCHWAVE
set -u
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

DB=$T/x.db
YEAR=$(date -u +%Y)
C1=CHG-$YEAR-0001 C2=CHG-$YEAR-0002
export SOURCE_DATE_EPOCH=1795000000
sh demo/load.sh "$PW" "$DB" || bad "demo loads"
as() { who=$1; shift; "$PW" --db "$DB" --as "$who" "$@" >"$T/out" 2>"$T/err"; }
"$PW" --db "$DB" conflicts --format json | jq -r '.[] | select(.severity ==
    "warning" and .acknowledged == null) | .id' | while read -r id; do
	"$PW" --db "$DB" ack "$id" --reason "slack still positive" >/dev/null
done
w4=$("$PW" --db "$DB" waves --format json | jq -r '[.[] | select(.window == "thursday-no-reboot")][0].id')
for w in 1 "$w4"; do
	as alice change create --wave "$w" --title "wave $w" --test-plan t --backout-plan b
done
for c in "$C1" "$C2"; do
	as alice change submit "$c" && as bob change approve "$c" --comment ok &&
	    as carol change approve "$c" --comment ok || bad "approve $c" "$(cat "$T/err")"
done
# What a folder holds: names, types, modes and contents.
snap() { (cd "$1" && find . -printf '%p %y %m\n' | sort && find . -type f -exec sha256sum {} + | sort); }
links() { find "$@" -type l | head -3; }
temps() { ls -A "$1" | grep '^\.' | head -3; }

# ---- a pack replaced whole ---------------------------------------------------
P=$T/pack
run 0 export -o "$P" && has "for 2 changes" "$T/out" && ok "export two approved changes" || bad "export" "$(cat "$T/out" "$T/err")"
(cd "$P" && sha256sum -c --quiet SHA256SUMS) && ok "SHA256SUMS checks with sha256sum -c" || bad "sha256sums"
before=$(snap "$P")
run 0 export -o "$P" && [ "$(snap "$P")" = "$before" ] && ok "re-export into the same folder: the same bytes and modes" || bad "re-export" "$(cat "$T/err")"
as alice change cancel "$C2" --comment "not this week" || bad "cancel" "$(cat "$T/err")"
run 0 export -o "$P"
if [ ! -e "$P/$C2.md" ] && [ -f "$P/$C1.md" ] && (cd "$P" && sha256sum -c --quiet SHA256SUMS) &&
    [ "$(ls "$P" | wc -l)" = "$(($(wc -l <"$P/SHA256SUMS") + 1))" ]; then
	ok "a change cancelled since: its CHG-*.md gone, the pack is what SHA256SUMS lists"
else
	bad "stale file" "$(ls "$P")"
fi
[ -z "$(temps "$T")" ] && ok "no temporary folder left beside it" || bad "temporaries" "$(temps "$T")"

# ---- what is in the folder -----------------------------------------------------
echo mine >"$P/notes.txt"
before=$(snap "$P")
run 1 export -o "$P" && has "holds notes.txt, which its SHA256SUMS does not list" "$T/err" &&
    [ "$(snap "$P")" = "$before" ] && ok "a file the pack did not write is named, kept, and the pack left as it was" || bad "user file" "$(cat "$T/err")"
rm "$P/notes.txt"
echo precious >"$T/victim"
chmod 0640 "$T/victim"
rm "$P/index.html" && ln -s "$T/victim" "$P/index.html"
run 1 export -o "$P" && has "pack/index.html is a symbolic link: refusing" "$T/err" &&
    [ "$(cat "$T/victim")" = precious ] && ok "a link in the pack is refused, not followed" || bad "link in pack" "$(cat "$T/err")"
rm "$P/index.html"
run 0 export -o "$P" && [ -z "$(links "$P")" ] && ok "re-export once the link is gone" || bad "after link" "$(cat "$T/err")"
echo "a file" >"$T/file"
run 1 export -o "$T/file" && has "is not a folder" "$T/err" && [ "$(cat "$T/file")" = "a file" ] && ok "a file where the pack should be is refused" || bad "file target" "$(cat "$T/err")"
mkdir -m 0777 "$T/ow"
run 1 export -o "$T/ow" && has "ow is writable by others (mode 0777): refusing" "$T/err" && [ -z "$(ls -A "$T/ow")" ] && ok "a folder writable by others is refused" || bad "o+w" "$(cat "$T/err")"
mkdir -m 0770 "$T/gw"
run 1 export -o "$T/gw" && has "gw is writable by its group (mode 0770): refusing" "$T/err" && ok "a folder writable by its group is refused" || bad "g+w" "$(cat "$T/err")"
mkdir -m 0777 "$T/open"
run 1 export -o "$T/open/pack" && has "open is writable by others (mode 0777) and not a sticky" "$T/err" && [ -z "$(ls -A "$T/open")" ] && ok "a pack in a folder anyone may rename in is refused" || bad "parent o+w" "$(cat "$T/err")"

# ---- a full disk -----------------------------------------------------------------
# With nothing else holding the database open, SQLite itself cannot grow its
# -shm file under `ulimit -f 1`: the export fails before writing anything.
before=$(snap "$P")
(ulimit -f 1; "$PW" --db "$DB" export -o "$P" >"$T/out" 2>"$T/err"); rc=$?
[ "$rc" -eq 1 ] && has "File too large" "$T/err" && [ "$(snap "$P")" = "$before" ] &&
    ok "a full disk before the database opens: exit 1, the pack as it was" || bad "full disk, database (rc $rc)" "$(cat "$T/err")"
# Another reader holding it open has made the -shm file, so the export gets
# to the pack and fails writing it.
mkfifo "$T/hold"
sqlite3 "$DB" <"$T/hold" >/dev/null &
holder=$!
exec 3>"$T/hold"
echo 'SELECT count(*) FROM changes;' >&3
i=0
while [ ! -s "$DB-shm" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
(ulimit -f 1; "$PW" --db "$DB" export -o "$P" >"$T/out" 2>"$T/err"); rc=$?
exec 3>&-
wait "$holder"
if [ "$rc" -eq 1 ] && has "cannot write: File too large; .*pack is left as it was" "$T/err" &&
    [ "$(snap "$P")" = "$before" ] && [ -z "$(temps "$T")" ]; then
	ok "a full disk writing the pack (ulimit -f 1): exit 1, the previous pack byte for byte, no temporary"
else
	bad "full disk, pack (rc $rc)" "$(cat "$T/err"; temps "$T")"
fi

# ---- another user's links ----------------------------------------------------------
if [ "$(id -u)" != 0 ] || ! setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	echo "skip another user's links (needs root for a second uid)"
else
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	chmod 0755 "$T"
	mkdir -m 1777 "$T/shared"
	echo "root's secret" >"$T/victim"
	chmod 0644 "$T/victim"
	victim() { stat -c '%a %u %s' "$T/victim"; cat "$T/victim"; }
	v0=$(victim)
	S=$T/shared/pack
	nobody mkdir -m 0777 "$S"
	for n in index.html changes.csv changes.json approved-windows.ics SHA256SUMS "$C1.md"; do
		nobody ln -s "$T/victim" "$S/$n"
		nobody ln -s "$T/victim" "$S/.$n.tmp"
	done
	run 1 export -o "$S" && has "pack is owned by uid 65534, not you: refusing to write into it" "$T/err" &&
	    [ "$(victim)" = "$v0" ] && ok "root refuses nobody's pack folder full of links; the file they point to is untouched" ||
	    bad "nobody's folder" "$(cat "$T/err"; victim)"
	mkdir -m 0700 "$T/rootdir" && echo keep >"$T/rootdir/f"
	nobody ln -s "$T/rootdir" "$T/shared/pack2"
	run 1 export -o "$T/shared/pack2" && has "pack2 is a symbolic link: refusing" "$T/err" &&
	    [ "$(ls -A "$T/rootdir")" = f ] && ok "nobody's link as the pack folder is refused" || bad "link folder" "$(cat "$T/err")"
	run 0 export -o "$T/shared/pack3"
	if [ "$(stat -c '%u %a' "$T/shared/pack3")" = "0 700" ] && [ -z "$(links "$T/shared/pack3")" ] &&
	    (cd "$T/shared/pack3" && sha256sum -c --quiet SHA256SUMS); then
		ok "a new pack in a shared sticky folder: ours, 0700, no links, checks"
	else
		bad "shared pack" "$(cat "$T/err"; ls -la "$T/shared/pack3")"
	fi
	[ -z "$(temps "$T/shared")" ] && ok "no temporary left in the shared folder" || bad "shared temporaries" "$(temps "$T/shared")"
fi
[ -z "$(links "$P")" ] && ok "no link in any pack written" || bad "links" "$(links "$P")"

# ---- exports for execution: --to ansible, ssm, awx (issue 17) ----------------
# The demo with addresses and instance ids for some hosts and one hostile
# asset key (quotes, a newline, $(...), backquotes) planned into wave 1
# (tests/exec_demo.py).
XD=$T/xdemo
cp -r demo "$XD"
PWNED=$T/pwned
python3 tests/exec_demo.py "$XD" "$PWNED"
DB=$T/xexec.db
sh "$XD/load.sh" "$PW" "$DB" || bad "the demo with addresses loads"
run 1 export --to ansible -o "$T/none.yml" && has "no approved change" "$T/err" && [ ! -e "$T/none.yml" ] &&
    ok "export --to ansible with no approved change says so, exit 1" || bad "no approved change" "$(cat "$T/err")"
"$PW" --db "$DB" conflicts --format json | jq -r '.[] | select(.severity ==
    "warning" and .acknowledged == null) | .id' | while read -r id; do
	"$PW" --db "$DB" ack "$id" --reason "slack still positive" >/dev/null
done
w4=$("$PW" --db "$DB" waves --format json | jq -r '[.[] | select(.window == "thursday-no-reboot")][0].id')
as alice change create --wave 1 --title "canary" --test-plan t --backout-plan b
as alice change create --wave "$w4" --title "prod" --test-plan t --backout-plan b
as alice change create --wave 2 --title "not approved" --test-plan t --backout-plan b
for c in "$C1" "$C2"; do
	as alice change submit "$c" && as bob change approve "$c" --comment ok &&
	    as carol change approve "$c" --comment ok || bad "approve $c" "$(cat "$T/err")"
done
run 1 export --to ssm --change "CHG-$YEAR-0003" -o "$T/s3" && has "only approved changes are carried out" "$T/err" &&
    ok "a change not approved is not exported for execution" || bad "draft exported" "$(cat "$T/err")"
run 2 export --to awx --include-pending && ok "--include-pending is refused for execution" || bad "pending for execution"
# What the plan holds for the approved waves: "wave host" lines.
"$PW" --db "$DB" waves --format json >"$T/waves.json"
"$PW" --db "$DB" change show "$C1" --format json >"$T/c1.json"
"$PW" --db "$DB" change show "$C2" --format json >"$T/c2.json"

# ansible
run 0 export --to ansible --now 2026-11-20T00:00:00Z -o "$T/inv.yml" && ok "export --to ansible" || bad "ansible" "$(cat "$T/err")"
run 0 export --to ansible --now 2026-11-20T00:00:00Z -o "$T/inv2.yml"
cmp -s "$T/inv.yml" "$T/inv2.yml" && ok "ansible: the same bytes for the same database and --now" || bad "ansible determinism"
if command -v ansible-inventory >/dev/null; then
	if ansible-inventory -i "$T/inv.yml" --list >"$T/inv.json" 2>"$T/ai.err"; then
		ok "ansible-inventory reads the inventory"
		python3 - "$T/inv.json" "$T/c1.json" "$T/c2.json" >"$T/py.out" 2>&1 <<'PY' &&
import json, sys
inv = json.load(open(sys.argv[1]))
# A string variable with a brace is !unsafe (Ansible would template {{ }}
# in it): ansible-inventory shows it as {"__ansible_unsafe": text}.
def plain(v):
    if isinstance(v, dict):
        assert list(v) == ["__ansible_unsafe"] and "{" in v["__ansible_unsafe"], v
        return v["__ansible_unsafe"]
    assert not isinstance(v, str) or "{" not in v and "}" not in v, v
    return v
hv = {h: {k: plain(x) for k, x in v.items()} for h, v in inv["_meta"]["hostvars"].items()}
inv["_meta"]["hostvars"] = hv
c1, c2 = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
got = sorted((int(g[len("patchwave_wave_"):]), h) for g in inv
             if g.startswith("patchwave_wave_") for h in inv[g].get("hosts", []))
want = sorted((a["wave"], a["key"]) for c in (c1, c2) for a in c["assets"])
assert got == want, (got, want)
for c in (c1, c2):
    g = "patchwave_change_" + c["number"].replace("-", "_")
    assert sorted(inv[g]["children"]) == sorted("patchwave_wave_%d" % w["wave"] for w in c["windows"]), g
    for a in c["assets"]:
        hv = inv["_meta"]["hostvars"][a["key"]]
        w = [x for x in c["windows"] if x["wave"] == a["wave"]][0]
        assert hv["patchwave_change"] == c["number"] and hv["patchwave_wave"] == a["wave"]
        assert hv["patchwave_window_start"] == w["start"] and hv["patchwave_window_end"] == w["end"], hv
        assert hv["patchwave_reboot"] is (w["window"] != "thursday-no-reboot"), hv
hv = inv["_meta"]["hostvars"]
# The CSV's instance_id is the key; web-dev-01 has an address, db-dev-02
# none: Ansible reaches it by its hostname, not the instance id.
assert hv["i-00000000000000001"]["ansible_host"] == "10.0.0.1", hv
assert hv["i-00000000000000001"]["patchwave_hostname"] == "web-dev-01", hv
assert hv["i-00000000000000002"]["ansible_host"] == "db-dev-02", hv
bad = [k for k in hv if k.startswith('web"dev')]
assert len(bad) == 1 and "\n" in bad[0] and hv[bad[0]]["ansible_host"].startswith('10.9.9.9";$('), bad
assert "{{ lookup('pipe', 'touch " in hv[bad[0]]["ansible_host"], hv[bad[0]]
PY
		    ok "ansible: groups and hosts equal the approved waves; window times, reboot, change, ansible_host; the hostile key kept whole" ||
		    bad "ansible contents" "$(cat "$T/py.out")"
	else
		bad "ansible-inventory" "$(cat "$T/ai.err")"
	fi
	# What a playbook does with the variables: templates them. The
	# hostile address's {{ lookup('pipe', ...) }} must stay text.
	if timeout 300 ansible -i "$T/inv.yml" patchwave_wave_1 -c local \
	    -m debug -a 'msg="{{ ansible_host | default("") }} {{ patchwave_hostname }} {{ inventory_hostname }}"' \
	    >"$T/ad.out" 2>&1 && [ ! -e "$PWNED" ] && grep -q "lookup('pipe', 'touch " "$T/ad.out"; then
		ok "ansible: a {{ }} in imported text is not run when a playbook uses the variable (!unsafe)"
	else
		bad "ansible templates imported text" "$(ls "$PWNED" 2>&1; tail -20 "$T/ad.out")"
	fi
	rm -f "$PWNED"
else
	ok "ansible-inventory is not installed: read-back skipped"
fi
run 0 export --to ansible --change "$C1" --change "$C1" -o "$T/dup.yml" && [ "$(grep -c '^    patchwave_change_' "$T/dup.yml")" = 1 ] &&
    ok "ansible: a change named twice is one group" || bad "ansible --change twice" "$(cat "$T/err" "$T/dup.yml")"

# ssm
run 0 export --to ssm --now 2026-11-20T00:00:00Z -o "$T/ssm" && ok "export --to ssm" || bad "ssm" "$(cat "$T/err")"
python3 - "$T/ssm" "$T/c1.json" "$T/c2.json" >"$T/py.out" 2>&1 <<'PY' && ok "ssm: every JSON parses; window, targets and task fields as SSM takes them" || bad "ssm contents" "$(cat "$T/py.out")"
import glob, json, os, re, sys
d = sys.argv[1]
files = sorted(glob.glob(d + "/*.json"))
docs = {os.path.basename(f): json.load(open(f)) for f in files}
for c in map(lambda p: json.load(open(p)), sys.argv[2:]):
    for w in c["windows"]:
        n = w["wave"]
        win = docs["wave-%d-window.json" % n]
        assert re.fullmatch(r"at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)", win["Schedule"]), win
        assert win["ScheduleTimezone"] in ("Europe/Berlin", "America/New_York"), win
        assert 1 <= win["Duration"] <= 24 and 0 <= win["Cutoff"] < win["Duration"], win
        assert win["AllowUnassociatedTargets"] is False and re.fullmatch(r"[A-Za-z0-9_.-]{3,128}", win["Name"])
        tgt = [v for k, v in docs.items() if k.startswith("wave-%d-targets-" % n)]
        assert tgt, n
        ids = [x for t in tgt for g in t["Targets"] if g["Key"] == "InstanceIds" for x in g["Values"]]
        keys = [a["key"] for a in c["assets"] if a["wave"] == n]
        task = docs["wave-%d-task.json" % n]
        assert task["TaskArn"] == "AWS-RunPatchBaseline" and task["TaskType"] == "RUN_COMMAND"
        p = task["TaskInvocationParameters"]["RunCommand"]["Parameters"]
        assert p["Operation"] == ["Install"]
        assert p["RebootOption"] == ["NoReboot" if w["window"] == "thursday-no-reboot" else "RebootIfNeeded"]
        assert task["MaxConcurrency"] in ("20", "5") and task["MaxErrors"] == "0"
        if n == 1:
            assert sorted(ids) == ["i-%017x" % i for i in (1, 2, 3)], ids
            assert "wave-1-targets-tag.json" in docs
assert os.path.exists(d + "/run.sh")
PY
(cd "$T/ssm" && sha256sum -c --quiet SHA256SUMS) && ok "ssm: the folder's SHA256SUMS checks" || bad "ssm sums"
# run.sh against a stand-in aws that logs its arguments and hands out ids.
mkdir -p "$T/fakebin"
cat >"$T/fakebin/aws" <<'SH'
#!/bin/sh
printf '%s\n' "$*" >>"$AWSLOG"
case $2 in
create-maintenance-window) echo mw-0123456789abcdef0 ;;
register-target-with-maintenance-window) echo 11111111-2222-3333-4444-555555555555 ;;
register-task-with-maintenance-window) echo 66666666-2222-3333-4444-555555555555 ;;
esac
SH
chmod +x "$T/fakebin/aws"
if (cd / && AWSLOG=$T/aws.log PATH=$T/fakebin:$PATH sh "$T/ssm/run.sh" >"$T/run.out" 2>&1) &&
    [ "$(awk '{print $2}' "$T/aws.log" | uniq -c | awk '{print $2}' | tr '\n' ' ')" = \
      "create-maintenance-window register-target-with-maintenance-window register-task-with-maintenance-window create-maintenance-window register-target-with-maintenance-window register-task-with-maintenance-window " ] &&
    grep -q 'register-task-with-maintenance-window --window-id mw-0123456789abcdef0 --targets Key=WindowTargetIds,Values=11111111-2222-3333-4444-555555555555,11111111' "$T/aws.log" &&
    [ ! -e "$PWNED" ]; then
	ok "ssm: run.sh makes each window, then its targets and task with the ids aws returned; the hostile key runs nothing"
else
	bad "run.sh" "$(cat "$T/run.out" "$T/aws.log")"
fi
printf '#!/bin/sh\necho "mw-1; touch %s"\n' "$PWNED" >"$T/fakebin/aws"
(cd / && PATH=$T/fakebin:$PATH sh "$T/ssm/run.sh" >"$T/run.out" 2>&1); rc=$?
[ "$rc" -ne 0 ] && has "no id of the expected form" "$T/run.out" && [ ! -e "$PWNED" ] &&
    ok "ssm: run.sh stops at an id of another form" || bad "run.sh id check" "$(cat "$T/run.out")"
# The real aws CLI, botocore's SSM model and SSM's own rules check these files
# in the interop suite (tests/interop/exec_check.py).

# awx
run 0 export --to awx --now 2026-11-20T00:00:00Z -o "$T/awx.json" && ok "export --to awx" || bad "awx" "$(cat "$T/err")"
python3 - "$T/awx.json" "$T/c1.json" "$T/c2.json" >"$T/py.out" 2>&1 <<'PY' && ok "awx: a schedule a wave, rrule as AWX writes it" || bad "awx contents" "$(cat "$T/py.out")"
import json, re, sys
s = json.load(open(sys.argv[1]))
waves = sorted(w["wave"] for p in sys.argv[2:] for w in json.load(open(p))["windows"])
assert sorted(x["extra_data"]["patchwave_wave"] for x in s) == waves, s
for x in s:
    assert re.fullmatch(r"DTSTART;TZID=[A-Za-z_/]+:\d{8}T\d{6} RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=1", x["rrule"]), x
    assert x["limit"] == "patchwave_wave_%d" % x["extra_data"]["patchwave_wave"]
assert s[0]["rrule"] == "DTSTART;TZID=Europe/Berlin:20261124T020000 RRULE:FREQ=MINUTELY;INTERVAL=1;COUNT=1", s[0]
PY

# --mode with write bits for group or others: another user could rewrite
# run.sh or the inventory before the operator runs it (and the next export
# would refuse the folder); refused.
for m in 0666 0620 0602; do
	run 2 export --to ssm --mode $m -o "$T/ssm-$m" && [ ! -e "$T/ssm-$m" ] ||
	    bad "--mode $m taken" "$(cat "$T/err")"
done
run 2 export --to ansible --mode 0664 -o "$T/inv-0664.yml" && has "writable by you alone" "$T/err" &&
    run 0 export --to ansible --mode 0644 -o "$T/inv-0644.yml" && [ "$(stat -c %a "$T/inv-0644.yml")" = 644 ] &&
    ok "--mode with a group or others write bit is refused (exit 2); 0644 taken" || bad "--mode w bits" "$(cat "$T/err")"

# wave1 DEMO DB TITLE: DEMO/load.sh into DB (now $DB), its warnings
# acknowledged, wave 1 approved as $C1.
wave1() {
	DB=$2
	sh "$1/load.sh" "$PW" "$DB" || bad "$3: the demo loads"
	"$PW" --db "$DB" conflicts --format json | jq -r '.[] | select(.severity ==
	    "warning" and .acknowledged == null) | .id' | while read -r id; do
		"$PW" --db "$DB" ack "$id" --reason "slack still positive" >/dev/null
	done
	as alice change create --wave 1 --title "$3" --test-plan t --backout-plan b &&
	    as alice change submit "$C1" && as bob change approve "$C1" --comment ok &&
	    as carol change approve "$C1" --comment ok || bad "$3: approve wave 1" "$(cat "$T/err")"
}

# A 30-hour window: no SSM window can hold it; nothing is written.
sed 's/duration: 4h/duration: 30h/' demo/policy.yaml >"$XD/policy.yaml"
wave1 "$XD" "$T/x30.db" "long"
run 1 export --to ssm -o "$T/ssm30" && has "lasts 30h00: an SSM maintenance window lasts 24 hours at most" "$T/err" &&
    [ ! -e "$T/ssm30" ] && [ -z "$(ls -A "$T" | grep '^\.ssm30')" ] &&
    ok "ssm: a 30-hour window is refused with the reason, nothing written" || bad "30h" "$(cat "$T/err")"
run 0 export --to awx -o "$T/awx30.json" && ok "awx takes the 30-hour window (no limit there)" || bad "awx 30h" "$(cat "$T/err")"

# ---- exports for execution: names as SSM, AWX and Ansible take them ---------
# A policy zone written "/Europe/Berlin" (patchwave takes it; SSM's
# ScheduleTimezone and AWX's TZID refuse it), an instance id of another
# cloud (a GCE number, the asset's key too: SSM refuses it in InstanceIds,
# so by the wave's tag), a wave already started (refused for SSM and AWX)
# and an asset named as an Ansible group (refused for Ansible, with the
# reason).
ZD=$T/zdemo
cp -r demo "$ZD"
sed -i 's#^timezone: Europe/Berlin#timezone: /Europe/Berlin#; /^    timezone: Europe.Berlin/d' "$ZD/policy.yaml"
python3 - "$ZD" <<'PY'
import csv, sys
d = sys.argv[1]
rows = list(csv.reader(open(d + "/inventory.csv")))
ids = {"web-dev-01": "1234567890123456789", "db-dev-02": "i-0123456789abcdef0"}
out = [rows[0] + ["instance_id"]] + [r + [ids.get(r[0], "")] for r in rows[1:]]
out.append(["ungrouped"] + rows[1][1:] + [""])
csv.writer(open(d + "/inventory.csv", "w", newline="")).writerows(out)
with open(d + "/patches.csv", "a", newline="") as f:
    csv.writer(f).writerow(["ungrouped", "CVE-2026-19876", "high", "2026-11-10", "yes"])
PY
wave1 "$ZD" "$T/zexec.db" "canary"
run 0 export --to ssm -o "$T/zssm" && run 0 export --to awx -o "$T/zawx.json" || bad "zones export" "$(cat "$T/err")"
[ "$(jq -r .ScheduleTimezone "$T/zssm/wave-1-window.json")" = Europe/Berlin ] &&
    jq -e '.[0].rrule | startswith("DTSTART;TZID=Europe/Berlin:")' "$T/zawx.json" >/dev/null &&
    ok "ssm, awx: a zone written /Europe/Berlin leaves as its IANA name" ||
    bad "zone name" "$(cat "$T/zssm/wave-1-window.json" "$T/zawx.json")"
[ "$(jq -c '[.Targets[].Values[]]' "$T/zssm/wave-1-targets-1.json")" = '["i-0123456789abcdef0"]' ] &&
    grep -q '^# 1234567890123456789$' "$T/zssm/run.sh" && [ -f "$T/zssm/wave-1-targets-tag.json" ] &&
    ok "ssm: a GCE instance id is no SSM instance id: the host goes by the wave's tag" ||
    bad "ssm instance ids" "$(cat "$T/zssm/wave-1-targets-1.json"; grep '^# ' "$T/zssm/run.sh")"
# A wave started by --now: SSM's at() and AWX's only run would be past; the
# change's only wave, so nothing is left to schedule.
run 1 export --to ssm --now 2026-11-24T01:00:00Z -o "$T/zlate" &&
    has "skipped wave 1 of $C1 (window tuesday-night): it started at 2026-11-24 02:00+01:00, not after now (2026-11-24 02:00+01:00); a schedule for it would never run in SSM" "$T/err" &&
    has "no selected wave is still ahead: nothing written" "$T/err" &&
    run 1 export --to awx --now 2026-11-24T01:00:00Z -o "$T/zlate.json" && has "would never run in AWX" "$T/err" &&
    [ ! -e "$T/zlate" ] && [ ! -e "$T/zlate.json" ] &&
    run 0 export --to awx --now 2026-11-24T00:59:59Z -o "$T/zlate.json" &&
    ok "ssm, awx: a change's only wave started by --now is refused (its schedule would never run), a second before taken" ||
    bad "started wave" "$(cat "$T/err")"
run 1 export --to ansible -o "$T/zinv.yml" && has "asset ungrouped (wave 1 of $C1): Ansible reads this name as a group's" "$T/err" &&
    [ ! -e "$T/zinv.yml" ] && ok "ansible: an asset named as a group (ungrouped) is refused with the reason" ||
    bad "ansible group-named host" "$(cat "$T/err")"

# One change of two waves, the first started last night, the other next
# week: SSM and AWX schedule the one ahead and say the other was skipped
# and why; Ansible takes both; none left ahead is refused.
wave1 demo "$T/two.db" "two waves"
as alice change cancel "$C1" --comment "one change of two waves instead"
as alice change create --wave 1 --wave "$w4" --title "two waves" --test-plan t --backout-plan b &&
    as alice change submit "$C2" && as bob change approve "$C2" --comment ok &&
    as carol change approve "$C2" --comment ok || bad "two waves: approve" "$(cat "$T/err")"
run 0 export --to ssm --now 2026-11-24T12:00:00Z -o "$T/two-ssm" &&
    has "export --to ssm: skipped wave 1 of $C2 (window tuesday-night): it started at 2026-11-24 02:00+01:00, not after now (2026-11-24 13:00+01:00); a schedule for it would never run in SSM" "$T/err" &&
    has "wrote 1 wave (2 hosts) of 1 approved change" "$T/out" &&
    [ "$(cd "$T/two-ssm" && ls wave-* | sed 's/-[a-z].*//' | sort -u)" = "wave-$w4" ] &&
    [ "$(jq -r .Name "$T/two-ssm/wave-$w4-window.json")" = "patchwave-$C2-wave-$w4" ] &&
    ! grep -q 'wave 1 ' "$T/two-ssm/run.sh" && grep -q "^echo \"wave $w4: maintenance window" "$T/two-ssm/run.sh" &&
    (cd "$T/two-ssm" && sha256sum -c --quiet SHA256SUMS) &&
    ok "ssm: a change's wave started last night is skipped and said why; its wave next week is written" ||
    bad "ssm: started wave of two" "$(cat "$T/err"; ls "$T/two-ssm")"
run 0 export --to awx --now 2026-11-24T12:00:00Z -o "$T/two-awx.json" &&
    has "skipped wave 1 of $C2 (window tuesday-night): it started at 2026-11-24 02:00+01:00" "$T/err" &&
    has "would never run in AWX" "$T/err" &&
    [ "$(jq -c '[.[] | [.extra_data.patchwave_wave, .name, .limit]]' "$T/two-awx.json")" = "[[$w4,\"patchwave $C2 wave $w4\",\"patchwave_wave_$w4\"]]" ] &&
    run 0 export --to ansible --now 2026-11-24T12:00:00Z -o "$T/two-inv.yml" && [ ! -s "$T/err" ] &&
    grep -q '^    patchwave_wave_1:' "$T/two-inv.yml" && grep -q "^    patchwave_wave_$w4:" "$T/two-inv.yml" &&
    ok "awx: the started wave skipped and said, the other scheduled; ansible keeps both" ||
    bad "awx: started wave of two" "$(cat "$T/err" "$T/two-awx.json")"
run 1 export --to ssm --now 2026-12-10T17:00:00Z -o "$T/two-late" &&
    has "skipped wave 1 of $C2" "$T/err" && has "skipped wave $w4 of $C2 (window thursday-no-reboot): it started at 2026-12-10 18:00+01:00" "$T/err" &&
    has "no selected wave is still ahead: nothing written" "$T/err" && [ ! -e "$T/two-late" ] &&
    ok "ssm: every wave of the change started: refused, each said, nothing written" ||
    bad "ssm: none ahead" "$(cat "$T/err")"

echo "export e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
