/* The terminal UI's shared state (see state.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "state.h"

static volatile int interrupted;	/* Ctrl-C: quit, or cancel long work */

void
tui_busy(struct tui *t, const char *what)
{
	tui_msg(t, 0, "%s... (Ctrl-C cancels)", what);
	if (t->redraw)
		t->redraw(t);
	if (t->timings) {	/* make bench and the tmux tests read the progress */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		fprintf(t->timings, "busy %.6f %s\n", (double)ts.tv_sec +
		    (double)ts.tv_nsec / 1e9, what);
		fflush(t->timings);
	}
}

struct act
tui_act(const struct tui *t)
{
	struct act a = { t->env.store, t->env.who ? t->env.who : "unknown",
	    pw_clock(), &interrupted, NULL, NULL };

	return a;
}

int
tui_cancelled(void)
{
	int was = interrupted != 0;

	interrupted = 0;
	return was;
}

const volatile int *
tui_cancel_flag(void)
{
	return &interrupted;
}

void
tui_interrupt(void)
{
	interrupted = 1;
}

void
tui_msg(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = error;
}

const char *
tui_zone_name(const struct tui *t)
{
	return t->zone_mode == 1 ? "UTC" : t->zone_mode == 2 ? t->other_zone : t->env.zone;
}

void
tui_zone_set(struct tui *t, int mode)
{
	t->zone_mode = mode;
	t->scr.zone = mode == 1 ? NULL : tz_builtin(tui_zone_name(t));
	t->changed |= CH_ZONE;
}

void
tui_prompt(struct tui *t, enum prompt_kind k, const char *ask)
{
	t->prompt = k;
	snprintf(t->ask, sizeof t->ask, "%s", ask ? ask : "");
	line_set(&t->line, "");
}

void
tui_goto(struct tui *t, enum tui_view v, long long wave, const char *key)
{
	char *k = key ? xstrdup(key) : NULL;

	free(t->go_to.key);
	t->go = 1;
	t->go_view = v;
	t->go_to.wave = wave;
	t->go_to.key = k;
}

static void
cli_free(struct tui *t)
{
	for (int i = 0; i < t->ncli; i++)
		free(t->cli[i]);
	free(t->cli);
	t->cli = NULL;
	t->ncli = 0;
	free(t->cli_echo);
	t->cli_echo = NULL;
}

void
tui_cli(struct tui *t, int argc, char *const *argv)
{
	cli_free(t);
	t->cli = xcalloc((size_t)argc + 1, sizeof *t->cli);
	for (int i = 0; i < argc; i++)
		t->cli[i] = xstrdup(argv[i]);
	t->ncli = argc;
}

void
tui_cli_shown(struct tui *t, int argc, char *const *argv)
{
	if (t->zone_mode == 0) {	/* the operator's: the CLI's own */
		tui_cli(t, argc, argv);
		return;
	}
	char **v = xcalloc((size_t)argc + 3, sizeof *v);
	v[0] = "--tz";
	v[1] = (char *)tui_zone_name(t);
	memcpy(v + 2, argv, (size_t)argc * sizeof *v);
	tui_cli(t, argc + 2, v);	/* copies them */
	free(v);
}

void
tui_find(struct tui *t, struct pager *p, const char *text, int dir)
{
	struct pw_error e = { 0 };
	int rc;

	if (text == NULL || !text[0]) {
		tui_msg(t, 0, "no search yet: / searches");
		return;
	}
	rc = pager_find(p, text, dir, &e);
	if (rc < 0)
		tui_msg(t, 1, "%s", e.msg);
	else if (rc == 0)
		tui_msg(t, 0, "no match for '%s'", text);
}

static void
waves_free(struct tui *t)
{
	for (size_t i = 0; i < t->nwaves; i++) {
		free((char *)t->waves[i].stage);
		free((char *)t->waves[i].window);
	}
	free(t->waves);
	t->waves = NULL;
	t->nwaves = 0;
}

