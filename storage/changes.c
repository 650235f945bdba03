/* Change records, CAB decisions and the hash-chained audit log. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "../util/sha256.h"
#include "../util/strmap.h"
#include "changes.h"
#include "internal.h"

#define GENESIS	"0000000000000000000000000000000000000000000000000000000000000000"
#define MAX_BLOCKS	200	/* maintenance and freezes kept per change */

static void
utc_text(int64_t t, char out[32])
{
	utc_format(t, out);
}

/* ---- the audit log ---------------------------------------------------- */

/* The hashed text of an entry: every field, each ended by a newline, after
 * the previous entry's hash. Documented in docs/formats.md. */
static void
entry_hash(long long seq, const char *at, const char *who, const char *change,
    const char *action, const char *detail, const char *prev, char out[65])
{
	struct buf b = { 0 };

	buf_printf(&b, "%s\n%lld\n%s\n%s\n%s\n%s\n", prev, seq, at, who, change, action);
	buf_adds(&b, detail);
	sha256_hex(b.s, b.len, out);
	buf_free(&b);
}

int
store_audit_append(struct store *s, const char *who, const char *change,
    const char *action, const char *detail, int64_t now, struct pw_error *err)
{
	sqlite3_stmt *st;
	long long seq = 1;
	char prev[65] = GENESIS, hash[65], at[32];

	if ((st = db_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
	    err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col(st, 1));
	}
	sqlite3_finalize(st);
	utc_text(now, at);
	entry_hash(seq, at, who, change, action, detail, prev, hash);
	if (db_run(s, err, "appending to the audit log", "INSERT INTO audit (seq, at,"
	    " who, change, action, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7, ?8)", "itttttt" "t", (long long)seq, at, who, change, action, detail,
	    prev, hash) != 0)
		return -1;
	/* The head is kept apart too, so an entry cut off the end shows. */
	return db_run(s, err, "keeping the audit head", "INSERT OR REPLACE INTO"
	    " audit_head (id, seq, hash) VALUES (1, ?1, ?2)", "it", (long long)seq, hash);
}

int
store_audit_each(struct store *s, const char *change,
    int (*each)(void *, const struct audit_entry *), void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, at, who, change, action, detail,"
	    " prev, hash FROM audit WHERE ?1 IS NULL OR change = ?1 ORDER BY seq", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, change);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e = { sqlite3_column_int64(st, 0), db_col(st, 1),
		    db_col(st, 2), db_col(st, 3), db_col(st, 4), db_col(st, 5),
		    db_col(st, 6), db_col(st, 7) };
		if (each(arg, &e) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(s, err, "reading the audit log");
	}
	sqlite3_finalize(st);
	return 0;
}

/* The chain: every entry's hash and link, and the head kept beside it. */
static int
verify_chain(struct store *s, long long *entries, long long *bad_seq,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, at, who, change, action, detail,"
	    " prev, hash FROM audit ORDER BY seq", err);
	char prev[65] = GENESIS, want[65];
	long long expect = 1;
	int rc, bad = 0;

	*entries = 0;
	*bad_seq = 0;
	if (st == NULL)
		return -1;
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		if (seq != expect) {
			pw_error_set(err, NULL, 0, "audit entry %lld is missing (the log "
			    "jumps from %lld to %lld)", expect, expect - 1, seq);
			*bad_seq = expect;
			bad = 1;
			break;
		}
		if (strcmp(db_col(st, 6), prev) != 0) {
			pw_error_set(err, NULL, 0, "audit entry %lld does not follow entry "
			    "%lld: its link is %.16s..., the entry before hashes to "
			    "%.16s...", seq, seq - 1, db_col(st, 6), prev);
			*bad_seq = seq;
			bad = 1;
			break;
		}
		entry_hash(seq, db_col(st, 1), db_col(st, 2), db_col(st, 3), db_col(st, 4),
		    db_col(st, 5), prev, want);
		if (strcmp(db_col(st, 7), want) != 0) {
			pw_error_set(err, NULL, 0, "audit entry %lld was altered: its "
			    "contents hash to %.16s..., it says %.16s...", seq, want,
			    db_col(st, 7));
			*bad_seq = seq;
			bad = 1;
			break;
		}
		snprintf(prev, sizeof prev, "%s", want);
		expect++;
		(*entries)++;
	}
	sqlite3_finalize(st);
	if (bad)
		return 1;
	/* The end of the chain must be the head recorded beside it. */
	if ((st = db_prepare(s, "SELECT seq, hash FROM audit_head WHERE id = 1", err)) ==
	    NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		long long hseq = sqlite3_column_int64(st, 0);
		if (hseq != *entries || strcmp(db_col(st, 1), prev) != 0) {
			pw_error_set(err, NULL, 0, "the audit log ends at entry %lld but "
			    "entry %lld was written: entries were removed from its end",
			    *entries, hseq);
			*bad_seq = *entries + 1;
			bad = 1;
		}
	} else if (*entries > 0) {
		pw_error_set(err, NULL, 0, "the audit log's head record is missing");
		*bad_seq = 1;
		bad = 1;
	}
	sqlite3_finalize(st);
	return bad;
}

/* The changes as the log says they are, one replay per change number. */
struct replays {
	struct strmap		 index;		/* number -> v[i] */
	struct change_replay	*v;
	char			**numbers;
	size_t			 n, cap;
};

static void
replays_free(struct replays *x)
{
	for (size_t i = 0; i < x->n; i++) {
		change_replay_free(&x->v[i]);
		free(x->numbers[i]);
	}
	free(x->v);
	free(x->numbers);
	strmap_free(&x->index);
}

/* Replay every change's entries in log order (policy entries name no
 * change). 1 with err at the first entry the rules could not have written. */
static int
replay_log(struct store *s, struct replays *x, long long *bad_seq, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, who, change, action, detail FROM"
	    " audit ORDER BY seq", err);
	char why[256];
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *change = db_col(st, 2);
		if (change[0] == '\0')
			continue;
		size_t i = strmap_intern(&x->index, change, x->n);
		if (i == x->n) {
			size_t cap = x->cap;
			x->v = xgrow(x->v, &x->cap, x->n, sizeof *x->v);
			x->numbers = xgrow(x->numbers, &cap, x->n, sizeof *x->numbers);
			change_replay_init(&x->v[x->n]);
			x->numbers[x->n++] = xstrdup(change);
		}
		if (change_replay_step(&x->v[i], db_col(st, 1), db_col(st, 3),
		    db_col(st, 4), why, sizeof why) != 0) {
			*bad_seq = sqlite3_column_int64(st, 0);
			pw_error_set(err, NULL, 0, "audit entry %lld (%.60s %.20s by %.64s) "
			    "could not have been written by patchwave: %s", *bad_seq,
			    change, db_col(st, 3), db_col(st, 1), why);
			sqlite3_finalize(st);
			return 1;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading the audit log");
}

/* Every change's state and round, and every CAB decision, must be what the
 * replayed log says: a state set or a decision inserted by hand is named. */
