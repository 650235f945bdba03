/* The schema as a list of forward migrations. PRAGMA user_version holds how many
 * have run; a migration is appended, never edited, once it has shipped. */
#include <stddef.h>

#include "schema.h"

/* Recount the stats table (migration 5; every import recounts with
 * STATS_SQL below). */
#define SCHEMA_STATS_SQL "WITH a AS (SELECT count(*) AS n, coalesce(sum(" \
	"service_model = 'iaas' OR service_model = 'onprem'), 0) AS owned FROM assets" \
	" WHERE retired_import IS NULL)," \
	" p AS (SELECT p.severity AS sev, count(*) AS n FROM patches p JOIN assets x" \
	" ON x.id = p.asset_id WHERE p.resolved_import IS NULL AND" \
	" x.retired_import IS NULL GROUP BY p.severity)," \
	" sv(sev) AS (VALUES ('critical'), ('high'), ('medium'), ('low'))" \
	" INSERT OR REPLACE INTO stats (name, value)" \
	" SELECT 'assets_active', n FROM a UNION ALL SELECT 'assets_owned', owned FROM a" \
	" UNION ALL SELECT 'pending_' || sv.sev, coalesce(p.n, 0) FROM sv" \
	" LEFT JOIN p ON p.sev = sv.sev"

/* The same counts in one pass over the patches, without a sort for the
 * GROUP BY or a lookup of every patch's asset (the few retired ones are
 * gathered first): 1.2 s -> 0.66 s over a million patches. The assets'
 * counts from a, a query or (STATS_COUNTED_SQL) the import's own. */
#define STATS_SQL_A(a) "WITH a AS (" a ")," \
	" p AS MATERIALIZED (SELECT" \
	" count(*) FILTER (WHERE severity = 'critical') AS critical," \
	" count(*) FILTER (WHERE severity = 'high') AS high," \
	" count(*) FILTER (WHERE severity = 'medium') AS medium," \
	" count(*) FILTER (WHERE severity = 'low') AS low FROM patches" \
	" WHERE resolved_import IS NULL AND asset_id NOT IN" \
	" (SELECT id FROM assets WHERE retired_import IS NOT NULL))" \
	" INSERT OR REPLACE INTO stats (name, value)" \
	" SELECT 'assets_active', n FROM a UNION ALL SELECT 'assets_owned', owned FROM a" \
	" UNION ALL SELECT 'pending_critical', critical FROM p" \
	" UNION ALL SELECT 'pending_high', high FROM p" \
	" UNION ALL SELECT 'pending_medium', medium FROM p" \
	" UNION ALL SELECT 'pending_low', low FROM p"
#define STATS_SQL STATS_SQL_A("SELECT count(*) AS n, coalesce(sum(" \
	"service_model = 'iaas' OR service_model = 'onprem'), 0) AS owned FROM assets" \
	" WHERE retired_import IS NULL")
#define STATS_COUNTED_SQL STATS_SQL_A("SELECT ?1 AS n, ?2 AS owned")

