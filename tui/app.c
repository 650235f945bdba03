/* The terminal UI's frame: start and stop curses, the title, message and
 * status lines, the help overlay, the prompt, and the loop that hands keys
 * to the current view. */
#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "app.h"

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

/* Load (again) what every view reads, then what the views made of it. */
int
tui_reload(struct tui *t, int with_check)
{
	struct pw_error e = { 0 };
	long long open_wave = t->wave_open ? t->wave.q.wave : 0;
	int rc;

	t->cal_ag_valid = 0;		/* the waves in it may have changed */
	t->changes_loaded = 0;		/* an edit may send a change back to draft */
	rc = tui_load(t, with_check);
	list_set_count(&t->ov, t->nwaves);
	list_set_count(&t->pl, t->nwaves);
	if (t->assets.store == NULL) {
		struct asset_query all = { 0 };
		if (pager_open(&t->assets, t->env.store, &all, draw_body_rows(&t->scr) - 1,
		    t->nassets, &e) != 0) {
			tui_msg(t, 1, "%s", e.msg);
			return -1;
		}
	} else if (pager_refresh(&t->assets, t->assets.q.field == BF_NONE ? t->nassets :
	    -1, &e) != 0) {
		tui_msg(t, 1, "%s", e.msg);
		return -1;
	}
	if (open_wave)
		plan_open_wave(t, open_wave);
	return rc;
}

/* ---- frame ---------------------------------------------------------------- */

