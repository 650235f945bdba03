/* The terminal UI's frame: start and stop curses, the title, message and
 * status lines, the pane (the help, a command line's output), the prompt
 * (its line edited in lineedit.c), the mouse, and the loop that hands keys
 * to the pane, the prompt, the picker, the current view or the frame's own
 * commands. It reaches the views only through their rows in the table
 * below. After each key it settles: the jump or command line a view asked
 * for, the views caught up with what changed, their lists fitted to the
 * screen; then it draws, and drawing changes nothing. */
#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "app.h"
#include "edit.h"
#include "histfile.h"

#define TUI_MIN_COLS	80
#define TUI_MIN_LINES	24
#define TUI_AUTOCHECK	100000	/* check conflicts at open up to this many assets */
#define TUI_OUTPUT_MAX	(4 << 20)	/* a command's output kept for the pane */
#define TUI_DOUBLE_CLICK 0.4	/* seconds between the clicks of a double-click */

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

/* How the title line fits: the zone every time on screen is in is never cut
 * while the tabs can give way. 0: " patchwave " then tabs " N name "; 1:
 * those tabs alone; 2: tabs " N name"; 3: only the shown view's named. */
#define TITLE_FITS	4

/* View v's tab on the title line as fit lays it out (cur: the shown view):
 * its text, and its column (returned). */
static int
frame_tab(int fit, int cur, int v, char *out, size_t n)
{
	int x = fit == 0 ? 11 : 0;	/* after " patchwave " */

	for (int i = 0; i <= v; i++) {
		if (fit < 2)
			snprintf(out, n, " %d %s ", i + 1, views[i]->name);
		else if (fit == 2 || i == cur)
			snprintf(out, n, " %d %s", i + 1, views[i]->name);
		else
			snprintf(out, n, " %d", i + 1);
		if (i < v)
			x += (int)strlen(out);
	}
	return x;
}

/* The first layout whose tabs leave the zone whole at the right, a blank
 * column between them, else the last; *zone_x: the zone's column (the zone
 * is cut only in the last, where it does not fit). */
static int
frame_fit(const struct tui *t, int *zone_x)
{
	char tab[128];
	int zw = esc_term_width(tui_zone_name(t)), fit, from = 0;

	for (fit = 0; fit < TITLE_FITS; fit++) {
		from = frame_tab(fit, (int)t->view, VIEW_COUNT - 1, tab, sizeof tab) +
		    (int)strlen(tab) + (fit < 2 ? 0 : 1);	/* " N name " ends blank */
		if (t->scr.cols - zw - 1 >= from)
			break;
	}
	if (fit == TITLE_FITS)
		fit--;
	*zone_x = t->scr.cols - zw - 1 >= from ? t->scr.cols - zw - 1 : from;
	return fit;
}

static void
frame_title(const struct tui *t)
{
	char left[128];
	int x = 0, zx, fit = frame_fit(t, &zx);

	draw_attr_on(&t->scr, COL_TITLE);
	mvhline(0, 0, ' ', t->scr.cols);
	if (fit == 0)
		mvaddstr(0, 0, " patchwave ");
	for (int v = 0; v < VIEW_COUNT; v++) {
		x = frame_tab(fit, (int)t->view, v, left, sizeof left);
		if ((enum tui_view)v == t->view)
			attron(A_BOLD | A_UNDERLINE);
		mvaddstr(0, x, left);
		if ((enum tui_view)v == t->view)
			attroff(A_BOLD | A_UNDERLINE);
		x += (int)strlen(left);
	}
	/* Every time on screen is in it: whole, or cut only when even the
	 * shortest tabs leave too little room. */
	draw_put(0, zx, t->scr.cols - zx - 1, tui_zone_name(t));
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
	"change title: ", "", "" };

/* The columns of the input's bytes from .. to. */
static int
input_width(const struct line *l, size_t from, size_t to)
{
	char *s = xstrndup(l->s + from, to - from);
	int w = esc_term_width(s);

	free(s);
	return w;
}

/* The prompt: its label, then as much of the input as fits with the cursor
 * in view; when the start is scrolled off, a "<" says so. (A y/n question is
 * a message: frame_message.) */
