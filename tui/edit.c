/* The plan's edits from the terminal UI (see edit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/conflicts.h"
#include "../storage/changes.h"
#include "../util/buf.h"
#include "edit.h"

/* ---- running an edit ------------------------------------------------------ */

/* An edit refused for sending a change back to draft, kept (its assets
 * copied) until the answer to "Go on? y/N". */
struct edit_pending {
	struct edit_req	 r;
	char		**keys;
	char		*what;
	struct slot	 slot;
};

static void
pending_free(struct tui *t)
{
	struct edit_pending *p = t->pending;

	if (p == NULL)
		return;
	for (size_t i = 0; i < p->r.nassets; i++)
		free(p->keys[i]);
	free(p->keys);
	free(p->what);
	free(p);
	t->pending = NULL;
}

static void
pending_keep(struct tui *t, const struct edit_req *r)
{
	struct edit_pending *p = xcalloc(1, sizeof *p);

	pending_free(t);
	p->r = *r;
	memset(&p->r.redrafted, 0, sizeof p->r.redrafted);
	p->keys = xcalloc(r->nassets ? r->nassets : 1, sizeof *p->keys);
	for (size_t i = 0; i < r->nassets; i++)
		p->keys[i] = xstrdup(r->assets[i]);
	p->r.assets = (const char *const *)p->keys;
	p->what = xstrdup(r->what ? r->what : "edit");
	p->r.what = p->what;
	if (r->slot) {
		p->slot = *r->slot;
		p->r.slot = &p->slot;
	}
	t->pending = p;
}

/* What an edit or replan did to change records, after "done". */
static void
said_redraft(struct tui *t, const struct redraft *rd, int undo)
{
	size_t len = strlen(t->msg);

	if (rd->n > 0)
		snprintf(t->msg + len, sizeof t->msg - len, " Back to draft: %s%s", rd->names.s,
		    undo ? " (undo does not restore approvals)" : "");
	len = strlen(t->msg);
	if (rd->nempty > 0)
		snprintf(t->msg + len, sizeof t->msg - len, " No asset left: %s.",
		    rd->emptied.s);
}

/* Run r against the plan the screen shows (its version), stored and checked
 * before the screen says done; then the views read the new plan. A plan
 * someone else changed meanwhile refuses the edit and the screen catches up. */
static int
apply(struct tui *t, struct edit_req *r)
{
	struct checked *k = xmalloc(sizeof *k);
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };
	size_t was = t->checked ? t->nerr : (size_t)-1;
	const char *what = r->what;
	struct act a = tui_act(t);
	int rc;

	r->expect = r->verb == EV_UNDO ? -1 : t->plan_version;
	tui_busy(t, what);
	rc = act_edit(&a, r, k, &warn, &e);
	pw_diags_free(&warn);
	if (rc == STORE_REDRAFT) {
		free(k);
		/* Short enough for 80 columns: the question must show. */
		tui_msg(t, 0, "This sends %s back to draft; approvals are lost. Go on? y/N ",
		    r->redrafted.names.s);
		pending_keep(t, r);
		redraft_free(&r->redrafted);
		tui_prompt(t, PROMPT_CONFIRM, NULL);
		return -1;
	}
	if (rc != STORE_OK) {
		free(k);
		redraft_free(&r->redrafted);
		if (tui_cancelled())
			tui_msg(t, 0, "%s: cancelled, nothing changed", what);
		else {
			if (rc == STORE_STALE)
				tui_load(t, t->checked);	/* show what is there now */
			tui_msg(t, rc == STORE_REFUSED && r->verb == EV_UNDO ? 0 : 1,
			    "%s: %s", what, e.msg);
		}
		return -1;
	}
	tui_load(t, 0);
	tui_adopt(t, k);
	if (r->undone)
		tui_msg(t, 0, "undone: %s; %zu error%s, %zu warning%s", r->undone, t->nerr,
		    t->nerr == 1 ? "" : "s", t->nwarn, t->nwarn == 1 ? "" : "s");
	else if (was != (size_t)-1)
		tui_msg(t, 0, "%s: done; %zu error%s (were %zu), %zu warning%s. u undoes.",
		    what, t->nerr, t->nerr == 1 ? "" : "s", was, t->nwarn,
		    t->nwarn == 1 ? "" : "s");
	else
		tui_msg(t, 0, "%s: done; %zu error%s, %zu warning%s. u undoes.", what,
		    t->nerr, t->nerr == 1 ? "" : "s", t->nwarn, t->nwarn == 1 ? "" : "s");
	said_redraft(t, &r->redrafted, r->undone != NULL);
	redraft_free(&r->redrafted);
	if (r->undone && r->drafts.len > 0) {
		size_t len = strlen(t->msg);
		snprintf(t->msg + len, sizeof t->msg - len, " Still in draft: %s (undo "
		    "restores the plan, not approvals).", r->drafts.s);
	}
	buf_free(&r->drafts);
	free(r->undone);
	r->undone = NULL;
	return 0;
}

