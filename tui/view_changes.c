/* View 6, Changes: the change records, newest last, with their state, risk,
 * planned start and, once their windows have ended, what the scans since
 * say (as `patchwave verify`). Enter shows one whole (as `change show`); s submits,
 * a approves and x rejects it, asking for a comment: the same storage calls,
 * in one transaction each, as `patchwave change submit|approve|reject`; v and
 * V run `patchwave verify` and `verify --apply` on it. Under the list, the
 * change under the cursor: its title and what the scans said, whole even at
 * 80 columns, where the list's columns for them are cut. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../storage/changes.h"
#include "../util/buf.h"
#include "views.h"

#define LIST_Y	2	/* the first change's row: drawn there, clicked there */

static int
keep_row(void *arg, const struct change_rec *c)
{
	struct view_changes *v = arg;

	v->v = xgrow(v->v, &v->cap, v->n, sizeof *v->v);
	v->v[v->n++] = (struct change_row){ xstrdup(c->number),
	    xstrdup(c->title ? c->title : ""), xstrdup(c->requested_by ?
	    c->requested_by : ""), c->state, c->risk, c->planned_start, c->round,
	    0, { 0 }, 0, 0, NULL };
	return 0;
}

/* The verification of a change past its windows, the CLI's (act_verify). */
static void
verify_row(struct tui *t, struct change_row *c)
{
	struct act a = tui_act(t);
	const char *number = c->number;
	struct change_verified *v;
	struct pw_error e = { 0 };
	size_t nv;

	if (c->state != CS_APPROVED && c->state != CS_IMPLEMENTED &&
	    c->state != CS_FAILED)
		return;
	if (act_verify(&a, &number, 1, &v, &nv, &e) != STORE_OK) {
		tui_msg(t, 1, "verify %s: %s", number, e.msg);
		return;
	}
	if (nv == 1 && v[0].ended) {
		c->verified = 1;
		memcpy(c->counts, v[0].counts, sizeof c->counts);
		c->sources = xstrdup(v[0].unrescanned_sources ?
		    v[0].unrescanned_sources : "");
	}
	for (size_t i = 0; i < nv; i++)
		change_verified_free(&v[i]);
	free(v);
}

/* Where a submitted or approved change stands with the CAB (act_change_tally):
 * this round's approvals of the quorum. */
static void
tally_row(struct tui *t, struct change_row *c)
{
	struct act a = tui_act(t);
	struct pw_error e = { 0 };

	if (c->state != CS_SUBMITTED && c->state != CS_APPROVED)
		return;
	if (act_change_tally(&a, c->number, &c->approvals, &c->quorum, &e) != 0) {
		tui_msg(t, 1, "changes: %s", e.msg);
		c->quorum = 0;
	}
}

/* "3 patched, 1 missing, 2 not rescanned" (the non-zero ones), or "-". */
static void
verified_text(const struct change_row *c, char *out, size_t n)
{
	static const char *const word[VO_COUNT] = { "patched", "missing",
	    "not rescanned" };
	size_t len = 0;

	snprintf(out, n, "-");
	for (int k = 0; c->verified && k < VO_COUNT && len < n; k++)
		if (c->counts[k] || (k == VO_PATCHED && c->counts[VO_STILL_MISSING] == 0 &&
		    c->counts[VO_NOT_RESCANNED] == 0))
			len += (size_t)snprintf(out + len, n - len, "%s%zu %s",
			    len ? ", " : "", c->counts[k], word[k]);
}

static void
unload(struct view_changes *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].number);
		free(v->v[i].title);
		free(v->v[i].requested_by);
		free(v->v[i].sources);
	}
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
	v->loaded = 0;
}

static void
load(struct tui *t, struct view_changes *v)
{
	struct pw_error e = { 0 };

	unload(v);
	if (store_changes_each(t->env.store, -1, keep_row, v, &e) != 0)
		tui_msg(t, 1, "changes: %s", e.msg);
	for (size_t i = 0; i < v->n; i++) {
		verify_row(t, &v->v[i]);
		tally_row(t, &v->v[i]);
	}
	v->loaded = 1;
	list_set_count(&v->ls, v->n);
}

/* The row's colour: the cursor, else red for a rejected or failed change
 * and green for an approved or implemented one. */
static enum tui_color
row_color(const struct view_changes *v, size_t i)
{
	enum change_state s = v->v[i].state;

	if (i == v->ls.cursor)
		return COL_CURSOR;
	if (s == CS_REJECTED || s == CS_FAILED)
		return COL_ERROR;
	return s == CS_APPROVED || s == CS_IMPLEMENTED ? COL_OK : COL_NORMAL;
}

/* The change under the cursor in the three rows under the list: its number
 * and title, then, once approved, what verify says and the keys to act on it. */
