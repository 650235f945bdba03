#!/bin/sh
# End-to-end tests of change control: records, the CAB workflow, the audit
# log and its chain, and the CAB approval pack.
# Usage: tests/e2e/change.sh PATCHWAVE
set -u
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
# The clock (pw_clock) before the demo's first window, whatever today is: a
# change whose window has started can be neither submitted nor approved.
export SOURCE_DATE_EPOCH=1795000000

DB=$T/chg.db
YEAR=$(date -u +%Y)
C1=CHG-$YEAR-0001 C2=CHG-$YEAR-0002 C3=CHG-$YEAR-0003
sh demo/load.sh "$PW" "$DB" || bad "demo loads"
as() { who=$1; shift; "$PW" --db "$DB" --as "$who" "$@" >"$T/out" 2>"$T/err"; }
warnings_acked() {
	"$PW" --db "$DB" conflicts --format json | jq -r '.[] | select(.severity ==
	    "warning" and .acknowledged == null) | .id' | while read -r id; do
		"$PW" --db "$DB" ack "$id" --reason "slack still positive" >/dev/null
	done
}

# ---- records ----------------------------------------------------------------
run 1 change create --wave 1 && has "needs a title" "$T/err" && ok "a change needs a title" || bad "title required" "$(cat "$T/err")"
run 1 change create --wave 999 --title x && has "no wave 999" "$T/err" && ok "an unknown wave is refused" || bad "unknown wave" "$(cat "$T/err")"
run 2 change create --wave x --title x && ok "a wave id must be a number" || bad "wave id syntax"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM changes')" = 0 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE change <> ''")" = 0 ] && ok "refused creates leave nothing behind" || bad "refused creates left rows"
as alice change create --wave 1 --title 'Canary <script>alert(1)</script> =HYPERLINK("x")' \
    --description "$(printf 'line one\nline two\033]0;pwned\007')" --test-plan "smoke tests" &&
    has "$C1 created (draft)" "$T/out" && ok "create from a wave: $C1, a draft" || bad "create" "$(cat "$T/err")"
run 0 change show "$C1" --format json
if jq -e '.state == "draft" and .requested_by == "alice" and (.assets | length) == 4 and
    .risk_suggested == "medium" and .impact_suggested == "low" and (.conflicts | length) == 3 and
    (.windows | length) == 1 and .start_date != null' "$T/out" >/dev/null; then
	ok "the record holds its assets, conflicts, window and suggested risk/impact"
else
	bad "record contents" "$(cat "$T/out")"
fi
run 0 change show "$C1"
if has "wave 1" "$T/out" && ! grep -q "$(printf '\033')" "$T/out" && has 'x1b' "$T/out"; then
	ok "show escapes control characters for the terminal"
else
	bad "show escaping" "$(cat -v "$T/out")"
fi
run 0 change list --format csv && has "^$C1,draft," "$T/out" && ok "list as CSV" || bad "list csv" "$(cat "$T/out")"
run 2 change list --state nonsense && ok "list refuses an unknown state" || bad "list --state"

# ---- the submission gate -------------------------------------------------------
before=$(dump)
run 1 change submit "$C1"
if has "3 warnings must be acknowledged" "$T/err" && has "backout plan is empty" "$T/err" &&
    [ "$(dump)" = "$before" ]; then
	ok "submit names every missing piece and changes nothing"
else
	bad "submit gate" "$(cat "$T/err")"
fi
run 1 change implement "$C1" && has "cannot be implemented" "$T/err" && ok "a draft cannot be implemented" || bad "illegal implement" "$(cat "$T/err")"
warnings_acked
as alice change edit "$C1" --backout-plan "restore the snapshot" --risk low && ok "edit a draft" || bad "edit" "$(cat "$T/err")"
as alice change submit "$C1" && has "submitted" "$T/out" && ok "submit once warnings are acknowledged and plans written" || bad "submit" "$(cat "$T/err")"
as alice change create --wave 2 --title "nonprod" --test-plan t --backout-plan b >/dev/null
as alice change submit "$C2"; [ $? -eq 1 ] && has "error-level conflict" "$T/err" && ok "errors block submission" || bad "errors block" "$(cat "$T/err")"

