/* What the planner and the checker read, loaded from the store: the policy,
 * the active assets and their deadlines, the window occurrences over the
 * horizon, provider maintenance (of the assets, and of what they depend
 * on) and freezes as blocks, pinned slots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/civil.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "exceptions.h"
#include "internal.h"
#include "store.h"

static int
keep_asset(void *arg, struct asset *a, int retired)
{
	struct plan_data *d = arg;

	(void)retired;
	d->assets = xgrow(d->assets, &d->capassets, d->nassets, sizeof *d->assets);
	d->assets[d->nassets++] = *a;	/* take its strings: no copy */
	asset_init(a);
	return 0;
}

static int
id_cmp(const void *x, const void *y)
{
	long long a = ((const struct id_index *)x)->id, b = ((const struct id_index *)y)->id;

	return (a > b) - (a < b);
}

struct id_index *
id_index_make(const struct asset *a, size_t n)
{
	struct id_index *v = xmalloc((n ? n : 1) * sizeof *v);
	int sorted = 1;

	for (size_t i = 0; i < n; i++) {
		v[i] = (struct id_index){ a[i].id, i };
		sorted &= i == 0 || v[i - 1].id < v[i].id;
	}
	/* Assets imported in key order have their ids in key order too. */
	if (!sorted)
		qsort(v, n, sizeof *v, id_cmp);
	return v;
}

/* The id an element starts with (a struct's first member is at its
 * address). */
static long long
id_at(const void *v, size_t size, size_t i)
{
	long long id;

	memcpy(&id, (const char *)v + i * size, sizeof id);
	return id;
}

