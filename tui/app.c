/* The terminal UI's frame: start and stop curses, the title, message and
 * status lines, the help overlay, the prompt, and the loop that hands keys
 * to the picker, the current view or the frame's own commands. It reaches
 * the views only through their rows in the table below. After each key it
 * settles: the jump or command line a view asked for, the views caught up
 * with what changed, their lists fitted to the screen; then it draws, and
 * drawing changes nothing. */
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "app.h"
#include "edit.h"

#define TUI_MIN_COLS	80
#define TUI_MIN_LINES	24
#define TUI_AUTOCHECK	100000	/* check conflicts at open up to this many assets */

/* The views, in the order of their numbers. */
static const struct view_ops *const views[VIEW_COUNT] = {
	[VIEW_OVERVIEW] = &view_overview_ops,
	[VIEW_PLAN] = &view_plan_ops,
	[VIEW_CALENDAR] = &view_calendar_ops,
	[VIEW_ASSETS] = &view_assets_ops,
	[VIEW_CONFLICTS] = &view_conflicts_ops,
	[VIEW_CHANGES] = &view_changes_ops,
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
on_sigint(int sig)
{
	(void)sig;
	tui_interrupt();
}

/* ---- drawing --------------------------------------------------------------- */

static void
frame_title(const struct tui *t)
{
	char left[128];
	int x;

	draw_attr_on(&t->scr, COL_TITLE);
	mvhline(0, 0, ' ', t->scr.cols);
	mvaddstr(0, 0, " patchwave ");
	x = 11;
	for (int v = 0; v < VIEW_COUNT; v++) {
		snprintf(left, sizeof left, " %d %s ", v + 1, views[v]->name);
		if ((enum tui_view)v == t->view)
			attron(A_BOLD | A_UNDERLINE);
		mvaddstr(0, x, left);
		if ((enum tui_view)v == t->view)
			attroff(A_BOLD | A_UNDERLINE);
		x += (int)strlen(left);
	}
	const char *zone = tui_zone_name(t);
	int zw = esc_term_width(zone);
	if (x + zw + 2 < t->scr.cols)
		draw_put(0, t->scr.cols - zw - 1, zw, zone);
	draw_attr_off(&t->scr, COL_TITLE);
}

static void
frame_status(const struct tui *t)
{
	struct buf b = { 0 };
	size_t n;
	const struct key_binding *k = keys_view(t->view, &n);

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++)
			if (k[i].brief)
				buf_printf(&b, " %s %s ", k[i].label, k[i].brief);
		k = keys_global(&n);
	}
	draw_attr_on(&t->scr, COL_TITLE);
	draw_put(t->scr.lines - 1, 0, t->scr.cols, b.s ? b.s : "");
	draw_attr_off(&t->scr, COL_TITLE);
	buf_free(&b);
}

static const char *const prompt_label[] = { "", "/", "filter (field=value): ", ":",
	"justification: ", "", "zone (IANA name, e.g. America/New_York): ",
	"change title: ", "" };

static void
frame_message(const struct tui *t)
{
	int y = t->scr.lines - 2;

	move(y, 0);
	clrtoeol();
	if (t->prompt != PROMPT_NONE) {
		struct buf b = { 0 };
		if (t->prompt == PROMPT_CONFIRM)
			buf_adds(&b, t->msg);	/* the question */
		buf_adds(&b, t->ask);
		buf_adds(&b, prompt_label[t->prompt]);
		buf_add(&b, t->input, t->ilen);
		draw_put(y, 0, t->scr.cols - 1, b.s);
		move(y, esc_term_width(b.s) < t->scr.cols - 1 ? esc_term_width(b.s) :
		    t->scr.cols - 1);
		buf_free(&b);
		return;
	}
	draw_attr_on(&t->scr, t->msg_error ? COL_ERROR : COL_NORMAL);
	draw_put(y, 0, t->scr.cols, t->msg);
	draw_attr_off(&t->scr, t->msg_error ? COL_ERROR : COL_NORMAL);
}

/* Every key of the view (left) and the global ones (right), from the same
 * tables the keys are looked up in. */