# ---- the CAB -------------------------------------------------------------------
as alice change approve "$C1" --comment "mine"; [ $? -eq 1 ] && has "separation of duties" "$T/err" && ok "the requester cannot approve" || bad "separation of duties" "$(cat "$T/err")"
as mallory change approve "$C1" --comment "x"; [ $? -eq 1 ] && has "not a CAB approver" "$T/err" && ok "only CAB members approve" || bad "membership" "$(cat "$T/err")"
as bob change approve "$C1"; [ $? -eq 1 ] && has "needs a comment" "$T/err" && ok "a decision needs a comment" || bad "comment" "$(cat "$T/err")"
as bob change approve "$C1" --comment "low risk, canary only" && has "submitted" "$T/out" && ok "one approval of a quorum of 2 keeps it submitted" || bad "quorum 1 of 2" "$(cat "$T/out" "$T/err")"
as bob change approve "$C1" --comment "again"; [ $? -eq 1 ] && has "already decided" "$T/err" && ok "one decision per member" || bad "twice" "$(cat "$T/err")"
as carol change approve "$C1" --comment "fine" && has "approved" "$T/out" && ok "the second approval approves" || bad "quorum 2 of 2" "$(cat "$T/err")"
[ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$C1'")" = approved ] && ok "stored as approved" || bad "state stored"
DB2=$T/strict.db
grep -v allow_as demo/policy.yaml | grep -v '^  #' >"$T/strict.yaml"
"$PW" --db "$DB2" import policy "$T/strict.yaml" >/dev/null
"$PW" --db "$DB2" --as bob assets >"$T/out" 2>"$T/err"; [ $? -eq 2 ] && has "does not let anyone act as another" "$T/err" && ok "--as needs the policy's allow_as" || bad "--as refused" "$(cat "$T/err")"

# ---- the pack -------------------------------------------------------------------
export SOURCE_DATE_EPOCH=1795000000
run 0 export -o "$T/pack" && has "for 1 change" "$T/out" && ok "export writes the approved change only" || bad "export" "$(cat "$T/out" "$T/err")"
[ -f "$T/pack/$C1.md" ] && [ ! -f "$T/pack/$C2.md" ] && ok "no Markdown for the draft" || bad "pending exported" "$(ls "$T/pack")"
(cd "$T/pack" && sha256sum -c --quiet SHA256SUMS) && ok "SHA256SUMS checks with sha256sum -c" || bad "sha256sums"
[ "$(stat -c %a "$T/pack")" = 700 ] && [ "$(stat -c %a "$T/pack/index.html")" = 600 ] && ok "pack readable by the owner only" || bad "pack modes" "$(ls -la "$T/pack")"
run 0 export -o "$T/pack-shared" --mode 0644 && [ "$(stat -c %a "$T/pack-shared")" = 755 ] && [ "$(stat -c %a "$T/pack-shared/index.html")" = 644 ] && ok "--mode 0644 when asked (folder 0755)" || bad "export --mode" "$(ls -la "$T/pack-shared" | head -3)"
run 2 export -o "$T/pack-x" --mode 0755 && ok "--mode refuses x bits" || bad "--mode 0755"
run 0 export -o "$T/pack2"
diff -r "$T/pack" "$T/pack2" >/dev/null && ok "same database, same bytes" || bad "deterministic" "$(diff -r "$T/pack" "$T/pack2" | head)"
if ! grep -q '<script' "$T/pack/index.html" && grep -q '&lt;script&gt;' "$T/pack/index.html" &&
    ! grep -q "$(printf '\033')" "$T/pack/index.html" "$T/pack/$C1.md" "$T/pack/changes.csv"; then
	ok "HTML escaped, no escape sequences in any file"
else
	bad "html escaping" "$(grep -n script "$T/pack/index.html" | head -3)"
fi
grep -q 'src=\|href="http\|@import\|url(' "$T/pack/index.html" && bad "index.html loads something" || ok "index.html is self-contained (no src, remote href, url())"
grep -q '<svg' "$T/pack/index.html" && ok "the schedule is an inline SVG" || bad "svg"
grep -q "^$C1,\"Canary" "$T/pack/changes.csv" && ok "CSV row for the change" || bad "csv" "$(cat "$T/pack/changes.csv")"
jq -e '.changes | length == 1' "$T/pack/changes.json" >/dev/null && ok "JSON passes jq" || bad "json"
awk 'length($0) > 76 { bad = 1 } END { exit bad }' "$T/pack/approved-windows.ics" && ok "iCalendar lines folded at 75 octets" || bad "folding"
seq1=$(grep '^SEQUENCE' "$T/pack/approved-windows.ics")
uid1=$(grep '^UID' "$T/pack/approved-windows.ics")
run 1 export --change "$C2" -o "$T/p3" && has "only approved" "$T/err" && ok "a draft asked for by name is refused" || bad "export draft" "$(cat "$T/err")"
run 0 export --change "$C2" --include-pending -o "$T/p3" && grep -q "NOT APPROVED" "$T/p3/$C2.md" && grep -q "Not approved" "$T/p3/index.html" && grep -q "STATUS:TENTATIVE" "$T/p3/approved-windows.ics" && ok "--include-pending marks pending changes" || bad "include pending" "$(cat "$T/err")"

# ---- after approval -----------------------------------------------------------
before=$(dump) early=0
for outcome in implement fail; do
	as dave change "$outcome" "$C1" --comment "too soon"; [ $? -eq 1 ] &&
	    has "starts at 20[0-9-]* [0-9:]*[+-][0-9:]*, after now (20[0-9-]* [0-9:]*[+-][0-9:]*): it cannot be .* before its window" "$T/err" &&
	    [ "$(dump)" = "$before" ] &&
	    early=$((early + 1))
done
[ "$early" -eq 2 ] && ok "implement and fail before the change's window starts: refused, its times local with their offset, nothing changed" ||
    bad "an outcome before the window" "$(cat "$T/out" "$T/err")"
started "$DB" as dave change implement "$C1" --comment "done at 02:40" && has "implemented" "$T/out" && ok "implement an approved change" || bad "implement" "$(cat "$T/err")"
as dave change cancel "$C1"; [ $? -eq 1 ] && has "only be rolled back" "$T/err" && ok "an implemented change cannot be cancelled" || bad "cancel implemented" "$(cat "$T/err")"
as dave change rollback "$C1" --comment "regression" && has "rolled-back" "$T/out" && ok "roll back" || bad "rollback" "$(cat "$T/err")"
as alice change edit "$C1" --title x; [ $? -eq 1 ] && has "closed" "$T/err" && ok "a closed change cannot be edited" || bad "edit closed" "$(cat "$T/err")"
# An approved change whose wave is edited goes back to draft, saying why.
as alice change create --wave 1 --title "canary again" --test-plan t --backout-plan b >/dev/null
as alice change submit "$C3" && as bob change approve "$C3" --comment ok && as carol change approve "$C3" --comment ok
run 0 export -o "$T/p4"
seq4=$(grep '^SEQUENCE' "$T/p4/approved-windows.ics")
as alice change edit "$C3" --description "more words" && as alice change submit "$C3" && as bob change approve "$C3" --comment ok && as carol change approve "$C3" --comment ok
run 0 export -o "$T/p5"
seq5=$(grep '^SEQUENCE' "$T/p5/approved-windows.ics")
[ "$(grep '^UID' "$T/p5/approved-windows.ics")" = "$(grep '^UID' "$T/p4/approved-windows.ics")" ] && [ "${seq5#SEQUENCE:}" -gt "${seq4#SEQUENCE:}" ] && ok "re-export: same UID, higher SEQUENCE ($seq4 -> $seq5)" || bad "uid/sequence" "$seq4 $seq5"
host=$("$PW" --db "$DB" waves --format json | jq -r '.[0].assets[0]')
# Issue 18: not without a yes, naming the change; nothing changed.
v0=$("$PW" --db "$DB" check 2>/dev/null | grep -o 'plan version [0-9]*')
run 1 edit remove "$host" && has "this sends $C3 (approved) back to draft .*--force" "$T/err" &&
    [ "$("$PW" --db "$DB" change show "$C3" --format json | jq -r .state)" = approved ] &&
    [ "$("$PW" --db "$DB" check 2>/dev/null | grep -o 'plan version [0-9]*')" = "$v0" ] &&
    ok "an edit that would send an approved change back to draft is refused without --force, naming it" ||
    bad "redraft refused without --force" "$(cat "$T/err")"
run 0 edit remove "$host" --force && has "back to draft: $C3 (approved)" "$T/err" &&
    has "undo restores the plan, not their approvals" "$T/err" &&
    ok "with --force it is done, and the change named" || bad "redraft --force" "$(cat "$T/out" "$T/err")"
run 0 edit undo && has "still in draft: .*$C3.* (undo restores the plan, not approvals" "$T/err" &&
    [ "$("$PW" --db "$DB" change show "$C3" --format json | jq -r .state)" = draft ] &&
    ok "undo restores the plan and says the approval is not restored" || bad "undo says approvals" "$(cat "$T/out" "$T/err")"
run 0 edit remove "$host" --force
if "$PW" --db "$DB" change show "$C3" --format json | jq -e '.state == "draft" and
    (.state_reason | test("waves changed after it was approved"))' >/dev/null &&
    "$PW" --db "$DB" audit --change "$C3" --format json | jq -e '.[-1].action == "redraft"' >/dev/null; then
	ok "editing an approved change's wave sends it back to draft, saying why"
else
	bad "redraft on plan edit" "$("$PW" --db "$DB" change show "$C3")"
fi
# An inventory import that retires one of an approved change's hosts.
C4=CHG-$YEAR-0004
w4=$("$PW" --db "$DB" waves --format json | jq -r '.[] | select(.window == "thursday-no-reboot") | .id' | head -1)
gone=$("$PW" --db "$DB" waves --format json | jq -r ".[] | select(.id == $w4) | .assets[0]")
as alice change create --wave "$w4" --title "prod thursday" --test-plan t --backout-plan b >/dev/null
warnings_acked
as alice change submit "$C4" && as bob change approve "$C4" --comment ok && as carol change approve "$C4" --comment ok
# A plan made again as of the same now places the approved change's wave
# as it was: the wave keeps its id, the change stays approved (a new plan
# gave every wave a new id, and so sent it back to draft, or was refused).
w5=$("$PW" --db "$DB" waves --format json | jq -r '.[] | select(.window == "patch-tuesday-plus-4") | .id' | head -1)
as alice change create --wave "$w5" --title "prod saturday" >/dev/null || bad "draft for the replan" "$(cat "$T/err")"
C5=CHG-$YEAR-0005
n5=$("$PW" --db "$DB" change show "$C5" --format json | jq '.assets | length')
run 0 plan --now 2026-11-23T00:00:00Z && ! has "back to draft" "$T/err" && ! has "no asset left" "$T/err" &&
    [ "$n5" -gt 0 ] && [ "$("$PW" --db "$DB" change show "$C5" --format json | jq '.assets | length')" = "$n5" ] &&
    [ "$("$PW" --db "$DB" change show "$C4" --format json | jq -r .state)" = approved ] &&
    "$PW" --db "$DB" waves --format json | jq -e --argjson w "$w4" --arg h "$gone" \
    '[.[] | select(.id == $w)][0].assets | index($h) != null' >/dev/null && run 0 audit verify &&
    as carol change show "$C4" && ! has "PLAN MOVED" "$T/out" &&
    ok "a plan made again from the same inputs keeps the approved change's wave, id and all: still approved; a draft keeps its assets" ||
    bad "identical replan" "$(cat "$T/out" "$T/err")"
# Issue 18: a plan that would move an approved change's waves is refused
# without --force, naming it, and changes nothing.
run 1 plan --now 2026-12-10T00:00:00Z && has "this sends $C4 (approved) back to draft .*--force" "$T/err" &&
    [ "$("$PW" --db "$DB" change show "$C4" --format json | jq -r .state)" = approved ] &&
    ok "plan refuses to send an approved change back to draft without --force, naming it" ||
    bad "plan without --force" "$(cat "$T/out" "$T/err")"
grep -v "^$gone," demo/inventory.csv >"$T/inv.csv"
run 0 import inventory "$T/inv.csv" --source demo-cmdb
if "$PW" --db "$DB" change show "$C4" --format json | jq -e --arg h "$gone" '.state == "draft" and
    (.state_reason | contains($h + " left wave"))' >/dev/null; then
	ok "an import that retires a host of an approved change sends it back to draft"
else
	bad "redraft on import" "$("$PW" --db "$DB" change show "$C4" | head -4)"
fi
warnings_acked
as alice change submit "$C4" && as bob change approve "$C4" --comment ok && as carol change approve "$C4" --comment ok
run 0 plan --now 2026-12-10T00:00:00Z --force && has "back to draft: $C4 (approved)" "$T/err" &&
    ok "plan --force does it and names the change" || bad "plan --force" "$(cat "$T/out" "$T/err")"
[ "$(grep -c '^UID' "$T/pack/approved-windows.ics")" -ge 1 ] && [ -n "$uid1$seq1" ] && ok "first pack had its windows" || bad "first pack ics"

# ---- the audit log -------------------------------------------------------------
run 0 audit verify && has "intact" "$T/out" && ok "audit verify passes on an untouched log" || bad "verify" "$(cat "$T/err")"
n=$(sqlite3 "$DB" 'SELECT count(*) FROM audit')
[ "$n" -ge 15 ] && ok "every step was logged ($n entries)" || bad "audit entries: $n"
run 0 audit --change "$C1" --format json
jq -e '[.[].action] == ["create","edit","submit","approve","approve","implement","rollback"]' "$T/out" >/dev/null && ok "the log of one change, in order" || bad "audit per change" "$(jq -c '[.[].action]' "$T/out")"
sqlite3 "$DB" "UPDATE audit SET who = 'eve' WHERE seq = 2" 2>"$T/err"; has "append-only" "$T/err" && ok "the log cannot be updated (trigger)" || bad "update trigger" "$(cat "$T/err")"
sqlite3 "$DB" "DELETE FROM audit WHERE seq = 2" 2>"$T/err"; has "append-only" "$T/err" && ok "nor deleted from (trigger)" || bad "delete trigger"
sqlite3 "$DB" "DELETE FROM changes" 2>"$T/err"; has "cancel one instead" "$T/err" && ok "change records cannot be deleted" || bad "changes delete trigger"
sqlite3 "$DB" "UPDATE decisions SET decision = 'reject'" 2>"$T/err"; has "cannot be changed" "$T/err" && ok "decisions cannot be changed" || bad "decisions trigger"
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing to see' WHERE seq = 4"
"$PW" --db "$T/tamper.db" audit verify >"$T/out" 2>"$T/err"; [ $? -eq 1 ] && has "entry 4 was altered" "$T/err" && ok "an entry altered by hand is found and named" || bad "tamper detail" "$(cat "$T/err")"
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 5"
"$PW" --db "$T/tamper.db" audit verify >"$T/out" 2>"$T/err"; [ $? -eq 1 ] && has "entry 5 is missing" "$T/err" && ok "an entry removed by hand is found and named" || bad "tamper delete" "$(cat "$T/err")"
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"
"$PW" --db "$T/tamper.db" audit verify >"$T/out" 2>"$T/err"; [ $? -eq 1 ] && has "removed from its end" "$T/err" && ok "the last entry removed is found too" || bad "tamper tail" "$(cat "$T/err")"
cp "$DB" "$T/tamper.db"
sqlite3 "$T/tamper.db" "DROP TRIGGER audit_no_update; UPDATE audit SET hash = (CASE substr(hash, 1, 1) WHEN '0' THEN '1' ELSE '0' END) || substr(hash, 2) WHERE seq = 3"
"$PW" --db "$T/tamper.db" audit verify >"$T/out" 2>"$T/err"; [ $? -eq 1 ] && has "entry 3" "$T/err" && ok "a hash rewritten by hand is found" || bad "tamper hash" "$(cat "$T/err")"

# ---- exceptions (issue 16) ------------------------------------------------------
# The demo planned as of its --now; an exception holds to the end of --until's
# day and is added by the clock, so its dates are the clock's.
DB=$T/exc.db
sh demo/load.sh "$PW" "$DB" || bad "demo loads for exceptions"
until=$(date -u -d '+10 days' +%F) after=$(date -u -d '+12 days' +%FT12:00:00Z)
codes_of() { "$PW" --db "$DB" conflicts --format json | jq -r --arg a "$1" '[.[] | select(.assets | index($a)) | .code] | join(",")'; }
case $(codes_of db-test-04) in *SLA_BREACH*) ok "db-test-04 breaches without an exception" ;; *) bad "no breach to start from" "$(codes_of db-test-04)" ;; esac
n0=$(sqlite3 "$DB" 'SELECT count(*) FROM audit')
as mallory exception add --asset db-test-04 --until "$until" --reason "vendor"; [ $? -eq 1 ] && has "neither a CAB approver nor a risk owner" "$T/err" &&
    [ "$(sqlite3 "$DB" 'SELECT count(*) FROM exceptions')" = 0 ] && [ "$(sqlite3 "$DB" 'SELECT count(*) FROM audit')" = "$n0" ] &&
    ok "exception add by one neither on the CAB nor a risk owner is refused, leaving nothing" || bad "non-member add" "$(cat "$T/err")"