static const char *const migrations[] = {
	/* 1: foundation: imports, assets, patches, policy, calendars. */
	"CREATE TABLE imports ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"			/* inventory, patches, policy, calendar */
	"  source TEXT NOT NULL,"
	"  path TEXT,"
	"  at_utc TEXT NOT NULL,"
	"  summary TEXT"
	");"
	"CREATE TABLE assets ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  hostname TEXT NOT NULL,"
	"  environment TEXT,"
	"  service_model TEXT NOT NULL"
	/* Not IN (...): SQLite 3.40 builds an ephemeral table for an IN list in a
	 * CHECK on every row, a third of a bulk import's time. */
	"    CHECK (service_model = 'iaas' OR service_model = 'paas'"
	"      OR service_model = 'saas' OR service_model = 'onprem'),"
	"  provider TEXT, region TEXT, zone TEXT, os TEXT, tier TEXT, owner TEXT,"
	"  patch_group TEXT, cluster TEXT,"
	"  patch_minutes INTEGER NOT NULL CHECK (patch_minutes >= 0),"
	"  reboot_minutes INTEGER NOT NULL CHECK (reboot_minutes >= 0),"
	"  groups TEXT NOT NULL DEFAULT '[]',"	/* JSON array of names */
	"  vars TEXT NOT NULL DEFAULT '{}',"	/* JSON object */
	"  source TEXT NOT NULL,"
	"  source_line INTEGER,"
	/* Import ids, not REFERENCES imports(id): imports are append-only, so
	 * these cannot dangle, and three foreign-key lookups a row cost a fifth
	 * of a bulk import. */
	"  created_import INTEGER NOT NULL,"
	"  updated_import INTEGER NOT NULL,"
	"  seen_import INTEGER NOT NULL,"
	"  retired_import INTEGER"	/* NULL: active */
	");"
	"CREATE TABLE patches ("
	"  id INTEGER PRIMARY KEY,"
	"  asset_id INTEGER NOT NULL REFERENCES assets(id),"
	"  advisory TEXT NOT NULL,"
	"  severity TEXT NOT NULL"
	"    CHECK (severity = 'critical' OR severity = 'high'"
	"      OR severity = 'medium' OR severity = 'low'),"
	"  released TEXT NOT NULL,"		/* YYYY-MM-DD */
	"  reboot INTEGER NOT NULL CHECK (reboot = 0 OR reboot = 1),"
	"  source TEXT NOT NULL,"
	"  source_line INTEGER,"
	"  seen_import INTEGER NOT NULL,"		/* import ids, as in assets */
	"  resolved_import INTEGER,"			/* NULL: pending */
	"  UNIQUE (asset_id, advisory)"
	");"
	"CREATE TABLE policy ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  timezone TEXT NOT NULL,"
	"  horizon_days INTEGER NOT NULL,"
	"  at_risk_days INTEGER NOT NULL,"
	"  cluster_max_down INTEGER NOT NULL,"
	"  cab_quorum INTEGER NOT NULL,"
	"  import_id INTEGER REFERENCES imports(id)"
	");"
	"CREATE TABLE policy_sla (severity TEXT PRIMARY KEY, days INTEGER NOT NULL);"
	"CREATE TABLE policy_stages ("
	"  ord INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	"  selector TEXT NOT NULL, soak_days INTEGER NOT NULL"
	");"
	"CREATE TABLE policy_windows ("
	"  ord INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	"  rrule TEXT NOT NULL, start_local TEXT NOT NULL,"	/* HH:MM */
	"  duration_minutes INTEGER NOT NULL, timezone TEXT NOT NULL,"
	"  reboot INTEGER NOT NULL, concurrency INTEGER NOT NULL,"
	"  cutoff_minutes INTEGER NOT NULL, offset_days INTEGER NOT NULL,"
	"  selector TEXT NOT NULL"
	");"
	"CREATE TABLE policy_clusters (name TEXT PRIMARY KEY, max_down INTEGER NOT NULL);"
	"CREATE TABLE policy_cab (ord INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE calendars ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  kind TEXT NOT NULL"
	"    CHECK (kind = 'provider' OR kind = 'freeze' OR kind = 'window'),"
	"  scope TEXT NOT NULL DEFAULT '{}',"	/* JSON: key -> [values] */
	"  path TEXT,"
	"  float_tz TEXT NOT NULL,"		/* zone for floating times */
	"  import_id INTEGER REFERENCES imports(id)"
	");"
	"CREATE TABLE cal_zones ("
	"  calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,"
	"  tzid TEXT NOT NULL,"
	"  vtimezone TEXT NOT NULL,"
	"  PRIMARY KEY (calendar_id, tzid)"
	");"
	"CREATE TABLE cal_events ("
	"  id INTEGER PRIMARY KEY,"
	"  calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,"
	"  uid TEXT NOT NULL,"
	"  recurrence_id TEXT NOT NULL DEFAULT '',"	/* '' for the master */
	"  range_future INTEGER NOT NULL DEFAULT 0,"
	"  source_line INTEGER,"
	"  summary TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL DEFAULT '',"
	"  all_day INTEGER NOT NULL,"
	"  dtstart TEXT NOT NULL, start_tz TEXT NOT NULL,"
	"  dtend TEXT NOT NULL DEFAULT '', end_tz TEXT NOT NULL DEFAULT '',"
	"  duration TEXT NOT NULL DEFAULT '',"
	"  rrules TEXT NOT NULL DEFAULT '',"
	"  rdates TEXT NOT NULL DEFAULT '',"
	"  exdates TEXT NOT NULL DEFAULT '',"
	"  digest TEXT NOT NULL,"
	"  UNIQUE (calendar_id, uid, recurrence_id)"
	");",

	/* 2: plans. A plan is replaced whole by the planner; waves are a slot
	 * (a window occurrence) and a stage; each asset is in one wave at most. */
	"CREATE TABLE plans ("
	"  id INTEGER PRIMARY KEY,"
	"  made_at TEXT NOT NULL,"		/* UTC, when it was made */
	"  now_utc INTEGER NOT NULL,"		/* the planning start (--now) */
	"  horizon_days INTEGER NOT NULL"
	");"
	"CREATE TABLE waves ("
	"  id INTEGER PRIMARY KEY,"
	"  stage TEXT NOT NULL,"		/* '' for assets in no stage */
	"  window TEXT NOT NULL,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  last_start_utc INTEGER NOT NULL,"
	"  reboot INTEGER NOT NULL, concurrency INTEGER NOT NULL,"
	"  from_calendar INTEGER NOT NULL"
	");"
	"CREATE TABLE wave_assets ("
	"  asset_id INTEGER PRIMARY KEY REFERENCES assets(id),"
	"  wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  pinned INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX wave_assets_by_wave ON wave_assets(wave_id);",

	/* 3: the conflicts a plan had when it was made or last edited, so that
	 * "conflicts --new" can tell what a later change (a calendar re-import,
	 * say) created. A conflict is known by a 64-bit hash of what it is
	 * about: a rowid table, so that a million of them save in a second. */
	"CREATE TABLE conflict_baseline (fingerprint INTEGER PRIMARY KEY);",

	/* 4: warnings acknowledged with a justification (by conflict
	 * fingerprint: the acknowledgement holds while the conflict does). */
	"CREATE TABLE conflict_acks ("
	"  fingerprint INTEGER PRIMARY KEY,"
	"  who TEXT NOT NULL,"
	"  at TEXT NOT NULL,"			/* UTC, when */
	"  reason TEXT NOT NULL CHECK (length(reason) > 0)"
	");",

	/* 5: counts the overview shows, kept by every inventory and patches
	 * import (in its transaction) so that opening a million-asset database
	 * does not count a million rows. */
	"CREATE TABLE stats (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"
	" WITHOUT ROWID;" SCHEMA_STATS_SQL ";",

	/* 6: undo for plan edits: per step, the rows the edit could change
	 * (whole waves, and assets wherever they were), kept in its transaction
	 * before it changed them; undoing puts them back. */
	"CREATE TABLE undo_steps ("
	"  id INTEGER PRIMARY KEY,"
	"  made_at TEXT NOT NULL, who TEXT NOT NULL, what TEXT NOT NULL,"
	"  max_wave INTEGER NOT NULL,"		/* waves above it came with the edit */
	"  whole INTEGER NOT NULL"		/* it kept every wave (a plan) */
	");"
	"CREATE TABLE undo_waves ("
	"  step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,"
	"  id INTEGER NOT NULL, stage TEXT NOT NULL, window TEXT NOT NULL,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  last_start_utc INTEGER NOT NULL, reboot INTEGER NOT NULL,"
	"  concurrency INTEGER NOT NULL, from_calendar INTEGER NOT NULL,"
	"  PRIMARY KEY (step, id)"
	") WITHOUT ROWID;"
	"CREATE TABLE undo_members ("
	"  step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,"
	"  asset_id INTEGER NOT NULL, wave_id INTEGER NOT NULL,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL, pinned INTEGER NOT NULL,"
	"  PRIMARY KEY (step, asset_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE undo_assets ("
	"  step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,"
	"  asset_id INTEGER NOT NULL,"
	"  PRIMARY KEY (step, asset_id)"
	") WITHOUT ROWID;",

	/* 7: change control: change records with a snapshot of what they
	 * touch, taken while they are drafts and kept from submission on; CAB
	 * decisions; and the audit log, append-only by trigger and chained by
	 * SHA-256. A change names its waves by id: new waves take ids above
	 * every id a change names (plans.c), so a remade plan never hands a
	 * change's old wave id to another wave. */
	"ALTER TABLE policy ADD COLUMN cab_allow_as INTEGER NOT NULL DEFAULT 0;"
	/* The plan's version: +1 with every change to it, with who and what,
	 * so an edit made against an older plan is refused, not applied. */
	"CREATE TABLE plan_version ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  n INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL, what TEXT NOT NULL"
	");"
	"INSERT INTO plan_version VALUES (1, 0, '', '', '');"
	"CREATE TABLE changes ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL UNIQUE,"		/* CHG-2026-0042 */
	"  title TEXT NOT NULL, description TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  risk TEXT, impact TEXT,"			/* chosen; NULL: as suggested */
	"  risk_suggested TEXT NOT NULL, impact_suggested TEXT NOT NULL,"
	"  implementation TEXT NOT NULL, test_plan TEXT NOT NULL,"
	"  backout_plan TEXT NOT NULL,"
	"  planned_start INTEGER NOT NULL, planned_end INTEGER NOT NULL,"
	"  state TEXT NOT NULL, state_reason TEXT NOT NULL,"
	"  requested_by TEXT NOT NULL,"
	"  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  round INTEGER NOT NULL,"			/* submissions so far */
	"  version INTEGER NOT NULL,"			/* +1 on every change */
	"  digest TEXT NOT NULL"			/* its waves when submitted */
	");"
	"CREATE TRIGGER changes_kept BEFORE DELETE ON changes BEGIN"
	"  SELECT RAISE(ABORT, 'change records are kept: cancel one instead');"
	"END;"
	"CREATE TABLE change_waves ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id),"
	"  wave_id INTEGER NOT NULL,"
	"  PRIMARY KEY (change_id, wave_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX change_waves_by_wave ON change_waves(wave_id);"
	"CREATE TABLE change_windows ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id),"
	"  wave_id INTEGER NOT NULL, stage TEXT NOT NULL, window TEXT NOT NULL,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  PRIMARY KEY (change_id, wave_id)"
	") WITHOUT ROWID;"
	"CREATE TABLE change_assets ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id),"
	"  key TEXT NOT NULL, hostname TEXT NOT NULL, environment TEXT NOT NULL,"
	"  tier TEXT NOT NULL, cluster TEXT NOT NULL, wave_id INTEGER NOT NULL,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  deadline_utc INTEGER,"			/* NULL: no pending patch */
	"  advisory TEXT NOT NULL, severity TEXT NOT NULL,"
	"  sla_days INTEGER NOT NULL,"			/* the policy's, for it */
	"  PRIMARY KEY (change_id, key)"
	") WITHOUT ROWID;"
	"CREATE TABLE change_conflicts ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id),"
	"  ord INTEGER NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL,"
	"  assets TEXT NOT NULL, other TEXT NOT NULL, message TEXT NOT NULL,"
	"  fingerprint INTEGER NOT NULL,"
	"  ack_who TEXT, ack_at TEXT, ack_reason TEXT,"
	"  PRIMARY KEY (change_id, ord)"
	") WITHOUT ROWID;"
	"CREATE TABLE change_blocks ("		/* for the pack's timeline */
	"  change_id INTEGER NOT NULL REFERENCES changes(id),"
	"  ord INTEGER NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,"
	"  start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL,"
	"  PRIMARY KEY (change_id, ord)"
	") WITHOUT ROWID;"
	"CREATE TABLE decisions ("
	"  id INTEGER PRIMARY KEY,"
	"  change_id INTEGER NOT NULL REFERENCES changes(id),"
	"  round INTEGER NOT NULL, who TEXT NOT NULL, decision TEXT NOT NULL,"
	"  at TEXT NOT NULL, comment TEXT NOT NULL"
	");"
	"CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN"
	"  SELECT RAISE(ABORT, 'CAB decisions cannot be changed');"
	"END;"
	"CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN"
	"  SELECT RAISE(ABORT, 'CAB decisions cannot be deleted');"
	"END;"
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL, who TEXT NOT NULL, change TEXT NOT NULL,"
	"  action TEXT NOT NULL, detail TEXT NOT NULL,"
	"  prev TEXT NOT NULL, hash TEXT NOT NULL"
	");"
	"CREATE TABLE audit_head ("		/* the newest entry, kept apart */
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  seq INTEGER NOT NULL, hash TEXT NOT NULL"
	");"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');"
	"END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');"
	"END;",

	/* 8: the file says it is patchwave's (the header's application_id,
	 * SCHEMA_APPLICATION_ID "PWV1"), so --db on another program's SQLite
	 * file is refused rather than converted. Written in the header by the
	 * same transaction as user_version. */
	"PRAGMA application_id = 1347900977",

	/* 9: a change's audit entries in order, without a walk of the whole
	 * log: every CAB decision replays its change's history (separation of
	 * duties, model/change.c). */
	"CREATE INDEX audit_by_change ON audit(change, seq)",

	/* 10: the other names scanners and clouds give a host (an address, the
	 * cloud's instance id), and what a patch source says beyond the five
	 * fields: the advisory's title and CVEs, whether the release date and
	 * the severity were the source's or assumed (a fallback, a default),
	 * a finding that has no fix (listed, never planned), and when a patch
	 * was first seen (its history, with resolved_import). Advisories
	 * imported on their own fill in what patches arrived without. */
	"ALTER TABLE assets ADD COLUMN ip TEXT;"
	"ALTER TABLE assets ADD COLUMN instance_id TEXT;"
	"CREATE INDEX assets_by_ip ON assets(ip) WHERE ip IS NOT NULL;"
	"CREATE INDEX assets_by_instance ON assets(instance_id)"
	"  WHERE instance_id IS NOT NULL;"
	"ALTER TABLE patches ADD COLUMN title TEXT;"
	"ALTER TABLE patches ADD COLUMN cves TEXT;"
	"ALTER TABLE patches ADD COLUMN source_severity TEXT;"
	"ALTER TABLE patches ADD COLUMN released_assumed INTEGER NOT NULL DEFAULT 0"
	"  CHECK (released_assumed = 0 OR released_assumed = 1);"
	"ALTER TABLE patches ADD COLUMN severity_assumed INTEGER NOT NULL DEFAULT 0"
	"  CHECK (severity_assumed = 0 OR severity_assumed = 1);"
	"ALTER TABLE patches ADD COLUMN kind TEXT NOT NULL DEFAULT 'patch'"
	"  CHECK (kind = 'patch' OR kind = 'finding');"
	"ALTER TABLE patches ADD COLUMN first_import INTEGER;"
	"UPDATE patches SET first_import = seen_import;"
	"ALTER TABLE policy ADD COLUMN release_fallback TEXT NOT NULL"
	"  DEFAULT 'first_seen';"
	"ALTER TABLE policy ADD COLUMN severity_default TEXT NOT NULL"
	"  DEFAULT 'medium';"
	"CREATE TABLE policy_severity_map ("
	"  ord INTEGER PRIMARY KEY, scale TEXT NOT NULL, value TEXT NOT NULL,"
	"  severity TEXT NOT NULL"
	");"
	"CREATE TABLE advisories ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT, severity TEXT"
	"    CHECK (severity IS NULL OR severity = 'critical' OR severity = 'high'"
	"      OR severity = 'medium' OR severity = 'low'),"
	"  released TEXT, cves TEXT, reboot INTEGER,"
	"  source TEXT NOT NULL, import_id INTEGER NOT NULL"
	");",

	/* 11: provider maintenance scoped to the assets each event names (an
	 * EC2 or AWS Health event: an instance id, an ARN), not the calendar's
	 * scope; the provider's id for the event, and the latest start it may
	 * be moved to. Each name is kept as the source gave it, beside the
	 * asset the import matched it to. */
	"ALTER TABLE cal_events ADD COLUMN provider_id TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE cal_events ADD COLUMN latest_start TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE cal_event_assets ("
	"  event_id INTEGER NOT NULL REFERENCES cal_events(id) ON DELETE CASCADE,"
	"  ord INTEGER NOT NULL,"		/* the source's order */
	"  name TEXT NOT NULL,"		/* as the source names it */
	"  asset_id INTEGER NOT NULL REFERENCES assets(id),"
	"  PRIMARY KEY (event_id, ord)"
	") WITHOUT ROWID;"
	"CREATE INDEX cal_event_assets_by_asset ON cal_event_assets(asset_id);",

	/* 12: what an asset depends on (a database's ARN, another asset's
	 * key): the names one a line as the inventory gave them, NULL none; a
	 * column, not a table, as the asset is read and written whole. An
	 * event may now name such a dependency, which is no asset: its
	 * asset_id is NULL (the table made again, as SQLite cannot drop a
	 * NOT NULL). */
	"ALTER TABLE assets ADD COLUMN depends_on TEXT;"
	"CREATE TABLE cal_event_assets_12 ("
	"  event_id INTEGER NOT NULL REFERENCES cal_events(id) ON DELETE CASCADE,"
	"  ord INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  asset_id INTEGER REFERENCES assets(id),"	/* NULL: a dependency */
	"  PRIMARY KEY (event_id, ord)"
	") WITHOUT ROWID;"
	"INSERT INTO cal_event_assets_12 SELECT event_id, ord, name, asset_id"
	"  FROM cal_event_assets;"
	"DROP TABLE cal_event_assets;"
	"ALTER TABLE cal_event_assets_12 RENAME TO cal_event_assets;"
	"CREATE INDEX cal_event_assets_by_asset ON cal_event_assets(asset_id);",

	/* 13: a window's concurrency as a share of the assets it admits
	 * (1-100, 0: a count); an asset's pending reboot (with no patch
	 * pending it still needs a window), and the policy's days for one. */
	"ALTER TABLE policy_windows ADD COLUMN concurrency_pct INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE assets ADD COLUMN reboot_pending INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE policy ADD COLUMN reboot_pending_days INTEGER NOT NULL"
	"  DEFAULT 7;",
	/* 14: exceptions (an accepted risk with an expiry): an asset's key, an
	 * advisory or both ('' the one not given), valid to the end of until
	 * (YYYY-MM-DD) in the policy's zone unless revoked; who may add and
	 * revoke one beside the CAB, the policy's risk_owners. */
	"CREATE TABLE exceptions ("
	"  id INTEGER PRIMARY KEY,"
	"  asset TEXT NOT NULL,"
	"  advisory TEXT NOT NULL,"
	"  until TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  added_by TEXT NOT NULL,"
	"  added_at TEXT NOT NULL,"
	"  revoked_by TEXT,"			/* NULL: not revoked */
	"  revoked_at TEXT,"
	"  CHECK (asset <> '' OR advisory <> '')"
	");"
	/* Kept like CAB decisions: only revoking changes one (once). */
	"CREATE TRIGGER exceptions_kept BEFORE DELETE ON exceptions BEGIN"
	"  SELECT RAISE(ABORT, 'exceptions are kept: revoke one instead');"
	"END;"
	"CREATE TRIGGER exceptions_fixed BEFORE UPDATE ON exceptions"
	"  WHEN OLD.revoked_by IS NOT NULL OR NEW.id IS NOT OLD.id"
	"    OR NEW.asset IS NOT OLD.asset OR NEW.advisory IS NOT OLD.advisory"
	"    OR NEW.until IS NOT OLD.until OR NEW.reason IS NOT OLD.reason"
	"    OR NEW.added_by IS NOT OLD.added_by OR NEW.added_at IS NOT OLD.added_at"
	"  BEGIN SELECT RAISE(ABORT, 'an exception cannot be changed, only revoked once');"
	"END;"
	"CREATE TABLE policy_risk_owners ("
	"  ord INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL"
	");",
	/* 15: rolling clusters: minutes a member stays down after its work
	 * (draining, health checks) before the next may go down. */
	"ALTER TABLE policy ADD COLUMN cluster_gap INTEGER NOT NULL DEFAULT 0;",
	/* 16: a stage's gate, the share (1-100) of its planned assets that
	 * must have ended before the next stage opens. */
	"ALTER TABLE policy_stages ADD gate_pct INTEGER NOT NULL DEFAULT 100;",
	/* 17: when an asset's pending reboot became pending (UTC s, the clock
	 * of the import that first reported it; NULL while none is): its
	 * deadline counts from then. One pending already: from the import that
	 * last changed the asset, the latest it can have become pending. */
	"ALTER TABLE assets ADD COLUMN reboot_pending_since INTEGER;"
	"UPDATE assets SET reboot_pending_since = (SELECT CAST(strftime('%s',"
	"  at_utc) AS INTEGER) FROM imports WHERE id = assets.updated_import)"
	"  WHERE reboot_pending = 1;"
	/* ... and the newest import when a change was last snapshotted: the
	 * patches it can have covered were first seen by then (NULL, a change
	 * from before: every patch its assets had). */
	"ALTER TABLE changes ADD COLUMN snapshot_import INTEGER;",
	/* 18: the SHA-256 of what an import read (its files' bytes in order;
	 * NULL, one from before): the evidence verify cites. */
	"ALTER TABLE imports ADD COLUMN digest TEXT;",
	/* 19: the terminal UI's search (/, n) seeks instead of reading a
	 * million hostnames: a trigram index of each asset's key and, when it
	 * differs, hostname; its rowid is the asset's id. It holds no text and
	 * no positions (content='', detail=none: a fifth of the cost of one
	 * that does, 0.6 s a million assets): a search asks for every trigram
	 * of the text and checks the rows found with instr. Inventory imports
	 * keep it (store_assets_finish); search_rows counts its rows. */
	"CREATE VIRTUAL TABLE asset_search USING fts5(text, content='',"
	"  detail=none, columnsize=0, tokenize='trigram');"
	"INSERT INTO asset_search(rowid, text) SELECT id, key || CASE WHEN"
	"  hostname = key THEN '' ELSE ' ' || hostname END FROM assets;"
	"INSERT OR REPLACE INTO stats (name, value) SELECT 'search_rows', count(*)"
	"  FROM assets;",
	/* 20: an undo step keeps its wave members packed in one blob and the
	 * assets it takes out (those in no wave before it) in another
	 * (model/undo_pack.c), and an edit's step only the rows the edit
	 * changed: at 100k assets undo_members and undo_assets were a fifth of
	 * the database. Steps made before are dropped, not converted (SQL cannot
	 * pack them): undo history is a convenience, the plan and the audit log
	 * are untouched; docs/patchwave.1 says so under edit undo. */
	"DELETE FROM undo_steps;"
	"DROP TABLE undo_members;"
	"DROP TABLE undo_assets;"
	"ALTER TABLE undo_steps ADD COLUMN members BLOB NOT NULL DEFAULT x'';"
	"ALTER TABLE undo_steps ADD COLUMN extra BLOB NOT NULL DEFAULT x'';",
	/* 21: the search index's rowid is each asset's place in key order
	 * (asset_order.ord: rising with the key, 2^13 apart when made, an
	 * asset added later between two of them), so a search asks it for the
	 * first row past the cursor's place, in order, and stops there: its
	 * cost no longer grows with the rows holding the text elsewhere (a
	 * tenth of a million: 0.1-0.3 s). Inventory imports keep it
	 * (store_assets_finish). */
	"CREATE TABLE asset_order (ord INTEGER PRIMARY KEY,"
	"  asset_id INTEGER NOT NULL UNIQUE REFERENCES assets(id));"
	"INSERT INTO asset_order (ord, asset_id) SELECT (1 << 50) +"
	"  (row_number() OVER (ORDER BY key) << 13), id FROM assets;"
	"INSERT INTO asset_search(asset_search) VALUES ('delete-all');"
	"INSERT INTO asset_search(rowid, text) SELECT o.ord, a.key || CASE WHEN"
	"  a.hostname = a.key THEN '' ELSE ' ' || a.hostname END FROM asset_order o"
	"  JOIN assets a ON a.id = o.asset_id ORDER BY o.ord;",
	/* 22: every acknowledgement is an audit entry, so one inserted by hand
	 * shows: those made before they were logged get theirs now, in this
	 * migration's transaction (store_acks_adopt, which open.c runs after
	 * it: SQL cannot hash the chain). Nothing in the schema changes. */
	"SELECT 1;",
	/* 23: the policy's admins, who alone may import the next policy (none:
	 * anyone may, as before); in its CAB digest when it has any. */
	"CREATE TABLE IF NOT EXISTS policy_admins ("
	"  ord INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL"
	");",
	/* 24: when the scan an import read was taken (UTC s: the latest scan
	 * end the file gives, Nessus v2's HOST_END, SSM's OperationEndTime;
	 * NULL: the file does not say): verify takes an import as a rescan
	 * after a window only when its scan was taken after it too. */
	"ALTER TABLE imports ADD COLUMN scanned_utc INTEGER;",
	/* 25: a window calendar's cutoff (SSM's Cutoff, in minutes): no work
	 * starts in the window's last minutes, as a policy window's cutoff. */
	"ALTER TABLE cal_events ADD COLUMN cutoff_minutes INTEGER NOT NULL DEFAULT 0;",
	/* 26: when the import's scan of each host ended (Nessus v2's
	 * per-host HOST_END, SSM's per-instance OperationEndTime): a scan of
	 * many hosts runs for hours, and verify judges a host by its own
	 * scan, not the file's latest (imports.scanned_utc, kept for hosts
	 * without a row and for imports from before). */
	"CREATE TABLE import_hosts ("
	"  import_id INTEGER NOT NULL REFERENCES imports(id),"
	"  asset_id INTEGER NOT NULL REFERENCES assets(id),"
	"  scanned_utc INTEGER NOT NULL,"
	"  PRIMARY KEY (asset_id, import_id)"
	") WITHOUT ROWID;",
};