static void
frame_prompt(const struct tui *t, int y)
{
	struct buf b = { 0 };
	const struct line *l = &t->line;
	int room = t->scr.cols - 1, lw;
	size_t from = 0;

	buf_adds(&b, t->ask);
	if (t->prompt == PROMPT_FILTER && t->ask[0])
		buf_adds(&b, " ");	/* the view's own filter syntax, not Assets' */
	else
		buf_adds(&b, prompt_label[t->prompt]);
	lw = esc_term_width(buf_str(&b));
	if (lw > room - 16)
		lw = room - 16;	/* a long label: cut, the input keeps room */
	draw_put(y, 0, lw, buf_str(&b));
	/* Scroll the input by characters until the cursor fits. */
	while (from < l->cur && lw + 1 + input_width(l, from, l->cur) >= room)
		while (++from < l->len && ((unsigned char)l->s[from] & 0xc0) == 0x80)
			;
	int x = lw;
	if (from > 0 && x < room) {
		mvaddstr(y, x, "<");
		x++;
	}
	if (x < room)
		draw_put(y, x, room - x, l->s + from);
	int cx = x + input_width(l, from, l->cur);
	move(y, cx < room ? cx : room);
	buf_free(&b);
}

static void
frame_message(const struct tui *t)
{
	int y = t->scr.lines - 2;

	move(y, 0);
	clrtoeol();
	if (t->prompt != PROMPT_NONE && t->prompt != PROMPT_CONFIRM &&
	    t->prompt != PROMPT_YESNO) {
		frame_prompt(t, y);
		return;
	}
	/* A message wider than the screen (a refusal and what to do, at 80
	 * columns) is wrapped at spaces onto the rows above, at most
	 * MSG_LINES; the next frame draws the view there again. A y/n
	 * question too: its "y/n" comes last and must show (P's counts). */
	enum { MSG_LINES = 4 };
	size_t at[MSG_LINES + 1], len = strlen(t->msg);
	int n = 0;
	at[0] = 0;
	while (n < MSG_LINES - 1 && esc_term_width(t->msg + at[n]) > t->scr.cols) {
		size_t cut = 0;
		for (size_t i = at[n]; i < len; i++)
			if (t->msg[i] == ' ') {
				char *head = xstrndup(t->msg + at[n], i - at[n]);
				int w = esc_term_width(head);
				free(head);
				if (w > t->scr.cols)
					break;
				cut = i;
			}
		if (cut == 0)
			break;	/* no space to break at: cut as before */
		at[++n] = cut + 1;
	}
	at[n + 1] = len + 1;
	draw_attr_on(&t->scr, t->msg_error ? COL_ERROR : COL_NORMAL);
	for (int i = 0; i <= n; i++) {
		char *part = xstrndup(t->msg + at[i], at[i + 1] - 1 - at[i]);
		move(y - n + i, 0);
		clrtoeol();
		draw_put(y - n + i, 0, t->scr.cols, part);
		free(part);
	}
	draw_attr_off(&t->scr, t->msg_error ? COL_ERROR : COL_NORMAL);
}

/* A key table's lines in the help: the label, then what it does. */
static void
help_keys(struct pane *p, const char *heading, const struct key_binding *k, size_t n)
{
	char line[256];

	pane_add(p, 0, "");
	pane_add(p, 0, heading);
	for (size_t i = 0; i < n; i++)
		if (k[i].help) {	/* NULL: an alias of the line above */
			snprintf(line, sizeof line, "  %-9s %s", k[i].label, k[i].help);
			pane_add(p, 12, line);
		}
}

/* ? : every key of the view, the global ones, a prompt's and the help's
 * own, from the same tables the keys are looked up in; it scrolls, so
 * nothing is cut however small the screen. */