static int
compare_replay(struct store *s, struct replays *x, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT number, state, round FROM changes"
	    " ORDER BY number", err);
	unsigned char *seen = xcalloc(x->n + 1, 1);
	int bad = 0, rc;

	if (st == NULL) {
		free(seen);
		return -1;
	}
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *num = db_col(st, 0), *state = db_col(st, 1);
		size_t i = strmap_get(&x->index, num);
		if (i == (size_t)-1 || !x->v[i].created) {
			pw_error_set(err, NULL, 0, "%.60s is in the database but the audit "
			    "log never created it: it was added outside patchwave", num);
			bad = 1;
			break;
		}
		seen[i] = 1;
		const struct change_replay *r = &x->v[i];
		if (strcmp(state, change_state_name(r->state)) != 0 ||
		    sqlite3_column_int(st, 2) != r->round) {
			pw_error_set(err, NULL, 0, "%.60s is %.20s (round %d) in the "
			    "database but the audit log leaves it %s (round %d): it was "
			    "changed outside patchwave", num, state,
			    sqlite3_column_int(st, 2), change_state_name(r->state), r->round);
			bad = 1;
		}
	}
	sqlite3_finalize(st);
	for (size_t i = 0; !bad && i < x->n; i++)
		if (!seen[i]) {
			pw_error_set(err, NULL, 0, "the audit log records %.60s but the "
			    "database has no such change: it was removed outside patchwave",
			    x->numbers[i]);
			bad = 1;
		}
	free(seen);
	if (bad)
		return 1;
	/* The decisions, change by change in the order they were made. */
	if ((st = db_prepare(s, "SELECT c.number, d.round, d.who, d.decision FROM"
	    " decisions d JOIN changes c ON c.id = d.change_id ORDER BY c.number, d.id",
	    err)) == NULL)
		return -1;
	size_t *next = xcalloc(x->n + 1, sizeof *next);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *num = db_col(st, 0), *who = db_col(st, 2);
		size_t i = strmap_get(&x->index, num);
		int round = sqlite3_column_int(st, 1);
		int approve = strcmp(db_col(st, 3), "approve") == 0;
		const struct change_vote *v = i != (size_t)-1 && next[i] < x->v[i].nvotes ?
		    &x->v[i].votes[next[i]] : NULL;
		if (v == NULL || v->round != round || v->approve != approve ||
		    strcmp(v->who, who) != 0) {
			pw_error_set(err, NULL, 0, "%.60s: the decision of %.64s (%.10s, "
			    "round %d) is not in the audit log: it was added outside "
			    "patchwave", num, who, db_col(st, 3), round);
			bad = 1;
			break;
		}
		next[i]++;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; !bad && i < x->n; i++)
		if (next[i] != x->v[i].nvotes) {
			pw_error_set(err, NULL, 0, "%.60s: the audit log records %zu CAB "
			    "decisions, the database holds %zu", x->numbers[i],
			    x->v[i].nvotes, next[i]);
			bad = 1;
		}
	free(next);
	return bad;
}

int
store_audit_verify(struct store *s, long long *entries, long long *bad_seq,
    struct pw_error *err)
{
	struct replays x = { 0 };
	int rc = verify_chain(s, entries, bad_seq, err);

	if (rc != 0)
		return rc;
	if ((rc = replay_log(s, &x, bad_seq, err)) == 0)
		rc = compare_replay(s, &x, err);
	replays_free(&x);
	return rc;
}

int
store_audit_head(struct store *s, long long *seq, char hash[65], struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, hash FROM audit ORDER BY seq DESC"
	    " LIMIT 1", err);

	*seq = 0;
	snprintf(hash, 65, "%s", GENESIS);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", db_col(st, 1));
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_audit_anchor(struct store *s, long long seq, const char *hash,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT hash FROM audit WHERE seq = ?1", err);
	int rc = 1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW)
		pw_error_set(err, NULL, 0, "the anchor %lld:%.16s... is not in the audit "
		    "log: it has no entry %lld (the log was cut or replaced)", seq, hash,
		    seq);
	else if (strcasecmp(db_col(st, 0), hash) != 0)
		pw_error_set(err, NULL, 0, "the anchor %lld:%.16s... does not hold: entry "
		    "%lld hashes to %.16s... (the log was rewritten since the anchor was "
		    "taken)", seq, hash, seq, db_col(st, 0));
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

/* ---- snapshots ---------------------------------------------------------- */

static int
has_wave(const long long *waves, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (waves[i] == id)
			return 1;
	return 0;
}

/* What a change touches in the checked plan: marks per asset index. */
struct touch {
	unsigned char	*asset;		/* per asset index: in the change */
	size_t		 nplaced;
	struct change_facts f;
	int64_t		 start, end;
};

static void
touch_free(struct touch *t)
{
	free(t->asset);
}

static int
conflict_involves(const struct checked *k, const struct conflict *c,
    const long long *waves, size_t nwaves, const struct touch *t)
{
	if (c->wave != SIZE_MAX && c->wave < k->nwaves &&
	    has_wave(waves, nwaves, k->wave_ids[k->first[c->wave]]))
		return 1;
	for (size_t i = 0; i < c->nassets; i++)
		if (t->asset[c->assets[i]])
			return 1;
	return 0;
}

/* Hostnames of a conflict, at most 12 named. */
static void
conflict_hosts(const struct checked *k, const struct conflict *c, struct buf *b)
{
	for (size_t i = 0; i < c->nassets && i < 12; i++)
		buf_printf(b, "%s%s", i ? ", " : "", k->d.assets[c->assets[i]].hostname);
	if (c->nassets > 12)
		buf_printf(b, " and %zu more", c->nassets - 12);
}

/* The digest of the waves as they are in k: their windows and members. */
static void
waves_digest(const struct checked *k, const long long *waves, size_t nwaves,
    char out[65])
{
	struct buf b = { 0 };
	long long *sorted = xmalloc((nwaves ? nwaves : 1) * sizeof *sorted);

	memcpy(sorted, waves, nwaves * sizeof *sorted);
	for (size_t i = 1; i < nwaves; i++)	/* a handful: insertion sort */
		for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
			long long x = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = x;
		}
	for (size_t w = 0; w < nwaves; w++) {
		buf_printf(&b, "wave %lld\n", sorted[w]);
		for (size_t i = 0; i < k->p.n; i++) {
			const struct placement *pl = &k->p.v[i];
			if (k->wave_ids[i] != sorted[w])
				continue;
			const struct slot *sl = &k->d.in.slots[pl->slot];
			buf_printf(&b, "%s %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 "\n",
			    k->d.assets[pl->asset].key, sl->start_utc, sl->end_utc,
			    pl->start_utc, pl->end_utc);
		}
	}
	sha256_hex(b.s ? b.s : "", b.len, out);
	buf_free(&b);
	free(sorted);
}

static int
block_seen(struct buf *seen, const char *kind, const char *label, int64_t a, int64_t z)
{
	char key[512];

	snprintf(key, sizeof key, "\n%s|%s|%" PRId64 "|%" PRId64 "\n", kind, label, a, z);
	if (seen->s && strstr(seen->s, key))
		return 1;
	buf_add(seen, key, strlen(key) - 1);
	return 0;
}