as alice exception add --asset db-test-04 --until "$until" --reason "   "; [ $? -eq 1 ] && has "needs a reason" "$T/err" && ok "a blank reason is refused" || bad "blank reason" "$(cat "$T/err")"
as alice exception add --asset db-test-04 --until 2020-01-01 --reason x; [ $? -eq 1 ] && has "is past" "$T/err" && ok "an --until already past is refused" || bad "past until" "$(cat "$T/err")"
as alice exception add --asset no-such --until "$until" --reason x; [ $? -eq 1 ] && has "no active asset" "$T/err" && ok "an unknown asset is refused" || bad "unknown asset" "$(cat "$T/err")"
as alice exception add --asset db-test-04 --until "$until" --reason "kernel certified by the vendor in January" &&
    has "exception 1 added" "$T/out" && ok "a CAB member adds an exception" || bad "add" "$(cat "$T/err")"
{ cat demo/policy.yaml; echo "risk_owners: [dave]"; } >"$T/policy-ro.yaml"
as alice import policy "$T/policy-ro.yaml" || bad "policy with risk_owners" "$(cat "$T/err")"
as dave exception add --advisory CVE-2026-19876 --asset web-prod-03 --until "$until" --reason "WAF rule 9410 blocks it" &&
    ok "a risk owner of the policy adds one too (asset and advisory)" || bad "risk owner add" "$(cat "$T/err")"
"$PW" --db "$DB" plan --now 2026-11-23T00:00:00Z >/dev/null
c=$(codes_of db-test-04)
case $c in *ACCEPTED_RISK*SLA_BREACH*|*SLA_BREACH*ACCEPTED_RISK*|*SLA_BREACH*) bad "check: covered patches still breach" "$c" ;;
*ACCEPTED_RISK*) ok "check: the covered asset is ACCEPTED_RISK, not SLA_BREACH" ;; *) bad "no ACCEPTED_RISK" "$c" ;; esac
run 4 check && has "ACCEPTED_RISK" "$T/out" && ok "check counts ACCEPTED_RISK" || bad "check summary" "$(cat "$T/out")"
[ "$("$PW" --db "$DB" conflicts --format json | jq '[.[] | select(.code == "ACCEPTED_RISK") | .severity] | unique')" = '[
  "warning"
]' ] && ok "ACCEPTED_RISK is a warning" || bad "ACCEPTED_RISK severity"
run 0 why db-test-04 && has "exception 1 (db-test-04, until $until, by alice): kernel certified" "$T/out" && has "ACCEPTED_RISK" "$T/out" &&
    ok "why names the exception" || bad "why" "$(cat "$T/out")"
run 0 exception list --format csv && has "^1,valid,db-test-04,,$until,kernel certified by the vendor in January,alice," "$T/out" &&
    has "^2,valid,web-prod-03,CVE-2026-19876," "$T/out" && ok "exception list" || bad "list" "$(cat "$T/out")"
run 0 exception list && has "^1  *valid  *db-test-04  *$until  *kernel certified" "$T/out" && ok "exception list as a table" || bad "list table" "$(cat "$T/out")"
as alice exception add --asset db-test-04 --advisory CVE-2026-21001 --until "$until" --reason '<b>x</b> | =1+1' || bad "hostile reason" "$(cat "$T/err")"
w=$("$PW" --db "$DB" conflicts --format json | jq -r '[.[] | select(.code == "ACCEPTED_RISK" and .assets == ["db-test-04"]) | .wave][0]')
as alice change create --wave "$w" --title "nonprod with an accepted risk" || bad "change for the pack" "$(cat "$T/err")"
rm -rf "$T/xpack"
run 0 export --include-pending -o "$T/xpack" || bad "export with exceptions" "$(cat "$T/err")"
md=$(ls "$T"/xpack/CHG-*.md | tail -1)
if has "## Accepted risks (2)" "$md" && has "| 1 | db-test-04 | any | $until | alice | kernel certified" "$md" &&
    has '&lt;b&gt;x&lt;/b&gt; \\| =1+1' "$md" && has "<h3>Accepted risks (2)</h3>" "$T/xpack/index.html" &&
    has "<td>&lt;b&gt;x&lt;/b&gt; | =1+1</td>" "$T/xpack/index.html" && ! has "<b>x</b>" "$T/xpack/index.html" &&
    has "#3 db-test-04 CVE-2026-21001 until $until by alice: <b>x</b> | =1+1" "$T/xpack/changes.csv"; then
	ok "the CAB pack lists the accepted risks of the change's assets, escaped (Markdown, HTML, CSV)"
else
	bad "pack accepted risks" "$(grep -A5 'Accepted' "$md"; grep -o 'Accepted risks.*' "$T/xpack/index.html" | head -c 600; cat "$T/xpack/changes.csv")"
fi
"$PW" --db "$DB" plan --now "$after" >/dev/null
case $(codes_of db-test-04) in *ACCEPTED_RISK*) bad "an expired exception still holds" "$(codes_of db-test-04)" ;;
*SLA_BREACH*|*UNPLANNED*) ok "once --until's day is over it is a breach again" ;; *) bad "expiry" "$(codes_of db-test-04)" ;; esac
as mallory exception revoke 1; [ $? -eq 1 ] && has "neither a CAB approver" "$T/err" && ok "revoke by a non-member is refused" || bad "non-member revoke" "$(cat "$T/err")"
as bob exception revoke 1 && has "exception 1 revoked" "$T/out" && ok "a CAB member revokes it" || bad "revoke" "$(cat "$T/err")"
as bob exception revoke 1; [ $? -eq 1 ] && has "revoked already" "$T/err" && ok "nor twice" || bad "revoke twice" "$(cat "$T/err")"
run 0 exception list --format json && jq -e '.[0].state == "revoked" and .[0].revoked_by == "bob"' "$T/out" >/dev/null && ok "list shows it revoked" || bad "list revoked" "$(cat "$T/out")"
as alice exception revoke 3 >/dev/null || bad "revoke 3" "$(cat "$T/err")"
"$PW" --db "$DB" plan --now 2026-11-23T00:00:00Z >/dev/null
case $(codes_of db-test-04) in *ACCEPTED_RISK*) bad "a revoked exception still holds" ;; *SLA_BREACH*) ok "revoked: a breach again" ;; *) bad "revoked" "$(codes_of db-test-04)" ;; esac
run 0 audit verify && has "intact" "$T/out" && ok "audit verify passes with exceptions in the log" || bad "verify with exceptions" "$(cat "$T/err")"
run 0 audit --format json && jq -e '[.[] | select(.action | startswith("exception-")) | [.who, .action]] ==
    [["alice","exception-add"],["dave","exception-add"],["alice","exception-add"],["bob","exception-revoke"],["alice","exception-revoke"]]' "$T/out" >/dev/null &&
    ok "the audit log shows each add and revoke, by whom" || bad "audit entries" "$(jq -c '.[] | [.who, .action]' "$T/out")"
