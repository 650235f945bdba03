/* View 5, Conflicts: every conflict of the stored plan with its explanation;
 * Enter jumps to its wave (Plan) or its asset (Assets); a acknowledges a
 * warning (edit.c). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "edit.h"
#include "views.h"

#define LIST_Y	2	/* the first conflict's row: drawn there, clicked there */

static long long
wave_id(const struct tui *t, const struct conflict *x)
{
	return x->wave == SIZE_MAX ? 0 : t->k->wave_ids[t->k->first[x->wave]];
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
	mvprintw(LIST_Y - 1, 1, "%-18s %-7s %3s %5s  %-24s %s", "code", "", "ack", "wave",
	    "assets", "other");
	draw_attr_off(scr, COL_DIM);
	if (t->k->cl.n == 0)
		draw_put(3, 2, scr->cols - 4, "No conflicts: the plan is clean.");
	for (int r = 0; r < v->ls.rows; r++) {
		size_t i = v->ls.top + (size_t)r;
		if (i >= t->k->cl.n)
			break;
		const struct conflict *x = &t->k->cl.v[i];
		char wave[24] = "", assets[256] = "";
		int y = LIST_Y + r;
		if (wave_id(t, x))
			snprintf(wave, sizeof wave, "%5lld", wave_id(t, x));
		if (x->nassets)
			snprintf(assets, sizeof assets, x->nassets > 1 ? "%s +%zu" : "%s",
			    t->k->d.assets[x->assets[0]].hostname, x->nassets - 1);
		if (i == v->ls.cursor)
			draw_attr_on(scr, COL_CURSOR);
		mvhline(y, 0, ' ', scr->cols);
		draw_put(y, 1, 18, conflict_code_name(x->code));
		if (i != v->ls.cursor)
			draw_attr_on(scr, x->error ? COL_ERROR : COL_WARN);
		draw_put(y, 20, 7, x->error ? "error" : "warning");
		if (i != v->ls.cursor)
			draw_attr_off(scr, x->error ? COL_ERROR : COL_WARN);
		/* An accepted risk was accepted by its exception: no ack needed. */
		draw_put(y, 29, 3, x->code == C_ACCEPTED_RISK ? "exc" :
		    acks_find(t->acks, t->nacks, t->fps[i]) ? "yes" : "");
		draw_put(y, 32, 5, wave);
		draw_put(y, 39, 24, assets);
		draw_put(y, 64, scr->cols - 65, x->other ? x->other : "");
		if (i == v->ls.cursor)
			draw_attr_off(scr, COL_CURSOR);
	}
	/* The selected one's sentence, in full, at the bottom. */
	if (v->ls.cursor < t->k->cl.n) {
		const struct conflict *x = &t->k->cl.v[v->ls.cursor];
		int y = scr->lines - 5, w = scr->cols - 2;
		const struct ack *ak = acks_find(t->acks, t->nacks, t->fps[v->ls.cursor]);
		struct buf full = { 0 };
		conflict_message(&t->k->d.in, x, &full);
		if (ak)
			buf_printf(&full, " Acknowledged by %s at %s: %s", ak->who, ak->at,
			    ak->reason);
		const char *m = full.s;
		for (int i = 0; i < scr->cols; i++)
			mvaddstr(y - 1, i, "─");
		for (int l = 0; l < 3 && *m; l++) {
			/* Cut at a space that fits (the text is escaped when put). */
			int len = (int)strlen(m), cut = len;
			if (len > w) {
				for (cut = w; cut > 0 && m[cut] != ' '; cut--)
					;
				if (cut == 0)
					cut = w;
			}
			char part[1024];
			snprintf(part, sizeof part, "%.*s", cut, m);
			draw_put(y + l, 1, w, part);
			m += cut;
			while (*m == ' ')
				m++;
		}
		buf_free(&full);
	}
}

static void
view_conflicts_reload(struct tui *t, int changed)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	if (!(changed & CH_CHECK))
		return;
	list_set_count(&v->ls, 0);	/* a new check: from its first */
	if (t->checked)
		list_set_count(&v->ls, t->k->cl.n);
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
	if (!t->checked || v->ls.cursor >= t->k->cl.n)
		return 0;
	if (t->k->cl.v[v->ls.cursor].error)
		tui_msg(t, 1, "errors are resolved, not acknowledged");
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
	if (list_command(&v->ls, cmd))
		return 1;
	if (cmd != CMD_OPEN || !t->checked || v->ls.cursor >= t->k->cl.n)
		return 0;
	const struct conflict *x = &t->k->cl.v[v->ls.cursor];
	const char *key = x->nassets ? t->k->d.assets[x->assets[0]].key : NULL;
	long long w = wave_id(t, x);
	if (w)
		tui_goto(t, VIEW_PLAN, w, key);
	else if (key)
		tui_goto(t, VIEW_ASSETS, 0, key);
	return 1;
}

static void
view_conflicts_prompt_done(struct tui *t, enum prompt_kind k, const char *input)
{
	struct view_conflicts *v = t->view_state[VIEW_CONFLICTS];

	if (k == PROMPT_ACK)
		edit_ack(t, v->ls.cursor, input);
}

const struct view_ops view_conflicts_ops = {
	.name = "Conflicts",
	.size = sizeof(struct view_conflicts),
	.reload = view_conflicts_reload,
	.layout = view_conflicts_layout,
	.list = view_conflicts_list,
	.key = view_conflicts_key,
	.draw = view_conflicts_draw,
	.prompt_done = view_conflicts_prompt_done,
};