static void
frame_help(const struct tui *t)
{
	int w = t->scr.cols - 4, h = draw_body_rows(&t->scr), y = 1, x = 2;
	int cw = (w - 2) / 2;
	char title[64];

	draw_attr_on(&t->scr, COL_TITLE);
	for (int i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	snprintf(title, sizeof title, " Keys: %s (any key closes)", views[t->view]->name);
	draw_put(y, x + 1, w - 2, title);
	for (int pass = 0; pass < 2; pass++) {
		size_t n;
		const struct key_binding *k = pass ? keys_global(&n) : keys_view(t->view, &n);
		int row = y + 2, cx = x + 1 + pass * (cw + 1);
		draw_put(row++, cx, cw, pass ? "Everywhere" : "This view");
		for (size_t i = 0; i < n && row < y + h; i++) {
			if (k[i].help == NULL)
				continue;	/* an alias of the line above */
			draw_put(row, cx, 8, k[i].label);
			draw_put(row++, cx + 9, cw - 9, k[i].help);
		}
	}
	draw_attr_off(&t->scr, COL_TITLE);
}

static void
draw(const struct tui *t)
{
	erase();
	if (t->scr.lines < TUI_MIN_LINES || t->scr.cols < TUI_MIN_COLS) {
		char m[96];
		snprintf(m, sizeof m, "patchwave needs at least %dx%d; this terminal is "
		    "%dx%d", TUI_MIN_COLS, TUI_MIN_LINES, t->scr.cols, t->scr.lines);
		mvaddnstr(0, 0, m, t->scr.cols);
		refresh();
		return;
	}
	frame_title(t);
	views[t->view]->draw(t);
	if (t->pick.kind != PICK_NONE)
		picker_draw(&t->pick, &t->scr);
	if (t->help)
		frame_help(t);
	frame_status(t);
	frame_message(t);
	curs_set(t->prompt != PROMPT_NONE);
	refresh();
}

/* ---- settling after a key ------------------------------------------------- */

/* Each view catches up with what changed in the shared state. */
static void
sync_views(struct tui *t)
{
	int changed;

	while ((changed = t->changed) != 0) {
		t->changed = 0;
		for (int v = 0; v < VIEW_COUNT; v++)
			if (views[v]->reload)
				views[v]->reload(t, changed);
	}
}

/* Rows per list for the current size (views draw within these). */
static void
layout(struct tui *t)
{
	for (int v = 0; v < VIEW_COUNT; v++)
		if (views[v]->layout)
			views[v]->layout(t);
}

/* A command line run with the terminal handed to it (the : prompt, Enter on
 * a change), then everything it may have changed loaded again. */
static void
run_cli(struct tui *t, int argc, char **argv)
{
	int rc;

	if (t->env.run_cli == NULL) {
		tui_msg(t, 1, "no command line here");
		return;
	}
	/* The command owns the terminal while it runs, like vi's :! */
	def_prog_mode();
	endwin();
	printf("$ patchwave");
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
	rc = t->env.run_cli(t->env.cli_arg, argc, argv);
	if (tui_cancelled())
		printf("\n(cancelled with Ctrl-C: its transaction was rolled back)");
	printf("\n[exit %d; press Enter to return to patchwave]", rc);
	fflush(stdout);
	for (int c; (c = getchar()) != '\n' && c != EOF;)
		;
	reset_prog_mode();
	tui_calendars_unload(t);	/* an import may have changed them */
	tui_calendars_load(t);
	tui_load(t, t->checked || t->nowned <= TUI_AUTOCHECK);
	tui_msg(t, rc != 0, ":%s exited %d", argv[0], rc);
}

/* What the key asked for, then the views brought up to date. */
static void
settle(struct tui *t)
{
	sync_views(t);
	if (t->go) {
		struct tui_target to = t->go_to;
		t->go = 0;
		t->go_to.key = NULL;
		t->view = t->go_view;
		if (views[t->view]->open)
			views[t->view]->open(t, to.wave || to.key ? &to : NULL);
		free(to.key);
	}
	if (t->cli) {
		char **argv = t->cli;
		int argc = t->ncli;
		t->cli = NULL;
		t->ncli = 0;
		run_cli(t, argc, argv);
		for (int i = 0; i < argc; i++)
			free(argv[i]);
		free(argv);
	}
	sync_views(t);
	layout(t);
}

/* ---- the prompt and the command line ----------------------------------- */

/* Split a command line into words ("quotes" group); at most max. */
static int
split_words(char *s, char **argv, int max)
{
	int n = 0;

	while (*s && n < max) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (*s == '"') {
			argv[n++] = ++s;
			while (*s && *s != '"')
				s++;
		} else {
			argv[n++] = s;
			while (*s && *s != ' ')
				s++;
		}
		if (*s)
			*s++ = '\0';
	}
	return n;
}

static void
run_command(struct tui *t, const char *input)
{
	char line[sizeof t->input], *argv[32];
	int argc;

	snprintf(line, sizeof line, "%s", input);
	if ((argc = split_words(line, argv, 31)) == 0)
		return;
	if (strcmp(argv[0], "q") == 0 || strcmp(argv[0], "quit") == 0) {
		t->quit = 1;
		return;
	}
	argv[argc] = NULL;
	tui_cli(t, argc, argv);
}