/* Replace the change's snapshot with what k shows of these waves; fills t. */
static int
snapshot(struct store *s, long long id, const struct checked *k, const long long *waves,
    size_t nwaves, struct touch *t, struct pw_error *err)
{
	const struct plan_input *in = &k->d.in;
	sqlite3_stmt *st = NULL;
	struct ack *acks = NULL;
	size_t nacks = 0;
	int rc = -1;
	static const char *const tables[] = { "change_windows", "change_assets",
	    "change_conflicts", "change_blocks" };

	memset(t, 0, sizeof *t);
	t->asset = xcalloc(in->nassets ? in->nassets : 1, 1);
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE change_id = ?1", tables[i]);
		if (db_run(s, err, "refreshing a change", sql, "i", id) != 0)
			return -1;
	}
	/* Windows, one per wave, and the assets. */
	sqlite3_stmt *win = db_prepare(s, "INSERT OR IGNORE INTO change_windows VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6)", err);
	sqlite3_stmt *ast = db_prepare(s, "INSERT OR REPLACE INTO change_assets VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", err);
	if (win == NULL || ast == NULL)
		goto out_stmts;
	size_t clusters_cap = 0, nclusters = 0;
	const char **clusters = NULL;
	for (size_t i = 0; i < k->p.n; i++) {
		const struct placement *pl = &k->p.v[i];
		if (!has_wave(waves, nwaves, k->wave_ids[i]))
			continue;
		const struct slot *sl = &in->slots[pl->slot];
		const struct asset *a = &k->d.assets[pl->asset];
		const struct deadline *d = &in->deadlines[pl->asset];
		const char *stage = pl->stage < k->d.policy.nstages ?
		    k->d.policy.stages[pl->stage].name : "";
		sqlite3_bind_int64(win, 1, id);
		sqlite3_bind_int64(win, 2, k->wave_ids[i]);
		db_bind_text(win, 3, stage);
		db_bind_text(win, 4, sl->name);
		sqlite3_bind_int64(win, 5, sl->start_utc);
		sqlite3_bind_int64(win, 6, sl->end_utc);
		if (db_step_done(s, win, err, "keeping a change's windows") != 0)
			goto out_stmts;
		if (t->nplaced == 0 || sl->start_utc < t->start)
			t->start = sl->start_utc;
		if (t->nplaced == 0 || sl->end_utc > t->end)
			t->end = sl->end_utc;
		t->nplaced++;
		t->asset[pl->asset] = 1;
		t->f.assets++;
		t->f.production += change_env_production(a->environment) != 0;
		t->f.critical_tier += change_tier_critical(a->tier) != 0;
		if (a->cluster && a->cluster[0]) {
			int seen = 0;
			for (size_t c = 0; c < nclusters && !seen; c++)
				seen = strcmp(clusters[c], a->cluster) == 0;
			if (!seen) {
				clusters = xgrow(clusters, &clusters_cap, nclusters,
				    sizeof *clusters);
				clusters[nclusters++] = a->cluster;
			}
		}
		sqlite3_bind_int64(ast, 1, id);
		db_bind_text(ast, 2, a->key);
		db_bind_text(ast, 3, a->hostname);
		db_bind_text(ast, 4, a->environment ? a->environment : "");
		db_bind_text(ast, 5, a->tier ? a->tier : "");
		db_bind_text(ast, 6, a->cluster ? a->cluster : "");
		sqlite3_bind_int64(ast, 7, k->wave_ids[i]);
		sqlite3_bind_int64(ast, 8, pl->start_utc);
		sqlite3_bind_int64(ast, 9, pl->end_utc);
		if (d->patches > 0)
			sqlite3_bind_int64(ast, 10, d->due_utc);
		else
			sqlite3_bind_null(ast, 10);
		db_bind_text(ast, 11, d->patches > 0 ? d->advisory : "");
		db_bind_text(ast, 12, d->patches > 0 ? severity_name(d->severity) : "");
		sqlite3_bind_int(ast, 13, d->patches > 0 ?
		    k->d.policy.sla_days[d->severity] : 0);
		if (db_step_done(s, ast, err, "keeping a change's assets") != 0) {
			free(clusters);
			goto out_stmts;
		}
	}
	t->f.clusters = nclusters;
	free(clusters);
	sqlite3_finalize(win);
	sqlite3_finalize(ast);
	win = ast = NULL;

	/* The conflicts involving it, with their acknowledgements. */
	if (store_acks_load(s, &acks, &nacks, err) != 0)
		goto out;
	if ((st = db_prepare(s, "INSERT INTO change_conflicts VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err)) == NULL)
		goto out;
	long long ord = 0;
	for (size_t i = 0; i < k->cl.n; i++) {
		const struct conflict *c = &k->cl.v[i];
		if (!conflict_involves(k, c, waves, nwaves, t))
			continue;
		int64_t fp = conflict_fingerprint(in, &k->p, k->first, c);
		const struct ack *ak = c->error ? NULL : acks_find(acks, nacks, fp);
		struct buf hosts = { 0 }, msg = { 0 };
		conflict_hosts(k, c, &hosts);
		conflict_message(in, c, &msg);
		t->f.errors += c->error != 0;
		t->f.warnings += c->error == 0;
		t->f.unacknowledged += c->error == 0 && ak == NULL;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, ++ord);
		db_bind_text(st, 3, conflict_code_name(c->code));
		db_bind_text(st, 4, c->error ? "error" : "warning");
		db_bind_text(st, 5, buf_str(&hosts));
		db_bind_text(st, 6, c->other);
		db_bind_text(st, 7, buf_str(&msg));
		sqlite3_bind_int64(st, 8, fp);
		db_bind_text(st, 9, ak ? ak->who : NULL);
		db_bind_text(st, 10, ak ? ak->at : NULL);
		db_bind_text(st, 11, ak ? ak->reason : NULL);
		buf_free(&hosts);
		buf_free(&msg);
		if (db_step_done(s, st, err, "keeping a change's conflicts") != 0)
			goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	/* Provider maintenance and freezes within a day of its windows that
	 * concern its assets: the timeline draws them. */
	if ((st = db_prepare(s, "INSERT INTO change_blocks VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6)", err)) == NULL)
		goto out;
	struct buf seen = { 0 };
	unsigned char *mcache = xcalloc(in->nassets * (in->nscopes ? in->nscopes : 1) + 1,
	    1);
	int64_t lo = t->start - 86400, hi = t->end + 86400;
	ord = 0;
	for (int pass = 0; pass < 2 && t->nplaced; pass++) {
		const struct interval *v = pass ? in->sblocks : in->blocks;
		size_t n = pass ? in->nsblocks : in->nblocks;
		const char *const *labels = pass ? in->sblock_labels : in->block_labels;
		for (size_t i = 0; i < n && ord < MAX_BLOCKS; i++) {
			const struct interval *b = &v[i];
			int hit = 0;
			if (b->end <= lo || b->start >= hi)
				continue;
			if (pass == 0)
				hit = b->tag == PLAN_EVERY_ASSET ||
				    (b->tag < in->nassets && t->asset[b->tag]);
			else
				for (size_t a = 0; a < in->nassets && !hit; a++)
					hit = t->asset[a] && plan_scope_match(in, mcache, a,
					    b->tag);
			const char *kind = b->group & 1 ? "provider" : "freeze";
			const char *label = labels && labels[i] ? labels[i] : "";
			if (!hit || block_seen(&seen, kind, label, b->start, b->end))
				continue;
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, ++ord);
			db_bind_text(st, 3, kind);
			db_bind_text(st, 4, label);
			sqlite3_bind_int64(st, 5, b->start);
			sqlite3_bind_int64(st, 6, b->end);
			if (db_step_done(s, st, err, "keeping a change's timeline") != 0) {
				free(mcache);
				buf_free(&seen);
				goto out;
			}
		}
	}
	free(mcache);
	buf_free(&seen);
	sqlite3_finalize(st);
	st = NULL;

	enum change_level risk, impact;
	change_suggest(&t->f, &risk, &impact);
	if (db_run(s, err, "refreshing a change", "UPDATE changes SET planned_start ="
	    " ?2, planned_end = ?3, risk_suggested = ?4, impact_suggested = ?5 WHERE"
	    " id = ?1", "iiitt", id, (long long)t->start, (long long)t->end,
	    change_level_name(risk), change_level_name(impact)) != 0)
		goto out;
	rc = 0;
	goto out;
out_stmts:
	sqlite3_finalize(win);
	sqlite3_finalize(ast);
out:
	sqlite3_finalize(st);
	acks_free(acks, nacks);
	if (rc != 0) {
		touch_free(t);
		t->asset = NULL;
	}
	return rc;
}

/* ---- records ------------------------------------------------------------ */

static char *
dup_col(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : xstrdup(db_col(st, col));
}

#define CHANGE_COLS "id, number, title, description, type, risk, impact," \
	" risk_suggested, impact_suggested, implementation, test_plan, backout_plan," \
	" planned_start, planned_end, state, state_reason, requested_by, created_at," \
	" updated_at, round, version"

static void
row_to_rec(sqlite3_stmt *st, struct change_rec *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->number = xstrdup(db_col(st, 1));
	r->title = xstrdup(db_col(st, 2));
	r->description = xstrdup(db_col(st, 3));
	int v = change_type_parse(db_col(st, 4));
	r->type = v < 0 ? CT_NORMAL : (enum change_type)v;
	v = change_level_parse(db_col(st, 7));
	r->risk_suggested = v < 0 ? LV_MEDIUM : (enum change_level)v;
	v = change_level_parse(db_col(st, 8));
	r->impact_suggested = v < 0 ? LV_MEDIUM : (enum change_level)v;
	v = change_level_parse(db_col(st, 5));
	r->risk_chosen = v >= 0;
	r->risk = v >= 0 ? (enum change_level)v : r->risk_suggested;
	v = change_level_parse(db_col(st, 6));
	r->impact_chosen = v >= 0;
	r->impact = v >= 0 ? (enum change_level)v : r->impact_suggested;
	r->implementation = xstrdup(db_col(st, 9));
	r->test_plan = xstrdup(db_col(st, 10));
	r->backout_plan = xstrdup(db_col(st, 11));
	r->planned_start = sqlite3_column_int64(st, 12);
	r->planned_end = sqlite3_column_int64(st, 13);
	v = change_state_parse(db_col(st, 14));
	r->state = v < 0 ? CS_DRAFT : (enum change_state)v;
	r->state_reason = xstrdup(db_col(st, 15));
	r->requested_by = xstrdup(db_col(st, 16));
	r->created_at = xstrdup(db_col(st, 17));
	r->updated_at = xstrdup(db_col(st, 18));
	r->round = sqlite3_column_int(st, 19);
	r->version = sqlite3_column_int(st, 20);
}

void
change_rec_free(struct change_rec *r)
{
	free(r->number);
	free(r->title);
	free(r->description);
	free(r->implementation);
	free(r->test_plan);
	free(r->backout_plan);
	free(r->state_reason);
	free(r->requested_by);
	free(r->created_at);
	free(r->updated_at);
	free(r->waves);
	for (size_t i = 0; i < r->nwindows; i++) {
		free(r->windows[i].stage);
		free(r->windows[i].window);
	}
	free(r->windows);
	for (size_t i = 0; i < r->nassets; i++) {
		struct change_asset *a = &r->assets[i];
		free(a->key);
		free(a->hostname);
		free(a->environment);
		free(a->tier);
		free(a->cluster);
		free(a->advisory);
		free(a->severity);
	}
	free(r->assets);
	for (size_t i = 0; i < r->nconflicts; i++) {
		struct change_conflict *c = &r->conflicts[i];
		free(c->code);
		free(c->severity);
		free(c->assets);
		free(c->other);
		free(c->message);
		free(c->ack_who);
		free(c->ack_at);
		free(c->ack_reason);
	}
	free(r->conflicts);
	for (size_t i = 0; i < r->nblocks; i++) {
		free(r->blocks[i].kind);
		free(r->blocks[i].label);
	}
	free(r->blocks);
	for (size_t i = 0; i < r->ndecisions; i++) {
		free(r->decisions[i].who);
		free(r->decisions[i].decision);
		free(r->decisions[i].at);
		free(r->decisions[i].comment);
	}
	free(r->decisions);
	memset(r, 0, sizeof *r);
}

/* Run sql (bound to the change id) and hand each row to take. */
static int
rows(struct store *s, const char *sql, long long id, void (*take)(sqlite3_stmt *,
    struct change_rec *), struct change_rec *r, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		take(st, r);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading a change");
}

static void
take_wave(sqlite3_stmt *st, struct change_rec *r)
{
	r->waves = xrealloc(r->waves, (r->nwaves + 1) * sizeof *r->waves);
	r->waves[r->nwaves++] = sqlite3_column_int64(st, 0);
}

static void
take_window(sqlite3_stmt *st, struct change_rec *r)
{
	r->windows = xrealloc(r->windows, (r->nwindows + 1) * sizeof *r->windows);
	r->windows[r->nwindows++] = (struct change_window){ sqlite3_column_int64(st, 0),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), sqlite3_column_int64(st, 3),
	    sqlite3_column_int64(st, 4) };
}