static void
draw_detail(const struct screen *scr, const struct change_row *c)
{
	int y = scr->lines - 5, w = scr->cols - 2;
	struct buf b = { 0 };
	char after[64];

	for (int i = 0; i < scr->cols; i++)
		mvaddstr(y - 1, i, "─");
	buf_printf(&b, "%s  %s", c->number, c->title);
	int rows = draw_text_rows(y, w, buf_str(&b), 1);
	b.len = 0;
	verified_text(c, after, sizeof after);
	/* Not rescanned: V records nothing; a scan of the patches' source
	 * rescans them (as verify says: only an import of that source). */
	const char *srcs = c->sources ? c->sources : "";
	if (c->verified && c->counts[VO_NOT_RESCANNED])
		buf_printf(&b, "after the window: %s: :import patches FILE --source "
		    "%s%s (a scan taken since), then v verifies", after,
		    strchr(srcs, ',') ? "SOURCE, one of " : srcs[0] ? "" : "SOURCE", srcs);
	else if (c->verified)
		buf_printf(&b, "after the window: %s; v verify shows each asset's "
		    "scan%s", after, c->state == CS_APPROVED ? ", V records the verdict "
		    "(implemented or failed)" : "");
	else if (c->state == CS_APPROVED)
		buf_printf(&b, "approved; once its windows have ended, v verify checks "
		    "it against the scans imported since, V records the verdict");
	if (b.len)
		draw_text_rows(y + rows, w, buf_str(&b), 3 - rows);
	buf_free(&b);
}

static void
view_changes_draw(const struct tui *t)
{
	const struct view_changes *v = t->view_state[VIEW_CHANGES];
	const struct screen *scr = &t->scr;
	static const char *const titles[] = { "number", "state", "quorum", "risk",
	    "round", "planned start", "requested by", "after the window", "title" };
	static const int widths[] = { 13, 11, 6, 6, 5, 16, 14, 28, 5 };
	int x[9];

	draw_columns(scr, LIST_Y - 1, titles, widths, 9, 1, scr->cols - 2, x);
	if (v->n == 0)
		draw_put(3, 2, scr->cols - 4, "No change records yet: c on a wave in Plan "
		    "makes a draft.");
	for (int r = 0; r < v->ls.rows; r++) {
		size_t i = v->ls.top + (size_t)r;
		if (i >= v->n)
			break;
		const struct change_row *c = &v->v[i];
		char start[32] = "-", round[12], after[64], tally[24] = "-";
		int y = LIST_Y + r;
		if (c->planned_start)
			draw_time(scr, c->planned_start, start, sizeof start);
		snprintf(round, sizeof round, "%d", c->round);
		if (c->quorum > 0)
			snprintf(tally, sizeof tally, "%zu/%d", c->approvals, c->quorum);
		verified_text(c, after, sizeof after);
		draw_attr_on(scr, row_color(v, i));
		mvhline(y, 0, ' ', scr->cols);
		const char *cell[] = { c->number, change_state_name(c->state), tally,
		    change_level_name(c->risk), round, start, c->requested_by, after,
		    c->title };
		for (int k = 0; k < 9; k++)
			if (x[k] >= 0)
				draw_put(y, x[k], k < 8 ? widths[k] : scr->cols - 1 - x[k],
				    cell[k]);
		draw_attr_off(scr, row_color(v, i));
	}
	if (v->ls.cursor < v->n)
		draw_detail(scr, &v->v[v->ls.cursor]);
}

static const char *
current(const struct view_changes *v)
{
	return v->ls.cursor < v->n ? v->v[v->ls.cursor].number : NULL;
}

static void
view_changes_free(struct tui *t)
{
	unload(t->view_state[VIEW_CHANGES]);
}

static void
view_changes_open(struct tui *t, const struct tui_target *to)
{
	struct view_changes *v = t->view_state[VIEW_CHANGES];

	(void)to;
	if (!v->loaded)
		load(t, v);
}

/* An edit may send a change back to draft, a command change any: load them
 * again, now when shown, else when next shown. */
static void
view_changes_reload(struct tui *t, int changed)
{
	struct view_changes *v = t->view_state[VIEW_CHANGES];

	if (!(changed & CH_DATA))
		return;
	v->loaded = 0;
	if (t->view == VIEW_CHANGES)
		load(t, v);
}

static void
view_changes_layout(struct tui *t)
{
	struct view_changes *v = t->view_state[VIEW_CHANGES];

	list_set_rows(&v->ls, draw_rows_below(&t->scr, LIST_Y) - 4);	/* the detail */
}

static struct view_list
view_changes_list(struct tui *t)
{
	struct view_changes *v = t->view_state[VIEW_CHANGES];

	return (struct view_list){ &v->ls, LIST_Y };
}

/* The words before the comment. */
static const char *
decide_words(int action)
{
	switch (action) {
	case CA_SUBMIT: return "submit for approval; comment: ";
	case CA_APPROVE: return "approve; comment: ";
	case CA_REJECT: return "reject; why: ";
	case CA_IMPLEMENT: return "implemented; comment: ";
	case CA_FAIL: return "failed; comment: ";
	case CA_ROLLBACK: return "rolled back; comment: ";
	default: return "cancel; comment: ";
	}
}