/* The frame's prompts are answered here, the views' by their rows. */
static void
prompt_done(struct tui *t, enum prompt_kind k, const char *input)
{
	const struct view_ops *v = views[t->view];

	switch (k) {
	case PROMPT_COMMAND:
		run_command(t, input);
		break;
	case PROMPT_ZONE:
		if (tz_builtin(input) == NULL)
			tui_msg(t, 1, "%s: not an IANA time zone", input);
		else {
			snprintf(t->other_zone, sizeof t->other_zone, "%.63s", input);
			tui_zone_set(t, 2);
			tui_msg(t, 0, "times in %s (z cycles)", t->other_zone);
		}
		break;
	case PROMPT_CONFIRM:
		edit_confirm_done(t, strcmp(input, "y") == 0);
		break;
	case PROMPT_SEARCH:
		snprintf(t->search, sizeof t->search, "%s", input);
		input = t->search;
		/* FALLTHROUGH */
	default:
		if (v->prompt_done)
			v->prompt_done(t, k, input);
		break;
	}
}

static void
prompt_key(struct tui *t, int ch)
{
	if (t->prompt == PROMPT_CONFIRM) {	/* one key: y, or anything else */
		t->prompt = PROMPT_NONE;
		prompt_done(t, PROMPT_CONFIRM, ch == 'y' || ch == 'Y' ? "y" : "n");
		return;
	}
	if (ch == 27) {
		t->prompt = PROMPT_NONE;
		return;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		/* Back over one UTF-8 character. */
		while (t->ilen > 0 && ((unsigned char)t->input[--t->ilen] & 0xc0) == 0x80)
			;
		return;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		enum prompt_kind k = t->prompt;
		t->input[t->ilen] = '\0';
		t->prompt = PROMPT_NONE;
		prompt_done(t, k, t->input);
		return;
	}
	if (ch >= 0x20 && ch < 0x100 && ch != 0x7f && t->ilen + 1 < sizeof t->input)
		t->input[t->ilen++] = (char)ch;	/* UTF-8 arrives byte by byte */
}

void
tui_prompt_done(struct tui *t, enum prompt_kind k, const char *input)
{
	prompt_done(t, k, input);
	settle(t);
}

/* ---- keys and the mouse -------------------------------------------------- */

static void
mouse(struct tui *t)
{
	MEVENT ev;
	const struct view_ops *v = views[t->view];
	struct view_list vl = v->list ? v->list(t) : (struct view_list){ NULL, 0 };
	struct list_state *l = vl.ls;

	if (getmouse(&ev) != OK || l == NULL)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		list_scroll(l, -3);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		list_scroll(l, 3);
#endif
	else if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) && ev.y >= vl.y &&
	    l->top + (size_t)(ev.y - vl.y) < l->count && ev.y - vl.y < l->rows)
		list_goto(l, l->top + (size_t)(ev.y - vl.y));
}

/* A command for whatever has the keys: the picker while it is up; else the
 * edits of the whole plan, the current view, then the frame's own. */
static int
command(struct tui *t, enum tui_cmd cmd)
{
	const struct view_ops *v = views[t->view];
	struct pick pk;

	if (t->pick.kind != PICK_NONE) {
		if (picker_key(&t->pick, cmd, &pk) && v->picked)
			v->picked(t, &pk);	/* the view that opened it */
		return 1;
	}
	t->msg[0] = '\0';
	if (cmd == CMD_UNDO) {
		edit_undo(t);
		return 1;
	}
	if (cmd == CMD_REPLAN) {
		edit_replan(t);
		return 1;
	}
	if (v->key(t, cmd))
		return 1;
	if (cmd >= CMD_VIEW_1 && cmd < CMD_VIEW_1 + VIEW_COUNT) {
		tui_goto(t, (enum tui_view)(cmd - CMD_VIEW_1), 0, NULL);
		return 1;
	}
	switch (cmd) {
	case CMD_QUIT: t->quit = 1; break;
	case CMD_HELP: t->help = 1; break;
	case CMD_NEXT_VIEW: tui_goto(t, (t->view + 1) % VIEW_COUNT, 0, NULL); break;
	case CMD_PREV_VIEW:
		tui_goto(t, (t->view + VIEW_COUNT - 1) % VIEW_COUNT, 0, NULL);
		break;
	case CMD_COMMAND: tui_prompt(t, PROMPT_COMMAND, NULL); break;
	case CMD_OTHER_ZONE: tui_prompt(t, PROMPT_ZONE, NULL); break;
	case CMD_SEARCH: tui_prompt(t, PROMPT_SEARCH, NULL); break;
	case CMD_FILTER: tui_prompt(t, PROMPT_FILTER, NULL); break;
	case CMD_ZONE:
		/* the operator's zone, UTC, and the other one when Z set it */
		tui_zone_set(t, (t->zone_mode + 1) % (t->other_zone[0] ? 3 : 2));
		tui_msg(t, 0, "times in %s", tui_zone_name(t));
		break;
	case CMD_RECHECK:
		tui_msg(t, 0, "checking...");
		if (t->redraw)
			t->redraw(t);
		if (tui_load(t, 1) == 0)
			tui_msg(t, 0, "checked: %zu errors, %zu warnings", t->nerr, t->nwarn);
		break;
	case CMD_REDRAW: clearok(curscr, TRUE); break;
	case CMD_NONE:
		tui_msg(t, 0, "no such key here: ? lists the keys");
		return 0;
	default:
		return 0;
	}
	return 1;
}