sqlite3 "$DB" "DELETE FROM exceptions" 2>"$T/err"; has "revoke one instead" "$T/err" && ok "exceptions cannot be deleted (trigger)" || bad "exceptions delete trigger"
sqlite3 "$DB" "INSERT INTO exceptions (asset, advisory, until, reason, added_by, added_at) VALUES ('db-prod-02', '', '2099-12-31', 'x', 'alice', 'x')"
run 1 audit verify && has "exception 4 is not what the audit log says" "$T/err" && ok "an exception inserted by hand fails audit verify" || bad "hand-made exception" "$(cat "$T/err")"

# ---- verify after the window (issue 17) --------------------------------------
# The demo planned, its canary wave's change approved; a scan after the window
# in which three of its four assets are fixed and db-dev-04 still lacks one
# patch (and web-dev-01 has a new one): verify says so, --apply fails the
# change with the scan in the audit, the next plan places db-dev-04 again.
DB0=$DB DB=$T/verify.db
sh demo/load.sh "$PW" "$DB" || bad "demo loads for verify"
as alice change create --wave 1 --title canary --test-plan t --backout-plan b
CV=$(sqlite3 "$DB" 'SELECT number FROM changes')
warnings_acked
as alice change submit "$CV" && as bob change approve "$CV" --comment ok && as carol change approve "$CV" --comment ok ||
    bad "verify: the change approved" "$(cat "$T/err")"
run 0 verify --now 2026-11-23T12:00:00Z && has "nothing to verify" "$T/out" && ok "verify: nothing due before the window ends" || bad "verify before" "$(cat "$T/out" "$T/err")"
run 3 verify --now 2026-11-24T12:00:00Z --format json &&
    jq -e '.[0].verdict == "not_rescanned" and .[0].not_rescanned == 4 and .[0].still_missing == 0' "$T/out" >/dev/null &&
    ok "verify: no scan since the window: every asset not rescanned (exit 3)" || bad "not rescanned" "$(cat "$T/out" "$T/err")"
as dave verify --now 2026-11-24T12:00:00Z --apply; [ $? -eq 3 ] && has "apply: stays approved" "$T/out" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CV'")" = approved ] &&
    ok "verify --apply leaves a change not rescanned approved, saying so" || bad "apply not rescanned" "$(cat "$T/out" "$T/err")"
mkdir -p "$T/after"
grep -v -e '^web-dev-01,' -e '^web-dev-03,' -e '^db-dev-02,' -e '^db-dev-04,CVE-2026-11234' -e '^db-dev-04,CVE-2026-19876' \
    demo/patches.csv >"$T/after/patches.csv"
echo 'web-dev-01,CVE-2026-30001,medium,2026-11-24,no' >>"$T/after/patches.csv"
SUM=$(sha256sum "$T/after/patches.csv" | cut -d' ' -f1)
SOURCE_DATE_EPOCH=1795564800 "$PW" --db "$DB" import patches "$T/after/patches.csv" --source demo-scanner >/dev/null ||
    bad "verify: the scan after the window imports"
run 3 verify --now 2026-11-25T12:00:00Z && has "failed: 3 patched, 1 still missing, 0 not rescanned, 1 new finding" "$T/out" &&
    grep -q "^db-dev-04 .*still_missing *CVE-2026-21001" "$T/out" && grep -q "^web-dev-01 .*patched *CVE-2026-30001" "$T/out" &&
    ok "verify: three assets patched, db-dev-04 still missing, a new finding listed" || bad "verify outcome" "$(cat "$T/out" "$T/err")"
# The time each asset is judged from is its own planned end, and says so.
grep -q "^asset  *hostname  *planned end  *outcome" "$T/out" && ok "verify: the column is the asset's planned end" || bad "verify column" "$(head -3 "$T/out")"
run 3 verify --now 2026-11-25T12:00:00Z --format json &&
    jq -e --arg s "$SUM" '.[0] | .patched == 3 and .still_missing == 1 and .new_findings == 1 and
      ([.assets[] | select(.outcome == "still_missing") | .key] == ["db-dev-04"]) and
      (.assets[] | select(.key == "db-dev-04") | .evidence.sha256 == $s and .evidence.source == "demo-scanner" and
       .evidence.at == "2026-11-25T00:00:00Z")' "$T/out" >/dev/null &&
    ok "verify --format json: the evidence is the scan's import, source, time and the file's SHA-256" || bad "verify json" "$(cat "$T/out")"
as dave verify --now 2026-11-25T12:00:00Z --apply; [ $? -eq 3 ] && has "apply: failed" "$T/out" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CV'")" = failed ] &&
    ok "verify --apply marks the change failed" || bad "apply failed" "$(cat "$T/out" "$T/err")"
run 0 audit --change "$CV" --format json &&
    jq -e --arg s "$SUM" '.[-1] | .who == "dave" and .action == "fail" and (.detail | contains("db-dev-04 (CVE-2026-21001)")) and
      (.detail | contains("from demo-scanner at 2026-11-25T00:00:00Z, sha256 " + $s))' "$T/out" >/dev/null &&
    ok "the audit entry cites the scan: import, source, time, digest" || bad "audit evidence" "$(cat "$T/out")"
run 0 audit verify && ok "the audit log verifies after verify --apply" || bad "audit verify after apply" "$(cat "$T/err")"
run 0 verify --now 2026-11-25T12:00:00Z && has "nothing to verify" "$T/out" && ok "a failed change is not verified again" || bad "verify again" "$(cat "$T/out")"
run 0 plan --now 2026-11-25T12:00:00Z && run 0 why db-dev-04 --now 2026-11-25T12:00:00Z && has "planned in" "$T/out" &&
    run 0 waves --format json && jq -e '[.[] | select(.start >= "2026-11-25") | .assets[]] as $a |
      ($a | index("db-dev-04")) != null and ($a | index("db-dev-02")) == null and ($a | index("web-dev-03")) == null' "$T/out" >/dev/null &&
    ok "the next plan places the still-missing asset again, not the patched ones" || bad "replanned" "$(cat "$T/out" "$T/err")"
run 0 export -o "$T/vpack" --now 2026-11-25T12:00:00Z &&
    jq -e --arg c "$CV" '.changes[] | select(.number == $c) | .state == "failed" and
      .post_implementation_review.verdict == "failed" and .post_implementation_review.still_missing == 1' "$T/vpack/changes.json" >/dev/null &&
    grep -q "Post-implementation review: 3 patched, 1 still missing" "$T/vpack/index.html" && grep -q "Post-implementation review" "$T/vpack/$CV.md" &&
    ok "the pack's post-implementation review of the failed change" || bad "pack review" "$(cat "$T/out" "$T/err")"
# Who recorded the outcome, when and why (verify --apply's evidence): in
# change show, and in the pack's record (Markdown, HTML, JSON), not only in
# the audit log.
run 0 change show "$CV" && grep -q "^outcome  *failed by dave at 2026-11-25 13:00+01:00: approved -> failed; verified after the window: 3 patched, 1 still missing" "$T/out" &&
    grep -q "^| outcome | failed by dave at 2026-11-25 13:00+01:00: approved -&gt; failed; verified after the window" "$T/vpack/$CV.md" &&
    grep -q "<th>outcome</th><td>failed by dave at 2026-11-25 13:00+01:00: approved -&gt; failed; verified after the window" "$T/vpack/index.html" &&
    jq -e --arg c "$CV" '.changes[] | select(.number == $c) | .closed_by == "dave" and .closed_at == "2026-11-25T12:00:00Z" and
      (.close_notes | startswith("approved -> failed; verified after the window"))' "$T/vpack/changes.json" >/dev/null &&
    ok "the outcome (who, when, the evidence) in change show and the pack's record" || bad "outcome shown" "$(head -5 "$T/out"; grep outcome "$T/vpack/$CV.md")"
# All patched: implemented.
printf 'timezone: UTC\nwindows:\n  - {name: nightly, rrule: FREQ=DAILY, start: "22:00", duration: 4h}\ncab: {approvers: [alice, bob], quorum: 1, allow_as: true}\n' >"$T/v.yaml"
printf 'hostname,environment,patch_minutes,reboot_minutes\nh1,prod,30,0\nh2,prod,30,0\n' >"$T/v-inv.csv"
printf 'hostname,advisory,severity,released\nh1,CVE-1,low,2026-11-20\nh2,CVE-2,low,2026-11-20\n' >"$T/v-p.csv"
printf 'hostname,advisory,severity,released\n' >"$T/v-p2.csv"
DB=$T/verify2.db
run 0 import policy "$T/v.yaml" && run 0 import inventory "$T/v-inv.csv" && run 0 import patches "$T/v-p.csv" --source scan &&
    run 0 plan --now 2026-11-23T00:00:00Z && as alice change create --wave "$(sqlite3 "$DB" 'SELECT min(id) FROM waves')" \
    --title nightly --test-plan t --backout-plan b && CW=$(sqlite3 "$DB" 'SELECT number FROM changes') &&
    as alice change submit "$CW" && as bob change approve "$CW" --comment ok &&
    SOURCE_DATE_EPOCH=1795996800 "$PW" --db "$DB" import patches "$T/v-p2.csv" --source scan --full-scan >/dev/null &&
    as carol verify --now 2026-11-30T12:00:00Z --apply && has "patched: 2 patched, 0 still missing" "$T/out" && has "apply: implemented" "$T/out" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CW'")" = implemented ] &&
    run 0 audit --change "$CW" --format json && jq -e '.[-1].action == "implement" and .[-1].who == "carol"' "$T/out" >/dev/null &&
    ok "verify --apply: every asset patched, the change implemented (exit 0)" || bad "apply implemented" "$(cat "$T/out" "$T/err")"