static void
draw_title(struct tui *t)
{
	char left[128];
	int x;

	draw_attr_on(&t->scr, COL_TITLE);
	mvhline(0, 0, ' ', t->scr.cols);
	mvaddstr(0, 0, " patchwave ");
	x = 11;
	for (int v = 0; v < VIEW_COUNT; v++) {
		snprintf(left, sizeof left, " %d %s ", v + 1, keys_view_name(v));
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
draw_status(struct tui *t)
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
draw_message(struct tui *t)
{
	move(t->scr.lines - 2, 0);
	clrtoeol();
	if (t->prompt != PROMPT_NONE) {
		struct buf b = { 0 };
		if (t->prompt == PROMPT_CONFIRM)
			buf_adds(&b, t->msg);	/* the question */
		if (t->prompt == PROMPT_DECIDE)
			buf_adds(&b, changes_prompt(t));
		buf_adds(&b, prompt_label[t->prompt]);
		buf_add(&b, t->input, t->ilen);
		draw_put(t->scr.lines - 2, 0, t->scr.cols - 1, b.s);
		move(t->scr.lines - 2, esc_term_width(b.s) < t->scr.cols - 1 ?
		    esc_term_width(b.s) : t->scr.cols - 1);
		buf_free(&b);
		return;
	}
	draw_attr_on(&t->scr, t->msg_error ? COL_ERROR : COL_NORMAL);
	draw_put(t->scr.lines - 2, 0, t->scr.cols, t->msg);
	draw_attr_off(&t->scr, t->msg_error ? COL_ERROR : COL_NORMAL);
}

/* Every key of the view (left) and the global ones (right), from the same
 * tables the keys are looked up in. */
static void
draw_help(struct tui *t)
{
	int w = t->scr.cols - 4, h = draw_body_rows(&t->scr), y = 1, x = 2, cw = (w - 2) / 2;
	char title[64];

	draw_attr_on(&t->scr, COL_TITLE);
	for (int i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	snprintf(title, sizeof title, " Keys: %s (any key closes)", keys_view_name(t->view));
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
draw(struct tui *t)
{
	erase();
	getmaxyx(stdscr, t->scr.lines, t->scr.cols);
	if (t->scr.lines < TUI_MIN_LINES || t->scr.cols < TUI_MIN_COLS) {
		char m[96];
		snprintf(m, sizeof m, "patchwave needs at least %dx%d; this terminal is "
		    "%dx%d", TUI_MIN_COLS, TUI_MIN_LINES, t->scr.cols, t->scr.lines);
		mvaddnstr(0, 0, m, t->scr.cols);
		refresh();
		return;
	}
	draw_title(t);
	switch (t->view) {
	case VIEW_OVERVIEW: overview_draw(t); break;
	case VIEW_PLAN: plan_draw(t); break;
	case VIEW_CALENDAR: calendar_draw(t); break;
	case VIEW_ASSETS: assets_draw(t); break;
	case VIEW_CONFLICTS: conflicts_draw(t); break;
	case VIEW_CHANGES: changes_draw(t); break;
	case VIEW_COUNT: break;
	}
	if (t->pick.kind != PICK_NONE)
		picker_draw(&t->pick, &t->scr);
	if (t->help)
		draw_help(t);
	draw_status(t);
	draw_message(t);
	curs_set(t->prompt != PROMPT_NONE);
	refresh();
}

/* Rows per list for the current size (views draw within these). */
static void
layout(struct tui *t)
{
	struct pw_error e = { 0 };
	int body = draw_body_rows(&t->scr);

	list_set_rows(&t->ov, body - 10);
	list_set_rows(&t->pl, body - 4);
	list_set_rows(&t->cf, body - 4);
	list_set_rows(&t->assets.ls, body - 1);
	list_set_rows(&t->wave.ls, body - 2);
	if (t->assets.store && pager_sync(&t->assets, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
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
run_command(struct tui *t, char *line)
{
	char *argv[32];
	int argc = split_words(line, argv, 31);

	if (argc == 0)
		return;
	if (strcmp(argv[0], "q") == 0 || strcmp(argv[0], "quit") == 0) {
		t->quit = 1;
		return;
	}
	argv[argc] = NULL;
	tui_run_cli(t, argc, argv);
}

void
tui_run_cli(struct tui *t, int argc, char **argv)
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
	calendar_unload(t);	/* an import may have changed them */
	calendar_load(t);
	tui_reload(t, t->checked || t->nowned <= TUI_AUTOCHECK);
	tui_msg(t, rc != 0, ":%s exited %d", argv[0], rc);
}

static void
prompt_key(struct tui *t, int ch)
{
	if (t->prompt == PROMPT_CONFIRM) {	/* one key: y, or anything else */
		t->prompt = PROMPT_NONE;
		edit_prompt_done(t, PROMPT_CONFIRM, ch == 'y' || ch == 'Y' ? "y" : "n");
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
		if (k == PROMPT_SEARCH) {
			snprintf(t->search, sizeof t->search, "%s", t->input);
			if (t->view == VIEW_ASSETS || t->view == VIEW_PLAN)
				assets_search(t, t->search, 1);
		} else if (k == PROMPT_FILTER)
			assets_filter(t, t->input);
		else if (k == PROMPT_COMMAND)
			run_command(t, t->input);
		else if (k == PROMPT_ZONE) {
			if (tz_builtin(t->input) == NULL)
				tui_msg(t, 1, "%s: not an IANA time zone", t->input);
			else {
				snprintf(t->other_zone, sizeof t->other_zone, "%.63s", t->input);
				tui_zone_set(t, 2);
				tui_msg(t, 0, "times in %s (z cycles)", t->other_zone);
			}
		} else
			edit_prompt_done(t, k, t->input);
		return;
	}
	if (ch >= 0x20 && ch < 0x100 && ch != 0x7f && t->ilen + 1 < sizeof t->input)
		t->input[t->ilen++] = (char)ch;	/* UTF-8 arrives byte by byte */
}

/* ---- keys and the mouse -------------------------------------------------- */

static struct list_state *
current_list(struct tui *t, int *first_row)
{
	switch (t->view) {
	case VIEW_OVERVIEW: *first_row = 11; return &t->ov;
	case VIEW_PLAN:
		*first_row = 3;
		return t->wave_open ? &t->wave.ls : &t->pl;
	case VIEW_ASSETS: *first_row = 2; return &t->assets.ls;
	case VIEW_CONFLICTS: *first_row = 2; return &t->cf;
	case VIEW_CHANGES: *first_row = 2; return &t->ch;
	default: return NULL;
	}
}

static void
mouse(struct tui *t)
{
	MEVENT ev;
	int first;
	struct list_state *l = current_list(t, &first);

	if (getmouse(&ev) != OK || l == NULL)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		list_scroll(l, -3);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		list_scroll(l, 3);
#endif
	else if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) && ev.y >= first &&
	    l->top + (size_t)(ev.y - first) < l->count && ev.y - first < l->rows)
		list_goto(l, l->top + (size_t)(ev.y - first));
}

static void
key(struct tui *t, int ch)
{
	enum tui_cmd cmd;
	int used = 0;

	if (t->prompt != PROMPT_NONE) {
		prompt_key(t, ch);
		return;
	}
	if (t->help) {		/* any key closes help */
		t->help = 0;
		return;
	}
	if (t->pick.kind != PICK_NONE) {
		struct pick pk;
		if (picker_key(&t->pick, keys_lookup(VIEW_CONFLICTS, ch), &pk))
			edit_picked(t, &pk);
		return;
	}
	if (ch == KEY_MOUSE) {
		mouse(t);
		return;
	}
	cmd = keys_lookup(t->view, ch);
	t->msg[0] = '\0';
	if (edit_key(t, cmd))
		return;
	switch (t->view) {
	case VIEW_OVERVIEW: used = overview_key(t, cmd); break;
	case VIEW_PLAN: used = plan_key(t, cmd); break;
	case VIEW_CALENDAR: used = calendar_key(t, cmd); break;
	case VIEW_ASSETS: used = assets_key(t, cmd); break;
	case VIEW_CONFLICTS: used = conflicts_key(t, cmd); break;
	case VIEW_CHANGES: used = changes_key(t, cmd); break;
	case VIEW_COUNT: break;
	}
	if (used)
		return;
	switch (cmd) {
	case CMD_QUIT: t->quit = 1; break;
	case CMD_HELP: t->help = 1; break;
	case CMD_NEXT_VIEW: t->view = (t->view + 1) % VIEW_COUNT; break;
	case CMD_PREV_VIEW: t->view = (t->view + VIEW_COUNT - 1) % VIEW_COUNT; break;
	case CMD_VIEW_1: case CMD_VIEW_2: case CMD_VIEW_3: case CMD_VIEW_4:
	case CMD_VIEW_5: case CMD_VIEW_6:
		t->view = (enum tui_view)(cmd - CMD_VIEW_1);
		break;
	case CMD_COMMAND: tui_prompt(t, PROMPT_COMMAND); break;
	case CMD_OTHER_ZONE: tui_prompt(t, PROMPT_ZONE); break;
	case CMD_SEARCH: tui_prompt(t, PROMPT_SEARCH); break;
	case CMD_FILTER: tui_prompt(t, PROMPT_FILTER); break;
	case CMD_ZONE:
		/* the operator's zone, UTC, and the other one when Z set it */
		tui_zone_set(t, (t->zone_mode + 1) % (t->other_zone[0] ? 3 : 2));
		tui_msg(t, 0, "times in %s", tui_zone_name(t));
		break;
	case CMD_RECHECK:
		tui_msg(t, 0, "checking...");
		draw(t);
		if (tui_reload(t, 1) == 0)
			tui_msg(t, 0, "checked: %zu errors, %zu warnings", t->nerr, t->nwarn);
		break;
	case CMD_REDRAW: clearok(curscr, TRUE); break;
	case CMD_NONE:
		if (ch != ERR)
			tui_msg(t, 0, "no such key here: ? lists the keys");
		break;
	default: break;
	}
}

int
tui_run(const struct tui_env *env)
{
	struct tui t;
	struct sigaction sa;

	double started = now_s();

	memset(&t, 0, sizeof t);
	t.env = *env;
	tui_zone_set(&t, 0);
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
	draw_colors_init(&t.scr);
	getmaxyx(stdscr, t.scr.lines, t.scr.cols);
	t.redraw = draw;
	layout(&t);
	tui_msg(&t, 0, "loading...");
	draw(&t);
	if (tui_reload(&t, 0) == 0) {
		/* Loaded now, so the calendar's first key costs no more than the
		 * next (10k events: some 30 ms). */
		calendar_load(&t);
		if (t.nowned <= TUI_AUTOCHECK && t.nwaves > 0)
			tui_check(&t);
		tui_msg(&t, 0, "%ld assets, %zu waves%s. ? lists the keys.", t.nassets,
		    t.nwaves, t.checked ? "" : t.nwaves ? "; r checks conflicts" :
		    "; no plan yet (:plan makes one)");
	}
	layout(&t);
	/* make bench reads how long opening and each key take. */
	const char *tf = getenv("PATCHWAVE_TUI_TIMINGS");
	FILE *timings = tf ? fopen(tf, "w") : NULL;
	double t0 = started, keyed = 0;
	int last = 0;
	while (!t.quit && !*tui_cancel_flag()) {
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
		if (ch == KEY_RESIZE) {
			getmaxyx(stdscr, t.scr.lines, t.scr.cols);
			layout(&t);
			continue;
		}
		if (ch == ERR)
			continue;
		key(&t, ch);
		layout(&t);
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
	edit_free(t);
	tui_state_free(t);
	pager_close(&t->assets);
	pager_close(&t->wave);
	agenda_free(&t->cal_ag);
	agenda_free(&t->plan_ag);
	calendar_unload(t);
	changes_unload(t);
}