static int
view_changes_key(struct tui *t, enum tui_cmd cmd)
{
	struct view_changes *v = t->view_state[VIEW_CHANGES];

	if (!v->loaded)
		load(t, v);
	const char *number = current(v);

	if (list_command(&v->ls, cmd))
		return 1;
	switch (cmd) {	/* the keys the footer offers, with none to act on */
	case CMD_OPEN: case CMD_VERIFY: case CMD_VERIFY_APPLY: case CMD_SUBMIT:
	case CMD_APPROVE: case CMD_REJECT: case CMD_IMPLEMENT: case CMD_FAIL:
	case CMD_ROLLBACK: case CMD_CANCEL:
		if (number == NULL) {
			tui_msg(t, 1, "no change record to act on: c on a wave in Plan "
			    "makes a draft");
			return 1;
		}
		break;
	default:
		break;
	}
	switch (cmd) {
	case CMD_OPEN:
		if (number) {
			char *argv[] = { "change", "show", (char *)number, NULL };
			tui_cli_shown(t, 3, argv);
		}
		return 1;
	case CMD_VERIFY:
		if (number) {
			char *argv[] = { "verify", "--change", (char *)number, NULL };
			tui_cli_shown(t, 3, argv);
		}
		return 1;
	case CMD_VERIFY_APPLY:
		if (number == NULL)
			return 1;
		/* verify --apply passes over any other change without a word. */
		if (v->v[v->ls.cursor].state != CS_APPROVED) {
			tui_msg(t, 1, "%s is %s: V records the verdict of an approved change "
			    "once its windows have ended (v verifies any)", number,
			    change_state_name(v->v[v->ls.cursor].state));
			return 1;
		}
		/* One key, as the other y/N questions. */
		tui_msg(t, 0, "%s: record the verdict of the scans since its window "
		    "(verify --apply)? y/N ", number);
		tui_prompt(t, PROMPT_YESNO, NULL);
		return 1;
	case CMD_SUBMIT: case CMD_APPROVE: case CMD_REJECT: case CMD_IMPLEMENT:
	case CMD_FAIL: case CMD_ROLLBACK: case CMD_CANCEL: {
		static const struct { enum tui_cmd cmd; enum change_action a; } as[] = {
			{ CMD_SUBMIT, CA_SUBMIT }, { CMD_APPROVE, CA_APPROVE },
			{ CMD_REJECT, CA_REJECT }, { CMD_IMPLEMENT, CA_IMPLEMENT },
			{ CMD_FAIL, CA_FAIL }, { CMD_ROLLBACK, CA_ROLLBACK },
			{ CMD_CANCEL, CA_CANCEL },
		};
		if (number == NULL)
			return 1;
		for (size_t i = 0; i < sizeof as / sizeof as[0]; i++)
			if (as[i].cmd == cmd)
				v->decide = as[i].a;
		tui_prompt(t, PROMPT_DECIDE, decide_words(v->decide));
		return 1;
	}
	default:
		return 0;
	}
}

/* The comment is in: take the action, the CLI's own (act_change_step). */
static void
view_changes_prompt_done(struct tui *t, enum prompt_kind k, const char *comment)
{
	struct view_changes *v = t->view_state[VIEW_CHANGES];
	const char *number = current(v);
	enum change_action a = (enum change_action)v->decide;
	enum change_state state = CS_DRAFT;
	struct pw_error e = { 0 };

	if (k == PROMPT_YESNO && number) {	/* V's question */
		if (strcmp(comment, "y") != 0) {
			tui_msg(t, 0, "verify --apply: not done; nothing recorded");
			return;
		}
		char *argv[] = { "verify", "--apply", "--change", (char *)number, NULL };
		tui_cli_shown(t, 4, argv);
		return;
	}
	if (k != PROMPT_DECIDE || number == NULL)
		return;
	if (a == CA_REJECT && comment[0] == '\0') {
		tui_msg(t, 1, "a rejection needs a reason: nothing recorded");
		return;
	}
	char *num = xstrdup(number);	/* the rows are loaded again below */
	struct act act = tui_act(t);
	if (act_change_step(&act, num, a, comment, &state, &e) != STORE_OK)
		tui_msg(t, 1, "%s", e.msg);
	else {
		size_t approvals = 0;
		int quorum = 1;
		char said[256];
		act_change_tally(&act, num, &approvals, &quorum, &e);
		change_step_words(said, sizeof said, num, a, state, approvals, quorum);
		/* The other views follow: an implemented change ends its waves'
		 * PAST_WINDOW, and the Overview counts the changes. The check
		 * says its own line: the decision's is said after it. */
		tui_load(t, t->checked);
		tui_msg(t, 0, "%s", said);
	}
	load(t, v);
	for (size_t i = 0; i < v->n; i++)	/* keep the cursor on it */
		if (strcmp(v->v[i].number, num) == 0)
			list_goto(&v->ls, i);
	free(num);
}

const struct view_ops view_changes_ops = {
	.name = "Changes",
	.size = sizeof(struct view_changes),
	.free = view_changes_free,
	.open = view_changes_open,
	.reload = view_changes_reload,
	.layout = view_changes_layout,
	.list = view_changes_list,
	.key = view_changes_key,
	.draw = view_changes_draw,
	.prompt_done = view_changes_prompt_done,
};