static void
frame_help(struct tui *t)
{
	const struct key_binding *k;
	char title[64];
	size_t n;

	snprintf(title, sizeof title, " Keys: %s", views[t->view]->name);
	pane_open(&t->pane, title, "j/k PgUp/PgDn g/G scroll; q or any other key "
	    "closes");
	k = keys_view(t->view, &n);
	help_keys(&t->pane, "This view", k, n);
	k = keys_global(&n);
	help_keys(&t->pane, "Everywhere", k, n);
	k = keys_prompt(&n);
	help_keys(&t->pane, "In a prompt (:, /, f and the questions)", k, n);
	k = keys_pane(&n);
	help_keys(&t->pane, "In this help and a command's output", k, n);
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
		mvaddnstr(1, 0, "enlarge it (keys wait), or q quits", t->scr.cols);
		refresh();
		return;
	}
	frame_title(t);
	views[t->view]->draw(t);
	if (t->pick.kind != PICK_NONE)
		picker_draw(&t->pick, &t->scr);
	if (t->pane.up)
		pane_draw(&t->pane, &t->scr, 1, 0);
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
	/* the pane over the body: its title, text rows and foot */
	pane_layout(&t->pane, t->scr.cols, draw_body_rows(&t->scr) - 2);
}

/* What a command printed (stdout and stderr, in a temporary file while it
 * runs), at most TUI_OUTPUT_MAX bytes of it; its exit status. */
static int
run_captured(struct tui *t, int argc, char **argv, struct buf *out)
{
	FILE *f = tmpfile();
	int saved[2], rc;
	char chunk[8192];
	size_t n;

	if (f == NULL) {
		buf_adds(out, "patchwave: no temporary file for the output\n");
		return 1;
	}
	fflush(stdout);
	fflush(stderr);
	saved[0] = dup(STDOUT_FILENO);
	saved[1] = dup(STDERR_FILENO);
	dup2(fileno(f), STDOUT_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	rc = t->env.run_cli(t->env.cli_arg, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved[0], STDOUT_FILENO);
	dup2(saved[1], STDERR_FILENO);
	close(saved[0]);
	close(saved[1]);
	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && out->len < TUI_OUTPUT_MAX)
		buf_add(out, chunk, n);
	if (n > 0)
		buf_printf(out, "\n(the output goes on: %d MB shown; run it outside the "
		    "terminal UI for all of it)\n", TUI_OUTPUT_MAX >> 20);
	fclose(f);
	return rc;
}

/* A command line (the : prompt, Enter on a change), its output then shown
 * in the pane in place of the last one's, and everything it may have
 * changed loaded again. echo: the line as typed, or NULL (quoted from argv). */
static void
run_cli(struct tui *t, int argc, char **argv, const char *echo)
{
	struct buf title = { 0 }, out = { 0 }, foot = { 0 };
	int rc;

	if (t->env.run_cli == NULL) {
		tui_msg(t, 1, "no command line here");
		return;
	}
	buf_adds(&title, "$ patchwave ");
	for (int i = 0; echo == NULL && i < argc; i++) {
		if (i)
			buf_addc(&title, ' ');
		esc_sh(&title, argv[i]);
	}
	if (echo)
		buf_adds(&title, echo);
	tui_busy(t, buf_str(&title) + 2);
	rc = run_captured(t, argc, argv, &out);
	if (tui_cancelled())
		buf_adds(&out, "\n(cancelled with Ctrl-C: its transaction was rolled back)");
	buf_printf(&foot, "exit %d; press Enter to return (j/k PgUp/PgDn g/G scroll)", rc);
	pane_open(&t->pane, buf_str(&title), buf_str(&foot));
	/* The title row cuts a long line: then it heads the output whole,
	 * wrapped (its bytes are at least its columns). */
	if (title.len > (size_t)t->pane.width)
		pane_add(&t->pane, 4, buf_str(&title));
	pane_add(&t->pane, 2, out.len ? buf_str(&out) : "(no output)");
	pane_layout(&t->pane, t->pane.width, t->pane.height);	/* for tui_busy */
	buf_free(&title);
	buf_free(&out);
	buf_free(&foot);
	tui_calendars_unload(t);	/* an import may have changed them */
	tui_calendars_load(t);
	tui_load(t, t->checked || t->nowned <= TUI_AUTOCHECK);
	int w = 0;	/* the command's name: past the global options */
	while (w + 1 < argc && argv[w][0] == '-')
		w += strchr(argv[w], '=') ? 1 : 2;
	tui_msg(t, rc != 0, ":%s exited %d", argv[w < argc ? w : 0], rc);
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
		char **argv = t->cli, *echo = t->cli_echo;
		int argc = t->ncli;
		t->cli = NULL;
		t->cli_echo = NULL;
		t->ncli = 0;
		run_cli(t, argc, argv, echo);
		for (int i = 0; i < argc; i++)
			free(argv[i]);
		free(argv);
		free(echo);
	}
	sync_views(t);
	layout(t);
}