static void
take_asset(sqlite3_stmt *st, struct change_rec *r)
{
	r->assets = xrealloc(r->assets, (r->nassets + 1) * sizeof *r->assets);
	r->assets[r->nassets++] = (struct change_asset){ xstrdup(db_col(st, 0)),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), xstrdup(db_col(st, 3)),
	    xstrdup(db_col(st, 4)), sqlite3_column_int64(st, 5),
	    sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
	    sqlite3_column_type(st, 8) != SQLITE_NULL, sqlite3_column_int64(st, 8),
	    xstrdup(db_col(st, 9)), xstrdup(db_col(st, 10)), sqlite3_column_int(st, 11) };
}

static void
take_conflict(sqlite3_stmt *st, struct change_rec *r)
{
	r->conflicts = xrealloc(r->conflicts, (r->nconflicts + 1) * sizeof *r->conflicts);
	r->conflicts[r->nconflicts++] = (struct change_conflict){ xstrdup(db_col(st, 0)),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), xstrdup(db_col(st, 3)),
	    xstrdup(db_col(st, 4)), sqlite3_column_int64(st, 5), dup_col(st, 6),
	    dup_col(st, 7), dup_col(st, 8) };
}

static void
take_block(sqlite3_stmt *st, struct change_rec *r)
{
	r->blocks = xrealloc(r->blocks, (r->nblocks + 1) * sizeof *r->blocks);
	r->blocks[r->nblocks++] = (struct change_block){ xstrdup(db_col(st, 0)),
	    xstrdup(db_col(st, 1)), sqlite3_column_int64(st, 2),
	    sqlite3_column_int64(st, 3) };
}