size_t
id_find(const void *v, size_t n, size_t size, long long id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (id_at(v, size, mid) < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && id_at(v, size, lo) == id ? lo : (size_t)-1;
}

static int
by_key(const void *x, const void *y)
{
	return strcmp(((const struct asset *)x)->key, ((const struct asset *)y)->key);
}

/* The assets in key order, as SQLite's ORDER BY key gives them (keys are
 * unique): mostly they come so already (imported in key order). */
static void
assets_by_key(struct plan_data *d)
{
	for (size_t i = 1; i < d->nassets; i++)
		if (strcmp(d->assets[i - 1].key, d->assets[i].key) > 0) {
			qsort(d->assets, d->nassets, sizeof *d->assets, by_key);
			return;
		}
}

size_t
plan_data_asset(const struct plan_data *d, const char *key)
{
	size_t lo = 0, hi = d->nassets;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->assets[mid].key, key);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* What implemented changes carried out on an asset: the patches first
 * seen by the newest import when one was snapshotted (NO_SNAPSHOT: a change
 * from before schema 17, every patch), released by the asset's latest end
 * in one. */
struct carried {
	long long	 import;	/* 0: not carried out */
	int64_t		 end_utc;
};

#define NO_SNAPSHOT	9223372036854775807LL

struct dl_load {
	struct plan_data	*d;
	const struct id_index	*by_id;		/* the assets by id */
	size_t			 last;		/* by_id's entry found last */
	struct deadline_memo	 memo;
	const struct carried	*carried;	/* per asset; NULL: none */
};

static int
keep_pending(void *arg, long long asset_id, long long first_import,
    const struct patch *pt)
{
	struct dl_load *l = arg;
	const struct plan_data *pd = l->d;

	/* Patches mostly come as their assets were imported: the entry of the
	 * last one again, or the next, else a binary search. An id not there
	 * is a retired asset's. Deadlines do not depend on the order patches
	 * come in (model/deadline.h). */
	if (l->last < pd->nassets && l->by_id[l->last].id != asset_id &&
	    l->last + 1 < pd->nassets && l->by_id[l->last + 1].id == asset_id)
		l->last++;
	else if (l->last >= pd->nassets || l->by_id[l->last].id != asset_id)
		l->last = id_find(l->by_id, pd->nassets, sizeof *l->by_id, asset_id);
	if (l->last == (size_t)-1)
		return 0;
	size_t i = l->by_id[l->last].i;
	struct deadline *d = &l->d->deadlines[i];
	/* A patch a change carried out on the asset is done, pending or not
	 * (a scan may lag); one first seen after the change's snapshot, or
	 * released after its work, was not in it. */
	const struct carried *co = l->carried ? &l->carried[i] : NULL;
	if (co && co->import != 0 && first_import <= co->import &&
	    release_of_patch(&pd->policy, pt) <= co->end_utc)
		return 0;
	/* A patch an exception covers is kept apart (model/deadline.h). */
	const struct exception *x = pd->exceptions.n > 0 ? exception_find(
	    &pd->exceptions, pd->in.now_utc, pd->assets[i].key, pt->advisory) : NULL;
	if (x) {
		if (deadline_cover(d, &l->d->policy, pt, x->end_utc))
			d->covered_advisory = arena_strndup(&l->d->text,
			    d->covered_advisory, strlen(d->covered_advisory));
	} else if (deadline_add_memo(d, &l->d->policy, pt, &l->memo))
		d->advisory = arena_strndup(&l->d->text, d->advisory, strlen(d->advisory));
	return 0;
}

/* Append an interval and its label to one of the block lists (blocks or
 * sblocks: arrays grown together, so both share *cap's count). */
static void
iv_add(struct interval **v, const char ***labels, size_t *n, size_t *cap,
    struct interval x, const char *label)
{
	size_t lcap = *cap;

	*v = xgrow(*v, cap, *n, sizeof **v);
	*labels = xgrow(*labels, &lcap, *n, sizeof **labels);
	(*labels)[*n] = label;
	(*v)[(*n)++] = x;
}

/* A block of one asset (or of every asset) with its event and label, and
 * the latest start the provider lets that event move to (0: it cannot
 * move; only the asset's own maintenance moves): what the provider-move
 * proposals work from. */
static void
block_add(struct plan_data *d, struct interval x, const struct cal_event *e,
    const char *label)
{
	size_t cap = d->capblocks;
	struct civil c;
	int has_time;

	d->block_events = xgrow(d->block_events, &cap, d->nblocks,
	    sizeof *d->block_events);
	cap = d->capblocks;
	d->block_latest = xgrow(d->block_latest, &cap, d->nblocks,
	    sizeof *d->block_latest);
	d->block_events[d->nblocks] = e;
	d->block_latest[d->nblocks] = x.group == PLAN_BLOCK_PROVIDER &&
	    *e->latest_start && civil_parse(e->latest_start, &c, &has_time) == 0 &&
	    has_time ? civil_to_seconds(&c) : 0;
	iv_add(&d->blocks, &d->block_labels, &d->nblocks, &d->capblocks, x, label);
}

/* Who depends on what: each name an active asset's depends_on lists, and
 * the assets listing it (a list per name, linked through next). */
struct dependents {
	struct strmap	 names;		/* -> index into head */
	size_t		*head;		/* per name: its first entry, or -1 */
	size_t		 nnames, capnames;
	size_t		*asset, *next;	/* per entry */
	size_t		 n, cap;
};

static void
dependents_make(struct dependents *dp, const struct plan_data *d)
{
	struct buf b = { 0 };

	memset(dp, 0, sizeof *dp);
	for (size_t a = 0; a < d->nassets; a++) {
		const char *p = d->assets[a].depends_on, *nl;
		for (; p && *p; p = *nl ? nl + 1 : nl) {
			nl = p + strcspn(p, "\n");
			buf_reset(&b);
			buf_add(&b, p, (size_t)(nl - p));
			size_t k = strmap_intern(&dp->names, buf_str(&b), dp->nnames);
			if (k == dp->nnames) {
				dp->head = xgrow(dp->head, &dp->capnames, dp->nnames,
				    sizeof *dp->head);
				dp->head[dp->nnames++] = (size_t)-1;
			}
			size_t cap = dp->cap;
			dp->asset = xgrow(dp->asset, &cap, dp->n, sizeof *dp->asset);
			dp->next = xgrow(dp->next, &dp->cap, dp->n, sizeof *dp->next);
			dp->asset[dp->n] = a;
			dp->next[dp->n] = dp->head[k];
			dp->head[k] = dp->n++;
		}
	}
	buf_free(&b);
}

static void
dependents_free(struct dependents *dp)
{
	strmap_free(&dp->names);
	free(dp->head);
	free(dp->asset);
	free(dp->next);
	memset(dp, 0, sizeof *dp);
}

/* The first entry of the assets that depend on name, or (size_t)-1. */
static size_t
dependents_of(const struct dependents *dp, const char *name)
{
	size_t k = strmap_get(&dp->names, name);

	return k == (size_t)-1 ? k : dp->head[k];
}

/* Provider maintenance of name, which assets depend on: a block for each of
 * them (PLAN_BLOCK_DEPENDENCY), labelled with the dependency and the event,
 * for both to be named. A name is what a depends_on lists whole, or an ARN
 * whose resource id it lists (as the import matched it). */
static void
dependency_blocks(struct plan_data *d, const struct dependents *dp,
    const char *name, struct interval x, const struct cal_event *ev)
{
	const char *summary = ev->summary;
	const char *forms[2] = { name, asset_arn_resource(name) };
	const char *label = NULL;

	for (int f = 0; f < 2 && forms[f]; f++)
		for (size_t e = dependents_of(dp, forms[f]); e != (size_t)-1;
		    e = dp->next[e]) {
			if (label == NULL) {
				struct buf b = { 0 };
				buf_printf(&b, "%s: %s", name, summary);
				label = arena_strndup(&d->text, b.s, b.len);
				buf_free(&b);
			}
			x.tag = dp->asset[e];
			x.group = PLAN_BLOCK_DEPENDENCY;
			block_add(d, x, ev, label);
		}
}

/* An occurrence of an event that names its assets (as keys, once stored):
 * one block per asset still active, and none for the calendar's scope; a
 * provider's, also blocks for the assets that depend on each name. */
static void
event_blocks(struct plan_data *d, const struct dependents *dp,
    const struct cal_event *e, struct interval x)
{
	struct buf key = { 0 };

	for (const char *p = e->assets, *nl; *p; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		buf_reset(&key);
		buf_add(&key, p, (size_t)(nl - p));
		if (x.group == PLAN_BLOCK_PROVIDER && dp->n > 0)
			dependency_blocks(d, dp, buf_str(&key), x, e);
		if ((x.tag = plan_data_asset(d, buf_str(&key))) == (size_t)-1)
			continue;	/* retired since, or a dependency */
		block_add(d, x, e, e->summary);
	}
	buf_free(&key);
}

/* Provider maintenance and freezes become blocks: for every asset when the
 * calendar has no scope, else calendar-wide blocks through its scope (the
 * planner and checker test the scope only where a block touches a window);
 * an event that names its assets blocks those alone, whatever the scope,
 * and (provider maintenance) the assets that depend on them. */
static int
calendar_blocks(struct plan_data *d, const struct dependents *dp,
    const struct calendar *cal, int64_t from, int64_t to, struct pw_diags *warn,
    struct pw_error *err)
{
	struct occ_list occ = { 0 };
	struct selector *scope = &d->scope_sel[d->nscopes];
	size_t kind = cal->kind == CAL_PROVIDER ? PLAN_BLOCK_PROVIDER :
	    PLAN_BLOCK_FREEZE;

	memset(scope, 0, sizeof *scope);
	if (selector_from_json(scope, cal->scope_json, err) != 0)
		return -1;
	if (scope->nterms > 0)
		d->scopes[d->nscopes++] = scope;
	cal_expand(cal, from, to, &occ, warn);
	for (size_t i = 0; i < occ.n; i++) {
		const struct cal_event *e = &cal->events[occ.v[i].event];
		if (e->assets && *e->assets)
			event_blocks(d, dp, e, (struct interval){
			    occ.v[i].start_utc, occ.v[i].end_utc, 0, kind });
		else if (scope->nterms == 0)
			block_add(d, (struct interval){ occ.v[i].start_utc,
			    occ.v[i].end_utc, PLAN_EVERY_ASSET, kind }, e, e->summary);
		else
			iv_add(&d->sblocks, &d->sblock_labels, &d->nsblocks,
			    &d->capsblocks, (struct interval){ occ.v[i].start_utc,
			    occ.v[i].end_utc, d->nscopes - 1, kind }, e->summary);
	}
	occ_list_free(&occ);
	return 0;
}

/* Pinned assets keep the slot (window and start) their wave has. */
static int
load_pins(struct store *s, struct plan_data *d, struct pw_diags *warn,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT a.key, w.window, w.start_utc"
	    " FROM wave_assets x JOIN waves w ON w.id = x.wave_id"
	    " JOIN assets a ON a.id = x.asset_id WHERE x.pinned", err);

	if (st == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t a = plan_data_asset(d, db_col(st, 0)), k;
		int64_t start = sqlite3_column_int64(st, 2);
		if (a == (size_t)-1)
			continue;	/* retired since */
		for (k = 0; k < d->slots.n; k++)
			if (d->slots.v[k].start_utc == start &&
			    strcmp(d->slots.v[k].name, db_col(st, 1)) == 0)
				break;
		if (k == d->slots.n) {
			/* Most often its window has passed: "outside the horizon"
			 * sent the reader to horizon_days. */
			if (warn && start < d->in.now_utc)
				pw_diags_add(warn, NULL, 0, "%s was pinned to %s, whose "
				    "occurrence started before now: unpinned, planned "
				    "again", db_col(st, 0), db_col(st, 1));
			else if (warn)
				pw_diags_add(warn, NULL, 0, "%s was pinned to %s at a time "
				    "outside this plan's horizon: unpinned", db_col(st, 0),
				    db_col(st, 1));
			continue;
		}
		d->pinned[a] = (long)k;
	}
	sqlite3_finalize(st);
	return 0;
}

