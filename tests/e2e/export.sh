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

echo "export e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