/* ---- which assets --------------------------------------------------------- */

/* The selected assets, or the one under p's cursor: their keys (what the
 * storage edits and undo take). */
static size_t
chosen(struct tui *t, const struct pager *p, char ***keys)
{
	struct pw_error e = { 0 };
	size_t n = 0;

	*keys = NULL;
	if (t->sel.n == 0) {
		const struct prow *r = pager_row(p, p->ls.cursor);
		if (r == NULL)
			return 0;
		*keys = xmalloc(sizeof **keys);
		(*keys)[0] = xstrdup(r->key);
		return 1;
	}
	*keys = xmalloc(t->sel.n * sizeof **keys);
	for (size_t i = 0; i < t->sel.n; i++) {
		char *key = store_asset_key(t->env.store, t->sel.v[i], &e);
		if (key != NULL)	/* else retired since it was picked */
			(*keys)[n++] = key;
	}
	return n;
}

static void
keys_free(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/* ---- the edits ------------------------------------------------------------- */

void
edit_pin(struct tui *t, const struct pager *p)
{
	char **keys;
	size_t n = chosen(t, p, &keys);
	const struct prow *r = pager_row(p, p->ls.cursor);
	char what[64];

	if (n == 0) {
		tui_msg(t, 1, "no asset here to pin");
		return;
	}
	int on = !(r && r->pinned);
	struct edit_req x = { .verb = on ? EV_PIN : EV_UNPIN,
	    .assets = (const char *const *)keys, .nassets = n, .what = what };
	snprintf(what, sizeof what, "%s %zu asset%s", on ? "pin" : "unpin", n,
	    n == 1 ? "" : "s");
	apply(t, &x);
	keys_free(keys, n);
}

void
edit_remove(struct tui *t, const struct pager *p)
{
	char **keys;
	size_t n = chosen(t, p, &keys);
	char what[64];

	if (n == 0) {
		tui_msg(t, 1, "no asset here to take out of the plan");
		return;
	}
	struct edit_req x = { .verb = EV_REMOVE, .assets = (const char *const *)keys,
	    .nassets = n, .what = what };
	snprintf(what, sizeof what, "remove %zu asset%s from the plan", n,
	    n == 1 ? "" : "s");
	if (apply(t, &x) == 0)
		sel_clear(&t->sel);
	keys_free(keys, n);
}

int
edit_split(struct tui *t, long long wave, const struct pager *p, long long *made)
{
	char **keys;
	size_t n;
	char what[64];
	int rc;

	if (wave == 0 || t->sel.n == 0) {
		tui_msg(t, 1, "split: open a wave and select (Space) the assets for the "
		    "new wave");
		return -1;
	}
	n = chosen(t, p, &keys);
	struct edit_req x = { .verb = EV_SPLIT, .assets = (const char *const *)keys,
	    .nassets = n, .wave = wave, .what = what };
	snprintf(what, sizeof what, "split %zu asset%s off wave %lld", n, n == 1 ? "" :
	    "s", x.wave);
	if ((rc = apply(t, &x)) == 0) {
		sel_clear(&t->sel);
		*made = x.made;
	}
	keys_free(keys, n);
	return rc;
}

int
edit_move(struct tui *t, const struct pager *p, long long wave)
{
	char **keys;
	size_t n = chosen(t, p, &keys);
	char what[96];
	struct edit_req x = { .verb = EV_MOVE, .assets = (const char *const *)keys,
	    .nassets = n, .wave = wave, .what = what };
	int rc;

	snprintf(what, sizeof what, "move %zu asset%s to wave %lld", n, n == 1 ? "" : "s",
	    wave);
	if ((rc = apply(t, &x)) == 0)
		sel_clear(&t->sel);
	keys_free(keys, n);
	return rc;
}

/* ---- pickers --------------------------------------------------------------- */

static const struct agenda_wave *
wave_by_id(const struct tui *t, long long id)
{
	for (size_t i = 0; i < t->nwaves; i++)
		if (t->waves[i].id == id)
			return &t->waves[i];
	return NULL;
}

/* Waves to move assets to, or (merge) of the same stage as wave. */
static void
pick_wave(struct tui *t, enum picker_kind kind, long long wave)
{
	const struct agenda_wave *from = wave_by_id(t, wave);

	picker_clear(&t->pick);
	t->pick.kind = kind;
	t->pick.wave = wave;
	snprintf(t->pick.title, sizeof t->pick.title, kind == PICK_MERGE ? "Merge wave "
	    "%lld into (Enter picks, Esc cancels)" : "Move to wave (Enter picks, Esc "
	    "cancels)", wave);
	for (size_t i = 0; i < t->nwaves; i++) {
		const struct agenda_wave *w = &t->waves[i];
		char line[160], when[32];
		if (w->id == wave || (kind == PICK_MERGE && from &&
		    strcmp(w->stage, from->stage) != 0))
			continue;
		draw_time(&t->scr, w->start_utc, when, sizeof when);
		snprintf(line, sizeof line, "%5lld  %-9s %-20s %s %6ld", w->id, w->stage,
		    w->window, when, w->nassets);
		picker_add(&t->pick, w->id, line);
	}
	if (t->pick.n == 0) {
		picker_clear(&t->pick);
		tui_msg(t, 1, kind == PICK_MERGE ? "no other wave of this stage" :
		    "no other wave");
		return;
	}
	picker_ready(&t->pick, draw_body_rows(&t->scr) - 7);
}

static int
needs_check(struct tui *t)
{
	if (t->checked)
		return 0;
	tui_msg(t, 0, "checking...");
	return tui_load(t, 1);
}

/* Trial plans (conflicts_proposals) as a progress line: each plan starts
 * from 0 assets; up to tries + 1 of them (the first is the plan as it is). */
struct trying {
	struct tui	*t;
	const char	*what;
	size_t		 plan, last, tries;
};

static void
trying(void *arg, size_t done, size_t total)
{
	struct trying *x = arg;
	char what[160];

	if (done <= x->last || x->plan == 0)
		x->plan++;
	x->last = done;
	snprintf(what, sizeof what, "%s: trial plan %zu of at most %zu, %zu of %zu assets",
	    x->what, x->plan, x->tries + 1, done, total);
	tui_busy(x->t, what);
}

/* The check's inputs set to say how trial plans go, and Ctrl-C stop them. */
static void
trials_on(struct tui *t, struct trying *x, const char *what, size_t tries)
{
	*x = (struct trying){ t, what, 0, 0, tries };
	tui_busy(t, what);
	t->k->d.in.cancel = tui_cancel_flag();
	t->k->d.in.progress = trying;
	t->k->d.in.progress_arg = x;
}

static void
trials_off(struct tui *t)
{
	t->k->d.in.cancel = NULL;
	t->k->d.in.progress = NULL;
	t->k->d.in.progress_arg = NULL;
}

/* How many of a wave's assets the window's selector takes (their
 * environments and the like; 0: it never takes the wave). */
static size_t
admitted(const struct tui *t, const struct slot *sl, const size_t *assets, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		m += slot_admits(sl, &t->k->d.in.assets[assets[i]]) != 0;
	return m;
}

/* Window occurrences for a wave: those its assets could move to without an
 * error (conflicts_proposals, as conflicts --new proposes) first, nearest
 * first, then the others by distance; none whose selector takes none of its
 * assets, and those taking only some say how many. */
void
edit_pick_window(struct tui *t, long long wave)
{
	const struct agenda_wave *w;
	size_t *assets, n = 0, ok[8], nok, hidden = 0;
	struct trying tr;

	if (needs_check(t) != 0 || (w = wave_by_id(t, wave)) == NULL)
		return;
	assets = xmalloc((t->k->p.n ? t->k->p.n : 1) * sizeof *assets);
	for (size_t i = 0; i < t->k->p.n; i++)
		if (t->k->wave_ids[i] == wave)
			assets[n++] = t->k->p.v[i].asset;
	trials_on(t, &tr, "trying windows for the wave", 12);
	nok = n ? conflicts_proposals(&t->k->d.in, &t->k->p, assets, n, ok, 8, 12) : 0;
	trials_off(t);
	int stopped = tui_cancelled();
	picker_clear(&t->pick);
	t->pick.kind = PICK_WINDOW;
	t->pick.wave = wave;
	snprintf(t->pick.title, sizeof t->pick.title, "Move wave %lld to (Enter picks, "
	    "Esc cancels)", wave);
	snprintf(t->pick.legend, sizeof t->pick.legend, "+ tried: its %zu asset%s get no "
	    "error; takes k of n: selector takes k", n, n == 1 ? "" : "s");
	for (int pass = 0; pass < 2; pass++) {
		/* Each pass by distance from the wave's start. */
		size_t ns = t->k->d.slots.n;
		size_t *order = xmalloc((ns ? ns : 1) * sizeof *order), m = 0;
		for (size_t i = 0; i < ns; i++) {
			const struct slot *sl = &t->k->d.slots.v[i];
			int good = 0;
			for (size_t j = 0; j < nok; j++)
				good |= ok[j] == i;
			if (sl->admits == &t->k->d.nothing || good != (pass == 0) ||
			    (sl->start_utc == w->start_utc && !strcmp(sl->name, w->window)))
				continue;
			if (n > 0 && !good && admitted(t, sl, assets, n) == 0) {
				hidden++;
				continue;
			}
			order[m++] = i;
		}
		for (size_t i = 1; i < m; i++)	/* insertion sort: a few hundred */
			for (size_t j = i; j > 0; j--) {
				int64_t a = t->k->d.slots.v[order[j]].start_utc - w->start_utc;
				int64_t b = t->k->d.slots.v[order[j - 1]].start_utc - w->start_utc;
				if ((a < 0 ? -a : a) >= (b < 0 ? -b : b))
					break;
				size_t tmp = order[j];
				order[j] = order[j - 1];
				order[j - 1] = tmp;
			}
		for (size_t i = 0; i < m; i++) {
			const struct slot *sl = &t->k->d.slots.v[order[i]];
			char line[240], when[32], takes[64] = "", cut[32];
			size_t k = pass ? admitted(t, sl, assets, n) : n;
			draw_time(&t->scr, sl->start_utc, when, sizeof when);
			if (k < n)
				snprintf(takes, sizeof takes, "  takes %zu of %zu", k, n);
			slot_cutoff_text(sl, cut, sizeof cut);
			snprintf(line, sizeof line, "%s %s  %-22s %-9s%s%s%s", pass ? " " :
			    "+", when, sl->name, sl->reboot ? "reboot" : "no reboot",
			    *cut ? "  " : "", cut, takes);
			picker_add(&t->pick, (long long)order[i], line);
		}
		free(order);
	}
	free(assets);
	picker_ready(&t->pick, draw_body_rows(&t->scr) - 7);
	tui_msg(t, 0, "%zu window%s, %zu without an error (%zu trial plan%s%s); %zu never "
	    "take the wave: hidden", t->pick.n, t->pick.n == 1 ? "" : "s", nok, tr.plan,
	    tr.plan == 1 ? "" : "s", stopped ? ", stopped with Ctrl-C: others may take "
	    "it too" : "", hidden);
}

void
edit_pick_proposal(struct tui *t, size_t i, struct proposal pr[3], size_t *n)
{
	const struct conflict *x;
	struct trying tr;

	*n = 0;
	if (!t->checked || i >= t->k->cl.n)
		return;
	x = &t->k->cl.v[i];
	if (x->wave == SIZE_MAX || x->nassets == 0) {
		tui_msg(t, 1, "no proposals: %s is in no wave", conflict_code_name(x->code));
		return;
	}
	trials_on(t, &tr, "looking for windows for its assets", ACT_PROPOSAL_TRIES);
	*n = act_proposals(t->k, x, pr);
	trials_off(t);
	if (tui_cancelled()) {
		*n = 0;
		tui_msg(t, 0, "proposals: stopped with Ctrl-C");
		return;
	}
	/* The provider's own event, when it may move into our window, comes
	 * first, as conflicts --new lists it: not an edit of ours (Enter says
	 * how the provider is asked), id -1 - its row. */
	struct provider_move_row *mv;
	size_t *of, nmv = act_provider_moves(t->k, &mv, &of), mine = 0;
	for (size_t j = 0; j < nmv; j++)
		mine += of[j] == i;
	if (*n == 0 && mine == 0) {
		free(mv);
		free(of);
		tui_msg(t, 0, "no proposals: no window within reach takes its %zu asset%s "
		    "without an error (%zu trial plans)", x->nassets, x->nassets == 1 ?
		    "" : "s", tr.plan);
		return;
	}
	picker_clear(&t->pick);
	t->pick.kind = PICK_PROPOSAL;
	t->pick.wave = t->k->wave_ids[t->k->first[x->wave]];
	snprintf(t->pick.title, sizeof t->pick.title, "%s, %zu asset%s: go to (Enter "
	    "applies, Esc cancels)", conflict_code_name(x->code), x->nassets,
	    x->nassets == 1 ? "" : "s");
	snprintf(t->pick.legend, sizeof t->pick.legend, "%s", mine ? "as conflicts "
	    "--new proposes; provider: export --to provider-moves" : "as conflicts "
	    "--new proposes, each tried: no error there; u undoes");
	for (size_t j = 0; j < nmv; j++) {
		char line[200], when[32];
		if (of[j] != i)
			continue;
		draw_time(&t->scr, mv[j].at, when, sizeof when);
		snprintf(line, sizeof line, "%-8s %s  %-20s %s", "provider", when,
		    mv[j].window, mv[j].event);
		picker_add(&t->pick, -1 - (long long)j, line);
	}
	free(mv);
	free(of);
	const struct agenda_wave *w = wave_by_id(t, t->pick.wave);
	int whole = w == NULL || (long)x->nassets >= w->nassets;
	for (size_t j = 0; j < *n; j++) {
		const struct slot *sl = &t->k->d.in.slots[pr[j].slot];
		char line[200], when[32], how[80];
		draw_time(&t->scr, sl->start_utc, when, sizeof when);
		if (pr[j].wave)
			snprintf(how, sizeof how, "into wave %lld", pr[j].wave);
		else if (whole)
			snprintf(how, sizeof how, "wave %lld moves", t->pick.wave);
		else
			snprintf(how, sizeof how, "split off wave %lld", t->pick.wave);
		snprintf(line, sizeof line, "%-8s %s  %-20s %s", pr[j].why, when,
		    sl->name ? sl->name : "", how);
		picker_add(&t->pick, (long long)j, line);
	}
	picker_ready(&t->pick, draw_body_rows(&t->scr) - 7);
	tui_msg(t, 0, "%zu proposal%s (%zu trial plans)%s", *n + mine, *n + mine == 1 ?
	    "" : "s", tr.plan, mine ? ", the first the provider's to make" : "");
}

void
edit_proposal(struct tui *t, size_t i, const struct proposal *pr)
{
	char what[160];

	if (!t->checked || i >= t->k->cl.n || pr->slot >= t->k->d.in.nslots)
		return;
	const struct conflict *x = &t->k->cl.v[i];
	if (x->wave == SIZE_MAX)
		return;
	long long wave = t->k->wave_ids[t->k->first[x->wave]];
	const struct agenda_wave *w = wave_by_id(t, wave);
	size_t n = x->nassets;
	char **keys = xmalloc((n ? n : 1) * sizeof *keys);
	for (size_t j = 0; j < n; j++)
		keys[j] = xstrdup(t->k->d.assets[x->assets[j]].key);
	struct slot sl = t->k->d.in.slots[pr->slot];
	char *name = xstrdup(sl.name ? sl.name : "");
	sl.name = name;
	struct edit_req r = { .verb = EV_MOVE, .assets = (const char *const *)keys,
	    .nassets = n, .wave = pr->wave, .what = what };
	if (pr->wave)
		snprintf(what, sizeof what, "move %zu asset%s to wave %lld (%s)", n,
		    n == 1 ? "" : "s", pr->wave, conflict_code_name(x->code));
	else {
		/* All of the wave: it moves; some: they split off and move. */
		r.verb = EV_MOVE_WAVE;
		r.wave = wave;
		r.slot = &sl;
		if (w == NULL || (long)n >= w->nassets)
			r.nassets = 0;
		if (r.nassets)
			snprintf(what, sizeof what, "move %zu asset%s off wave %lld to %s (%s)",
			    n, n == 1 ? "" : "s", wave, name, conflict_code_name(x->code));
		else
			snprintf(what, sizeof what, "move wave %lld to %s (%s)", wave, name,
			    conflict_code_name(x->code));
	}
	apply(t, &r);
	free(name);
	keys_free(keys, n);
}

void
edit_pick_move(struct tui *t, long long from)
{
	pick_wave(t, PICK_MOVE, from);
}

void
edit_pick_merge(struct tui *t, long long wave)
{
	pick_wave(t, PICK_MERGE, wave);
}

int
edit_merge(struct tui *t, long long wave, long long into)
{
	char what[96];
	struct edit_req x = { .verb = EV_MERGE, .wave = wave, .into = into,
	    .what = what };

	snprintf(what, sizeof what, "merge wave %lld into wave %lld", wave, into);
	return apply(t, &x);
}

/* slot: an index into the check's slots, as the picker listed them (the
 * check is redone by the edit). */
void
edit_move_wave(struct tui *t, long long wave, long long slot)
{
	char what[96];

	if (!t->checked || slot < 0 || (size_t)slot >= t->k->d.slots.n)
		return;
	struct slot sl = t->k->d.slots.v[slot];
	char *name = xstrdup(sl.name);
	sl.name = name;
	struct edit_req x = { .verb = EV_MOVE_WAVE, .wave = wave, .slot = &sl,
	    .what = what };
	snprintf(what, sizeof what, "move wave %lld to %s", wave, name);
	apply(t, &x);
	free(name);
}

/* ---- the planner, undo, acknowledgements ---------------------------------- */

static void
replan_free(struct tui *t)
{
	if (t->replan_plan) {
		plan_free(t->replan_plan);
		free(t->replan_plan);
	}
	if (t->replan) {
		plan_data_free(t->replan);
		free(t->replan);
	}
	t->replan = NULL;
	t->replan_plan = NULL;
}

static void
planning(void *arg, size_t done, size_t total)
{
	struct tui *t = arg;
	char what[96];

	snprintf(what, sizeof what, "planning: %zu of %zu assets", done, total);
	tui_busy(t, what);
}

/* Make a plan as plan --keep-pinned makes it, from now (the clock, as the
 * CLI's plan), and ask before it replaces the stored one: how many assets
 * it moves. */
void
edit_replan(struct tui *t)
{
	struct pw_error e = { 0 };
	struct pw_diags warn = { 0 };
	size_t moved = 0, placed = 0, dropped = 0;

	if (needs_check(t) != 0)
		return;
	replan_free(t);
	t->replan = xcalloc(1, sizeof *t->replan);
	t->replan_plan = xcalloc(1, sizeof *t->replan_plan);
	tui_busy(t, "loading what the planner needs");
	struct act now = tui_act(t);
	now.progress = planning;
	now.progress_arg = t;
	int rc = act_plan_make(&now, 0, 1, t->replan, t->replan_plan, &warn, &e);
	pw_diags_free(&warn);
	if (rc != STORE_OK || tui_cancelled()) {
		if (tui_cancelled())
			tui_msg(t, 0, "planning cancelled: nothing changed");
		else	/* nothing to plan says what is missing */
			tui_msg(t, rc == STORE_REFUSED ? 0 : 1, "%s", e.msg);
		tui_cancelled();
		replan_free(t);
		return;
	}
	/* Where each asset is now and would be: by key, both in key order. */
	const struct plan *old = &t->k->p, *new = t->replan_plan;
	long *was = xmalloc((t->k->d.nassets ? t->k->d.nassets : 1) * sizeof *was);
	for (size_t i = 0; i < t->k->d.nassets; i++)
		was[i] = -1;
	for (size_t i = 0; i < old->n; i++)
		was[old->v[i].asset] = (long)i;
	char *kept = xcalloc(t->k->d.nassets ? t->k->d.nassets : 1, 1);
	for (size_t i = 0; i < new->n; i++) {
		const struct placement *pl = &new->v[i];
		const char *key = t->replan->assets[pl->asset].key;
		size_t lo = plan_data_asset(&t->k->d, key);
		if (lo == (size_t)-1 || was[lo] < 0) {
			placed++;
			continue;
		}
		kept[lo] = 1;
		const struct placement *o = &old->v[was[lo]];
		const struct slot *a = &t->k->d.in.slots[o->slot];
		const struct slot *b = &t->replan->in.slots[pl->slot];
		if (a->start_utc != b->start_utc || strcmp(a->name, b->name) ||
		    o->start_utc != pl->start_utc)
			moved++;
	}
	for (size_t i = 0; i < t->k->d.nassets; i++)
		dropped += was[i] >= 0 && !kept[i];
	free(was);
	free(kept);
	char held[96] = "";
	if (new->nheld > 0)
		snprintf(held, sizeof held, ", %zu of them held back on purpose (why: "
		    "HELD_BACK)", new->nheld);
	tui_msg(t, 0, "Replan: %zu assets move, %zu newly placed, %zu leave the plan, "
	    "%zu unplanned%s (pinned ones stay; a submitted or approved change whose "
	    "waves move goes back to draft). Apply? y/n ", moved, placed, dropped,
	    new->nunplaced, held);
	tui_prompt(t, PROMPT_CONFIRM, NULL);
}

void
edit_undo(struct tui *t)
{
	struct edit_req x = { .verb = EV_UNDO, .what = "undo" };

	apply(t, &x);
}

void
edit_ack(struct tui *t, size_t i, const char *reason)
{
	struct pw_error e = { 0 };
	enum conflict_code code;

	if (!t->checked || i >= t->k->cl.n)
		return;
	struct act a = tui_act(t);
	if (act_ack(&a, t->fps[i], reason, &code, &e) != STORE_OK) {
		tui_msg(t, 1, "acknowledging: %s", e.msg);
		return;
	}
	acks_free(t->acks, t->nacks);
	if (store_acks_load(t->env.store, &t->acks, &t->nacks, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	else
		tui_msg(t, 0, "acknowledged %s", conflict_code_name(code));
}

void
edit_change(struct tui *t, long long wave, const char *title)
{
	struct change_fields f = { .title = title, .type = -1, .risk = -1, .impact = -1 };
	struct pw_error e = { 0 };
	char *number = NULL;
	long long w = wave;

	if (title[0] == '\0') {
		tui_msg(t, 1, "a change needs a title: nothing made");
		return;
	}
	struct act a = tui_act(t);
	char why[256];
	if (act_change_create(&a, &w, 1, &f, &number, &e) != STORE_OK)
		tui_msg(t, 1, "change: %s", e.msg);
	else if (act_change_late(&a, number, why, sizeof why, &e) == 1)
		tui_msg(t, 1, "%s made from wave %lld (draft), but it can never be "
		    "submitted: %s", number, w, why);
	else
		tui_msg(t, 0, "%s made from wave %lld (draft): :change edit %s --test-plan "
		    "... to fill it in", number, w, number);
	free(number);
}

/* y: the plan made by P replaces the stored one, if nobody changed that
 * since the screen showed it. */
static void
store_replan(struct tui *t)
{
	struct checked *k = xmalloc(sizeof *k);
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };
	struct act a = tui_act(t);
	int rc;

	tui_busy(t, "replan");
	struct redraft rd = { 0 };
	/* y to "Apply?" is the yes: the question says changes may go back. */
	rc = act_plan_store(&a, t->replan, t->replan_plan, t->plan_version, 1, k, &rd,
	    &warn, &e);
	pw_diags_free(&warn);
	if (rc != STORE_OK) {
		free(k);
		if (rc == STORE_STALE)
			tui_load(t, t->checked);
		tui_msg(t, 1, "replan: %s", e.msg);
		return;
	}
	tui_load(t, 0);
	tui_adopt(t, k);
	tui_msg(t, 0, "replan: done; %zu error%s, %zu warning%s. u undoes.", t->nerr,
	    t->nerr == 1 ? "" : "s", t->nwarn, t->nwarn == 1 ? "" : "s");
	said_redraft(t, &rd, 0);
	redraft_free(&rd);
}

void
edit_confirm_done(struct tui *t, int yes)
{
	if (t->replan) {
		if (yes)
			store_replan(t);
		else
			tui_msg(t, 0, "replan cancelled: nothing changed");
		replan_free(t);
	} else if (t->pending) {
		struct edit_pending *p = t->pending;
		if (yes) {
			p->r.force = 1;
			apply(t, &p->r);
		} else
			tui_msg(t, 0, "%s: not done; nothing changed", p->what);
		pending_free(t);
	}
}

void
edit_free(struct tui *t)
{
	replan_free(t);
	pending_free(t);
}
