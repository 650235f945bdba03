/* A change verified after its window: its assets as snapshotted, their
 * patches with the imports that first saw, last saw and resolved them, and
 * each patch source's newest import, judged by model/verify.c. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "changes.h"
#include "internal.h"

/* An import's time in UTC seconds, in SQL. */
#define AT_UTC(col)	"CAST(strftime('%s', " col ") AS INTEGER)"

struct imports {
	struct verify_import	*v;
	size_t			 n, cap;
};

static void
imports_free(struct imports *im)
{
	for (size_t i = 0; i < im->n; i++) {
		free((char *)im->v[i].source);
		free((char *)im->v[i].at);
		free((char *)im->v[i].digest);
		free((char *)im->v[i].path);
	}
	free(im->v);
}

/* Every patches import at or before now: each source's newest is its scan
 * after the window, each patch's resolving import the scan it rests on. */
static int
imports_load(struct store *s, int64_t now, struct imports *im, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT id, source FROM imports"
	    " WHERE kind = 'patches' AND " AT_UTC("at_utc") " <= ?1 ORDER BY id",
	    err), *q;
	int rc;

	if (st == NULL)
		return -1;
	if ((q = db_prepare(s, "SELECT at_utc, " AT_UTC("at_utc") ", coalesce(digest,"
	    " ''), coalesce(path, ''), coalesce(scanned_utc, 0) FROM imports"
	    " WHERE id = ?1", err)) == NULL) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_bind_int64(st, 1, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct verify_import *x;
		im->v = xgrow(im->v, &im->cap, im->n, sizeof *im->v);
		x = &im->v[im->n++];
		x->id = sqlite3_column_int64(st, 0);
		x->source = xstrdup(db_col(st, 1));
		sqlite3_bind_int64(q, 1, x->id);
		if (sqlite3_step(q) == SQLITE_ROW) {
			x->at = xstrdup(db_col(q, 0));
			x->at_utc = sqlite3_column_int64(q, 1);
			x->digest = xstrdup(db_col(q, 2));
			x->path = xstrdup(db_col(q, 3));
			x->scanned_utc = sqlite3_column_int64(q, 4);
		} else {
			x->at = xstrdup("");
			x->digest = xstrdup("");
			x->path = xstrdup("");
			x->scanned_utc = 0;
			x->at_utc = 0;
		}
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading imports");
}

/* The imports as one asset's scans: into mine (n of them, grown in *cap),
 * each as in all but with the asset's own scan end where the import kept
 * one (import_hosts): a scan of many hosts runs for hours, and the host is
 * judged by its own, not the file's latest. Strings are all's. */
static int
imports_of_asset(struct store *s, sqlite3_stmt *hs, const char *key,
    const struct imports *all, struct verify_import **mine, size_t *cap,
    struct pw_error *err)
{
	int rc;

	if (*cap < all->n) {
		*mine = xrealloc(*mine, all->n * sizeof **mine);
		*cap = all->n;
	}
	if (all->n)
		memcpy(*mine, all->v, all->n * sizeof **mine);
	db_bind_text(hs, 1, key);
	while ((rc = sqlite3_step(hs)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(hs, 0);
		/* Ids rise with the rows loaded: a binary search finds it. */
		size_t lo = 0, hi = all->n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if ((*mine)[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < all->n && (*mine)[lo].id == id)
			(*mine)[lo].scanned_utc = sqlite3_column_int64(hs, 1);
	}
	sqlite3_reset(hs);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading a host's scans");
}

struct patches {
	struct verify_patch	*v;
	size_t			 n, cap;
};

static void
patches_clear(struct patches *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free((char *)p->v[i].advisory);
		free((char *)p->v[i].source);
		free((char *)p->v[i].cves);
	}
	p->n = 0;
}

/* One asset's patches and findings, pending or resolved. */
static int
patches_load(struct store *s, sqlite3_stmt *st, const char *key, struct patches *p,
    struct pw_error *err)
{
	int rc;

	patches_clear(p);
	db_bind_text(st, 1, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->v = xgrow(p->v, &p->cap, p->n, sizeof *p->v);
		p->v[p->n++] = (struct verify_patch){ xstrdup(db_col(st, 0)),
		    xstrdup(db_col(st, 1)), sqlite3_column_int(st, 2),
		    sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
		    sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6),
		    xstrdup(db_col(st, 7)) };
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading patches");
}

/* Add source to the ", " list in b unless there. */
static void
source_add(struct buf *b, const char *source)
{
	for (const char *s = b->len ? b->s : ""; *s; ) {
		const char *e = strstr(s, ", ");
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n == strlen(source) && strncmp(s, source, n) == 0)
			return;
		s += n + (e ? 2 : 0);
	}
	buf_printf(b, "%s%s", b->len ? ", " : "", source);
}

