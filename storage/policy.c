/* The policy: one row of settings plus tables of SLA days, stages, windows,
 * cluster limits and CAB members. Saving replaces all of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/slots.h"
#include "../util/buf.h"
#include "internal.h"
#include "store.h"

static int
run(struct store *s, const char *sql, struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);

	if (st == NULL)
		return -1;
	int rc = db_step_done(s, st, err, "saving the policy");
	sqlite3_finalize(st);
	return rc;
}

int
store_policy_save(struct store *s, long import_id, const struct policy *p,
    struct pw_error *err)
{
	sqlite3_stmt *st;

	if (run(s, "DELETE FROM policy_sla", err) || run(s, "DELETE FROM policy_stages", err) ||
	    run(s, "DELETE FROM policy_windows", err) ||
	    run(s, "DELETE FROM policy_clusters", err) ||
	    run(s, "DELETE FROM policy_cab", err) ||
	    run(s, "DELETE FROM policy_risk_owners", err) ||
	    run(s, "DELETE FROM policy_admins", err) ||
	    run(s, "DELETE FROM policy_severity_map", err))
		return -1;
	if ((st = db_prepare(s, "INSERT OR REPLACE INTO policy (id, timezone,"
	    " horizon_days, at_risk_days, cluster_max_down, cab_quorum, import_id,"
	    " cab_allow_as, release_fallback, severity_default, reboot_pending_days,"
	    " cluster_gap) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err)) == NULL)
		return -1;
	db_bind_text(st, 1, p->timezone);
	sqlite3_bind_int(st, 2, p->horizon_days);
	sqlite3_bind_int(st, 3, p->at_risk_days);
	sqlite3_bind_int(st, 4, p->cluster_max_down);
	sqlite3_bind_int(st, 5, p->quorum);
	sqlite3_bind_int64(st, 6, import_id);
	sqlite3_bind_int(st, 7, p->allow_as);
	db_bind_text(st, 8, release_fallback_name(p->release_fallback));
	db_bind_text(st, 9, severity_name(p->severity_default));
	sqlite3_bind_int(st, 10, p->reboot_pending_days);
	sqlite3_bind_int(st, 11, p->cluster_gap);
	if (db_step_done(s, st, err, "saving the policy") != 0)
		goto fail;
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "INSERT INTO policy_sla VALUES (?1, ?2)", err)) == NULL)
		return -1;
	for (int i = 0; i < SEV_COUNT; i++) {
		db_bind_text(st, 1, severity_name((enum severity)i));
		sqlite3_bind_int(st, 2, p->sla_days[i]);
		if (db_step_done(s, st, err, "saving SLA days") != 0)
			goto fail;
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "INSERT INTO policy_stages VALUES (?1, ?2, ?3, ?4, ?5)",
	    err)) == NULL)
		return -1;
	for (size_t i = 0; i < p->nstages; i++) {
		char *sel = selector_to_json(&p->stages[i].select);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		db_bind_text(st, 2, p->stages[i].name);
		db_bind_text(st, 3, sel);
		sqlite3_bind_int(st, 4, p->stages[i].soak_days);
		sqlite3_bind_int(st, 5, stage_gate_pct(&p->stages[i]));
		free(sel);
		if (db_step_done(s, st, err, "saving a stage") != 0)
			goto fail;
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "INSERT INTO policy_windows VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", err)) == NULL)
		return -1;
	for (size_t i = 0; i < p->nwindows; i++) {
		const struct pwindow *w = &p->windows[i];
		char start[8], *sel = selector_to_json(&w->select);
		snprintf(start, sizeof start, "%02d:%02d", w->start_minute / 60 % 24,
		    w->start_minute % 60);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		db_bind_text(st, 2, w->name);
		db_bind_text(st, 3, w->rrule);
		db_bind_text(st, 4, start);
		sqlite3_bind_int(st, 5, w->duration_minutes);
		db_bind_text(st, 6, w->timezone);
		sqlite3_bind_int(st, 7, w->reboot);
		sqlite3_bind_int(st, 8, w->concurrency);
		sqlite3_bind_int(st, 9, w->cutoff_minutes);
		sqlite3_bind_int(st, 10, w->offset_days);
		db_bind_text(st, 11, sel);
		sqlite3_bind_int(st, 12, w->concurrency_pct);
		free(sel);
		if (db_step_done(s, st, err, "saving a window") != 0)
			goto fail;
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "INSERT INTO policy_clusters VALUES (?1, ?2)", err)) == NULL)
		return -1;
	for (size_t i = 0; i < p->nclusters; i++) {
		db_bind_text(st, 1, p->clusters[i].name);
		sqlite3_bind_int(st, 2, p->clusters[i].max_down);
		if (db_step_done(s, st, err, "saving a cluster limit") != 0)
			goto fail;
	}
	sqlite3_finalize(st);

	for (size_t i = 0; i < p->nseverity_map; i++) {
		const struct severity_rule *r = &p->severity_map[i];
		if (db_run(s, err, "saving the severity map", "INSERT INTO"
		    " policy_severity_map VALUES (?1, ?2, ?3, ?4)", "ittt", (long long)i,
		    r->scale, r->value, severity_name(r->severity)) != 0)
			return -1;
	}

	if ((st = db_prepare(s, "INSERT INTO policy_cab VALUES (?1, ?2)", err)) == NULL)
		return -1;
	for (size_t i = 0; i < p->napprovers; i++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		db_bind_text(st, 2, p->approvers[i]);
		if (db_step_done(s, st, err, "saving a CAB member") != 0)
			goto fail;
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < p->nrisk_owners; i++)
		if (db_run(s, err, "saving a risk owner", "INSERT INTO policy_risk_owners"
		    " VALUES (?1, ?2)", "it", (long long)i, p->risk_owners[i]) != 0)
			return -1;
	for (size_t i = 0; i < p->nadmins; i++)
		if (db_run(s, err, "saving a policy admin", "INSERT INTO policy_admins"
		    " VALUES (?1, ?2)", "it", (long long)i, p->admins[i]) != 0)
			return -1;
	return 0;
fail:
	sqlite3_finalize(st);
	return -1;
}

/* A list of names, one a row of sql's first column, appended to *names. */
static int
names_load(struct store *s, const char *sql, char ***names, size_t *n,
    struct pw_error *err)
{
	sqlite3_stmt *st = db_prepare(s, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(db_col(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, err, "reading the policy's names");
}

int
store_policy_load(struct store *s, struct policy *p, int *found, struct pw_error *err)
{
	sqlite3_stmt *st;

	policy_init(p);
	*found = 0;
	if ((st = db_prepare(s, "SELECT timezone, horizon_days, at_risk_days,"
	    " cluster_max_down, cab_quorum, cab_allow_as, release_fallback,"
	    " severity_default, reboot_pending_days, cluster_gap FROM policy WHERE id = 1", err)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*found = 1;
		free(p->timezone);
		p->timezone = xstrdup(db_col(st, 0));
		p->horizon_days = sqlite3_column_int(st, 1);
		p->at_risk_days = sqlite3_column_int(st, 2);
		p->cluster_max_down = sqlite3_column_int(st, 3);
		p->quorum = sqlite3_column_int(st, 4);
		p->allow_as = sqlite3_column_int(st, 5);
		int f = release_fallback_parse(db_col(st, 6)), sev = severity_parse(db_col(st,
		    7));
		p->release_fallback = f < 0 ? RF_FIRST_SEEN : (enum release_fallback)f;
		p->severity_default = sev < 0 ? SEV_MEDIUM : (enum severity)sev;
		p->reboot_pending_days = sqlite3_column_int(st, 8);
		p->cluster_gap = sqlite3_column_int(st, 9);
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "SELECT severity, days FROM policy_sla", err)) == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int sev = severity_parse(db_col(st, 0));
		if (sev >= 0)
			p->sla_days[sev] = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "SELECT name, selector, soak_days, gate_pct FROM policy_stages"
	    " ORDER BY ord", err)) == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		p->stages = xrealloc(p->stages, (p->nstages + 1) * sizeof *p->stages);
		struct stage *g = &p->stages[p->nstages++];
		memset(g, 0, sizeof *g);
		g->name = xstrdup(db_col(st, 0));
		selector_from_json(&g->select, db_col(st, 1), err);
		g->soak_days = sqlite3_column_int(st, 2);
		g->gate_pct = sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "SELECT name, rrule, start_local, duration_minutes,"
	    " timezone, reboot, concurrency, cutoff_minutes, offset_days, selector,"
	    " concurrency_pct FROM policy_windows ORDER BY ord", err)) == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		p->windows = xrealloc(p->windows, (p->nwindows + 1) * sizeof *p->windows);
		struct pwindow *w = &p->windows[p->nwindows++];
		int h = 0, m = 0;
		memset(w, 0, sizeof *w);
		w->name = xstrdup(db_col(st, 0));
		w->rrule = xstrdup(db_col(st, 1));
		sscanf(db_col(st, 2), "%d:%d", &h, &m);
		w->start_minute = h * 60 + m;
		w->duration_minutes = sqlite3_column_int(st, 3);
		w->timezone = xstrdup(db_col(st, 4));
		w->reboot = sqlite3_column_int(st, 5);
		w->concurrency = sqlite3_column_int(st, 6);
		w->cutoff_minutes = sqlite3_column_int(st, 7);
		w->offset_days = sqlite3_column_int(st, 8);
		selector_from_json(&w->select, db_col(st, 9), err);
		w->concurrency_pct = sqlite3_column_int(st, 10);
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "SELECT name, max_down FROM policy_clusters"
	    " ORDER BY name", err)) == NULL)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		p->clusters = xrealloc(p->clusters, (p->nclusters + 1) * sizeof *p->clusters);
		p->clusters[p->nclusters].name = xstrdup(db_col(st, 0));
		p->clusters[p->nclusters++].max_down = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);

	if ((st = db_prepare(s, "SELECT scale, value, severity FROM policy_severity_map"
	    " ORDER BY ord", err)) == NULL)
		return -1;
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int sev = severity_parse(db_col(st, 2));
		p->severity_map = xgrow(p->severity_map, &cap, p->nseverity_map,
		    sizeof *p->severity_map);
		p->severity_map[p->nseverity_map++] = (struct severity_rule){
		    xstrdup(db_col(st, 0)), xstrdup(db_col(st, 1)), sev < 0 ? SEV_MEDIUM :
		    (enum severity)sev, 0 };
	}
	sqlite3_finalize(st);

	return names_load(s, "SELECT name FROM policy_cab ORDER BY ord",
	    &p->approvers, &p->napprovers, err) != 0 ||
	    names_load(s, "SELECT name FROM policy_risk_owners ORDER BY ord",
	    &p->risk_owners, &p->nrisk_owners, err) != 0 ||
	    names_load(s, "SELECT name FROM policy_admins ORDER BY ord", &p->admins,
	    &p->nadmins, err) != 0 ? -1 : 0;
}