static int
keep_wave(void *arg, const struct wave_sum *w)
{
	struct tui *t = arg;

	t->waves = xrealloc(t->waves, (t->nwaves + 1) * sizeof *t->waves);
	t->waves[t->nwaves++] = (struct agenda_wave){ w->id, xstrdup(w->stage),
	    xstrdup(w->window), w->start_utc, w->end_utc, w->nassets,
	    w->last_start_utc };
	return 0;
}

static void
unchecked(struct tui *t)
{
	if (t->k) {
		checked_free(t->k);
		free(t->k);
		t->k = NULL;
	}
	free(t->asset_conflicts);
	free(t->fps);
	acks_free(t->acks, t->nacks);
	t->acks = NULL;
	t->nacks = 0;
	t->fps = NULL;
	t->asset_conflicts = NULL;
	t->checked = 0;
	t->nerr = t->nwarn = 0;
	memset(t->by_code, 0, sizeof t->by_code);
	t->changed |= CH_CHECK;
}

void
tui_adopt(struct tui *t, struct checked *k)
{
	struct pw_error e = { 0 };

	unchecked(t);
	t->k = k;		/* a checked struct never moves: it points into itself */
	t->checked = 1;
	t->asset_conflicts = xcalloc(t->k->d.nassets ? t->k->d.nassets : 1,
	    sizeof *t->asset_conflicts);
	t->fps = xmalloc((t->k->cl.n ? t->k->cl.n : 1) * sizeof *t->fps);
	for (size_t i = 0; i < t->k->cl.n; i++) {
		const struct conflict *x = &t->k->cl.v[i];
		t->by_code[x->code][x->error ? 0 : 1]++;
		*(x->error ? &t->nerr : &t->nwarn) += 1;
		for (size_t j = 0; j < x->nassets; j++)
			t->asset_conflicts[x->assets[j]]++;
		t->fps[i] = conflict_fingerprint(&t->k->d.in, &t->k->p, t->k->first, x);
	}
	if (store_acks_load(t->env.store, &t->acks, &t->nacks, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	t->changed |= CH_CHECK;
}

/* The conflict counts the last plan or edit saved, for a plan too big to
 * check at open. */
static void
stored_counts(struct tui *t, struct pw_error *e)
{
	t->nerr = t->nwarn = 0;
	if (store_conflict_counts(t->env.store, t->by_code, &t->counted_at, e) != 0) {
		t->counted_at = 0;
		return;
	}
	for (int c = 0; c < C_COUNT; c++) {
		t->nerr += t->by_code[c][0];
		t->nwarn += t->by_code[c][1];
	}
}

int
tui_check(struct tui *t)
{
	struct pw_error e = { 0 };
	struct pw_diags warn = { 0 };
	struct checked *k = xmalloc(sizeof *k);

	unchecked(t);
	/* Meanwhile the counts are unknown: the screen says checking, not 0. */
	t->checking = 1;
	tui_busy(t, "checking the plan");
	int rc = store_plan_check(t->env.store, k, &warn, &e);
	t->checking = 0;
	if (rc != 0) {
		pw_diags_free(&warn);
		checked_free(k);
		free(k);
		/* Ctrl-C forgotten first: the SQL of the counts is not cancelled. */
		int cancelled = tui_cancelled();
		struct pw_error ce = { 0 };
		stored_counts(t, &ce);	/* as before: the last plan's or edit's */
		if (cancelled)
			tui_msg(t, 0, "check cancelled (r checks again)");
		else
			tui_msg(t, 1, "checking the plan: %s", e.msg);
		return -1;
	}
	pw_diags_free(&warn);
	tui_adopt(t, k);
	return 0;
}

int
tui_load(struct tui *t, int with_check)
{
	struct pw_error e = { 0 };
	struct plan_version v;

	waves_free(t);
	t->changed |= CH_DATA;
	if (store_plan_version(t->env.store, &v, &e) != 0) {
		tui_msg(t, 1, "%s", e.msg);
		return -1;
	}
	t->plan_version = v.n;
	if (store_asset_totals(t->env.store, &t->nassets, &t->nowned, &e) != 0 ||
	    store_patch_counts(t->env.store, t->sev, &e) != 0 ||
	    store_wave_sums(t->env.store, keep_wave, t, &e) != 0 ||
	    store_plan_now(t->env.store, &t->plan_now, &e) < 0) {
		tui_msg(t, 1, "%s", e.msg);
		return -1;
	}
	if (with_check)
		return tui_check(t);
	if (!t->checked)
		stored_counts(t, &e);
	return 0;
}

void
tui_calendars_unload(struct tui *t)
{
	if (t->cals_loaded) {
		policy_free(t->policy);
		free(t->policy);
		free(t->lanes);
		for (size_t i = 0; i < t->ncals; i++)
			calendar_free(&t->cals[i]);
		free(t->cals);
	}
	agenda_keep_free(&t->cal_keep);
	t->policy = NULL;
	t->lanes = NULL;
	t->cals = NULL;
	t->ncals = 0;
	t->cals_loaded = 0;
	t->changed |= CH_CALENDARS;
}

/* The calendars' occurrences kept over the half years either side of today
 * and over the waves (when the two are within two years): the Calendar's
 * periods near today and the Plan's timeline are slices of them. */
static void
keep_occurrences(struct tui *t)
{
	int64_t today = pw_clock(), from = today - AGENDA_REACH,
	    to = today + AGENDA_REACH, wf = 0, wt = 0;

	for (size_t i = 0; i < t->nwaves; i++) {
		if (i == 0 || t->waves[i].start_utc < wf)
			wf = t->waves[i].start_utc;
		if (t->waves[i].end_utc > wt)
			wt = t->waves[i].end_utc;
	}
	if (t->nwaves > 0) {
		int64_t uf = wf < from ? wf : from, ut = wt > to ? wt : to;
		if (ut - uf <= 4 * (int64_t)AGENDA_REACH)
			from = uf, to = ut;
		else
			from = wf, to = wt;
	}
	agenda_keep_span(&t->cal_keep, t->cals, t->ncals, from, to);
}

int
tui_calendars_load(struct tui *t)
{
	struct pw_error e = { 0 };
	char **names = NULL;
	size_t n = 0;
	int found;

	if (t->cals_loaded)
		return 0;
	t->policy = xcalloc(1, sizeof *t->policy);	/* the load inits it */
	if (store_policy_load(t->env.store, t->policy, &found, &e) == 0)
		t->lanes = xcalloc(t->policy->nwindows ? t->policy->nwindows : 1,
		    sizeof *t->lanes);
	if (t->lanes == NULL ||
	    store_window_lanes(t->env.store, t->policy, t->lanes, &e) != 0 ||
	    store_calendar_names(t->env.store, &names, &n, &e) != 0) {
		tui_msg(t, 1, "%s", e.msg);
		policy_free(t->policy);
		free(t->policy);
		free(t->lanes);
		t->policy = NULL;
		t->lanes = NULL;
		return -1;
	}
	t->cals = xcalloc(n ? n : 1, sizeof *t->cals);
	for (size_t i = 0; i < n; i++) {
		if (store_calendar_load(t->env.store, names[i], &t->cals[t->ncals],
		    &found, &e) == 0)
			t->ncals++;
		else
			tui_msg(t, 1, "%s", e.msg);
		free(names[i]);
	}
	free(names);
	t->cals_loaded = 1;
	t->changed |= CH_CALENDARS;
	keep_occurrences(t);
	return 0;
}

void
tui_state_free(struct tui *t)
{
	unchecked(t);
	waves_free(t);
	sel_clear(&t->sel);
	picker_clear(&t->pick);
	tui_calendars_unload(t);
	free(t->go_to.key);
	t->go_to.key = NULL;
	cli_free(t);
}