int
tui_command(struct tui *t, enum tui_cmd cmd)
{
	int used = command(t, cmd);

	settle(t);
	return used;
}

static void
key(struct tui *t, int ch)
{
	if (t->prompt != PROMPT_NONE) {
		prompt_key(t, ch);
		return;
	}
	if (t->help) {		/* any key closes help */
		t->help = 0;
		return;
	}
	if (t->pick.kind != PICK_NONE) {	/* a list's keys */
		command(t, keys_lookup(VIEW_CONFLICTS, ch));
		return;
	}
	if (ch == KEY_MOUSE) {
		mouse(t);
		return;
	}
	command(t, keys_lookup(t->view, ch));
}

/* ---- the app ----------------------------------------------------------- */

void
tui_init(struct tui *t, const struct tui_env *env, int lines, int cols)
{
	memset(t, 0, sizeof *t);
	t->env = *env;
	t->scr.lines = lines;
	t->scr.cols = cols;
	tui_zone_set(t, 0);
	for (int v = 0; v < VIEW_COUNT; v++) {
		t->view_state[v] = xcalloc(1, views[v]->size);
		if (views[v]->init)
			views[v]->init(t);
	}
	layout(t);
}

int
tui_reload(struct tui *t, int with_check)
{
	int rc = tui_load(t, with_check);

	settle(t);
	return rc;
}

int
tui_run(const struct tui_env *env)
{
	struct tui t;
	struct sigaction sa;
	int lines, cols;

	double started = now_s();

	if (initscr() == NULL)
		return 1;
	store_cancel_on(env->store, tui_cancel_flag());
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	getmaxyx(stdscr, lines, cols);
	tui_init(&t, env, lines, cols);
	draw_colors_init(&t.scr);
	t.redraw = draw;
	tui_msg(&t, 0, "loading...");
	draw(&t);
	if (tui_load(&t, 0) == 0) {
		/* Loaded now, so the calendar's first key costs no more than the
		 * next (10k events: some 30 ms). */
		tui_calendars_load(&t);
		if (t.nowned <= TUI_AUTOCHECK && t.nwaves > 0)
			tui_check(&t);
		tui_msg(&t, 0, "%ld assets, %zu waves%s. ? lists the keys.", t.nassets,
		    t.nwaves, t.checked ? "" : t.nwaves ? "; r checks conflicts" :
		    "; no plan yet (:plan makes one)");
	}
	settle(&t);
	/* make bench reads how long opening and each key take. */
	const char *tf = getenv("PATCHWAVE_TUI_TIMINGS");
	FILE *timings = tf ? fopen(tf, "w") : NULL;
	double t0 = started, keyed = 0;
	int last = 0;
	while (!t.quit && !*tui_cancel_flag()) {
		getmaxyx(stdscr, lines, cols);
		if (lines != t.scr.lines || cols != t.scr.cols) {
			t.scr.lines = lines;
			t.scr.cols = cols;
			layout(&t);
		}
		draw(&t);
		if (timings) {
			if (keyed)
				fprintf(timings, "key %d %.6f\n", last, now_s() - keyed);
			else
				fprintf(timings, "open %.6f\n", now_s() - t0);
			fflush(timings);
		}
		int ch = getch();
		keyed = now_s();
		last = ch;
		if (ch == KEY_RESIZE || ch == ERR)
			continue;	/* the size is read again above */
		key(&t, ch);
		settle(&t);
	}
	endwin();
	store_cancel_on(env->store, NULL);
	if (timings)
		fclose(timings);
	tui_free(&t);
	return 0;
}

void
tui_free(struct tui *t)
{
	for (int v = 0; v < VIEW_COUNT; v++) {
		if (t->view_state[v] && views[v]->free)
			views[v]->free(t);
		free(t->view_state[v]);
		t->view_state[v] = NULL;
	}
	edit_free(t);
	tui_state_free(t);
}