/* A new database made at version SCHEMA_FRESH_VERSION in one script, as
 * the migrations up to it leave one: the same sqlite_master, object for
 * object in the same order with the same text (what ALTER TABLE made of
 * each table), the same rows (tests/test_storage.c compares the two). The
 * nineteen migrations parse the whole schema again at every ALTER, five
 * times the work of this (a fresh import's open: 64M -> 12M instructions).
 * Migrations after SCHEMA_FRESH_VERSION run after it as on any database;
 * fold them in here (and raise the number) when it is convenient. */
static const char fresh[] =
	"CREATE TABLE imports (  id INTEGER PRIMARY KEY,  kind TEXT NOT NULL,"
	"  source TEXT NOT NULL,  path TEXT,  at_utc TEXT NOT NULL, "
	" summary TEXT, digest TEXT);"
	"CREATE TABLE assets (  id INTEGER PRIMARY KEY, "
	" key TEXT NOT NULL UNIQUE,  hostname TEXT NOT NULL, "
	" environment TEXT,  service_model TEXT NOT NULL  "
	"  CHECK (service_model = 'iaas' OR service_model = 'paas'    "
	"  OR service_model = 'saas' OR service_model = 'onprem'), "
	" provider TEXT, region TEXT, zone TEXT, os TEXT, tier TEXT, "
	"owner TEXT,  patch_group TEXT, cluster TEXT, "
	" patch_minutes INTEGER NOT NULL CHECK (patch_minutes >= 0), "
	" reboot_minutes INTEGER NOT NULL CHECK (reboot_minutes >= 0), "
	" groups TEXT NOT NULL DEFAULT '[]', "
	" vars TEXT NOT NULL DEFAULT '{}',  source TEXT NOT NULL, "
	" source_line INTEGER,  created_import INTEGER NOT NULL, "
	" updated_import INTEGER NOT NULL,  seen_import INTEGER NOT NULL, "
	" retired_import INTEGER, ip TEXT, instance_id TEXT, "
	"depends_on TEXT, reboot_pending INTEGER NOT NULL DEFAULT 0, "
	"reboot_pending_since INTEGER);"
	"CREATE TABLE patches (  id INTEGER PRIMARY KEY, "
	" asset_id INTEGER NOT NULL REFERENCES assets(id), "
	" advisory TEXT NOT NULL,  severity TEXT NOT NULL  "
	"  CHECK (severity = 'critical' OR severity = 'high'    "
	"  OR severity = 'medium' OR severity = 'low'), "
	" released TEXT NOT NULL, "
	" reboot INTEGER NOT NULL CHECK (reboot = 0 OR reboot = 1), "
	" source TEXT NOT NULL,  source_line INTEGER, "
	" seen_import INTEGER NOT NULL,  resolved_import INTEGER, "
	"title TEXT, cves TEXT, source_severity TEXT, "
	"released_assumed INTEGER NOT NULL DEFAULT 0"
	"  CHECK (released_assumed = 0 OR released_assumed = 1), "
	"severity_assumed INTEGER NOT NULL DEFAULT 0"
	"  CHECK (severity_assumed = 0 OR severity_assumed = 1), "
	"kind TEXT NOT NULL DEFAULT 'patch'"
	"  CHECK (kind = 'patch' OR kind = 'finding'), first_import INTEGER, "
	" UNIQUE (asset_id, advisory));"
	"CREATE TABLE policy (  id INTEGER PRIMARY KEY CHECK (id = 1), "
	" timezone TEXT NOT NULL,  horizon_days INTEGER NOT NULL, "
	" at_risk_days INTEGER NOT NULL,  cluster_max_down INTEGER NOT NULL, "
	" cab_quorum INTEGER NOT NULL, "
	" import_id INTEGER REFERENCES imports(id), "
	"cab_allow_as INTEGER NOT NULL DEFAULT 0, "
	"release_fallback TEXT NOT NULL  DEFAULT 'first_seen', "
	"severity_default TEXT NOT NULL  DEFAULT 'medium', "
	"reboot_pending_days INTEGER NOT NULL  DEFAULT 7, "
	"cluster_gap INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE policy_sla (severity TEXT PRIMARY KEY, "
	"days INTEGER NOT NULL);"
	"CREATE TABLE policy_stages (  ord INTEGER PRIMARY KEY, "
	"name TEXT NOT NULL UNIQUE,  selector TEXT NOT NULL, "
	"soak_days INTEGER NOT NULL, gate_pct INTEGER NOT NULL DEFAULT 100);"
	"CREATE TABLE policy_windows (  ord INTEGER PRIMARY KEY, "
	"name TEXT NOT NULL UNIQUE,  rrule TEXT NOT NULL, "
	"start_local TEXT NOT NULL,  duration_minutes INTEGER NOT NULL, "
	"timezone TEXT NOT NULL,  reboot INTEGER NOT NULL, "
	"concurrency INTEGER NOT NULL,  cutoff_minutes INTEGER NOT NULL, "
	"offset_days INTEGER NOT NULL,  selector TEXT NOT NULL, "
	"concurrency_pct INTEGER NOT NULL  DEFAULT 0);"
	"CREATE TABLE policy_clusters (name TEXT PRIMARY KEY, "
	"max_down INTEGER NOT NULL);"
	"CREATE TABLE policy_cab (ord INTEGER PRIMARY KEY, "
	"name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE calendars (  id INTEGER PRIMARY KEY, "
	" name TEXT NOT NULL UNIQUE,  kind TEXT NOT NULL  "
	"  CHECK (kind = 'provider' OR kind = 'freeze' OR kind = 'window'), "
	" scope TEXT NOT NULL DEFAULT '{}',  path TEXT, "
	" float_tz TEXT NOT NULL,  import_id INTEGER REFERENCES imports(id));"
	"CREATE TABLE cal_zones ("
	"  calendar_id INTEGER NOT NULL REFERENCES calendars(id) "
	"ON DELETE CASCADE,  tzid TEXT NOT NULL,  vtimezone TEXT NOT NULL, "
	" PRIMARY KEY (calendar_id, tzid));"
	"CREATE TABLE cal_events (  id INTEGER PRIMARY KEY, "
	" calendar_id INTEGER NOT NULL REFERENCES calendars(id) "
	"ON DELETE CASCADE,  uid TEXT NOT NULL, "
	" recurrence_id TEXT NOT NULL DEFAULT '', "
	" range_future INTEGER NOT NULL DEFAULT 0,  source_line INTEGER, "
	" summary TEXT NOT NULL DEFAULT '',  status TEXT NOT NULL DEFAULT '',"
	"  all_day INTEGER NOT NULL,  dtstart TEXT NOT NULL, "
	"start_tz TEXT NOT NULL,  dtend TEXT NOT NULL DEFAULT '', "
	"end_tz TEXT NOT NULL DEFAULT '',  duration TEXT NOT NULL DEFAULT '',"
	"  rrules TEXT NOT NULL DEFAULT '',  rdates TEXT NOT NULL DEFAULT '',"
	"  exdates TEXT NOT NULL DEFAULT '',  digest TEXT NOT NULL, "
	"provider_id TEXT NOT NULL DEFAULT '', "
	"latest_start TEXT NOT NULL DEFAULT '',  UNIQUE (calendar_id, uid, "
	"recurrence_id));"
	"CREATE TABLE plans (  id INTEGER PRIMARY KEY, "
	" made_at TEXT NOT NULL,  now_utc INTEGER NOT NULL, "
	" horizon_days INTEGER NOT NULL);"
	"CREATE TABLE waves (  id INTEGER PRIMARY KEY,  stage TEXT NOT NULL, "
	" window TEXT NOT NULL,  start_utc INTEGER NOT NULL, "
	"end_utc INTEGER NOT NULL,  last_start_utc INTEGER NOT NULL, "
	" reboot INTEGER NOT NULL, concurrency INTEGER NOT NULL, "
	" from_calendar INTEGER NOT NULL);"
	"CREATE TABLE wave_assets ("
	"  asset_id INTEGER PRIMARY KEY REFERENCES assets(id), "
	" wave_id INTEGER NOT NULL REFERENCES waves(id) ON DELETE CASCADE, "
	" start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL, "
	" pinned INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX wave_assets_by_wave ON wave_assets(wave_id);"
	"CREATE TABLE conflict_baseline (fingerprint INTEGER PRIMARY KEY);"
	"CREATE TABLE conflict_acks (  fingerprint INTEGER PRIMARY KEY, "
	" who TEXT NOT NULL,  at TEXT NOT NULL, "
	" reason TEXT NOT NULL CHECK (length(reason) > 0));"
	"CREATE TABLE stats (name TEXT PRIMARY KEY, value INTEGER NOT NULL) "
	"WITHOUT ROWID;"
	"CREATE TABLE undo_steps (  id INTEGER PRIMARY KEY, "
	" made_at TEXT NOT NULL, who TEXT NOT NULL, what TEXT NOT NULL, "
	" max_wave INTEGER NOT NULL,  whole INTEGER NOT NULL);"
	"CREATE TABLE undo_waves ("
	"  step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,"
	"  id INTEGER NOT NULL, stage TEXT NOT NULL, window TEXT NOT NULL, "
	" start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL, "
	" last_start_utc INTEGER NOT NULL, reboot INTEGER NOT NULL, "
	" concurrency INTEGER NOT NULL, from_calendar INTEGER NOT NULL, "
	" PRIMARY KEY (step, id)) WITHOUT ROWID;"
	"CREATE TABLE undo_members ("
	"  step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,"
	"  asset_id INTEGER NOT NULL, wave_id INTEGER NOT NULL, "
	" start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL, "
	"pinned INTEGER NOT NULL,  PRIMARY KEY (step, asset_id)) "
	"WITHOUT ROWID;"
	"CREATE TABLE undo_assets ("
	"  step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,"
	"  asset_id INTEGER NOT NULL,  PRIMARY KEY (step, asset_id)) "
	"WITHOUT ROWID;"
	"CREATE TABLE plan_version (  id INTEGER PRIMARY KEY CHECK (id = 1), "
	" n INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL, "
	"what TEXT NOT NULL);"
	"CREATE TABLE changes (  id INTEGER PRIMARY KEY, "
	" number TEXT NOT NULL UNIQUE,  title TEXT NOT NULL, "
	"description TEXT NOT NULL,  type TEXT NOT NULL,  risk TEXT, "
	"impact TEXT,  risk_suggested TEXT NOT NULL, "
	"impact_suggested TEXT NOT NULL,  implementation TEXT NOT NULL, "
	"test_plan TEXT NOT NULL,  backout_plan TEXT NOT NULL, "
	" planned_start INTEGER NOT NULL, planned_end INTEGER NOT NULL, "
	" state TEXT NOT NULL, state_reason TEXT NOT NULL, "
	" requested_by TEXT NOT NULL,  created_at TEXT NOT NULL, "
	"updated_at TEXT NOT NULL,  round INTEGER NOT NULL, "
	" version INTEGER NOT NULL,  digest TEXT NOT NULL, "
	"snapshot_import INTEGER);"
	"CREATE TRIGGER changes_kept BEFORE DELETE ON changes BEGIN"
	"  SELECT RAISE(ABORT, "
	"'change records are kept: cancel one instead');END;"
	"CREATE TABLE change_waves ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id), "
	" wave_id INTEGER NOT NULL,  PRIMARY KEY (change_id, wave_id)) "
	"WITHOUT ROWID;"
	"CREATE INDEX change_waves_by_wave ON change_waves(wave_id);"
	"CREATE TABLE change_windows ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id), "
	" wave_id INTEGER NOT NULL, stage TEXT NOT NULL, "
	"window TEXT NOT NULL,  start_utc INTEGER NOT NULL, "
	"end_utc INTEGER NOT NULL,  PRIMARY KEY (change_id, wave_id)) "
	"WITHOUT ROWID;"
	"CREATE TABLE change_assets ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id), "
	" key TEXT NOT NULL, hostname TEXT NOT NULL, "
	"environment TEXT NOT NULL,  tier TEXT NOT NULL, "
	"cluster TEXT NOT NULL, wave_id INTEGER NOT NULL, "
	" start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL, "
	" deadline_utc INTEGER,  advisory TEXT NOT NULL, "
	"severity TEXT NOT NULL,  sla_days INTEGER NOT NULL, "
	" PRIMARY KEY (change_id, key)) WITHOUT ROWID;"
	"CREATE TABLE change_conflicts ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id), "
	" ord INTEGER NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL, "
	" assets TEXT NOT NULL, other TEXT NOT NULL, message TEXT NOT NULL, "
	" fingerprint INTEGER NOT NULL,  ack_who TEXT, ack_at TEXT, "
	"ack_reason TEXT,  PRIMARY KEY (change_id, ord)) WITHOUT ROWID;"
	"CREATE TABLE change_blocks ("
	"  change_id INTEGER NOT NULL REFERENCES changes(id), "
	" ord INTEGER NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, "
	" start_utc INTEGER NOT NULL, end_utc INTEGER NOT NULL, "
	" PRIMARY KEY (change_id, ord)) WITHOUT ROWID;"
	"CREATE TABLE decisions (  id INTEGER PRIMARY KEY, "
	" change_id INTEGER NOT NULL REFERENCES changes(id), "
	" round INTEGER NOT NULL, who TEXT NOT NULL, decision TEXT NOT NULL, "
	" at TEXT NOT NULL, comment TEXT NOT NULL);"
	"CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN"
	"  SELECT RAISE(ABORT, 'CAB decisions cannot be changed');END;"
	"CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN"
	"  SELECT RAISE(ABORT, 'CAB decisions cannot be deleted');END;"
	"CREATE TABLE audit (  seq INTEGER PRIMARY KEY,  at TEXT NOT NULL, "
	"who TEXT NOT NULL, change TEXT NOT NULL,  action TEXT NOT NULL, "
	"detail TEXT NOT NULL,  prev TEXT NOT NULL, hash TEXT NOT NULL);"
	"CREATE TABLE audit_head (  id INTEGER PRIMARY KEY CHECK (id = 1), "
	" seq INTEGER NOT NULL, hash TEXT NOT NULL);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, "
	"'the audit log is append-only: entries cannot be changed');END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, "
	"'the audit log is append-only: entries cannot be deleted');END;"
	"CREATE INDEX audit_by_change ON audit(change, seq);"
	"CREATE INDEX assets_by_ip ON assets(ip) WHERE ip IS NOT NULL;"
	"CREATE INDEX assets_by_instance ON assets(instance_id) "
	" WHERE instance_id IS NOT NULL;"
	"CREATE TABLE policy_severity_map (  ord INTEGER PRIMARY KEY, "
	"scale TEXT NOT NULL, value TEXT NOT NULL,  severity TEXT NOT NULL);"
	"CREATE TABLE advisories (  id TEXT PRIMARY KEY,  title TEXT, "
	"severity TEXT  "
	"  CHECK (severity IS NULL OR severity = 'critical' OR severity = 'high'"
	"      OR severity = 'medium' OR severity = 'low'),  released TEXT, "
	"cves TEXT, reboot INTEGER,  source TEXT NOT NULL, "
	"import_id INTEGER NOT NULL);"
	"CREATE TABLE \"cal_event_assets\" ("
	"  event_id INTEGER NOT NULL REFERENCES cal_events(id) "
	"ON DELETE CASCADE,  ord INTEGER NOT NULL,  name TEXT NOT NULL, "
	" asset_id INTEGER REFERENCES assets(id),  PRIMARY KEY (event_id, "
	"ord)) WITHOUT ROWID;"
	"CREATE INDEX cal_event_assets_by_asset ON cal_event_assets(asset_id);"
	"CREATE TABLE exceptions (  id INTEGER PRIMARY KEY, "
	" asset TEXT NOT NULL,  advisory TEXT NOT NULL,  until TEXT NOT NULL,"
	"  reason TEXT NOT NULL,  added_by TEXT NOT NULL, "
	" added_at TEXT NOT NULL,  revoked_by TEXT,  revoked_at TEXT, "
	" CHECK (asset <> '' OR advisory <> ''));"
	"CREATE TRIGGER exceptions_kept BEFORE DELETE ON exceptions BEGIN"
	"  SELECT RAISE(ABORT, 'exceptions are kept: revoke one instead');END;"
	"CREATE TRIGGER exceptions_fixed BEFORE UPDATE ON exceptions"
	"  WHEN OLD.revoked_by IS NOT NULL OR NEW.id IS NOT OLD.id  "
	"  OR NEW.asset IS NOT OLD.asset OR NEW.advisory IS NOT OLD.advisory "
	"   OR NEW.until IS NOT OLD.until OR NEW.reason IS NOT OLD.reason  "
	"  OR NEW.added_by IS NOT OLD.added_by OR NEW.added_at IS NOT OLD.added_at"
	"  BEGIN SELECT RAISE(ABORT, 'an exception cannot be changed, "
	"only revoked once');END;"
	"CREATE TABLE policy_risk_owners (  ord INTEGER PRIMARY KEY, "
	" name TEXT NOT NULL);"
	"CREATE VIRTUAL TABLE asset_search USING fts5(text, content='', "
	" detail=none, columnsize=0, tokenize='trigram');"
	"INSERT INTO plan_version VALUES (1, 0, '', '', '');"
	SCHEMA_STATS_SQL ";"
	"INSERT OR REPLACE INTO stats (name, value) VALUES ('search_rows', 0);"
	"PRAGMA application_id = 1347900977;";

const char *
schema_fresh(void)
{
	return fresh;
}

const char *
schema_stats_sql(void)
{
	return STATS_SQL;
}

const char *
schema_stats_counted_sql(void)
{
	return STATS_COUNTED_SQL;
}

int
schema_version(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *
schema_migration(int to_version)
{
	if (to_version < 1 || to_version > schema_version())
		return NULL;
	return migrations[to_version - 1];
}

_Static_assert(SCHEMA_APPLICATION_ID == 1347900977u,
    "migration 8 writes SCHEMA_APPLICATION_ID in decimal");
_Static_assert(SCHEMA_FRESH_VERSION <= sizeof migrations / sizeof migrations[0],
    "the fresh schema is a version the migrations reach");
