/* View 5, Conflicts: every conflict of the stored plan with its explanation,
 * those conflicts --new shows marked new; f filters them (new, by code, by
 * wave); Enter jumps to its wave (Plan) or its asset (Assets); a acknowledges
 * a warning, w lists where its assets could go and applies one (edit.c). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "edit.h"
#include "views.h"

#define LIST_Y	2	/* the first conflict's row: drawn there, clicked there */

static long long
wave_id(const struct tui *t, const struct conflict *x)
{
	return x->wave == SIZE_MAX ? 0 : t->k->wave_ids[t->k->first[x->wave]];
}

static int
fp_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* New: not in the baseline, as conflicts --new (no baseline: all are). */
static int
is_new(const struct view_conflicts *v, int64_t fp)
{
	return v->nbase == 0 || bsearch(&fp, v->base, v->nbase, sizeof *v->base,
	    fp_cmp) == NULL;
}

static int
filtered(const struct view_conflicts *v)
{
	return v->only_new || v->code >= 0 || v->wave > 0;
}

/* The filter as f takes it: "new code=FREEZE wave=4". */
static void
filter_text(const struct view_conflicts *v, char *out, size_t n)
{
	int len = snprintf(out, n, "filter:%s", v->only_new ? " new" : "");

	if (v->code >= 0 && len > 0 && (size_t)len < n)
		len += snprintf(out + len, n - (size_t)len, " code=%s",
		    conflict_code_name((enum conflict_code)v->code));
	if (v->wave > 0 && len > 0 && (size_t)len < n)
		snprintf(out + len, n - (size_t)len, " wave=%lld", v->wave);
}

/* The conflicts passing the filter, in the check's order. */
static void
refilter(const struct tui *t, struct view_conflicts *v)
{
	free(v->shown);
	v->shown = NULL;
	v->nshown = 0;
	list_set_count(&v->ls, 0);
	if (!t->checked)
		return;
	v->shown = xmalloc((t->k->cl.n ? t->k->cl.n : 1) * sizeof *v->shown);
	for (size_t i = 0; i < t->k->cl.n; i++) {
		const struct conflict *x = &t->k->cl.v[i];
		if ((v->only_new && !is_new(v, t->fps[i])) ||
		    (v->code >= 0 && (int)x->code != v->code) ||
		    (v->wave > 0 && wave_id(t, x) != v->wave))
			continue;
		v->shown[v->nshown++] = i;
	}
	list_set_count(&v->ls, v->nshown);
}

/* The conflict under the cursor: an index into the check's (SIZE_MAX: none). */
static size_t
current(const struct tui *t, const struct view_conflicts *v)
{
	return t->checked && v->ls.cursor < v->nshown ? v->shown[v->ls.cursor] :
	    SIZE_MAX;
}