/* Assets implemented changes carried out (the change's own record of its
 * assets, and the assets still in its waves): *out per asset, NULL when
 * there are none. From the changes down (the planner would otherwise walk
 * every asset for the few changes). */
static int
load_carried(struct store *s, struct plan_data *d, struct carried **out,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, "SELECT ca.key, coalesce(c.snapshot_import,"
	    " ?1), ca.end_utc FROM changes c CROSS JOIN change_assets ca"
	    " WHERE c.state = 'implemented' AND ca.change_id = c.id"
	    " UNION ALL SELECT a.key, coalesce(c.snapshot_import, ?1), x.end_utc"
	    " FROM changes c CROSS JOIN change_waves cw CROSS JOIN wave_assets x"
	    " JOIN assets a ON a.id = x.asset_id WHERE c.state = 'implemented'"
	    " AND cw.change_id = c.id AND x.wave_id = cw.wave_id", err);
	int rc;

	*out = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, NO_SNAPSHOT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t a = plan_data_asset(d, db_col(st, 0));
		if (a == (size_t)-1)
			continue;	/* retired */
		if (*out == NULL)
			*out = xcalloc(d->nassets, sizeof **out);
		struct carried *c = &(*out)[a];
		long long imp = sqlite3_column_int64(st, 1);
		int64_t end = sqlite3_column_int64(st, 2);
		if (imp > c->import)
			c->import = imp;
		if (end > c->end_utc)
			c->end_utc = end;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		return db_fail(s, err, "reading carried-out waves");
	}
	return 0;
}