static void
take_decision(sqlite3_stmt *st, struct change_rec *r)
{
	r->decisions = xrealloc(r->decisions, (r->ndecisions + 1) * sizeof *r->decisions);
	r->decisions[r->ndecisions++] = (struct change_decision){ sqlite3_column_int(st, 0),
	    xstrdup(db_col(st, 1)), xstrdup(db_col(st, 2)), xstrdup(db_col(st, 3)),
	    xstrdup(db_col(st, 4)) };
}

int
store_change_get(struct store *s, const char *number, struct change_rec *r,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT " CHANGE_COLS " FROM changes WHERE"
	    " number = ?1", err);

	memset(r, 0, sizeof *r);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return 0;
	}
	row_to_rec(st, r);
	sqlite3_finalize(st);
	if (rows(s, "SELECT wave_id FROM change_waves WHERE change_id = ?1 ORDER BY"
	    " wave_id", r->id, take_wave, r, err) != 0 ||
	    rows(s, "SELECT wave_id, stage, window, start_utc, end_utc FROM change_windows"
	    " WHERE change_id = ?1 ORDER BY start_utc, wave_id", r->id, take_window, r,
	    err) != 0 ||
	    rows(s, "SELECT key, hostname, environment, tier, cluster, wave_id, start_utc,"
	    " end_utc, deadline_utc, advisory, severity, sla_days FROM change_assets WHERE"
	    " change_id = ?1 ORDER BY start_utc, key", r->id, take_asset, r, err) != 0 ||
	    rows(s, "SELECT code, severity, assets, other, message, fingerprint, ack_who,"
	    " ack_at, ack_reason FROM change_conflicts WHERE change_id = ?1 ORDER BY ord",
	    r->id, take_conflict, r, err) != 0 ||
	    rows(s, "SELECT kind, label, start_utc, end_utc FROM change_blocks WHERE"
	    " change_id = ?1 ORDER BY start_utc, ord", r->id, take_block, r, err) != 0 ||
	    rows(s, "SELECT round, who, decision, at, comment FROM decisions WHERE"
	    " change_id = ?1 ORDER BY id", r->id, take_decision, r, err) != 0) {
		change_rec_free(r);
		return -1;
	}
	return 1;
}

int
store_changes_each(struct store *s, int state,
    int (*each)(void *, const struct change_rec *), void *arg, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT " CHANGE_COLS " FROM changes WHERE"
	    " ?1 IS NULL OR state = ?1 ORDER BY number", err);
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, state >= 0 ? change_state_name((enum change_state)state) : NULL);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct change_rec r;
		row_to_rec(st, &r);
		stop = each(arg, &r);
		change_rec_free(&r);
	}
	if (!stop && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(s, err, "listing changes");
	}
	sqlite3_finalize(st);
	return 0;
}

struct numbers {
	char	**v;
	size_t	  n, cap;
};

static int
collect_number(void *arg, const struct change_rec *r)
{
	struct numbers *x = arg;

	x->v = xgrow(x->v, &x->cap, x->n, sizeof *x->v);
	x->v[x->n++] = xstrdup(r->number);
	return 0;
}

int
store_change_numbers(struct store *s, int state, char ***numbers, size_t *n,
    struct pw_error *err)
{
	struct numbers x = { NULL, 0, 0 };
	int rc = store_changes_each(s, state, collect_number, &x, err);

	*numbers = x.v;
	*n = x.n;
	return rc;
}

/* The id and state of a change by number: 1, 0 when none (err says so). */
static int
change_head(struct store *s, const char *number, long long *id, enum change_state *state,
    char **requester, int *round, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT id, state, requested_by, round FROM"
	    " changes WHERE number = ?1", err);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		pw_error_set(err, NULL, 0, "no change %.60s (patchwave change list)", number);
		return 0;
	}
	*id = sqlite3_column_int64(st, 0);
	int v = change_state_parse(db_col(st, 1));
	*state = v < 0 ? CS_DRAFT : (enum change_state)v;
	if (requester)
		*requester = xstrdup(db_col(st, 2));
	if (round)
		*round = sqlite3_column_int(st, 3);
	sqlite3_finalize(st);
	return 1;
}

static int
set_state(struct store *s, long long id, enum change_state to, const char *reason,
    int64_t now, struct pw_error *err)
{
	char at[32];

	utc_text(now, at);
	return db_run(s, err, "changing a change's state", "UPDATE changes SET state"
	    " = ?2, state_reason = ?3, updated_at = ?4, version = version + 1 WHERE"
	    " id = ?1", "ittt", id, change_state_name(to), reason, at);
}

static int
link_waves(struct store *s, const struct checked *k, long long id, const long long *waves,
    size_t nwaves, struct pw_error *err)
{
	for (size_t w = 0; w < nwaves; w++) {
		int found = 0;
		for (size_t i = 0; i < k->p.n && !found; i++)
			found = k->wave_ids[i] == waves[w];
		if (!found) {
			pw_error_set(err, NULL, 0, "no wave %lld in the plan (patchwave "
			    "waves)", waves[w]);
			return 1;
		}
	}
	if (db_run(s, err, "linking waves", "DELETE FROM change_waves WHERE"
	    " change_id = ?1", "i", id) != 0)
		return -1;
	for (size_t w = 0; w < nwaves; w++)
		if (db_run(s, err, "linking waves", "INSERT OR IGNORE INTO change_waves"
		    " VALUES (?1, ?2)", "ii", id, waves[w]) != 0)
			return -1;
	return 0;
}