static void
view_conflicts_draw(const struct tui *t)
{
	const struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];
	const struct screen *scr = &t->scr;

	if (!t->checked) {
		draw_put(2, 2, scr->cols - 4, t->nwaves ? "Not checked yet: r checks the "
		    "plan (a big estate takes a few seconds)." :
		    "No plan yet: ':plan' makes one.");
		return;
	}
	draw_attr_on(scr, COL_DIM);
	/* Over the columns the rows put them in. */
	draw_put(LIST_Y - 1, 1, 4, "code");
	draw_put(LIST_Y - 1, 29, 3, "ack");
	draw_put(LIST_Y - 1, 33, 3, "new");
	draw_put(LIST_Y - 1, 38, 4, "wave");
	draw_put(LIST_Y - 1, 44, 6, "assets");
	draw_put(LIST_Y - 1, 69, 5, "other");
	draw_attr_off(scr, COL_DIM);
	if (filtered(v)) {
		char f[160];
		filter_text(v, f, sizeof f);
		/* At the right; over "other" when narrow. */
		int len = (int)strlen(f), x = scr->cols - 1 - len;
		if (x < 69) {
			x = 69;
			len = scr->cols - 69;
		}
		attron(A_BOLD);
		draw_put(LIST_Y - 1, x, len, f);
		attroff(A_BOLD);
	}
	if (t->k->cl.n == 0)
		draw_put(3, 2, scr->cols - 4, "No conflicts: the plan is clean.");
	else if (v->nshown == 0)
		draw_put(3, 2, scr->cols - 4, "None passes the filter: f Enter clears it.");
	for (int r = 0; r < v->ls.rows; r++) {
		size_t n = v->ls.top + (size_t)r;
		if (n >= v->nshown)
			break;
		size_t i = v->shown[n];
		const struct conflict *x = &t->k->cl.v[i];
		char wave[24] = "", assets[256] = "";
		int y = LIST_Y + r;
		if (wave_id(t, x))
			snprintf(wave, sizeof wave, "%5lld", wave_id(t, x));
		if (x->nassets)
			snprintf(assets, sizeof assets, x->nassets > 1 ? "%s +%zu" : "%s",
			    t->k->d.assets[x->assets[0]].hostname, x->nassets - 1);
		int cursor = n == v->ls.cursor;
		if (cursor)
			draw_attr_on(scr, COL_CURSOR);
		mvhline(y, 0, ' ', scr->cols);
		draw_put(y, 1, 18, conflict_code_name(x->code));
		if (!cursor)
			draw_attr_on(scr, x->error ? COL_ERROR : COL_WARN);
		draw_put(y, 20, 7, x->error ? "error" : "warning");
		if (!cursor)
			draw_attr_off(scr, x->error ? COL_ERROR : COL_WARN);
		/* An accepted risk was accepted by its exception: no ack needed. */
		draw_put(y, 29, 3, x->code == C_ACCEPTED_RISK ? "exc" :
		    acks_find(t->acks, t->nacks, t->fps[i]) ? "yes" : "");
		draw_put(y, 33, 3, is_new(v, t->fps[i]) ? "new" : "");
		draw_put(y, 37, 5, wave);
		draw_put(y, 44, 24, assets);
		draw_put(y, 69, scr->cols - 70, x->other ? x->other : "");
		if (cursor)
			draw_attr_off(scr, COL_CURSOR);
	}
	/* The selected one's sentence, in full, at the bottom. */
	if (v->ls.cursor < v->nshown) {
		size_t c = v->shown[v->ls.cursor];
		const struct conflict *x = &t->k->cl.v[c];
		int y = scr->lines - 5, w = scr->cols - 2;
		const struct ack *ak = acks_find(t->acks, t->nacks, t->fps[c]);
		struct buf full = { 0 }, utc = { 0 }, acked = { 0 };
		conflict_message(&t->k->d.in, x, &utc);
		tz_local_times(&full, buf_str(&utc), scr->zone);	/* the shown zone */
		buf_free(&utc);
		if (ak) {	/* its time in the shown zone, as the sentence's */
			struct buf at = { 0 };
			tz_local_times(&at, ak->at, scr->zone);
			buf_printf(&acked, "Acknowledged by %s at %s: %s", ak->who,
			    buf_str(&at), ak->reason);
			buf_free(&at);
		}
		for (int i = 0; i < scr->cols; i++)
			mvaddstr(y - 1, i, "─");
		/* The acknowledgement keeps the last row: a long sentence
		 * (PROVIDER_OVERLAP's) is cut before it, marked. */
		int rows = draw_text_rows(y, w, buf_str(&full), ak ? 2 : 3);
		if (ak)
			draw_text_rows(y + rows, w, buf_str(&acked), 3 - rows);
		buf_free(&acked);
		buf_free(&full);
	}
}

static void
view_conflicts_init(struct tui *t)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	v->code = -1;
}

static void
view_conflicts_free(struct tui *t)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	free(v->shown);
	free(v->base);
}

/* A new check: its baseline (what an edit or plan made it), from its first. */
static void
view_conflicts_reload(struct tui *t, int changed)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];
	struct pw_error e = { 0 };

	if (!(changed & CH_CHECK))
		return;
	free(v->base);
	v->base = NULL;
	v->nbase = 0;
	if (t->checked && store_baseline_load(t->env.store, &v->base, &v->nbase, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	refilter(t, v);
}

/* The sentence under the list takes three rows. */
static void
view_conflicts_layout(struct tui *t)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	list_set_rows(&v->ls, draw_rows_below(&t->scr, LIST_Y) - 3);
}

static struct view_list
view_conflicts_list(struct tui *t)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	return (struct view_list){ &v->ls, LIST_Y };
}

/* a: a warning asks for a justification; an error is refused. */
static int
ack(struct tui *t, const struct view_conflicts *v)
{
	if (current(t, v) == SIZE_MAX)
		return 0;
	if (t->k->cl.v[current(t, v)].error)
		tui_msg(t, 1, "errors are resolved, not acknowledged: w lists where "
		    "its assets could go");
	else
		tui_prompt(t, PROMPT_ACK, NULL);
	return 1;
}