/* What the model found of one asset, its strings owned; the sources of
 * its patches not rescanned added to unrescanned. */
static void
asset_judge(struct change_verified_asset *a, const struct verify_asset_in *in,
    struct buf *unrescanned)
{
	struct buf miss = { 0 }, fresh = { 0 };

	verify_asset(in, &a->o);
	for (size_t i = 0; i < in->npatches; i++) {
		enum verify_patch_state ps = verify_patch(in, i);
		if (ps == VP_UNVERIFIED)
			source_add(unrescanned, in->patches[i].source);
		struct buf *b = ps == VP_MISSING ? &miss : ps == VP_NEW ? &fresh : NULL;
		if (b)
			buf_printf(b, "%s%s", b->len ? ", " : "", in->patches[i].advisory);
	}
	a->missing = xstrdup(buf_str(&miss));
	a->new_findings = xstrdup(buf_str(&fresh));
	buf_free(&miss);
	buf_free(&fresh);
	if (a->o.evidence) {
		a->ev_import = a->o.evidence->id;
		a->ev_source = xstrdup(a->o.evidence->source);
		a->ev_at = xstrdup(a->o.evidence->at);
		a->ev_digest = xstrdup(a->o.evidence->digest);
		a->ev_scanned = a->o.evidence->scanned_utc;	/* the host's own */
	} else {
		a->ev_source = xstrdup("");
		a->ev_at = xstrdup("");
		a->ev_digest = xstrdup("");
	}
	if (a->o.stale) {
		a->stale_import = a->o.stale->id;
		a->stale_path = xstrdup(a->o.stale->path);
		a->stale_scanned = a->o.stale->scanned_utc;
	}
	a->o.evidence = NULL;	/* the loader's, freed with it */
	a->o.stale = NULL;
}

/* The change's head: 1 found, 0 not. */
static int
head(struct store *s, const char *number, long long *id, long long *snapshot,
    struct change_verified *v, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT id, state, coalesce(snapshot_import,"
	    " 0), max(planned_end, coalesce((SELECT max(end_utc) FROM change_windows"
	    " WHERE change_id = changes.id), 0)) FROM changes WHERE number = ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, number);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int state = change_state_parse(db_col(st, 1));
		*id = sqlite3_column_int64(st, 0);
		v->state = state < 0 ? CS_DRAFT : (enum change_state)state;
		*snapshot = sqlite3_column_int64(st, 2);
		v->end_utc = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "reading a change");
	return rc == SQLITE_ROW;
}

int
store_change_verify(struct store *s, const char *number, int64_t now,
    struct change_verified *v, struct pw_error *err)
{
	struct imports im = { 0 };
	struct patches p = { 0 };
	struct buf unrescanned = { 0 };
	sqlite3_stmt *as = NULL, *ps = NULL, *hs = NULL;
	struct verify_import *mine = NULL;
	size_t mine_cap = 0;
	long long id = 0, snapshot = 0;
	int rc;