static int
set_fields(struct store *s, long long id, const struct change_fields *f,
    struct buf *what, struct pw_error *err)
{
	static const struct { const char *col, *name; size_t off; } text[] = {
		{ "title", "title", offsetof(struct change_fields, title) },
		{ "description", "description",
		    offsetof(struct change_fields, description) },
		{ "implementation", "implementation plan",
		    offsetof(struct change_fields, implementation) },
		{ "test_plan", "test plan", offsetof(struct change_fields, test_plan) },
		{ "backout_plan", "backout plan",
		    offsetof(struct change_fields, backout_plan) },
	};

	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		const char *v = *(const char *const *)((const char *)f + text[i].off);
		char sql[96];
		if (v == NULL)
			continue;
		snprintf(sql, sizeof sql, "UPDATE changes SET %s = ?2 WHERE id = ?1",
		    text[i].col);
		if (db_run(s, err, "editing a change", sql, "it", id, v) != 0)
			return -1;
		buf_printf(what, "%s%s", what->len ? ", " : "", text[i].name);
	}
	if (f->type >= 0) {
		if (db_run(s, err, "editing a change", "UPDATE changes SET type = ?2 WHERE"
		    " id = ?1", "it", id, change_type_name((enum change_type)f->type)) != 0)
			return -1;
		buf_printf(what, "%stype %s", what->len ? ", " : "",
		    change_type_name((enum change_type)f->type));
	}
	if (f->risk >= 0) {
		if (db_run(s, err, "editing a change", "UPDATE changes SET risk = ?2 WHERE"
		    " id = ?1", "it", id, change_level_name((enum change_level)f->risk)) != 0)
			return -1;
		buf_printf(what, "%srisk %s", what->len ? ", " : "",
		    change_level_name((enum change_level)f->risk));
	}
	if (f->impact >= 0) {
		if (db_run(s, err, "editing a change", "UPDATE changes SET impact = ?2"
		    " WHERE id = ?1", "it", id,
		    change_level_name((enum change_level)f->impact)) != 0)
			return -1;
		buf_printf(what, "%simpact %s", what->len ? ", " : "",
		    change_level_name((enum change_level)f->impact));
	}
	return 0;
}

int
store_change_create(struct store *s, const struct checked *k, const long long *waves,
    size_t nwaves, const struct change_fields *f, const char *who, int64_t now,
    char **number, struct pw_error *err)
{
	struct civil c;
	char at[32], prefix[16], num[48];
	sqlite3_stmt *st;
	long long id, n = 1;
	struct touch t;
	int rc;

	*number = NULL;
	civil_from_seconds(now, &c);
	if (f->title == NULL || f->title[0] == '\0') {
		pw_error_set(err, NULL, 0, "a change needs a title (--title)");
		return 1;
	}
	if (nwaves == 0) {
		pw_error_set(err, NULL, 0, "a change needs at least one wave (--wave ID)");
		return 1;
	}
	utc_text(now, at);
	snprintf(prefix, sizeof prefix, "CHG-%04d-", c.y);
	if ((st = db_prepare(s, "SELECT max(CAST(substr(number, 10) AS INTEGER)) FROM"
	    " changes WHERE number LIKE ?1 || '%'", err)) == NULL)
		return -1;
	db_bind_text(st, 1, prefix);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	snprintf(num, sizeof num, "%s%04lld", prefix, n);
	if ((st = db_prepare(s, "INSERT INTO changes (number, title, description, type,"
	    " risk, impact, risk_suggested, impact_suggested, implementation, test_plan,"
	    " backout_plan, planned_start, planned_end, state, state_reason,"
	    " requested_by, created_at, updated_at, round, version, digest) VALUES (?1,"
	    " '', '', 'normal', NULL, NULL, 'low', 'low', '', '', '', 0, 0, 'draft', '',"
	    " ?2, ?3, ?3, 0, 1, '') RETURNING id", err)) == NULL)
		return -1;
	db_bind_text(st, 1, num);
	db_bind_text(st, 2, who);
	db_bind_text(st, 3, at);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(s, err, "creating a change");
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	struct buf what = { 0 };
	if ((rc = link_waves(s, k, id, waves, nwaves, err)) != 0 ||
	    (rc = set_fields(s, id, f, &what, err)) != 0 ||
	    (rc = snapshot(s, id, k, waves, nwaves, &t, err)) != 0) {
		buf_free(&what);
		return rc;
	}
	buf_reset(&what);
	buf_printf(&what, "created from wave%s", nwaves == 1 ? "" : "s");
	for (size_t i = 0; i < nwaves; i++)
		buf_printf(&what, "%s %lld", i ? "," : "", waves[i]);
	buf_printf(&what, ": %zu asset%s, %zu error%s, %zu warning%s; title: %s",
	    t.f.assets, t.f.assets == 1 ? "" : "s", t.f.errors, t.f.errors == 1 ? "" : "s",
	    t.f.warnings, t.f.warnings == 1 ? "" : "s", f->title);
	touch_free(&t);
	rc = store_audit_append(s, who, num, "create", buf_str(&what), now, err);
	buf_free(&what);
	if (rc != 0)
		return rc;
	*number = xstrdup(num);
	return 0;
}

int
store_change_edit(struct store *s, const struct checked *k, const char *number,
    const struct change_fields *f, const long long *waves, size_t nwaves,
    const char *who, int64_t now, struct pw_error *err)
{
	long long id;
	enum change_state state, next;
	char why[256];
	struct buf what = { 0 };
	struct change_rec r;
	struct touch t;
	int rc;

	if ((rc = change_head(s, number, &id, &state, NULL, NULL, err)) != 1)
		return rc < 0 ? -1 : 1;
	if (change_next(state, CA_REDRAFT, &next, why, sizeof why) != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		return 1;
	}
	if (f->title && f->title[0] == '\0') {
		pw_error_set(err, NULL, 0, "a change needs a title");
		return 1;
	}
	if (waves && nwaves == 0) {
		pw_error_set(err, NULL, 0, "a change needs at least one wave");
		return 1;
	}
	if ((rc = set_fields(s, id, f, &what, err)) != 0)
		goto out;
	if (waves) {
		if ((rc = link_waves(s, k, id, waves, nwaves, err)) != 0)
			goto out;
		buf_printf(&what, "%swaves", what.len ? ", " : "");
	}
	if (what.len == 0) {
		pw_error_set(err, NULL, 0, "nothing to change (see change edit --help)");
		rc = 1;
		goto out;
	}
	/* Its waves as they are now (the stored links). */
	if ((rc = store_change_get(s, number, &r, err)) != 1) {
		rc = -1;
		goto out;
	}
	rc = snapshot(s, id, k, r.waves, r.nwaves, &t, err);
	change_rec_free(&r);
	touch_free(&t);
	if (rc != 0)
		goto out;
	char reason[400] = "";
	if (state != CS_DRAFT)
		snprintf(reason, sizeof reason, "back to draft: %s by %.60s while %s",
		    what.s, who, change_state_name(state));
	if ((rc = set_state(s, id, CS_DRAFT, state != CS_DRAFT ? reason : "", now,
	    err)) != 0)
		goto out;
	buf_printf(&what, "%s", state != CS_DRAFT ? "; back to draft from " : "");
	if (state != CS_DRAFT)
		buf_adds(&what, change_state_name(state));
	rc = store_audit_append(s, who, number, "edit", what.s, now, err);
out:
	buf_free(&what);
	return rc;
}

int
store_change_act(struct store *s, const struct checked *k, const char *number,
    enum change_action a, const char *who, const char *comment, int64_t now,
    enum change_state *out, struct pw_error *err)
{
	long long id;
	enum change_state state, next;
	char why[512];
	struct buf detail = { 0 };
	int rc;