DB=$DB0

# An implemented change's waves are history: undoing an edit made before it
# was implemented that would drop or change one (the wave it covers was made
# by a split) is refused, nothing changed; an undo that leaves them as they
# are (a plan made before, the same wave) still runs.
DB1=$DB DB=$T/undo-impl.db
sh demo/load.sh "$PW" "$DB" >/dev/null
ui=$(sqlite3 "$DB" "select a.key from wave_assets x join assets a on a.id = x.asset_id where x.wave_id = 1 order by a.key limit 1")
run 0 edit split 1 "$ui" && warnings_acked &&
    as alice change create --wave 6 --title "split off" --test-plan t --backout-plan b &&
    C6=$(sqlite3 "$DB" "select number from changes order by id desc limit 1") &&
    as alice change submit "$C6" && as bob change approve "$C6" --comment ok &&
    as carol change approve "$C6" --comment ok && started "$DB" as dave change implement "$C6" --comment done || bad "implemented split wave" "$(cat "$T/err")"
before=$(sqlite3 "$DB" "select * from waves order by id; select * from wave_assets order by asset_id")
run 1 edit undo && has "undo would change waves an implemented change carried out.*nothing changed" "$T/err" &&
    [ "$(sqlite3 "$DB" "select * from waves order by id; select * from wave_assets order by asset_id")" = "$before" ] &&
    [ "$(sqlite3 "$DB" "select count(*) from undo_steps")" -gt 0 ] &&
    ok "undo that would change an implemented change's wave is refused, nothing changed" ||
    bad "undo across an implemented change" "$(cat "$T/out" "$T/err")"
# Nor does an edit move it (every edit and undo takes one path).
run 1 edit move-wave 6 --at 2026-12-17T17:00:00Z --force && has "move-wave 6 .*would change waves an implemented change carried out.*nothing changed" "$T/err" &&
    [ "$(sqlite3 "$DB" "select * from waves order by id; select * from wave_assets order by asset_id")" = "$before" ] &&
    ok "an edit moving an implemented change's wave is refused, nothing changed" ||
    bad "edit of a carried-out wave" "$(cat "$T/out" "$T/err")"
DB=$T/undo-impl2.db
sh demo/load.sh "$PW" "$DB" >/dev/null
run 0 plan --now 2026-11-20T00:00:00Z && warnings_acked &&
    as alice change create --wave 1 --title "canary" --test-plan t --backout-plan b &&
    C7=$(sqlite3 "$DB" "select number from changes order by id desc limit 1") &&
    as alice change submit "$C7" && as bob change approve "$C7" --comment ok &&
    as carol change approve "$C7" --comment ok && started "$DB" as dave change implement "$C7" --comment done &&
    run 0 edit undo && has "undone: plan" "$T/out" &&
    ok "an undo that leaves an implemented change's waves as they are runs" ||
    bad "undo past an implemented change's unchanged waves" "$(cat "$T/out" "$T/err")"
DB=$DB1

# Issue 22 (change manager's review): implement refused because the stored
# plan moved says a way out that works (plan --force sends the change back
# to draft), not audit verify, which finds the log intact.
DB=$T/moved.db
sh demo/load.sh "$PW" "$DB" >/dev/null
run 0 plan --now 2026-11-20T00:00:00Z && warnings_acked &&
    as alice change create --wave 1 --title "canary" --test-plan t --backout-plan b &&
    C8=$(sqlite3 "$DB" "select number from changes order by id desc limit 1") &&
    as alice change submit "$C8" && as bob change approve "$C8" --comment ok &&
    as carol change approve "$C8" --comment ok || bad "moved: approved" "$(cat "$T/err")"
run 0 change show "$C8" && has "^state  *approved" "$T/out" && ! has "PLAN MOVED" "$T/out" &&
    ok "change show: an approved change on the plan it was submitted with is not flagged" || bad "show: approved flagged" "$(cat "$T/out" "$T/err")"
sqlite3 "$DB" "UPDATE waves SET start_utc = start_utc + 86400, end_utc = end_utc + 86400,
    last_start_utc = last_start_utc + 86400 WHERE id = 1;
    UPDATE wave_assets SET start_utc = start_utc + 86400, end_utc = end_utc + 86400 WHERE wave_id = 1"
run 0 change show "$C8" && has "^PLAN MOVED  *its waves in the stored plan are not the ones submitted" "$T/out" &&
    has "patchwave plan --force" "$T/out" &&
    ok "change show flags an approved change whose stored plan moved, as implement will find it" ||
    bad "show: plan moved" "$(cat "$T/out" "$T/err")"
as dave change implement "$C8" --comment done; rc=$?
[ "$rc" -eq 1 ] && has "not the ones submitted" "$T/err" && has "patchwave plan --force" "$T/err" &&
    ! has "audit verify" "$T/err" && run 0 plan --now 2026-11-20T00:00:00Z --force &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$C8'")" = draft ] &&
    ok "a refusal because the plan moved names plan --force, which sends the change back to draft" ||
    bad "moved plan remedy" "$(cat "$T/out" "$T/err")"
run 0 change show "$C8" && ! has "PLAN MOVED" "$T/out" && ok "a draft is not flagged" || bad "show: draft flagged" "$(cat "$T/out")"
# --as refused says why (allow_as comes with the first policy only) and what
# to do instead.
"$PW" --db "$DB2" --as bob change list >"$T/out" 2>"$T/err"; [ $? -eq 2 ] &&
    has "only a database's first policy can bring" "$T/err" && has "sudo -u bob patchwave" "$T/err" &&
    ok "--as refused names what to do instead" || bad "--as refusal remedy" "$(cat "$T/err")"
DB=$DB1

# The demo loaded into $DB, its canary wave's change approved; its number in
# $CHG (what: the test's name, for a failure).
canary_approved() {
	sh demo/load.sh "$PW" "$DB" >/dev/null
	as alice change create --wave 1 --title canary --test-plan t --backout-plan b
	CHG=$(sqlite3 "$DB" 'SELECT number FROM changes')
	warnings_acked
	as alice change submit "$CHG" && as bob change approve "$CHG" --comment ok &&
	    as carol change approve "$CHG" --comment ok || bad "$1: approved" "$(cat "$T/err")"
}

# verify --apply leaving a change approved because an asset was not rescanned
# says what to do next.
DB=$T/verify-hint.db
canary_approved "verify hint"
CH9=$CHG
as dave verify --now 2026-11-24T12:00:00Z --apply; [ $? -eq 3 ] && has "apply: stays approved" "$T/out" &&
    has "for those not rescanned, import a scan of their source taken after the window (patchwave import patches FILE --source demo-scanner) and verify again" "$T/out" &&
    ok "verify: a change not rescanned says how to verify it" || bad "verify hint" "$(cat "$T/out" "$T/err")"

# A database from before policy imports logged "cab sha256" (an older
# patchwave's entry, appended here with its chain hash): verify holds what it
# can and says the CAB is not held until the policy is imported again.
DB=$T/upgrade.db
"$PW" --db "$DB" import policy demo/policy.yaml >/dev/null || bad "upgrade: policy"
prev=$(sqlite3 "$DB" 'SELECT hash FROM audit ORDER BY seq DESC LIMIT 1')
seq=$(( $(sqlite3 "$DB" 'SELECT max(seq) FROM audit') + 1 ))
at=2026-11-01T10:00:00Z detail='policy from policy.yaml (sha256 00): quorum 2 -> 2'
hash=$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s' "$prev" "$seq" "$at" root "" policy "$detail" | sha256sum | cut -d' ' -f1)
sqlite3 "$DB" "INSERT INTO audit VALUES ($seq, '$at', 'root', '', 'policy', '$detail', '$prev', '$hash'); UPDATE audit_head SET seq = $seq, hash = '$hash'"
run 0 audit verify && has "audit log intact" "$T/out" && has "CAB is not held to the log" "$T/out" &&
    ok "an import from before cab sha256 is not called changed; verify says the CAB is not held" ||
    bad "upgrade: unheld" "$(cat "$T/out" "$T/err")"
run 0 import policy demo/policy.yaml && run 0 audit verify && ! has "not held" "$T/out" &&
    ok "imported again, the CAB is held" || bad "upgrade: held again" "$(cat "$T/out" "$T/err")"
DB=$DB1

# --as NAME with a newline would move text between the fields an audit
# entry's hash is made of: refused, as any control character.
run 2 --as "$(printf 'eve\nCHG-1')" change list && has "none of them a control character" "$T/err" &&
    run 2 --as "$(printf 'eve\033]0;x\007')" change list &&
    ok "--as refuses a name with a newline or a control character" || bad "--as control" "$(cat "$T/err")"

# A change submitted under an older patchwave (its submit entry without
# "record sha256", appended here with its chain hash): the pack does not say
# its record digest was checked against the log.
DB=$T/old-submit.db
sh demo/load.sh "$PW" "$DB" >/dev/null || bad "old submit: demo loads"
as alice change create --wave 4 --title "old" --test-plan t --backout-plan b || bad "old submit: create" "$(cat "$T/err")"
num=$(sqlite3 "$DB" 'SELECT number FROM changes')
prev=$(sqlite3 "$DB" 'SELECT hash FROM audit ORDER BY seq DESC LIMIT 1')
seq=$(( $(sqlite3 "$DB" 'SELECT max(seq) FROM audit') + 1 ))
at=2026-11-18T11:06:40Z detail='draft -> submitted'
hash=$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s' "$prev" "$seq" "$at" alice "$num" submit "$detail" | sha256sum | cut -d' ' -f1)
sqlite3 "$DB" "INSERT INTO audit VALUES ($seq, '$at', 'alice', '$num', 'submit', '$detail', '$prev', '$hash');
    UPDATE audit_head SET seq = $seq, hash = '$hash'; UPDATE changes SET state = 'submitted', round = 1"
