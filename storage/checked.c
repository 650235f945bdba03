/* The stored plan, loaded and checked: what conflicts, check, edits and the
 * terminal UI all start from. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>

#include "../util/buf.h"
#include "internal.h"
#include "store.h"

int
store_plan_check(struct store *s, struct checked *k, struct pw_diags *warn,
    struct pw_error *err)
{
	memset(k, 0, sizeof *k);
	if (store_plan_load(s, &k->d, &k->p, &k->wave_ids, &k->found, warn, err) != 0)
		return -1;
	checked_run(k);
	return 0;
}

int
store_plan_check_from(struct store *s, struct plan_data *inputs, struct checked *k,
    struct pw_diags *warn, struct pw_error *err)
{
	memset(k, 0, sizeof *k);
	k->d = *inputs;
	memset(inputs, 0, sizeof *inputs);
	/* The input points into the data it belongs to: at its new place. */
	k->d.in.policy = &k->d.policy;
	/* As store_plan_load leaves them: no pins, no hooks of the planner. */
	free(k->d.pinned);
	k->d.pinned = NULL;
	k->d.in.pinned = NULL;
	k->d.in.cancel = NULL;
	k->d.in.progress = NULL;
	k->d.in.progress_arg = NULL;
	k->found = 1;
	if (store_plan_load_placements(s, &k->d, &k->p, &k->wave_ids, warn, err) != 0)
		return -1;
	checked_run(k);
	return 0;
}

void
checked_run(struct checked *k)
{
	k->nwaves = plan_waves(&k->p, &k->wave_of, &k->first);
	conflicts_check(&k->d.in, &k->p, &k->cl);
}

void
checked_free(struct checked *k)
{
	conflict_list_free(&k->cl);
	free(k->wave_of);
	free(k->first);
	free(k->wave_ids);
	plan_free(&k->p);
	plan_data_free(&k->d);
	memset(k, 0, sizeof *k);
}

/* The stats name of the baseline's count of a code at a severity. */
static void
count_name(char *out, size_t n, int code, int warning)
{
	snprintf(out, n, "conflicts_%s_%s", conflict_code_name((enum conflict_code)code),
	    warning ? "warning" : "error");
}

/* The baseline's counts by code and severity, for the TUI's overview of a
 * plan too big to check at open (stats, with conflicts_at: when). */
static int
conflict_stats(struct store *s, const struct conflict_list *cl, struct pw_error *err)
{
	size_t n[C_COUNT][2] = { { 0 } };
	char name[64];
	int rc = 0;

	for (size_t i = 0; i < cl->n; i++)
		n[cl->v[i].code][cl->v[i].error ? 0 : 1]++;
	for (int c = 0; c < C_COUNT && rc == 0; c++)
		for (int w = 0; w < 2 && rc == 0; w++) {
			count_name(name, sizeof name, c, w);
			rc = store_stat_put(s, name, (long)n[c][w], err);
		}
	return rc ? rc : store_stat_put(s, "conflicts_at", (long)time(NULL), err);
}

int
store_conflict_counts(struct store *s, size_t n[C_COUNT][2], long *at,
    struct pw_error *err)
{
	char name[64];

	if (store_stat(s, "conflicts_at", at, err) != 0)
		return -1;
	for (int c = 0; c < C_COUNT; c++)
		for (int w = 0; w < 2; w++) {
			long v;
			count_name(name, sizeof name, c, w);
			if (store_stat(s, name, &v, err) != 0)
				return -1;
			n[c][w] = (size_t)v;
		}
	return 0;
}

int
store_baseline_save_plan(struct store *s, const struct plan_input *in,
    const struct plan *p, const struct conflict_list *cl, struct pw_error *err)
{
	size_t *wave_of, *first;
	int64_t *fp = xmalloc((cl->n ? 2 * cl->n : 1) * sizeof *fp);	/* key_sort's room */
	int rc;

	plan_waves(p, &wave_of, &first);
	for (size_t i = 0; i < cl->n; i++)
		fp[i] = conflict_fingerprint(in, p, first, &cl->v[i]);
	/* In order: appends to the b-tree. Radix sorted as unsigned keys,
	 * the sign bit turned (negative ones first), in place. */
	uint64_t *k = (uint64_t *)fp;
	for (size_t i = 0; i < cl->n; i++)
		k[i] ^= (uint64_t)1 << 63;
	key_sort(k, cl->n, 64);
	for (size_t i = 0; i < cl->n; i++)
		k[i] ^= (uint64_t)1 << 63;
	rc = store_baseline_save(s, fp, cl->n, err);
	if (rc == 0)
		rc = conflict_stats(s, cl, err);
	free(fp);
	free(wave_of);
	free(first);
	return rc;
}

int
store_plan_version(struct store *s, struct plan_version *v, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT n, at, who, what FROM plan_version"
	    " WHERE id = 1", err);

	memset(v, 0, sizeof *v);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		v->n = sqlite3_column_int64(st, 0);
		snprintf(v->at, sizeof v->at, "%s", db_col(st, 1));
		snprintf(v->who, sizeof v->who, "%s", db_col(st, 2));
		snprintf(v->what, sizeof v->what, "%s", db_col(st, 3));
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_plan_bump(struct store *s, const char *what, struct pw_error *err)
{
	return db_run(s, err, "counting the plan's version", "UPDATE plan_version SET"
	    " n = n + 1, at = strftime('%Y-%m-%dT%H:%M:%SZ', ?3, 'unixepoch'), who = ?1,"
	    " what = ?2 WHERE id = 1", "tti", store_actor_name(s), what ? what : "",
	    (long long)store_now(s));
}