/* Enter: to the conflict's wave (at its first asset), or to its asset. */
static int
view_conflicts_key(struct tui *t, enum tui_cmd cmd)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	if (cmd == CMD_ACK)
		return ack(t, v);
	if (cmd == CMD_FILTER) {
		tui_prompt(t, PROMPT_FILTER, "filter (new code=CODE wave=N; empty clears):");
		return 1;
	}
	if (cmd == CMD_MOVE_WAVE) {
		if (current(t, v) == SIZE_MAX)
			return 0;
		v->prop_of = current(t, v);
		edit_pick_proposal(t, v->prop_of, v->prop, &v->nprop);
		return 1;
	}
	if (list_command(&v->ls, cmd))
		return 1;
	if (cmd != CMD_OPEN || current(t, v) == SIZE_MAX)
		return 0;
	const struct conflict *x = &t->k->cl.v[current(t, v)];
	const char *key = x->nassets ? t->k->d.assets[x->assets[0]].key : NULL;
	long long w = wave_id(t, x);
	if (w)
		tui_goto(t, VIEW_PLAN, w, key);
	else if (key)
		tui_goto(t, VIEW_ASSETS, 0, key);
	return 1;
}

/* f: words "new", "code=CODE" (or a code alone) and "wave=N", any order;
 * empty clears. A word it does not know is refused, the filter kept. */
static void
set_filter(struct tui *t, struct view_conflicts *v, const char *input)
{
	char buf[256], *save = NULL, f[160];
	int only_new = 0, code = -1;
	long long wave = 0;

	snprintf(buf, sizeof buf, "%s", input);
	for (char *w = strtok_r(buf, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
		const char *val = strchr(w, '=') ? strchr(w, '=') + 1 : w;
		char *end;
		if (strcasecmp(w, "new") == 0)
			only_new = 1;
		else if (strncasecmp(w, "wave=", 5) == 0) {
			wave = strtoll(val, &end, 10);
			if (*val == '\0' || *end != '\0' || wave <= 0) {
				tui_msg(t, 1, "filter: wave=%s is not a wave id", val);
				return;
			}
		} else if (strchr(w, '=') == NULL || strncasecmp(w, "code=", 5) == 0) {
			char up[64];
			size_t j = 0;
			for (; j < sizeof up - 1 && val[j]; j++)
				up[j] = (char)(val[j] >= 'a' && val[j] <= 'z' ? val[j] - 32 : val[j]);
			up[j] = '\0';
			if ((code = conflict_code_parse(up)) < 0) {
				tui_msg(t, 1, "filter: no conflict code %s (conflicts --help "
				    "lists them)", val);
				return;
			}
		} else {
			tui_msg(t, 1, "filter: %s? new, code=CODE or wave=N", w);
			return;
		}
	}
	v->only_new = only_new;
	v->code = code;
	v->wave = wave;
	refilter(t, v);
	filter_text(v, f, sizeof f);
	if (!t->checked)
		tui_msg(t, 0, "%s (not checked yet: r checks)", filtered(v) ? f : "no filter");
	else
		tui_msg(t, 0, "%zu of %zu conflicts%s%s", v->nshown, t->k->cl.n,
		    filtered(v) ? " with " : "", filtered(v) ? f + 8 : "");
}

static void
view_conflicts_prompt_done(struct tui *t, enum prompt_kind k, const char *input)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	if (k == PROMPT_ACK && current(t, v) != SIZE_MAX)
		edit_ack(t, current(t, v), input);
	else if (k == PROMPT_FILTER)
		set_filter(t, v, input);
}

static void
view_conflicts_picked(struct tui *t, const struct pick *pk)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	if (pk->kind == PICK_PROPOSAL && pk->id >= 0 && (size_t)pk->id < v->nprop)
		edit_proposal(t, v->prop_of, &v->prop[pk->id]);
	else if (pk->kind == PICK_PROPOSAL && pk->id < 0)
		tui_msg(t, 0, "the provider moves its event: export --to provider-moves "
		    "writes the command that asks it (: runs one); then re-import "
		    "its events");
}

const struct view_ops view_conflicts_ops = {
	.name = "Conflicts",
	.size = sizeof(struct view_conflicts),
	.init = view_conflicts_init,
	.free = view_conflicts_free,
	.reload = view_conflicts_reload,
	.layout = view_conflicts_layout,
	.list = view_conflicts_list,
	.key = view_conflicts_key,
	.draw = view_conflicts_draw,
	.prompt_done = view_conflicts_prompt_done,
	.picked = view_conflicts_picked,
};