run 0 audit verify && run 0 export --include-pending -o "$T/old-pack" &&
    jq -e '.changes[0].record_logged == false' "$T/old-pack/changes.json" >/dev/null &&
    grep -q "submitted before submissions logged their record" "$T/old-pack/$num.md" &&
    grep -q "submitted before submissions logged their record" "$T/old-pack/index.html" &&
    ! grep -q "checked before this pack was written" "$T/old-pack/index.html" &&
    ok "a change submitted before its record was logged: the pack says its digest is held to nothing" ||
    bad "old submit pack" "$(cat "$T/out" "$T/err")"
jq -e '.changes[0].record_logged == true' "$T/pack/changes.json" >/dev/null &&
    ok "one submitted since: record_logged" || bad "record_logged" "$(head -c 300 "$T/pack/changes.json")"
DB=$DB1

# ---- the pack's times in its zone ---------------------------------------------
# index.html and CHG-*.md say their times are in the pack's zone (here the
# demo policy's, Europe/Berlin): so are when the record was created and last
# updated, each decision, each acknowledgement and the pack's own time (they
# were UTC with a Z). changes.json and changes.csv keep UTC for machines.
DB0=$DB DB=$T/zone.db
sh demo/load.sh "$PW" "$DB" >/dev/null || bad "zone: demo loads"
warnings_acked
as alice change create --wave 1 --title zone --test-plan t --backout-plan b &&
    CZ=$(sqlite3 "$DB" 'SELECT number FROM changes') && as alice change submit "$CZ" &&
    as bob change approve "$CZ" --comment ok && as carol change approve "$CZ" --comment ok ||
    bad "zone: approved" "$(cat "$T/err")"
utc='[0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
local='2026-11-18 12:06+01:00'	# SOURCE_DATE_EPOCH, 11:06:40Z, in Berlin
run 0 export -o "$T/zpack" && ! grep -q "$utc" "$T/zpack/$CZ.md" &&
    has "^| created | $local |$" "$T/zpack/$CZ.md" && has "^| last updated | $local |$" "$T/zpack/$CZ.md" &&
    has "^| 1 | bob | approve | $local | ok |$" "$T/zpack/$CZ.md" &&
    [ "$(grep -c "acknowledged by .* at $local: slack still positive" "$T/zpack/$CZ.md")" = 3 ] &&
    has "^Generated by patchwave at $local; times in Europe/Berlin.$" "$T/zpack/$CZ.md" &&
    ok "the Markdown's record, decision, acknowledgement and pack times in its zone, none in UTC" ||
    bad "Markdown times" "$(grep -n "$utc\|created\|approve |\|acknowledged\|Generated" "$T/zpack/$CZ.md")"
! grep -q "$utc" "$T/zpack/index.html" && has "<th>created</th><td>$local</td>" "$T/zpack/index.html" &&
    has "<th>last updated</th><td>$local</td>" "$T/zpack/index.html" &&
    has "<td>carol</td><td class=\"approved\">approve</td><td class=\"nw\">$local</td>" "$T/zpack/index.html" &&
    [ "$(grep -o ", $local: slack still positive" "$T/zpack/index.html" | wc -l)" = 3 ] &&
    has "generated $local &middot; times in Europe/Berlin" "$T/zpack/index.html" &&
    has "Generated by patchwave at $local\." "$T/zpack/index.html" &&
    ok "index.html's record, decision, acknowledgement and pack times in its zone, none in UTC" ||
    bad "index.html times" "$(grep -o ".\{60\}$utc.\{20\}" "$T/zpack/index.html" | head -5)"
at=2026-11-18T11:06:40Z
jq -e --arg at "$at" '.generated_at == $at and (.changes[0] | .sys_created_on == $at and
    .sys_updated_on == $at and ([.approvals[].at] | length == 2 and all(. == $at)) and
    ([.conflicts[].acknowledged.at] | length == 3 and all(. == $at)))' "$T/zpack/changes.json" >/dev/null &&
    grep -q "^$CZ,.*,$at,$at," "$T/zpack/changes.csv" &&
    ok "changes.json and changes.csv keep those times in UTC" || bad "machine times" "$(head -c 400 "$T/zpack/changes.json")"
# The review of a failed change (above): as of, and each scan's time.
! grep -q "$utc" "$T/vpack/index.html" "$T/vpack/$CV.md" &&
    grep -q "as of 2026-11-25 13:00+01:00" "$T/vpack/index.html" &&
    grep -q "demo-scanner, imported 2026-11-25 01:00+01:00" "$T/vpack/index.html" "$T/vpack/$CV.md" &&
    ok "a post-implementation review's times in the pack's zone" ||
    bad "review times" "$(grep -o ".\{60\}$utc.\{20\}" "$T/vpack/index.html" "$T/vpack/$CV.md" | head -5)"
# Tables for people: verify's scan times and calendars' import times in the
# operator's zone, as every table's; CSV and JSON keep UTC.
DB=$T/verify.db
run 3 verify --change "$CV" --now 2026-11-25T12:00:00Z && has "demo-scanner  *2026-11-25 01:00+01:00" "$T/out" &&
    ! has "$utc" "$T/out" && run 3 verify --change "$CV" --now 2026-11-25T12:00:00Z --format json &&
    jq -e '[.[0].assets[].evidence.at] | all(. == "2026-11-25T00:00:00Z")' "$T/out" >/dev/null &&
    ok "verify's table: each scan's time in the operator's zone (JSON: UTC)" || bad "verify scanned" "$(cat "$T/out" "$T/err")"
run 0 calendars && has "demo/freeze.ics  *$local" "$T/out" && ! has "$utc" "$T/out" &&
    run 0 calendars --format csv && has "demo/freeze.ics,$at" "$T/out" &&
    ok "calendars' table: when each was imported in the operator's zone (CSV: UTC)" || bad "calendars imported_at" "$(cat "$T/out" "$T/err")"
DB=$DB0
# The audit table's times in the operator's zone, as logged (UTC) in CSV.
as alice --tz Asia/Kathmandu audit && [ "$(awk 'NR > 1 && $2 !~ /^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ { bad = 1 } NR > 1 && $3 !~ /^[0-9][0-9]:[0-9][0-9]\+05:45$/ { bad = 1 } END { print (NR > 2 && !bad) }' "$T/out")" = 1 ] &&
    as alice audit --format csv && [ "$(awk -F, 'NR > 1 && $2 !~ /^20[0-9-]*T[0-9:]*Z$/ { bad = 1 } END { print (NR > 2 && !bad) }' "$T/out")" = 1 ] &&
    ok "audit: the table's times in the operator's zone with its offset, CSV's as logged (UTC)" || bad "audit times" "$(awk 'NR > 1 && $3 !~ /^[0-9][0-9]:[0-9][0-9]\+05:45$/' "$T/out" | head -5)"

# A draft made of a wave whose window has started is made, but said never
# to be submittable (submit would refuse it only later).
LD=$T/late-draft.db
sh demo/load.sh "$PW" "$LD" >/dev/null 2>&1
SOURCE_DATE_EPOCH=$(date -d 2026-11-24T03:00Z +%s) "$PW" --db "$LD" change create --wave 1 --title late >"$T/out" 2>"$T/err" &&
    has "created (draft)" "$T/out" &&
    has "^warning: CHG-[0-9-]* can never be submitted: its window started at 2026-11-24 02:00+01:00, before now (2026-11-24 04:00+01:00): too late to submit" "$T/err" &&
    SOURCE_DATE_EPOCH=$(date -d 2026-11-23T03:00Z +%s) "$PW" --db "$LD" change create --wave 1 --title early >"$T/out" 2>"$T/err" &&
    ! has "never be submitted" "$T/err" &&
    ok "change create of a wave already started warns it can never be submitted; one ahead does not" ||
    bad "late draft warning" "$(cat "$T/out" "$T/err")"

# A rescan in a scanner's own format of some of the change's hosts only
# (--only-listed), naming them as the scanner does (an FQDN, upper case): the
# hosts it lists are matched and patched, web-dev-01 clean (informational
# items only) too; one it does not list was not rescanned (not "still
# missing"), so --apply leaves the change approved. Then SSM's patch states
# report web-dev-03 compliant (no record): rescanned, patched, implemented.
DB0=$DB DB=$T/verify-listed.db
canary_approved "verify listed"
CL=$CHG
nh() { printf '<ReportHost name="%s"><HostProperties><tag name="host-fqdn">%s</tag><tag name="HOST_START">Wed Nov 25 00:00:00 2026</tag></HostProperties><ReportItem severity="2" port="0" pluginFamily="General" pluginName="x" pluginID="%s" protocol="tcp"><cve>CVE-2026-30002</cve><solution>Upgrade the package.</solution></ReportItem></ReportHost>\n' "$@"; }
{ echo '<?xml version="1.0"?>'; echo '<NessusClientData_v2><Report name="rescan">'
  nh 10.0.0.1 web-dev-01.corp.example 900001 | sed 's/severity="2"/severity="0"/'
  nh DB-DEV-02 DB-DEV-02 900002; nh db-dev-04 db-dev-04.corp.example 900003
  echo '</Report></NessusClientData_v2>'; } >"$T/after/rescan.nessus"