/* ---- the prompt and the command line ----------------------------------- */

/* Split a command line into words as a shell does, in place: '...' as it
 * is, "..." with \\ and \" escaped, a \ outside quotes escaping the next
 * character; quoted parts join the word they touch. The number of words
 * (at most max), or -1 when a quote is not closed. */
static int
split_words(char *s, char **argv, int max)
{
	char *w = s;
	int n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n == max)
			return n;
		argv[n++] = w;
		while (*s && *s != ' ' && *s != '\t') {
			char q = *s;
			if (q == '\'' || q == '"') {
				s++;
				while (*s && *s != q) {
					if (q == '"' && *s == '\\' && (s[1] == '"' || s[1] == '\\'))
						s++;
					*w++ = *s++;
				}
				if (*s != q)
					return -1;
				s++;
			} else {
				if (q == '\\' && s[1])
					s++;
				*w++ = *s++;
			}
		}
		if (*s)
			s++;
		*w++ = '\0';
	}
	return n;
}

static void
run_command(struct tui *t, const char *input)
{
	char line[sizeof t->line.s], *argv[32];
	struct pw_error err = { 0 };
	int argc;

	history_add(&t->history, input);
	if (histfile_save(&t->history, &err) < 0)	/* now: a killed terminal keeps it */
		tui_msg(t, 1, "the : prompt's history is not kept: %s", err.msg);
	snprintf(line, sizeof line, "%s", input);
	if ((argc = split_words(line, argv, 31)) < 0) {
		tui_msg(t, 1, ":%s: a quote is not closed; nothing run", input);
		return;
	}
	if (argc == 0)
		return;
	if (strcmp(argv[0], "q") == 0 || strcmp(argv[0], "quit") == 0) {
		t->quit = 1;
		return;
	}
	argv[argc] = NULL;
	tui_cli(t, argc, argv);
	t->cli_echo = xstrdup(input);
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

/* Close the prompt without an answer (Esc, Ctrl-C). */
static void
prompt_cancel(struct tui *t)
{
	enum prompt_kind k = t->prompt;

	t->prompt = PROMPT_NONE;
	t->history.at = t->history.n;
	if (k == PROMPT_CONFIRM)
		edit_confirm_done(t, 0);
	else if (k == PROMPT_YESNO)
		prompt_done(t, k, "n");
}

static void
prompt_key(struct tui *t, int ch)
{
	enum tui_cmd cmd = keys_prompt_lookup(ch);

	if ((t->prompt == PROMPT_CONFIRM || t->prompt == PROMPT_YESNO) &&
	    cmd != CMD_BACK) {	/* one key: y, or anything else */
		enum prompt_kind k = t->prompt;
		t->prompt = PROMPT_NONE;
		prompt_done(t, k, ch == 'y' || ch == 'Y' ? "y" : "n");
		return;
	}
	if (cmd == CMD_BACK) {
		prompt_cancel(t);
		return;
	}
	if (cmd == CMD_OPEN) {
		enum prompt_kind k = t->prompt;
		t->prompt = PROMPT_NONE;
		prompt_done(t, k, t->line.s);
		return;
	}
	if (cmd == CMD_HISTORY_PREV || cmd == CMD_HISTORY_NEXT) {
		if (t->prompt == PROMPT_COMMAND)
			history_move(&t->history, &t->line, cmd == CMD_HISTORY_PREV ? -1 : 1);
		return;
	}
	if (line_edit(&t->line, cmd))
		return;
	if (ch >= 0x20 && ch < 0x100 && ch != 0x7f)
		line_insert(&t->line, (char)ch);	/* UTF-8 arrives byte by byte */
}

void
tui_prompt_done(struct tui *t, enum prompt_kind k, const char *input)
{
	prompt_done(t, k, input);
	settle(t);
}

/* ---- keys and the mouse -------------------------------------------------- */

/* The view whose tab is at column x of the title line, or -1. */
static int
tab_at(const struct tui *t, int x)
{
	char tab[128];
	int zx, fit = frame_fit(t, &zx);

	for (int v = 0; v < VIEW_COUNT; v++) {
		int at = frame_tab(fit, (int)t->view, v, tab, sizeof tab);
		if (x >= at && x < at + (int)strlen(tab))
			return v;
	}
	return -1;
}

static int command(struct tui *, enum tui_cmd);

/* The wheel scrolls; a click on a tab goes to its view, on a row moves the
 * cursor there, and a second click on the same row soon after opens it as
 * Enter would. */
static void
mouse(struct tui *t)
{
	static double last_at;
	static int last_view = -1;
	static size_t last_row;
	MEVENT ev;
	const struct view_ops *v = views[t->view];
	struct view_list vl = v->list ? v->list(t) : (struct view_list){ NULL, 0 };
	struct list_state *l = vl.ls;
	int wheel = 0;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = -3;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = 3;
#endif
	if (t->pane.up) {
		for (int i = 0; i < (wheel < 0 ? -wheel : wheel); i++)
			pane_scroll(&t->pane, wheel < 0 ? CMD_UP : CMD_DOWN);
		return;
	}
	if (wheel && l)
		list_scroll(l, wheel);
	if (wheel || !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	if (ev.y == 0) {
		int to = tab_at(t, ev.x);
		if (to >= 0)
			command(t, CMD_VIEW_1 + to);
		last_view = -1;
		return;
	}
	if (l == NULL || ev.y < vl.y || ev.y - vl.y >= l->rows ||
	    l->top + (size_t)(ev.y - vl.y) >= l->count)
		return;
	size_t row = l->top + (size_t)(ev.y - vl.y);
	double now = now_s();
	list_goto(l, row);
	if (last_view == (int)t->view && last_row == row &&
	    now - last_at < TUI_DOUBLE_CLICK) {
		last_view = -1;
		command(t, CMD_OPEN);
		return;
	}
	last_view = (int)t->view;
	last_row = row;
	last_at = now;
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
	case CMD_HELP: frame_help(t); break;
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
			tui_msg(t, 0, "checked: %zu error%s, %zu warning%s", t->nerr,
			    t->nerr == 1 ? "" : "s", t->nwarn, t->nwarn == 1 ? "" : "s");
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
	if (t->pane.up) {	/* it scrolls; any other key closes it */
		if (ch == KEY_MOUSE)
			mouse(t);
		else if (!pane_scroll(&t->pane, keys_pane_lookup(ch)))
			pane_close(&t->pane);
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
	histfile_load(&t.history);
	/* make bench reads how long opening and each key take, and the
	 * progress drawn meanwhile. */
	const char *tf = getenv("PATCHWAVE_TUI_TIMINGS");
	FILE *timings = tf ? fopen(tf, "w") : NULL;
	t.timings = timings;
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
		if (*tui_cancel_flag() && t.prompt != PROMPT_NONE) {
			tui_cancelled();	/* Ctrl-C in a prompt cancels it */
			prompt_cancel(&t);
			settle(&t);
		}
		if (ch == KEY_RESIZE || ch == ERR)
			continue;	/* the size is read again above */
		if ((t.scr.lines < TUI_MIN_LINES || t.scr.cols < TUI_MIN_COLS) &&
		    ch != 'q')
			continue;	/* nothing acts unseen: only q, as it says */
		key(&t, ch);
		settle(&t);
	}
	endwin();
	store_cancel_on(env->store, NULL);
	t.timings = NULL;
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
	pane_close(&t->pane);
	history_free(&t->history);
	tui_state_free(t);
}