	if (a == CA_APPROVE || a == CA_REJECT || a == CA_REDRAFT) {
		pw_error_set(err, NULL, 0, "internal: %s is not a workflow action here",
		    change_action_name(a));
		return -1;
	}
	if ((rc = change_head(s, number, &id, &state, NULL, NULL, err)) != 1)
		return rc < 0 ? -1 : 1;
	if (change_next(state, a, &next, why, sizeof why) != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		return 1;
	}
	if (a == CA_SUBMIT) {
		/* What the CAB is asked to approve: the plan as it is now. */
		struct change_rec r;
		struct touch t;
		char digest[65];
		if (store_change_get(s, number, &r, err) != 1)
			return -1;
		rc = snapshot(s, id, k, r.waves, r.nwaves, &t, err);
		if (rc == 0 && change_submit_check(&t.f, r.test_plan, r.backout_plan, why,
		    sizeof why) != 0) {
			pw_error_set(err, NULL, 0, "%s cannot be submitted: %s", number, why);
			rc = 1;
		}
		waves_digest(k, r.waves, r.nwaves, digest);
		change_rec_free(&r);
		touch_free(&t);
		if (rc != 0)
			return rc;
		if (db_run(s, err, "submitting a change", "UPDATE changes SET digest = ?2,"
		    " round = round + 1 WHERE id = ?1", "it", id, digest) != 0)
			return -1;
	}
	if (set_state(s, id, next, "", now, err) != 0)
		return -1;
	buf_printf(&detail, "%s -> %s", change_state_name(state), change_state_name(next));
	if (comment && comment[0])
		buf_printf(&detail, "; %s", comment);
	rc = store_audit_append(s, who, number, change_action_name(a), detail.s, now, err);
	buf_free(&detail);
	*out = next;
	return rc;
}

/* A change's history replayed from its audit entries (model/change.c);
 * the caller frees *r with change_replay_free() whatever is returned. */
static int
change_replay(struct store *s, const char *number, struct change_replay *r,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT seq, who, action, detail FROM audit"
	    " WHERE change = ?1 ORDER BY seq", err);
	char why[256];
	int rc;

	change_replay_init(r);
	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (change_replay_step(r, db_col(st, 1), db_col(st, 2), db_col(st, 3), why,
		    sizeof why) != 0) {
			pw_error_set(err, NULL, 0, "audit entry %lld of %.60s: %s (patchwave "
			    "audit verify)", (long long)sqlite3_column_int64(st, 0), number,
			    why);
			sqlite3_finalize(st);
			return -1;
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, err, "reading the audit log");
	return 0;
}

int
store_change_decide(struct store *s, const char *number, enum change_action a,
    const char *who, const char *comment, const struct cab *cab, int64_t now,
    enum change_state *out, struct pw_error *err)
{
	long long id;
	enum change_state state, next;
	char why[256], *requester = NULL, at[32];
	const char **already = NULL;
	size_t nalready = 0, approvals = 0, rejections = 0;
	sqlite3_stmt *st;
	int rc, round;

	if (a != CA_APPROVE && a != CA_REJECT) {
		pw_error_set(err, NULL, 0, "internal: a decision approves or rejects");
		return -1;
	}
	if ((rc = change_head(s, number, &id, &state, &requester, &round, err)) != 1)
		return rc < 0 ? -1 : 1;
	*out = state;
	if (change_next(state, a, &next, why, sizeof why) != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		free(requester);
		return 1;
	}
	if (comment == NULL || comment[0] == '\0') {
		pw_error_set(err, NULL, 0, "a CAB decision needs a comment (--comment)");
		free(requester);
		return 1;
	}
	/* Who decided this round already, and how. */
	if ((st = db_prepare(s, "SELECT who, decision FROM decisions WHERE change_id = ?1"
	    " AND round = ?2", err)) == NULL) {
		free(requester);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, round);
	char **names = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		names = xrealloc(names, (nalready + 1) * sizeof *names);
		names[nalready++] = xstrdup(db_col(st, 0));
		approvals += strcmp(db_col(st, 1), "approve") == 0;
		rejections += strcmp(db_col(st, 1), "reject") == 0;
	}
	sqlite3_finalize(st);
	already = (const char **)names;
	/* Who wrote this round, from the audit log (separation of duties). */
	struct change_replay hist;
	rc = change_replay(s, number, &hist, err);
	if (rc == 0)
		rc = change_may_decide(cab, requester, hist.authors + hist.round_from,
		    hist.pending_from - hist.round_from, who, already, nalready, why,
		    sizeof why) == 0 ? 0 : 1;
	change_replay_free(&hist);
	for (size_t i = 0; i < nalready; i++)
		free(names[i]);
	free(names);
	free(requester);
	if (rc < 0)
		return -1;
	if (rc != 0) {
		pw_error_set(err, NULL, 0, "%s: %s", number, why);
		return 1;
	}
	utc_text(now, at);
	if (db_run(s, err, "recording a decision", "INSERT INTO decisions (change_id,"
	    " round, who, decision, at, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    "iitttt", id, (long long)round, who, a == CA_APPROVE ? "approve" : "reject",
	    at, comment) != 0)
		return -1;
	approvals += a == CA_APPROVE;
	rejections += a == CA_REJECT;
	next = change_decide(cab, approvals, rejections);
	struct buf detail = { 0 };
	size_t quorum = cab->quorum < 1 ? 1 : (size_t)cab->quorum;
	buf_printf(&detail, "%s (approvals %zu of the %zu needed)", a == CA_APPROVE ?
	    "approved" : "rejected", approvals, quorum);
	if (next != state)
		buf_printf(&detail, "; %s -> %s", change_state_name(state),
		    change_state_name(next));
	buf_printf(&detail, "; %s", comment);
	rc = store_audit_append(s, who, number, change_action_name(a), detail.s, now, err);
	buf_free(&detail);
	if (rc != 0)
		return rc;
	if (next != state && set_state(s, id, next, "", now, err) != 0)
		return -1;
	if (next == state && db_run(s, err, "recording a decision", "UPDATE changes"
	    " SET version = version + 1 WHERE id = ?1", "i", id) != 0)
		return -1;
	*out = next;
	return 0;
}

