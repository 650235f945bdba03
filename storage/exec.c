/* The plan's and the inventory's facts that carrying out approved changes
 * needs (storage/exec.h): read, never written. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "exec.h"
#include "internal.h"

static char *
col_dup(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL :
	    xstrdup((const char *)sqlite3_column_text(st, col));
}

static int
cmp_host(const void *x, const void *y)
{
	return strcmp(((const struct exec_host *)x)->key,
	    ((const struct exec_host *)y)->key);
}

static int
cmp_wave(const void *x, const void *y)
{
	const struct exec_wave *a = x, *b = y;

	if (a->start_utc != b->start_utc)
		return a->start_utc < b->start_utc ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* The wave's plan facts: 0, 1 when the plan no longer has it. */
static int
wave_facts(struct store *s, struct exec_wave *w, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT w.last_start_utc, w.reboot,"
	    " w.concurrency, coalesce((SELECT timezone FROM policy_windows WHERE"
	    " name = w.window), (SELECT timezone FROM policy), 'UTC'), w.start_utc,"
	    " w.end_utc FROM waves w WHERE w.id = ?1", err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, w->id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return db_fail(s, err, "reading a wave");
		pw_error_set(err, NULL, 0, "wave %lld of %s is no longer in the plan "
		    "(patchwave change show %s)", w->id, w->change, w->change);
		return 1;
	}
	if (sqlite3_column_int64(st, 4) != w->start_utc ||
	    sqlite3_column_int64(st, 5) != w->end_utc) {
		sqlite3_finalize(st);
		pw_error_set(err, NULL, 0, "wave %lld of %s has moved since the change "
		    "recorded it (patchwave change show %s)", w->id, w->change, w->change);
		return 1;
	}
	w->last_start_utc = sqlite3_column_int64(st, 0);
	w->reboot = sqlite3_column_int(st, 1) != 0;
	w->concurrency = sqlite3_column_int(st, 2);
	w->zone = xstrdup(db_col(st, 3));
	sqlite3_finalize(st);
	return 0;
}

/* A host's address and instance id from the inventory (none when the
 * asset is gone from it); st is HOST_SQL, reset here for the next host.
 * The address: its ip, else a string ansible_host in its vars, else its
 * hostname where the key is another name (an instance id keys it), which
 * nothing could connect to. */
#define HOST_SQL "SELECT coalesce(nullif(ip, ''), CASE WHEN json_valid(vars)" \
	" AND json_type(vars, '$.ansible_host') = 'text' THEN" \
	" nullif(json_extract(vars, '$.ansible_host'), '') END, CASE WHEN" \
	" hostname IS NOT key THEN nullif(hostname, '') END)," \
	" nullif(instance_id, '') FROM assets WHERE key = ?1"

static int
host_facts(struct store *s, sqlite3_stmt *st, struct exec_host *h,
    struct pw_error *err)
{
	int rc;

	db_bind_text(st, 1, h->key);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h->address = col_dup(st, 0);
		h->instance_id = col_dup(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, err, "reading an asset");
	return 0;
}

int
store_exec_waves(struct store *s, const struct change_rec *v, size_t n,
    struct exec_wave **out, size_t *nout, struct pw_error *err)
{
	sqlite3_stmt *host = db_prepare(s, HOST_SQL, err);
	struct exec_wave *w = NULL;
	size_t nw = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (host == NULL)
		return -1;
	for (size_t c = 0; c < n && rc == 0; c++)
		for (size_t i = 0; i < v[c].nwindows && rc == 0; i++) {
			const struct change_window *x = &v[c].windows[i];
			size_t k, hcap = 0;
			for (k = 0; k < nw && w[k].id != x->wave; k++)
				;
			if (k < nw)	/* in an earlier change too */
				continue;
			w = xgrow(w, &cap, nw, sizeof *w);
			memset(&w[nw], 0, sizeof *w);
			w[nw].id = x->wave;
			w[nw].change = v[c].number;
			w[nw].stage = xstrdup(x->stage);
			w[nw].window = xstrdup(x->window);
			w[nw].start_utc = x->start_utc;
			w[nw].end_utc = x->end_utc;
			*out = w;
			*nout = ++nw;
			if ((rc = wave_facts(s, &w[nw - 1], err)) != 0)
				break;
			for (size_t a = 0; a < v[c].nassets && rc == 0; a++) {
				const struct change_asset *y = &v[c].assets[a];
				struct exec_wave *e = &w[nw - 1];
				if (y->wave != x->wave)
					continue;
				e->hosts = xgrow(e->hosts, &hcap, e->nhosts, sizeof *e->hosts);
				e->hosts[e->nhosts] = (struct exec_host){ xstrdup(y->key),
				    xstrdup(y->hostname), NULL, NULL };
				rc = host_facts(s, host, &e->hosts[e->nhosts++], err);
			}
			qsort(w[nw - 1].hosts, w[nw - 1].nhosts, sizeof *w->hosts, cmp_host);
		}
	sqlite3_finalize(host);
	if (rc == 0)
		qsort(w, nw, sizeof *w, cmp_wave);
	return rc;
}

void
exec_waves_free(struct exec_wave *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t h = 0; h < w[i].nhosts; h++) {
			free(w[i].hosts[h].key);
			free(w[i].hosts[h].hostname);
			free(w[i].hosts[h].address);
			free(w[i].hosts[h].instance_id);
		}
		free(w[i].hosts);
		free(w[i].stage);
		free(w[i].window);
		free(w[i].zone);
	}
	free(w);
}
