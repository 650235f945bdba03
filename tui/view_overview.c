/* View 1, Overview: the estate, its pending patches and SLA, the plan, its
 * conflicts by kind, the change records (those to verify after their windows
 * first), and the next waves. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../storage/changes.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "views.h"

#define WAVES_Y	11	/* the waves' first row: drawn there, clicked there */

static void
line(int y, const char *label, const char *text, int cols)
{
	attron(A_BOLD);
	mvaddstr(y, 1, label);
	attroff(A_BOLD);
	draw_put(y, 14, cols - 15, text);
}

static int
count_state(void *arg, const struct change_rec *c)
{
	struct view_overview *v = arg;

	if ((int)c->state >= 0 && c->state < CS_COUNT)
		v->nstate[c->state]++;
	return 0;
}

/* The changes by state, and the approved ones past their windows verified
 * as `patchwave verify` does (act_verify with no numbers). */
static void
load_changes(struct tui *t, struct view_overview *v)
{
	struct act a = tui_act(t);
	struct change_verified *cv = NULL;
	struct pw_error e = { 0 };
	size_t n = 0;

	memset(v->nstate, 0, sizeof v->nstate);
	memset(v->nverdict, 0, sizeof v->nverdict);
	v->nverify = 0;
	if (store_changes_each(t->env.store, -1, count_state, v, &e) != 0) {
		tui_msg(t, 1, "changes: %s", e.msg);
		return;
	}
	if (v->nstate[CS_APPROVED] == 0)
		return;
	if (act_verify(&a, NULL, 0, &cv, &n, &e) != STORE_OK) {
		tui_msg(t, 1, "verify: %s", e.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (cv[i].ended && (int)cv[i].verdict <= VV_UNKNOWN) {
			v->nverify++;
			v->nverdict[cv[i].verdict]++;
		}
		change_verified_free(&cv[i]);
	}
	free(cv);
}

/* "1 to verify (the scans say failed): 6 Changes, V records it", else the
 * count in each state, else how to make one. */
static void
changes_text(const struct view_overview *v, char *s, size_t n, int width)
{
	static const char *const said[] = { [VV_PATCHED] = "patched", [VV_FAILED] =
	    "failed", [VV_UNKNOWN] = "not rescanned" };
	struct buf b = { 0 };
	int kinds = 0;

	for (int k = 0; k <= VV_UNKNOWN; k++)
		kinds += v->nverdict[k] > 0;
	if (v->nverify && v->nverdict[VV_UNKNOWN] == v->nverify)	/* V: nothing */
		buf_printf(&b, "%zu not rescanned since %s window%s: 6 Changes says what "
		    "to import", v->nverify, v->nverify == 1 ? "its" : "their",
		    v->nverify == 1 ? "" : "s");
	else if (v->nverify) {
		buf_printf(&b, "%zu to verify (the scans say ", v->nverify);
		for (int k = 0, first = 1; k <= VV_UNKNOWN; k++) {
			if (v->nverdict[k] == 0)
				continue;
			if (kinds > 1)	/* "1 patched, 1 failed" */
				buf_printf(&b, "%s%zu ", first ? "" : ", ", v->nverdict[k]);
			buf_adds(&b, said[k]);
			first = 0;
		}
		/* Where to act, as much as fits: the verdicts come first. */
		buf_adds(&b, ")");
		const char *where[] = { v->nverify == 1 ? ": 6 Changes, V records it" :
		    ": 6 Changes, V records each", ": 6 Changes, V", ": 6 Changes" };
		for (int k = 0; k < 3; k++)
			if (b.len + strlen(where[k]) <= (size_t)width || k == 2) {
				buf_adds(&b, where[k]);
				break;
			}
	} else
		for (int c = 0; c < CS_COUNT; c++)
			if (v->nstate[c])
				buf_printf(&b, "%s%zu %s", b.len ? ", " : "", v->nstate[c],
				    change_state_name((enum change_state)c));
	snprintf(s, n, "%s", b.len ? buf_str(&b) :
	    "none yet: c on a wave in Plan makes a draft");
	buf_free(&b);
}

/* Waves from now on (the list starts at the first not yet ended). */
static void
view_overview_draw(const struct tui *t)
{
	const struct view_overview *v = t->view_state[VIEW_OVERVIEW];
	const struct screen *scr = &t->scr;
	char s[512];
	struct buf b = { 0 };

	snprintf(s, sizeof s, "%ld active, %ld customer-owned (iaas/onprem: planned by "
	    "patchwave)", t->nassets, t->nowned);
	line(1, "Assets", s, scr->cols);
	snprintf(s, sizeof s, "critical %ld   high %ld   medium %ld   low %ld",
	    t->sev[SEV_CRITICAL], t->sev[SEV_HIGH], t->sev[SEV_MEDIUM], t->sev[SEV_LOW]);
	line(2, "Pending", s, scr->cols);
	long planned = 0;
	for (size_t i = 0; i < t->nwaves; i++)
		planned += t->waves[i].nassets;
	char as_of[32];
	draw_time(scr, t->plan_now, as_of, sizeof as_of);
	as_of[strcspn(as_of, " ")] = '\0';	/* the date */
	/* How old: days from the plan's now to the one now (pw_clock). */
	long age = (long)((pw_clock() - t->plan_now) / 86400);
	snprintf(s, sizeof s, "%ld asset%s in %zu wave%s; plan as of %s (%ld day%s %s)",
	    planned, planned == 1 ? "" : "s", t->nwaves, t->nwaves == 1 ? "" : "s",
	    as_of, age < 0 ? -age : age, age == 1 || age == -1 ?
	    "" : "s", age < 0 ? "ahead of now" : "old");
	long pending = 0;
	for (int i = 0; i < SEV_COUNT; i++)
		pending += t->sev[i];
	/* With nothing to plan, what is missing and the command that adds it,
	 * as plan says. */
	line(4, "Plan", t->nwaves ? s : t->nassets == 0 ? "nothing to plan: no assets: "
	    "':import inventory FILE' adds them" : pending == 0 ? "nothing to plan: "
	    "no pending patches: ':import patches FILE' adds them" :
	    "no plan yet: ':plan' makes one", scr->cols);
	if (t->checking) {	/* the first check (or r): no number yet */
		line(3, "SLA", "checking...", scr->cols);
		line(5, "Conflicts", "checking...", scr->cols);
	} else if (t->checked || t->counted_at > 0) {
		snprintf(s, sizeof s, "breached %zu   at risk %zu   unplanned %zu",
		    t->by_code[C_SLA_BREACH][0], t->by_code[C_SLA_AT_RISK][1],
		    t->by_code[C_UNPLANNED][0] + t->by_code[C_UNPLANNED][1]);
		line(3, "SLA", s, scr->cols);
		char when[32] = "";
		if (t->checked)
			snprintf(s, sizeof s, "%zu error%s, %zu warning%s", t->nerr,
			    t->nerr == 1 ? "" : "s", t->nwarn, t->nwarn == 1 ? "" : "s");
		else {
			draw_time(scr, (int64_t)t->counted_at, when, sizeof when);
			snprintf(s, sizeof s, "%zu error%s, %zu warning%s (as of the last "
			    "plan or edit, %s; r checks now)", t->nerr, t->nerr == 1 ? "" : "s",
			    t->nwarn, t->nwarn == 1 ? "" : "s", when);
		}
		draw_attr_on(scr, t->nerr ? COL_ERROR : COL_OK);
		line(5, "Conflicts", s, scr->cols);
		draw_attr_off(scr, t->nerr ? COL_ERROR : COL_OK);
		for (int c = 0; c < C_COUNT; c++)
			for (int e = 0; e < 2; e++)
				if (t->by_code[c][e])
					buf_printf(&b, "%s %zu%s   ", conflict_code_name(c),
					    t->by_code[c][e], e ? "" : "!");
		/* Two lines of kinds; '!' marks errors. */
		int w = scr->cols - 15;
		const char *p = b.s ? b.s : "";
		int len = (int)strlen(p);
		draw_put(6, 14, w, len > w ? "" : p);
		if (len > w) {
			int cut = w;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			char first[512];
			snprintf(first, sizeof first, "%.*s", cut, p);
			draw_put(6, 14, w, first);
			draw_put(7, 14, w, p + cut + 1);
		}
	} else {
		line(3, "SLA", "not checked yet: r checks the plan", scr->cols);
		line(5, "Conflicts", "not checked yet: r checks the plan", scr->cols);
	}
	buf_free(&b);
	changes_text(v, s, sizeof s, scr->cols - 15);
	line(8, "Changes", s, scr->cols);
	attron(A_BOLD);
	mvaddstr(WAVES_Y - 2, 1, "Waves");
	attroff(A_BOLD);
	draw_attr_on(scr, COL_DIM);
	mvprintw(WAVES_Y - 1, 1, "%-17s  %-22s  %-10s  %7s  %s", "start", "window",
	    "stage", "assets", "id");
	draw_attr_off(scr, COL_DIM);
	for (int r = 0; r < v->waves.rows; r++) {
		size_t i = v->waves.top + (size_t)r;
		int y = WAVES_Y + r;
		if (i >= t->nwaves)
			break;
		const struct agenda_wave *w = &t->waves[i];
		char when[32], n[24], id[24];
		draw_time(scr, w->start_utc, when, sizeof when);
		if (i == v->waves.cursor)
			draw_attr_on(scr, COL_CURSOR);
		mvhline(y, 0, ' ', scr->cols);
		draw_put(y, 1, 17, when);
		draw_put(y, 20, 22, w->window);
		draw_put(y, 44, 10, w->stage);
		snprintf(n, sizeof n, "%7ld", w->nassets);
		snprintf(id, sizeof id, "%lld", w->id);
		draw_put(y, 56, 7, n);
		draw_put(y, 65, 10, id);
		if (i == v->waves.cursor)
			draw_attr_off(scr, COL_CURSOR);
	}
}

static void
view_overview_reload(struct tui *t, int changed)
{
	struct view_overview *v = t->view_state[VIEW_OVERVIEW];

	if (changed & CH_DATA) {
		list_set_count(&v->waves, t->nwaves);
		load_changes(t, v);
	}
}

static void
view_overview_layout(struct tui *t)
{
	struct view_overview *v = t->view_state[VIEW_OVERVIEW];

	list_set_rows(&v->waves, draw_rows_below(&t->scr, WAVES_Y));
}

static struct view_list
view_overview_list(struct tui *t)
{
	struct view_overview *v = t->view_state[VIEW_OVERVIEW];

	return (struct view_list){ &v->waves, WAVES_Y };
}

/* Enter opens the wave under the cursor in Plan. */
static int
view_overview_key(struct tui *t, enum tui_cmd cmd)
{
	struct view_overview *v = t->view_state[VIEW_OVERVIEW];

	if (list_command(&v->waves, cmd))
		return 1;
	if (cmd == CMD_OPEN && v->waves.cursor < t->nwaves) {
		tui_goto(t, VIEW_PLAN, t->waves[v->waves.cursor].id, NULL);
		return 1;
	}
	return 0;
}

const struct view_ops view_overview_ops = {
	.name = "Overview",
	.size = sizeof(struct view_overview),
	.reload = view_overview_reload,
	.layout = view_overview_layout,
	.list = view_overview_list,
	.key = view_overview_key,
	.draw = view_overview_draw,
};