int
store_plan_data_load(struct store *s, int64_t now, int horizon_days, int keep_pinned,
    struct plan_data *d, struct pw_diags *warn, struct pw_error *err)
{
	return plan_data_read(s, now, horizon_days, keep_pinned, 1, d, warn, err);
}

int
store_plan_data_read(struct store *s, int64_t now, int horizon_days, struct plan_data *d,
    struct pw_diags *warn, struct pw_error *err)
{
	return plan_data_read(s, now, horizon_days, 0, 0, d, warn, err);
}

int
plan_data_read(struct store *s, int64_t now, int horizon_days, int keep_pinned,
    int lean, struct plan_data *d, struct pw_diags *warn, struct pw_error *err)
{
	char **names = NULL;
	size_t nnames = 0;
	int found, rc = -1;

	memset(d, 0, sizeof *d);
	/* Every asset and pending patch is read, and a plan saved over them
	 * next: in little memory (db_read_lean). */
	if (lean)
		db_read_lean(s);
	/* "admits nothing": a field no asset has matches no asset. */
	selector_add(&d->nothing, "no such window", "");
	/* The active assets counted at the last import: room for them at once
	 * (a hint; more still fit). */
	long hint = 0;
	if (store_stat(s, "assets_active", &hint, err) != 0)
		goto out;
	if (hint > 0) {
		d->capassets = (size_t)hint;
		d->assets = xmalloc(d->capassets * sizeof *d->assets);
	}
	if (store_policy_load(s, &d->policy, &found, err) != 0 ||
	    store_assets_active_in(s, d->asset_text = xcalloc(1, sizeof *d->asset_text),
	    keep_asset, d, err) != 0)
		goto out;
	d->policy_found = found;
	assets_by_key(d);
	d->horizon_days = horizon_days > 0 ? horizon_days : d->policy.horizon_days;
	int64_t to = now + (int64_t)d->horizon_days * 86400;

	d->deadlines = xmalloc((d->nassets ? d->nassets : 1) * sizeof *d->deadlines);
	d->pinned = xmalloc((d->nassets ? d->nassets : 1) * sizeof *d->pinned);
	d->done = xcalloc(d->nassets ? d->nassets : 1, sizeof *d->done);
	for (size_t i = 0; i < d->nassets; i++) {
		deadline_init(&d->deadlines[i]);
		d->pinned[i] = -1;
	}
	if (store_exceptions_load(s, &d->policy, 1, now, &d->exceptions, err) != 0)
		goto out;
	d->in.now_utc = now;	/* for keep_pending; d->in is made below */
	struct carried *carried;
	if (load_carried(s, d, &carried, err) != 0)
		goto out;
	struct dl_load *l = xcalloc(1, sizeof *l);
	l->d = d;
	l->by_id = id_index_make(d->assets, d->nassets);
	l->carried = carried;
	int read = store_pending_ids(s, keep_pending, l, err);
	free((void *)l->by_id);
	free(l);
	if (read != 0) {
		free(carried);
		goto out;
	}
	/* A pending reboot needs a window too, patches or not: due from when
	 * it became pending, not from now. One pending since before a change
	 * carried the asset out ended is done. */
	for (size_t i = 0; i < d->nassets; i++)
		if (d->assets[i].reboot_pending && (carried == NULL ||
		    carried[i].import == 0 ||
		    d->assets[i].reboot_pending_since > carried[i].end_utc))
			deadline_add_reboot(&d->deadlines[i], &d->policy,
			    d->assets[i].reboot_pending_since, now);
	/* Carried out, and nothing pending the change did not cover: done,
	 * history; else planned again for what is left. */
	for (size_t i = 0; carried && i < d->nassets; i++)
		d->done[i] = carried[i].import != 0 &&
		    !deadline_wanted(&d->deadlines[i]) &&
		    deadline_pending(&d->deadlines[i]) == 0;
	free(carried);

	if (store_calendar_names(s, &names, &nnames, err) != 0)
		goto out;
	d->cals = xcalloc(nnames ? nnames : 1, sizeof *d->cals);
	for (size_t i = 0; i < nnames; i++) {
		if (store_calendar_load(s, names[i], &d->cals[i], &found, err) != 0)
			goto out;
		d->ncals++;
	}
	const struct calendar **cp = xmalloc((d->ncals ? d->ncals : 1) * sizeof *cp);
	for (size_t i = 0; i < d->ncals; i++)
		cp[i] = &d->cals[i];
	slots_build(&d->policy, cp, d->ncals, now, to, &d->slots, warn);
	slots_resolve_shares(&d->slots, &d->policy, d->assets, d->nassets);
	free(cp);
	/* Blocks a week either side: a window may start before now or end after. */
	d->scope_sel = xcalloc(d->ncals ? d->ncals : 1, sizeof *d->scope_sel);
	d->scopes = xcalloc(d->ncals ? d->ncals : 1, sizeof *d->scopes);
	struct dependents dp;
	dependents_make(&dp, d);
	for (size_t i = 0; i < d->ncals; i++)
		if (d->cals[i].kind != CAL_WINDOW && calendar_blocks(d, &dp,
		    &d->cals[i], now - 86400 * 8, to + 86400 * 8, warn, err) != 0) {
			dependents_free(&dp);
			goto out;
		}
	dependents_free(&dp);
	if (keep_pinned && load_pins(s, d, warn, err) != 0)
		goto out;
	d->in = (struct plan_input){ .policy = &d->policy, .assets = d->assets,
	    .deadlines = d->deadlines, .nassets = d->nassets, .slots = d->slots.v,
	    .nslots = d->slots.n, .blocks = d->blocks, .nblocks = d->nblocks,
	    .sblocks = d->sblocks, .nsblocks = d->nsblocks,
	    .scopes = (const struct selector *const *)d->scopes, .nscopes = d->nscopes,
	    .block_labels = d->block_labels, .sblock_labels = d->sblock_labels,
	    .block_latest = d->block_latest, .pinned = d->pinned, .done = d->done,
	    .now_utc = now };
	/* The pages read are not read again before the plan is saved: their
	 * room goes to the planner. */
	if (lean)
		sqlite3_db_release_memory(s->db);
	rc = 0;
out:
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return rc;
}