/* What changed in a change's waves since its snapshot, in a few words. */
static void
describe_drift(const struct checked *k, const struct change_rec *r, struct buf *b)
{
	size_t said = 0, more = 0;

#define SAY(...) do {							\
		if (said < 4) {						\
			buf_printf(b, "%s", said ? "; " : "");		\
			buf_printf(b, __VA_ARGS__);			\
			said++;						\
		} else							\
			more++;						\
	} while (0)
	for (size_t w = 0; w < r->nwindows; w++) {
		const struct change_window *cw = &r->windows[w];
		size_t i = 0;
		while (i < k->p.n && k->wave_ids[i] != cw->wave)
			i++;
		if (i == k->p.n) {
			SAY("wave %lld is gone", cw->wave);
			continue;
		}
		const struct slot *sl = &k->d.in.slots[k->p.v[i].slot];
		if (sl->start_utc != cw->start_utc || sl->end_utc != cw->end_utc) {
			char t[32];
			utc_text(sl->start_utc, t);
			SAY("wave %lld moved to %s (%s)", cw->wave, t, sl->name);
		}
	}
	struct strmap at = { 0 };	/* asset key -> placement */
	for (size_t i = 0; i < k->p.n; i++)
		strmap_put(&at, k->d.assets[k->p.v[i].asset].key, i);
	for (size_t a = 0; a < r->nassets; a++) {
		const struct change_asset *ca = &r->assets[a];
		size_t i = strmap_get(&at, ca->key);
		if (i == (size_t)-1)
			i = k->p.n;
		if (i == k->p.n || k->wave_ids[i] != ca->wave)
			SAY("%s left wave %lld", ca->hostname, ca->wave);
		else if (k->p.v[i].start_utc != ca->start_utc)
			SAY("%s starts at another time", ca->hostname);
	}
	strmap_free(&at);
	struct strmap had = { 0 };	/* the snapshot's asset keys */
	for (size_t a = 0; a < r->nassets; a++)
		strmap_put(&had, r->assets[a].key, a);
	for (size_t i = 0; i < k->p.n; i++) {
		if (!has_wave(r->waves, r->nwaves, k->wave_ids[i]))
			continue;
		const char *key = k->d.assets[k->p.v[i].asset].key;
		if (strmap_get(&had, key) == (size_t)-1)
			SAY("%s joined wave %lld", k->d.assets[k->p.v[i].asset].hostname,
			    k->wave_ids[i]);
	}
	strmap_free(&had);
	if (more)
		buf_printf(b, " and %zu more", more);
	if (said == 0)
		buf_adds(b, "the times of its assets changed");
#undef SAY
}

int
store_changes_open(struct store *s, size_t *n, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT count(*) FROM changes WHERE state IN"
	    " ('draft', 'submitted', 'approved')", err);

	*n = 0;
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Do a submitted or approved change's waves in k still hash to the digest
 * taken when it was submitted? 1 yes, 0 no, -1 error. */
static int
waves_unchanged(struct store *s, const struct checked *k, const char *number,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT c.digest, w.wave_id FROM changes c"
	    " LEFT JOIN change_waves w ON w.change_id = c.id WHERE c.number = ?1"
	    " ORDER BY w.wave_id", err);
	long long *waves = NULL;
	size_t n = 0, cap = 0;
	char stored[65] = "", now[65];

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(stored, sizeof stored, "%s", db_col(st, 0));
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		waves = xgrow(waves, &cap, n, sizeof *waves);
		waves[n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	waves_digest(k, waves, n, now);
	free(waves);
	return strcmp(stored, now) == 0;
}

int
store_changes_follow(struct store *s, const struct checked *k, const char *who,
    int64_t now, size_t *redrafted, struct pw_error *err)
{
	static const enum change_state open[] = { CS_DRAFT, CS_SUBMITTED, CS_APPROVED };
	size_t count = 0;
	int rc = 0;

	for (size_t o = 0; o < sizeof open / sizeof *open && rc == 0; o++) {
		char **numbers;
		size_t n;
		if (store_change_numbers(s, (int)open[o], &numbers, &n, err) != 0)
			return -1;
		for (size_t i = 0; i < n; i++) {
			struct change_rec r;
			struct touch t;
			/* Submitted and approved ones: their wave ids and digest
			 * first; the whole record only when the waves changed. */
			if (rc == 0 && open[o] != CS_DRAFT) {
				int same = waves_unchanged(s, k, numbers[i], err);
				if (same < 0)
					rc = -1;
				if (same != 0) {
					free(numbers[i]);
					continue;
				}
			}
			if (rc != 0 || store_change_get(s, numbers[i], &r, err) != 1) {
				rc = -1;
				free(numbers[i]);
				continue;
			}
			if (r.state != CS_DRAFT) {
				struct buf why = { 0 };
				buf_printf(&why, "back to draft: its waves changed after it was "
				    "%s: ", change_state_name(r.state));
				describe_drift(k, &r, &why);
				if (set_state(s, r.id, CS_DRAFT, why.s, now, err) != 0 ||
				    store_audit_append(s, who, r.number, "redraft", why.s, now,
				    err) != 0)
					rc = -1;
				buf_free(&why);
				count++;
			}
			if (rc == 0 && snapshot(s, r.id, k, r.waves, r.nwaves, &t, err) != 0)
				rc = -1;
			else if (rc == 0)
				touch_free(&t);
			change_rec_free(&r);
			free(numbers[i]);
		}
		free(numbers);
	}
	if (redrafted)
		*redrafted = count;
	return rc;
}

/* Codes that mean a window no longer takes what was planned in it. */
static int
window_code(enum conflict_code c)
{
	return c == C_OUTSIDE_WINDOW || c == C_REBOOT_NOT_ALLOWED || c == C_CAPACITY;
}

/* Why the plan k (checked under a new policy) no longer fits change r's
 * windows: the first such error's sentence, and how many more; 0 when
 * none. */
static size_t
windows_refused(const struct checked *k, const struct change_rec *r, struct buf *why)
{
	unsigned char *mine = xcalloc(k->d.nassets + 1, 1);
	size_t found = 0;

	for (size_t i = 0; i < k->p.n; i++)
		if (has_wave(r->waves, r->nwaves, k->wave_ids[i]))
			mine[k->p.v[i].asset] = 1;
	for (size_t c = 0; c < k->cl.n; c++) {
		const struct conflict *x = &k->cl.v[c];
		int in = x->wave != SIZE_MAX && x->wave < k->nwaves &&
		    has_wave(r->waves, r->nwaves, k->wave_ids[k->first[x->wave]]);
		for (size_t a = 0; !in && a < x->nassets; a++)
			in = mine[x->assets[a]];
		if (!x->error || !window_code(x->code) || !in)
			continue;
		if (found++ == 0)
			conflict_message(&k->d.in, x, why);
	}
	if (found > 1)
		buf_printf(why, " (and %zu more)", found - 1);
	free(mine);
	return found;
}

int
store_changes_policy_changed(struct store *s, const struct checked *k,
    const char *who, int64_t now, char ***numbers, size_t *n, struct pw_error *err)
{
	static const enum change_state decided[] = { CS_SUBMITTED, CS_APPROVED };
	int rc = 0;

	*numbers = NULL;
	*n = 0;
	for (size_t o = 0; o < sizeof decided / sizeof *decided && rc == 0; o++) {
		char **v;
		size_t nv;
		if (store_change_numbers(s, (int)decided[o], &v, &nv, err) != 0)
			return -1;
		for (size_t i = 0; i < nv; i++) {
			struct change_rec r;
			struct buf why = { 0 };
			if (rc == 0 && store_change_get(s, v[i], &r, err) != 1)
				rc = -1;
			else if (rc == 0) {
				buf_printf(&why, "back to draft: the policy %.64s imported no "
				    "longer allows its windows: ", who);
				if (windows_refused(k, &r, &why) > 0) {
					if (set_state(s, r.id, CS_DRAFT, why.s, now, err) != 0 ||
					    store_audit_append(s, who, r.number, "policy", why.s,
					    now, err) != 0)
						rc = -1;
					*numbers = xrealloc(*numbers, (*n + 1) * sizeof **numbers);
					(*numbers)[(*n)++] = xstrdup(r.number);
				}
				change_rec_free(&r);
			}
			buf_free(&why);
			free(v[i]);
		}
		free(v);
	}
	return rc;
}