SOURCE_DATE_EPOCH=1795564800 "$PW" --db "$DB" import patches "$T/after/rescan.nessus" --source demo-scanner --only-listed >/dev/null 2>"$T/err" ||
    bad "verify listed: the rescan imports" "$(cat "$T/err")"
as dave verify --now 2026-11-25T12:00:00Z --apply; [ $? -eq 3 ] &&
    has "not_rescanned: 3 patched, 0 still missing, 1 not rescanned, 2 new findings" "$T/out" &&
    grep -q "^web-dev-03 .*not_rescanned" "$T/out" && grep -q "^web-dev-01 .*patched  *[0-9]" "$T/out" &&
    grep -q "^db-dev-02 .*patched" "$T/out" && has "apply: stays approved" "$T/out" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CL'")" = approved ] &&
    ok "verify: a host the rescan did not list is not rescanned, not still missing; FQDN, upper case and a clean host matched" ||
    bad "verify listed" "$(cat "$T/out" "$T/err")"
# A scan that lists db-dev-02's covered CVE under its own plugin id: still
# missing, not patched (on a copy: the rest goes on from the first rescan).
cp "$DB" "$T/verify-cve.db"
{ echo '<?xml version="1.0"?>'; echo '<NessusClientData_v2><Report name="rescan">'
  nh DB-DEV-02 DB-DEV-02 900004 | sed 's/CVE-2026-30002/CVE-2026-21001/'
  echo '</Report></NessusClientData_v2>'; } >"$T/after/rescan-cve.nessus"
SOURCE_DATE_EPOCH=1795566600 "$PW" --db "$T/verify-cve.db" import patches "$T/after/rescan-cve.nessus" --source demo-scanner \
    --only-listed >/dev/null 2>&1 && "$PW" --db "$T/verify-cve.db" verify --now 2026-11-25T12:00:00Z >"$T/out" 2>"$T/err"
[ $? -eq 3 ] && grep -q "^db-dev-02 .*still_missing *CVE-2026-21001 *nessus:900004" "$T/out" &&
    ok "verify: a covered CVE a rescan lists under its own plugin id is still missing" || bad "verify cve renamed" "$(cat "$T/out" "$T/err")"
# A nightly Nessus scan of every host but web-dev-03 (down that night), no
# flag: a .nessus names every host it scanned, so web-dev-03 was not
# rescanned; it is not patched by its absence.
cp "$DB" "$T/verify-night.db"
{ echo '<?xml version="1.0"?>'; echo '<NessusClientData_v2><Report name="nightly">'
  sqlite3 "$T/verify-night.db" "SELECT hostname FROM assets WHERE hostname <> 'web-dev-03'" | while read -r h; do
	nh "$h" "$h" 11936 | sed 's/severity="2"/severity="0"/'; done
  echo '</Report></NessusClientData_v2>'; } >"$T/after/nightly.nessus"
SOURCE_DATE_EPOCH=1795566600 "$PW" --db "$T/verify-night.db" import patches "$T/after/nightly.nessus" --source demo-scanner >/dev/null 2>&1 &&
    "$PW" --db "$T/verify-night.db" verify --now 2026-11-25T12:00:00Z >"$T/out" 2>"$T/err"
[ $? -eq 3 ] && grep -q "^web-dev-03 .*not_rescanned" "$T/out" && grep -q "^db-dev-02 .*patched" "$T/out" &&
    ok "verify: a host a .nessus does not name was not scanned: not rescanned, not patched" || bad "verify nessus absent" "$(cat "$T/out" "$T/err")"
printf '{"InstancePatchStates": [{"InstanceId": "web-dev-03", "MissingCount": 0, "FailedCount": 0, "InstalledPendingRebootCount": 0,\n "CriticalNonCompliantCount": 0, "OperationEndTime": "2026-11-25T01:00:00+01:00"}]}\n' >"$T/after/states.json"
SOURCE_DATE_EPOCH=1795568400 "$PW" --db "$DB" import patches "$T/after/states.json" --source demo-scanner --only-listed >/dev/null 2>&1 ||
    bad "verify listed: SSM's states import"
as dave verify --now 2026-11-25T12:00:00Z --apply && has "patched: 4 patched, 0 still missing, 0 not rescanned" "$T/out" &&
    has "apply: implemented" "$T/out" && grep -q "^web-dev-03 .*patched" "$T/out" &&
    ok "verify: an instance SSM reports compliant was rescanned: patched, the change implemented" ||
    bad "verify compliant instance" "$(cat "$T/out" "$T/err")"
# Each asset's evidence is the scan that cleared it: the Nessus file for
# three, SSM's states (which named web-dev-03 only) for web-dev-03.
IN=$(sqlite3 "$DB" "SELECT id FROM imports WHERE path LIKE '%rescan.nessus'")
IS=$(sqlite3 "$DB" "SELECT id FROM imports WHERE path LIKE '%states.json'")
run 0 audit --change "$CL" --format json &&
    jq -e --arg n "$IN" --arg s "$IS" '.[-1].detail | contains("db-dev-02 [import " + $n + "]") and
      contains("web-dev-01 [import " + $n + "]") and contains("web-dev-03 [import " + $s + "]") and
      contains("scans: import " + $n + " from demo-scanner at 2026-11-25T00:00:00Z")' "$T/out" >/dev/null &&
    run 0 export -o "$T/lpack" --now 2026-11-25T12:00:00Z &&
    jq -e --arg c "$CL" --argjson n "$IN" '.changes[] | select(.number == $c) | .post_implementation_review.assets[] |
      select(.key == "db-dev-02") | .evidence.import == $n' "$T/lpack/changes.json" >/dev/null &&
    ok "verify --apply and the pack cite the scan that cleared each asset, not a later one about another host" ||
    bad "verify evidence per asset" "$(cat "$T/out" "$T/err")"
DB=$DB0

# A rescan is judged by when it was taken, not when it was imported: last
# night's Nessus export (every canary host clean, HOST_END before the window
# ended) imported the morning after is no rescan of the window (the assets
# not rescanned, the scan named with its time, --apply leaves the change
# approved); a scan whose HOST_END is after the window is.
DB2=$DB DB=$T/verify-taken.db
canary_approved "verify taken"
CT=$CHG
sh_clean() { { echo '<?xml version="1.0"?>'; echo '<NessusClientData_v2><Report name="nightly">'
  for h in web-dev-01 web-dev-03 db-dev-02 db-dev-04; do
	printf '<ReportHost name="%s"><HostProperties><tag name="HOST_START">%s</tag><tag name="HOST_END">%s</tag></HostProperties><ReportItem severity="0" port="0" pluginFamily="General" pluginName="x" pluginID="19506" protocol="tcp"/></ReportHost>\n' "$h" "$1" "$2"
  done; echo '</Report></NessusClientData_v2>'; } >"$3"; }
mkdir -p "$T/after"
sh_clean "Mon Nov 23 19:30:00 2026" "Mon Nov 23 20:10:00 2026" "$T/after/last-night.nessus"
SOURCE_DATE_EPOCH=1795564800 "$PW" --db "$DB" import patches "$T/after/last-night.nessus" --source demo-scanner >/dev/null 2>"$T/err" &&
    [ "$(sqlite3 "$DB" "SELECT scanned_utc FROM imports ORDER BY id DESC LIMIT 1")" = 1795461000 ] ||
    bad "verify taken: last night's scan imports with its time" "$(cat "$T/err")"
as dave verify --now 2026-11-25T12:00:00Z --apply; [ $? -eq 3 ] &&
    has "not_rescanned: 0 patched, 0 still missing, 4 not rescanned" "$T/out" && has "apply: stays approved" "$T/out" &&
    grep -q "^db-dev-04 not rescanned: the newest scan ($T/after/last-night.nessus, taken at 2026-11-23 .*) was taken before its planned end in the window (2026-11-24 " "$T/out" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CT'")" = approved ] &&
    ok "verify: a scan taken before the window ended, imported after it, is no rescan; the scan and its time named, the change left approved" ||
    bad "verify taken before" "$(cat "$T/out" "$T/err")"
run 3 verify --now 2026-11-25T12:00:00Z --format json &&
    jq -e '.[0].not_rescanned == 4 and (.[0].assets[0].scan_before_window.taken == "2026-11-23T19:10:00Z")' "$T/out" >/dev/null &&
    ok "verify --format json: the scan taken before the window, with its time" || bad "verify taken json" "$(cat "$T/out")"
# The pack's review of the change implemented by hand on that scan (a copy)
# says the same.
cp "$DB" "$T/verify-taken-pack.db"
SOURCE_DATE_EPOCH=1795564800 "$PW" --db "$T/verify-taken-pack.db" --as dave change implement "$CT" >/dev/null 2>&1 &&
    "$PW" --db "$T/verify-taken-pack.db" export -o "$T/tpack" --now 2026-11-25T12:00:00Z >/dev/null 2>&1 &&
    grep -q "^| db-dev-04 | not_rescanned | .*last-night.nessus, taken at 2026-11-23 .*: before its planned end in the window |" "$T/tpack/$CT.md" &&
    grep -q "last-night.nessus, taken at 2026-11-23 [0-9:+]*: before its planned end in the window</td>" "$T/tpack/index.html" &&
    ok "the pack's review names the scan taken before the window ended (Markdown and HTML)" || bad "verify taken pack" "$(cat "$T/tpack/$CT.md" 2>&1 | tail -8; grep -o 'not_rescanned</td>.\{0,300\}' "$T/tpack/index.html" | head -2)"