struct lanes_count {
	const struct policy	*p;
	size_t			*admitted;	/* per window */
};

static int
count_admitted(void *arg, struct asset *a, int retired)
{
	struct lanes_count *l = arg;

	if (retired || !service_model_customer_owned(a->service_model))
		return 0;
	for (size_t w = 0; w < l->p->nwindows; w++)
		if (l->p->windows[w].concurrency_pct > 0 &&
		    selector_match(&l->p->windows[w].select, a))
			l->admitted[w]++;
	return 0;
}

int
store_window_lanes(struct store *s, const struct policy *p, int *lanes,
    struct pw_error *err)
{
	struct lanes_count l = { p, xcalloc(p->nwindows ? p->nwindows : 1,
	    sizeof *l.admitted) };
	int shares = 0, rc = 0;

	for (size_t w = 0; w < p->nwindows; w++)
		shares |= p->windows[w].concurrency_pct > 0;
	if (shares)	/* only a share needs the assets counted */
		rc = store_assets_each(s, 0, count_admitted, &l, err);
	for (size_t w = 0; w < p->nwindows; w++)
		lanes[w] = p->windows[w].concurrency_pct > 0 ? slots_share_lanes(
		    p->windows[w].concurrency_pct, l.admitted[w]) :
		    p->windows[w].concurrency;
	free(l.admitted);
	return rc;
}