void
stored_waves_free(struct stored_wave *wv, size_t nw)
{
	for (size_t i = 0; i < nw; i++) {
		free(wv[i].stage);
		free(wv[i].window);
	}
	free(wv);
}

void
plan_saved_free(struct plan_saved *v)
{
	if (v == NULL)
		return;
	stored_waves_free(v->wv, v->nw);
	free(v->mv);
	free(v);
}

void
plan_data_free(struct plan_data *d)
{
	policy_free(&d->policy);
	for (size_t i = 0; i < d->nassets; i++)
		if (d->assets[i].arena == NULL || d->assets[i].groups)
			asset_clear(&d->assets[i]);	/* else the arena's alone */
	free(d->assets);
	if (d->asset_text)
		arena_free(d->asset_text);
	free(d->asset_text);
	free(d->deadlines);
	arena_free(&d->text);
	exception_list_free(&d->exceptions);
	for (size_t i = 0; i < d->ncals; i++)
		calendar_free(&d->cals[i]);
	free(d->cals);
	slot_list_free(&d->slots);
	for (size_t i = 0; i < d->ngone; i++)
		free(d->gone_names[i]);
	free(d->gone_names);
	selector_free(&d->nothing);
	free(d->blocks);
	free(d->block_labels);
	free(d->block_events);
	free(d->block_latest);
	free(d->sblocks);
	free(d->sblock_labels);
	for (size_t i = 0; d->scope_sel && i < d->ncals; i++)
		selector_free(&d->scope_sel[i]);
	free(d->scope_sel);
	free(d->scopes);
	free(d->pinned);
	free(d->done);
	plan_saved_free(d->saved);
	memset(d, 0, sizeof *d);
}