sh_clean "Tue Nov 24 05:00:00 2026" "Tue Nov 24 05:40:00 2026" "$T/after/morning.nessus"
SOURCE_DATE_EPOCH=1795566600 "$PW" --db "$DB" import patches "$T/after/morning.nessus" --source demo-scanner >/dev/null 2>"$T/err" ||
    bad "verify taken: the morning's scan imports" "$(cat "$T/err")"
as dave verify --now 2026-11-25T12:00:00Z --apply; [ $? -eq 0 ] &&
    has "patched: 4 patched, 0 still missing, 0 not rescanned" "$T/out" && has "apply: implemented" "$T/out" &&
    ! has "was taken before its planned end" "$T/out" &&
    ok "verify: a scan taken after the window ended is the rescan: patched, implemented" || bad "verify taken after" "$(cat "$T/out" "$T/err")"
# The review's scan is named with when it was imported and when it was
# taken (05:40 Berlin, 04:40 UTC), not one unlabelled time: the rule rests
# on both.
"$PW" --db "$DB" export -o "$T/tpack2" --now 2026-11-25T12:00:00Z >/dev/null 2>&1 &&
    grep -q "^| db-dev-04 | patched |  |  | import [0-9]*, demo-scanner, imported 2026-11-25 01:30+01:00, taken at 2026-11-24 05:40+01:00, sha256 " "$T/tpack2/$CT.md" &&
    grep -q "demo-scanner, imported 2026-11-25 01:30+01:00, taken at 2026-11-24 05:40+01:00<br>" "$T/tpack2/index.html" &&
    jq -e --arg c "$CT" '.changes[] | select(.number == $c) | .post_implementation_review.assets[0].evidence.taken == "2026-11-24T04:40:00Z"' "$T/tpack2/changes.json" >/dev/null &&
    run 0 verify --now 2026-11-25T12:00:00Z --change "$CT" --format json && jq -e '.[0].assets[0].evidence.taken == "2026-11-24T04:40:00Z"' "$T/out" >/dev/null &&
    run 0 verify --now 2026-11-25T12:00:00Z --change "$CT" && grep -q "^asset .* imported  *taken$" "$T/out" &&
    grep -q "^db-dev-04 .*patched .*demo-scanner  *2026-11-25 01:30+01:00  *2026-11-24 05:40+01:00$" "$T/out" &&
    ok "the pack's review and verify's JSON: the scan cited with when it was imported and when it was taken" ||
    bad "review scan times" "$(grep 'db-dev-04 | patched' "$T/tpack2/$CT.md"; cat "$T/out" | head -30)"
# HOST_END names no zone: Nessus writes the scanner's local clock. A
# scanner in Berlin (the policy's zone) that ended at 02:10 ended at 01:10
# UTC, before the canary hosts' work ended (01:20 UTC): no rescan, though
# read as UTC it would be one. The import says which zone it read it in;
# --tz says the scanner's clock is another's (UTC: then it is the rescan).
DB=$T/verify-zone.db
canary_approved "verify zone"
CZ=$CHG
sh_clean "Tue Nov 24 01:50:00 2026" "Tue Nov 24 02:10:00 2026" "$T/after/berlin.nessus"
SOURCE_DATE_EPOCH=1795564800 "$PW" --db "$DB" import patches "$T/after/berlin.nessus" --source demo-scanner >"$T/out" 2>"$T/err" &&
    has "berlin.nessus:3: warning: HOST_END 'Tue Nov 24 02:10:00 2026' names no zone: read in Europe/Berlin (--tz, else the policy's zone); if the scanner's clock is in another zone, import the file again as patchwave --tz ZONE import patches FILE" "$T/err" &&
    [ "$(sqlite3 "$DB" "SELECT scanned_utc FROM imports ORDER BY id DESC LIMIT 1")" = 1795482600 ] &&
    as dave verify --now 2026-11-25T12:00:00Z --apply; [ $? -eq 3 ] &&
    has "not_rescanned: 0 patched, 0 still missing, 4 not rescanned" "$T/out" && has "apply: stays approved" "$T/out" &&
    grep -q "^db-dev-04 not rescanned: the newest scan ($T/after/berlin.nessus, taken at 2026-11-24 02:10+01:00) was taken before its planned end in the window (2026-11-24 [0-9:+]*), so it cannot show the patching$" "$T/out" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CZ'")" = approved ] &&
    ok "verify: a Nessus HOST_END is the scanner's clock in the policy's zone: 02:10 in Berlin is before the work ended, no rescan" ||
    bad "verify HOST_END zone" "$(cat "$T/out" "$T/err")"
SOURCE_DATE_EPOCH=1795566600 "$PW" --db "$DB" --tz UTC import patches "$T/after/berlin.nessus" --source demo-scanner >"$T/out" 2>"$T/err" &&
    has "read in UTC (--tz" "$T/err" &&
    [ "$(sqlite3 "$DB" "SELECT scanned_utc FROM imports ORDER BY id DESC LIMIT 1")" = 1795486200 ] &&
    as dave verify --now 2026-11-25T12:00:00Z --apply && has "patched: 4 patched" "$T/out" && has "apply: implemented" "$T/out" &&
    ok "import patches --tz UTC: the scanner's clock is UTC, 02:10 UTC is after the work ended: the rescan" ||
    bad "verify HOST_END --tz" "$(cat "$T/out" "$T/err")"
# A scan is taken host by host, hours apart: each host is judged by its own
# scan's end, not the file's latest. db-dev-04 was scanned at 00:30 UTC,
# before the window began (its covered CVE still listed, as it was then);
# the other three at 04:00 UTC, after their work ended, clean. db-dev-04 is
# not rescanned (not still missing: the change does not fail on a scan
# taken before its work), named with its own scan's time; the other three
# are patched.
DB=$T/verify-hosts.db
canary_approved "verify per host"
CH=$CHG
hs() { printf '<ReportHost name="%s"><HostProperties><tag name="HOST_START">Tue Nov 24 00:00:00 2026</tag><tag name="HOST_END_TIMESTAMP">%s</tag></HostProperties><ReportItem severity="%s" port="0" pluginFamily="General" pluginName="x" pluginID="900009" protocol="tcp"><cve>CVE-2026-21001</cve><solution>Upgrade the package.</solution></ReportItem></ReportHost>\n' "$@"; }
{ echo '<?xml version="1.0"?>'; echo '<NessusClientData_v2><Report name="long scan">'
  hs db-dev-04 1795480200 3; hs web-dev-01 1795492800 0; hs web-dev-03 1795492800 0; hs db-dev-02 1795492800 0
  echo '</Report></NessusClientData_v2>'; } >"$T/after/long.nessus"
SOURCE_DATE_EPOCH=1795564800 "$PW" --db "$DB" import patches "$T/after/long.nessus" --source demo-scanner >/dev/null 2>"$T/err" ||
    bad "verify per host: the scan imports" "$(cat "$T/err")"
as dave verify --now 2026-11-25T12:00:00Z --apply; [ $? -eq 3 ] &&
    has "not_rescanned: 3 patched, 0 still missing, 1 not rescanned" "$T/out" && has "apply: stays approved" "$T/out" &&
    grep -q "^db-dev-04 .*not_rescanned" "$T/out" && grep -q "^db-dev-02 .*patched" "$T/out" &&
    grep -q "^db-dev-04 not rescanned: the newest scan ($T/after/long.nessus, taken at 2026-11-24 01:30+01:00) was taken before its planned end in the window (2026-11-24 [0-9:+]*), so it cannot show the patching$" "$T/out" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CH'")" = approved ] &&
    run 3 verify --now 2026-11-25T12:00:00Z --format json &&
    jq -e '.[0].assets[] | select(.key == "db-dev-04") | .scan_before_window.taken == "2026-11-24T00:30:00Z"' "$T/out" >/dev/null &&
    ok "verify: each host by its own scan's end: one scanned before its work is not rescanned, not still missing" ||
    bad "verify per host" "$(cat "$T/out" "$T/err")"
# A Qualys scan report of the canary hosts after the window, all clean
# (information gathered only): each <IP> is a host scanned, so the rescan
# lands (not refused as listing none of the source's hosts), resolves their
# patches, and the change is implemented.
DB=$T/verify-qualys.db
canary_approved "verify qualys"
CQ=$CHG
{ echo '<SCAN value="scan/1"><HEADER><KEY value="DATE">2026-11-24T05:10:00Z</KEY></HEADER>'
  for h in web-dev-01 web-dev-03 db-dev-02 db-dev-04; do
	printf '<IP value="10.9.9.9" name="%s"><INFOS><CAT value="TCP/IP"><INFO number="82023" severity="1"/></CAT></INFOS></IP>\n' "$h"
  done; echo '</SCAN>'; } >"$T/after/clean.xml"
SOURCE_DATE_EPOCH=1795564800 "$PW" --db "$DB" import patches "$T/after/clean.xml" --source demo-scanner >"$T/out" 2>"$T/err" &&
    has "marked installed" "$T/out" &&
    as dave verify --now 2026-11-25T12:00:00Z --apply && has "patched: 4 patched, 0 still missing, 0 not rescanned" "$T/out" &&
    has "apply: implemented" "$T/out" && [ "$(sqlite3 "$DB" "SELECT state FROM changes WHERE number = '$CQ'")" = implemented ] &&
    ok "verify: a clean Qualys XML rescan lands, its hosts patched, the change implemented" ||
    bad "verify qualys clean" "$(cat "$T/out" "$T/err")"
DB=$DB2

echo "change e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
