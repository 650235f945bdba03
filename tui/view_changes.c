/* View 6, Changes: the change records, newest last, with their state, risk
 * and planned start. Enter shows one whole (as `change show`); s submits,
 * a approves and x rejects it, asking for a comment: the same storage calls,
 * in one transaction each, as `patchwave change submit|approve|reject`. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../storage/changes.h"
#include "../util/buf.h"
#include "app.h"

static int
keep_row(void *arg, const struct change_rec *c)
{
	struct tui *t = arg;

	t->changes = xgrow(t->changes, &t->capchanges, t->nchanges, sizeof *t->changes);
	t->changes[t->nchanges++] = (struct change_row){ xstrdup(c->number),
	    xstrdup(c->title ? c->title : ""), xstrdup(c->requested_by ?
	    c->requested_by : ""), c->state, c->risk, c->planned_start, c->round };
	return 0;
}

void
changes_unload(struct tui *t)
{
	for (size_t i = 0; i < t->nchanges; i++) {
		free(t->changes[i].number);
		free(t->changes[i].title);
		free(t->changes[i].requested_by);
	}
	free(t->changes);
	t->changes = NULL;
	t->nchanges = t->capchanges = 0;
	t->changes_loaded = 0;
}

static void
changes_load(struct tui *t)
{
	struct pw_error e = { 0 };

	changes_unload(t);
	if (store_changes_each(t->env.store, -1, keep_row, t, &e) != 0)
		tui_msg(t, 1, "changes: %s", e.msg);
	t->changes_loaded = 1;
	list_set_count(&t->ch, t->nchanges);
}

/* The row's colour: the cursor, else red for a rejected or failed change
 * and green for an approved or implemented one. */
static enum tui_color
row_color(const struct tui *t, size_t i)
{
	enum change_state s = t->changes[i].state;

	if (i == t->ch.cursor)
		return COL_CURSOR;
	if (s == CS_REJECTED || s == CS_FAILED)
		return COL_ERROR;
	return s == CS_APPROVED || s == CS_IMPLEMENTED ? COL_OK : COL_NORMAL;
}

void
changes_draw(struct tui *t)
{
	static const char *const titles[] = { "number", "state", "risk", "round",
	    "planned start", "requested by", "title" };
	static const int widths[] = { 13, 11, 6, 5, 16, 14, 5 };
	int x[7];

	if (!t->changes_loaded)
		changes_load(t);
	list_set_rows(&t->ch, draw_body_rows(&t->scr) - 1);
	draw_columns(&t->scr, 1, titles, widths, 7, 1, t->scr.cols - 2, x);
	if (t->nchanges == 0)
		draw_put(3, 2, t->scr.cols - 4, "No change records yet: c on a wave in Plan "
		    "makes a draft.");
	for (int r = 0; r < t->ch.rows; r++) {
		size_t i = t->ch.top + (size_t)r;
		if (i >= t->nchanges)
			break;
		const struct change_row *c = &t->changes[i];
		char start[32] = "-", round[12];
		int y = 2 + r;
		if (c->planned_start)
			draw_time(&t->scr, c->planned_start, start, sizeof start);
		snprintf(round, sizeof round, "%d", c->round);
		draw_attr_on(&t->scr, row_color(t, i));
		mvhline(y, 0, ' ', t->scr.cols);
		const char *cell[] = { c->number, change_state_name(c->state),
		    change_level_name(c->risk), round, start, c->requested_by, c->title };
		for (int k = 0; k < 7; k++)
			if (x[k] >= 0)
				draw_put(y, x[k], k < 6 ? widths[k] : t->scr.cols - 1 - x[k],
				    cell[k]);
		draw_attr_off(&t->scr, row_color(t, i));
	}
}

static const char *
current(const struct tui *t)
{
	return t->ch.cursor < t->nchanges ? t->changes[t->ch.cursor].number : NULL;
}

int
changes_key(struct tui *t, enum tui_cmd cmd)
{
	if (!t->changes_loaded)
		changes_load(t);
	const char *number = current(t);

	if (list_command(&t->ch, cmd))
		return 1;
	switch (cmd) {
	case CMD_OPEN:
		if (number) {
			char *argv[] = { "change", "show", (char *)number, NULL };
			tui_run_cli(t, 3, argv);
		}
		return 1;
	case CMD_SUBMIT: case CMD_APPROVE: case CMD_REJECT:
		if (number == NULL)
			return 1;
		t->decide_action = cmd == CMD_SUBMIT ? CA_SUBMIT : cmd == CMD_APPROVE ?
		    CA_APPROVE : CA_REJECT;
		tui_prompt(t, PROMPT_DECIDE);
		return 1;
	default:
		return 0;
	}
}

const char *
changes_prompt(const struct tui *t)
{
	switch (t->decide_action) {
	case CA_SUBMIT: return "submit for approval; comment: ";
	case CA_APPROVE: return "approve; comment: ";
	default: return "reject; why: ";
	}
}

/* The comment is in: take the action, the CLI's own (act_change_step). */
void
changes_decide(struct tui *t, const char *comment)
{
	const char *number = current(t);
	enum change_action a = (enum change_action)t->decide_action;
	enum change_state state = CS_DRAFT;
	struct pw_error e = { 0 };

	if (number == NULL)
		return;
	if (a == CA_REJECT && comment[0] == '\0') {
		tui_msg(t, 1, "a rejection needs a reason: nothing recorded");
		return;
	}
	char *num = xstrdup(number);	/* the rows are loaded again below */
	struct act act = tui_act(t);
	if (act_change_step(&act, num, a, comment, &state, &e) != STORE_OK)
		tui_msg(t, 1, "%s", e.msg);
	else
		tui_msg(t, 0, "%s %s: %s", num, a == CA_SUBMIT ? "submitted" :
		    a == CA_APPROVE ? "approval recorded" : "rejection recorded",
		    change_state_name(state));
	changes_load(t);
	for (size_t i = 0; i < t->nchanges; i++)	/* keep the cursor on it */
		if (strcmp(t->changes[i].number, num) == 0)
			list_goto(&t->ch, i);
	free(num);
}