	memset(v, 0, sizeof *v);
	if ((rc = head(s, number, &id, &snapshot, v, err)) != 1)
		return rc;
	v->number = xstrdup(number);
	v->now = now;
	v->ended = v->end_utc > 0 && v->end_utc <= now;
	rc = -1;
	if (imports_load(s, now, &im, err) != 0 ||
	    (as = db_prepare(s, "SELECT key, hostname, end_utc FROM change_assets"
	    " WHERE change_id = ?1 ORDER BY key", err)) == NULL ||
	    (ps = db_prepare(s, "SELECT p.advisory, p.source, p.kind = 'finding',"
	    " p.first_import, p.seen_import, coalesce(p.resolved_import, 0),"
	    " coalesce((SELECT " AT_UTC("at_utc") " FROM imports WHERE id ="
	    " p.first_import), 0), coalesce(p.cves, '') FROM patches p JOIN assets a"
	    " ON a.id = p.asset_id"
	    " WHERE a.key = ?1 ORDER BY p.advisory", err)) == NULL ||
	    (hs = db_prepare(s, "SELECT h.import_id, h.scanned_utc FROM import_hosts h"
	    " JOIN assets a ON a.id = h.asset_id WHERE a.key = ?1", err)) == NULL)
		goto out;
	sqlite3_bind_int64(as, 1, id);
	int step;
	while ((step = sqlite3_step(as)) == SQLITE_ROW) {
		struct change_verified_asset *a;
		size_t cap = v->nassets;
		v->assets = xgrow(v->assets, &cap, v->nassets, sizeof *v->assets);
		a = &v->assets[v->nassets++];
		memset(a, 0, sizeof *a);
		a->key = xstrdup(db_col(as, 0));
		a->hostname = xstrdup(db_col(as, 1));
		a->end_utc = sqlite3_column_int64(as, 2);
		if (patches_load(s, ps, a->key, &p, err) != 0 ||
		    imports_of_asset(s, hs, a->key, &im, &mine, &mine_cap, err) != 0)
			goto out;
		struct verify_asset_in in = { a->end_utc, snapshot, p.v, p.n, mine,
		    im.n };
		asset_judge(a, &in, &unrescanned);
		v->counts[a->o.outcome]++;
		v->new_findings += a->o.new_findings;
	}
	if (step != SQLITE_DONE) {
		db_fail(s, err, "reading a change's assets");
		goto out;
	}
	v->verdict = verify_verdict(v->counts);
	v->unrescanned_sources = xstrdup(buf_str(&unrescanned));
	rc = 1;
out:
	buf_free(&unrescanned);
	sqlite3_finalize(as);
	sqlite3_finalize(ps);
	sqlite3_finalize(hs);
	free(mine);
	patches_clear(&p);
	free(p.v);
	imports_free(&im);
	if (rc != 1)
		change_verified_free(v);
	return rc;
}

void
change_verified_free(struct change_verified *v)
{
	for (size_t i = 0; i < v->nassets; i++) {
		struct change_verified_asset *a = &v->assets[i];
		free(a->key);
		free(a->hostname);
		free(a->missing);
		free(a->new_findings);
		free(a->ev_source);
		free(a->ev_at);
		free(a->ev_digest);
		free(a->stale_path);
	}
	free(v->assets);
	free(v->number);
	free(v->unrescanned_sources);
	memset(v, 0, sizeof *v);
}

/* Assets of one outcome, at most 20 named, each with the import it rests
 * on. */
static void
evidence_of(const struct change_verified *v, enum verify_outcome o, struct buf *b)
{
	size_t named = 0;

	if (v->counts[o] == 0)
		return;
	buf_printf(b, "; %s:", verify_outcome_name(o));
	for (size_t i = 0; i < v->nassets; i++) {
		const struct change_verified_asset *a = &v->assets[i];
		if (a->o.outcome != o)
			continue;
		if (named++ == 20) {
			buf_printf(b, " and %zu more", v->counts[o] - 20);
			break;
		}
		buf_printf(b, "%s %s", named > 1 ? "," : "", a->key);
		if (a->missing[0])
			buf_printf(b, " (%s)", a->missing);
		if (a->ev_import)
			buf_printf(b, " [import %lld]", a->ev_import);
	}
}

void
change_verified_evidence(const struct change_verified *v, struct buf *b)
{
	long long *seen = NULL;
	size_t nseen = 0, cap = 0;

	buf_printf(b, "verified after the window: %zu patched, %zu still missing, %zu "
	    "not rescanned, %zu new finding%s", v->counts[VO_PATCHED],
	    v->counts[VO_STILL_MISSING], v->counts[VO_NOT_RESCANNED], v->new_findings,
	    v->new_findings == 1 ? "" : "s");
	evidence_of(v, VO_STILL_MISSING, b);
	evidence_of(v, VO_PATCHED, b);
	evidence_of(v, VO_NOT_RESCANNED, b);
	/* The scans cited, each once: what the file was and when it came. */
	for (size_t i = 0; i < v->nassets; i++) {
		const struct change_verified_asset *a = &v->assets[i];
		size_t k = 0;
		while (k < nseen && seen[k] != a->ev_import)
			k++;
		if (a->ev_import == 0 || k < nseen)
			continue;
		seen = xgrow(seen, &cap, nseen, sizeof *seen);
		seen[nseen++] = a->ev_import;
		buf_printf(b, "%s import %lld from %s at %s, sha256 %s", nseen == 1 ?
		    "; scans:" : ";", a->ev_import, a->ev_source, a->ev_at,
		    a->ev_digest[0] ? a->ev_digest : "not recorded");
	}
	free(seen);
}
