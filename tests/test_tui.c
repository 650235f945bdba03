/* The terminal UI's state without a terminal: list movement, selection, the
 * key tables, the agenda, and paging assets through SQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <curses.h>

#include "../tui/agenda.h"
#include "../tui/histfile.h"
#include "../tui/keys.h"
#include "../tui/lineedit.h"
#include "../tui/list.h"
#include "../tui/pager.h"
#include "../tui/pane.h"
#include "testutil.h"

static void
test_list_keeps_the_cursor_on_screen(void **state)
{
	struct list_state l = { 0 };

	(void)state;
	list_set_rows(&l, 10);
	list_set_count(&l, 100);
	assert_int_equal(l.cursor, 0);
	list_move(&l, LM_UP);			/* nothing above the first */
	assert_int_equal(l.cursor, 0);
	for (int i = 0; i < 10; i++)
		list_move(&l, LM_DOWN);
	assert_int_equal(l.cursor, 10);
	assert_int_equal(l.top, 1);		/* scrolled by one */
	list_move(&l, LM_PGDN);
	assert_int_equal(l.cursor, 20);
	assert_int_equal(l.top, 11);
	list_move(&l, LM_HALF_UP);
	assert_int_equal(l.cursor, 15);
	assert_int_equal(l.top, 6);
	list_move(&l, LM_BOTTOM);
	assert_int_equal(l.cursor, 99);
	assert_int_equal(l.top, 90);		/* the last page, full */
	list_move(&l, LM_PGDN);
	assert_int_equal(l.cursor, 99);
	assert_int_equal(l.top, 90);
	list_move(&l, LM_TOP);
	assert_int_equal(l.cursor, 0);
	assert_int_equal(l.top, 0);
}

static void
test_list_shrinks_and_resizes(void **state)
{
	struct list_state l = { 0 };

	(void)state;
	list_set_rows(&l, 10);
	list_set_count(&l, 50);
	list_goto(&l, 45);
	assert_int_equal(l.top, 36);		/* scrolled just enough */
	list_set_count(&l, 20);			/* the list got shorter */
	assert_int_equal(l.cursor, 19);
	assert_int_equal(l.top, 10);
	list_set_rows(&l, 30);			/* a taller terminal shows it all */
	assert_int_equal(l.top, 0);
	assert_int_equal(l.cursor, 19);
	list_set_rows(&l, 5);
	assert_true(l.cursor >= l.top && l.cursor < l.top + 5);
	list_set_count(&l, 0);
	assert_int_equal(l.cursor, 0);
	list_move(&l, LM_DOWN);			/* an empty list stays put */
	assert_int_equal(l.cursor, 0);
}

static void
test_mouse_wheel_drags_the_cursor_along(void **state)
{
	struct list_state l = { 0 };

	(void)state;
	list_set_rows(&l, 10);
	list_set_count(&l, 100);
	list_scroll(&l, 3);
	assert_int_equal(l.top, 3);
	assert_int_equal(l.cursor, 3);		/* it would have left the screen */
	list_scroll(&l, 1000);
	assert_int_equal(l.top, 90);
	list_scroll(&l, -1000);
	assert_int_equal(l.top, 0);
	assert_int_equal(l.cursor, 9);
}

static void
test_selection_is_a_sorted_set(void **state)
{
	struct selection s = { 0 };

	(void)state;
	sel_toggle(&s, 5);
	sel_toggle(&s, 1);
	sel_toggle(&s, 9);
	assert_int_equal(s.n, 3);
	assert_true(s.v[0] == 1 && s.v[1] == 5 && s.v[2] == 9);
	sel_toggle(&s, 5);			/* again: unselected */
	assert_int_equal(s.n, 2);
	assert_false(sel_has(&s, 5));
	assert_true(sel_has(&s, 9));
	sel_clear(&s);
	assert_int_equal(s.n, 0);
}

/* Every command a view's table binds has one line of help, and every key is
 * found again by the lookup (the help cannot disagree with the keys). */
static void
test_help_comes_from_the_key_tables(void **state)
{
	(void)state;
	for (int v = 0; v < VIEW_COUNT; v++) {
		size_t n, ng;
		const struct key_binding *k = keys_view((enum tui_view)v, &n);
		const struct key_binding *g = keys_global(&ng);
		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(keys_lookup((enum tui_view)v, k[i].key), k[i].cmd);
			int helped = 0;
			for (size_t j = 0; j < n; j++)
				helped |= k[j].cmd == k[i].cmd && k[j].help != NULL;
			assert_true(helped);
		}
		for (size_t i = 0; i < ng; i++) {
			int shadowed = 0;
			for (size_t j = 0; j < n; j++)
				shadowed |= k[j].key == g[i].key;
			if (!shadowed)
				assert_int_equal(keys_lookup((enum tui_view)v, g[i].key),
				    g[i].cmd);
		}
	}
	assert_int_equal(keys_lookup(VIEW_ASSETS, 'j'), CMD_DOWN);
	assert_int_equal(keys_lookup(VIEW_ASSETS, KEY_NPAGE), CMD_PGDN);
	assert_int_equal(keys_lookup(VIEW_ASSETS, '\r'), CMD_OPEN);
	assert_int_equal(keys_lookup(VIEW_CALENDAR, 'h'), CMD_PREV_PERIOD);
	assert_int_equal(keys_lookup(VIEW_OVERVIEW, 'q'), CMD_QUIT);
	assert_int_equal(keys_lookup(VIEW_OVERVIEW, 0x7e), CMD_NONE);
}

/* The rows of a laid-out pane as strings, for comparing. */
static const char *
pane_text(const struct pane *p, size_t r, char *out, size_t n)
{
	snprintf(out, n, "%*s%.*s", p->rows[r].indent, "", (int)p->rows[r].len,
	    p->lines[p->rows[r].line] + p->rows[r].off);
	return out;
}

/* The help and a command's output wrap at spaces, a timestamp and a
 * hostname staying whole, and scroll within their rows. */
static void
test_pane_wraps_between_tokens_and_scrolls(void **state)
{
	struct pane p = { 0 };
	char row[128];

	(void)state;
	pane_open(&p, "title", "foot");
	pane_add(&p, 2, "db-prod-10 2026-11-24 23:00+01:00 2026-12-13 02:00+01:00");
	pane_add(&p, 0, "abcdefghijklmnopqrstuvwxyz0123456789\nlast\n\nend");
	pane_layout(&p, 30, 3);
	/* "2026-11-24 23:00" is one token: the date is not left on a row alone;
	 * an empty line (the help's between groups) is one empty row, its
	 * string read no further than its end (ASan) */
	assert_int_equal(p.nrows, 8);
	assert_string_equal(pane_text(&p, 6, row, sizeof row), "");
	assert_string_equal(pane_text(&p, 7, row, sizeof row), "end");
	assert_string_equal(pane_text(&p, 0, row, sizeof row), "db-prod-10");
	assert_string_equal(pane_text(&p, 1, row, sizeof row), "  2026-11-24 23:00+01:00");
	assert_string_equal(pane_text(&p, 2, row, sizeof row), "  2026-12-13 02:00+01:00");
	/* a word wider than the row: broken, as it must be */
	assert_string_equal(pane_text(&p, 3, row, sizeof row),
	    "abcdefghijklmnopqrstuvwxyz0123");
	assert_string_equal(pane_text(&p, 4, row, sizeof row), "456789");
	assert_string_equal(pane_text(&p, 5, row, sizeof row), "last");
	pane_scroll(&p, CMD_BOTTOM);
	assert_int_equal(p.top, p.nrows - 3);
	pane_scroll(&p, CMD_DOWN);
	assert_int_equal(p.top, p.nrows - 3);	/* not past the end */
	pane_scroll(&p, CMD_PGUP);
	assert_int_equal(p.top, p.nrows - 3 - 2);	/* a page less one row */
	pane_scroll(&p, CMD_TOP);
	assert_int_equal(p.top, 0);
	assert_false(pane_scroll(&p, CMD_OPEN));
	pane_close(&p);
	assert_false(p.up);
}

/* The prompt's line edits like readline, by characters (UTF-8) and words;
 * Up and Down walk this session's command lines. */
static void
test_prompt_line_edits_and_recalls(void **state)
{
	struct line l = { 0 };
	struct history h = { 0 };

	(void)state;
	for (const char *s = "aves --format json"; *s; s++)
		line_insert(&l, *s);
	line_edit(&l, CMD_LINE_HOME);
	line_insert(&l, 'w');
	line_edit(&l, CMD_LINE_END);
	line_edit(&l, CMD_LINE_KILL_WORD);
	assert_string_equal(l.s, "waves --format ");
	line_edit(&l, CMD_LINE_LEFT);
	line_edit(&l, CMD_LINE_BACKSPACE);
	assert_string_equal(l.s, "waves --forma ");
	assert_int_equal(l.cur, 13);
	line_edit(&l, CMD_LINE_DELETE);
	assert_string_equal(l.s, "waves --forma");
	line_edit(&l, CMD_LINE_KILL_START);
	assert_string_equal(l.s, "");
	line_set(&l, "b\xc3\xbcro");			/* "büro" */
	line_edit(&l, CMD_LINE_LEFT);
	line_edit(&l, CMD_LINE_LEFT);
	line_edit(&l, CMD_LINE_LEFT);
	assert_int_equal(l.cur, 1);			/* before the two-byte ü */
	line_edit(&l, CMD_LINE_RIGHT);
	assert_int_equal(l.cur, 3);
	line_edit(&l, CMD_LINE_BACKSPACE);
	assert_string_equal(l.s, "bro");

	history_add(&h, "waves");
	history_add(&h, "check");
	history_add(&h, "check");			/* not twice */
	history_add(&h, "");
	assert_int_equal(h.n, 2);
	line_set(&l, "typing");
	assert_true(history_move(&h, &l, -1));
	assert_string_equal(l.s, "check");
	assert_true(history_move(&h, &l, -1));
	assert_string_equal(l.s, "waves");
	assert_false(history_move(&h, &l, -1));	/* the oldest */
	assert_true(history_move(&h, &l, 1));
	assert_true(history_move(&h, &l, 1));
	assert_string_equal(l.s, "typing");		/* what was being typed */
	assert_false(history_move(&h, &l, 1));
	history_free(&h);
}

/* A history file's lines come before the session's; a line that would carry
 * a control (C0, DEL or C1 as UTF-8) onto the prompt, an empty one and one
 * longer than the prompt are skipped; the newest HISTORY_KEEP stay. */
static void
test_history_read_back(void **state)
{
	static const char text[] = "waves\n\nwhy a\x1b[2J\nwhy \xc2\x9b" "31m\n"
	    "check\ncheck\nconflicts --new";
	struct history h = { 0 };
	struct line l = { 0 };
	char longer[300];

	(void)state;
	history_add(&h, "deadlines");
	history_load(&h, text, sizeof text - 1);
	assert_int_equal(h.n, 4);
	assert_int_equal(h.saved, 3);			/* the file's */
	assert_string_equal(h.v[0], "waves");
	assert_string_equal(h.v[1], "check");
	assert_string_equal(h.v[2], "conflicts --new");	/* no newline at the end */
	assert_string_equal(h.v[3], "deadlines");	/* the session's after */
	assert_true(history_move(&h, &l, -1));
	assert_string_equal(l.s, "deadlines");
	history_free(&h);

	memset(longer, 'x', sizeof longer);
	history_load(&h, longer, sizeof longer);	/* longer than a line */
	assert_int_equal(h.n, 0);
	for (int i = 0; i < HISTORY_KEEP + 20; i++) {
		char s[16];
		snprintf(s, sizeof s, "why %d", i);
		history_add(&h, s);
	}
	assert_int_equal(h.n, HISTORY_KEEP);
	assert_string_equal(h.v[0], "why 20");
	history_free(&h);
}

/* The history file in hostile places: a FIFO in its place is neither waited
 * on nor replaced; a huge file gives its newest lines; a file of another
 * user (as root: chowned) is neither read nor replaced; one of the user's
 * is written 0600 with what another session added kept. */
static void
test_history_file_where_it_should_not_be(void **state)
{
	char dir[64], path[128], cmd[256];
	struct history h = { 0 };
	struct pw_error e = { 0 };
	struct stat sb;
	FILE *f;

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-hist");
	snprintf(path, sizeof path, "%s/history", dir);
	setenv("PATCHWAVE_HISTFILE", path, 1);
	alarm(20);		/* a FIFO waited on would hang: fail instead */
	assert_int_equal(mkfifo(path, 0600), 0);
	histfile_load(&h);
	assert_int_equal(h.n, 0);
	history_add(&h, "waves");
	assert_int_equal(histfile_save(&h, &e), -1);
	assert_non_null(strstr(e.msg, "not a file"));
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
	history_free(&h);
	unlink(path);

	/* Huge: its last lines, the newest last. */
	assert_non_null(f = fopen(path, "w"));
	for (int i = 0; i < 200000; i++)
		fprintf(f, "why asset-%d\n", i);
	fclose(f);
	histfile_load(&h);
	assert_int_equal(h.n, HISTORY_KEEP);
	assert_string_equal(h.v[h.n - 1], "why asset-199999");
	assert_string_equal(h.v[0], "why asset-199500");
	history_free(&h);

	/* Another session added a line since this one read the file. */
	memset(&h, 0, sizeof h);
	history_add(&h, "check");
	assert_non_null(f = fopen(path, "a"));
	fprintf(f, "conflicts\n");
	fclose(f);
	assert_int_equal(histfile_save(&h, &e), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	history_free(&h);
	histfile_load(&h);
	assert_string_equal(h.v[h.n - 2], "conflicts");
	assert_string_equal(h.v[h.n - 1], "check");
	history_free(&h);

	if (geteuid() == 0) {
		assert_int_equal(chown(path, 12345, 12345), 0);
		histfile_load(&h);
		assert_int_equal(h.n, 0);
		history_add(&h, "waves");
		assert_int_equal(histfile_save(&h, &e), -1);
		assert_non_null(strstr(e.msg, "not you"));
		history_free(&h);
	}
	alarm(0);
	unsetenv("PATCHWAVE_HISTFILE");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Sessions saving their lines at the same time: none is lost (each save
 * reads the file, adds its line and replaces it, under a lock beside it). */
static void
test_history_sessions_at_once_keep_every_line(void **state)
{
	enum { NSESSIONS = 4, NSAVES = 40 };
	char dir[64], path[128], cmd[256], line[32];
	struct history h = { 0 };
	struct stat sb;
	int seen[NSESSIONS][NSAVES] = { { 0 } }, status;

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-hist2");
	snprintf(path, sizeof path, "%s/history", dir);
	setenv("PATCHWAVE_HISTFILE", path, 1);
	alarm(60);
	for (int s = 0; s < NSESSIONS; s++) {
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid > 0)
			continue;
		for (int i = 0; i < NSAVES; i++) {
			struct history mine = { 0 };
			struct pw_error e = { 0 };

			snprintf(line, sizeof line, "why s%d-%d", s, i);
			history_add(&mine, line);
			if (histfile_save(&mine, &e) != 0)
				_exit(1);
			history_free(&mine);
		}
		_exit(0);
	}
	for (int s = 0; s < NSESSIONS; s++) {
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	histfile_load(&h);
	for (size_t k = 0; k < h.n; k++) {
		int s, i;

		assert_int_equal(sscanf(h.v[k], "why s%d-%d", &s, &i), 2);
		seen[s][i]++;
	}
	assert_int_equal(h.n, NSESSIONS * NSAVES);
	for (int s = 0; s < NSESSIONS; s++)
		for (int i = 0; i < NSAVES; i++)
			assert_int_equal(seen[s][i], 1);
	/* The lock file is the user's own, and only readable by them. */
	snprintf(cmd, sizeof cmd, "%s/history.lock", dir);
	assert_int_equal(lstat(cmd, &sb), 0);
	assert_true(S_ISREG(sb.st_mode) && (sb.st_mode & 0777) == 0600);
	history_free(&h);
	alarm(0);
	unsetenv("PATCHWAVE_HISTFILE");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* A prompt's keys edit its line; Ctrl-C as a byte cancels like Esc. */
static void
test_prompt_keys_come_from_their_table(void **state)
{
	size_t n;
	const struct key_binding *k = keys_prompt(&n);

	(void)state;
	assert_true(n > 0 && k[0].help != NULL);
	assert_int_equal(keys_prompt_lookup(KEY_LEFT), CMD_LINE_LEFT);
	assert_int_equal(keys_prompt_lookup(0x01), CMD_LINE_HOME);	/* C-a */
	assert_int_equal(keys_prompt_lookup(0x17), CMD_LINE_KILL_WORD);	/* C-w */
	assert_int_equal(keys_prompt_lookup(0x15), CMD_LINE_KILL_START); /* C-u */
	assert_int_equal(keys_prompt_lookup(0x03), CMD_BACK);		/* C-c */
	assert_int_equal(keys_prompt_lookup('\r'), CMD_OPEN);
	assert_int_equal(keys_prompt_lookup('x'), CMD_NONE);
	assert_int_equal(keys_pane_lookup('j'), CMD_DOWN);
	assert_int_equal(keys_pane_lookup(KEY_NPAGE), CMD_PGDN);
	assert_int_equal(keys_pane_lookup('q'), CMD_BACK);
}

static void
test_agenda_joins_windows_waves_and_calendars(void **state)
{
	struct policy p;
	struct calendar cal;
	struct agenda a = { 0 };
	struct pw_error e;

	(void)state;
	policy_init(&p);
	p.windows = calloc(1, sizeof *p.windows);
	p.nwindows = 1;
	p.windows[0].name = strdup("tuesday-night");
	p.windows[0].rrule = strdup("FREQ=WEEKLY;BYDAY=TU");
	p.windows[0].start_minute = 120;
	p.windows[0].duration_minutes = 240;
	p.windows[0].timezone = strdup("UTC");
	p.windows[0].concurrency = 5;
	p.windows[0].cutoff_minutes = 60;
	calendar_init(&cal);
	cal.name = strdup("freeze");
	cal.kind = CAL_FREEZE;
	struct cal_event *ev = calendar_add_event(&cal);
	cal_set(&ev->uid, "f1");
	cal_set(&ev->summary, "Year end\x1b[31m");
	cal_set(&ev->dtstart, "20261124T000000Z");
	cal_set(&ev->dtend, "20261125T000000Z");
	struct agenda_wave w = { 7, "prod", "tuesday-night", utc_iso("2026-11-24T02:00"),
	    utc_iso("2026-11-24T06:00"), 12, utc_iso("2026-11-24T05:00") };
	agenda_build(&a, &p, NULL, &cal, 1, NULL, &w, 1, utc_iso("2026-11-23"),
	    utc_iso("2026-11-30"));
	assert_int_equal(a.n, 3);
	assert_int_equal(a.v[0].kind, AG_FREEZE);	/* starts first */
	assert_string_equal(a.v[0].label, "freeze: Year end\x1b[31m");	/* raw: drawn escaped */
	assert_int_equal(a.v[1].kind, AG_WINDOW);
	assert_int_equal(a.v[1].start_utc, utc_iso("2026-11-24T02:00"));
	/* Its cutoff labelled: 02:00-06:00, but no start after 05:00. */
	assert_string_equal(a.v[1].label, "tuesday-night (cutoff 1h)");
	assert_int_equal(a.v[2].kind, AG_WAVE);
	assert_string_equal(a.v[2].label, "wave 7 prod (12)");
	agenda_free(&a);
	calendar_free(&cal);
	policy_free(&p);
	(void)e;
}

/* A week or a month sliced from the occurrences kept over a span is what
 * expanding the calendars over it gives, inside the span and past it (kept
 * again around the period asked). */
static void
test_agenda_slices_what_it_keeps(void **state)
{
	struct calendar cal[2];
	struct agenda_keep keep = { 0 };

	(void)state;
	calendar_init(&cal[0]);
	cal[0].name = strdup("freeze");
	cal[0].kind = CAL_FREEZE;
	struct cal_event *ev = calendar_add_event(&cal[0]);
	cal_set(&ev->uid, "weekly");
	cal_set(&ev->summary, "Friday freeze");
	cal_set(&ev->dtstart, "20260102T220000Z");
	cal_set(&ev->dtend, "20260105T060000Z");	/* over the weekend */
	cal_set(&ev->rrules, "FREQ=WEEKLY");
	calendar_init(&cal[1]);
	cal[1].name = strdup("aws");
	cal[1].kind = CAL_PROVIDER;
	for (int i = 0; i < 40; i++) {
		char uid[16], start[32];
		ev = calendar_add_event(&cal[1]);
		snprintf(uid, sizeof uid, "m%d", i);
		snprintf(start, sizeof start, "2026%02d%02dT233000Z", 1 + i % 12,
		    1 + (i * 7) % 28);
		cal_set(&ev->uid, uid);
		cal_set(&ev->summary, "maintenance");
		cal_set(&ev->dtstart, start);
		cal_set(&ev->duration, "PT2H");
	}
	agenda_keep_span(&keep, cal, 2, utc_iso("2026-03-01"), utc_iso("2026-09-01"));
	assert_int_equal(keep.kept, 1);
	for (int64_t from = utc_iso("2025-12-29"); from < utc_iso("2027-03-01");
	    from += 7 * 86400) {
		int64_t to = from + (from % 3 ? 7 : 42) * 86400;
		struct agenda a = { 0 }, b = { 0 };
		agenda_build(&a, NULL, NULL, cal, 2, &keep, NULL, 0, from, to);
		agenda_build(&b, NULL, NULL, cal, 2, NULL, NULL, 0, from, to);
		assert_true(keep.kept && keep.from_utc <= from && to <= keep.to_utc);
		assert_int_equal(a.n, b.n);
		for (size_t i = 0; i < a.n; i++) {
			assert_int_equal(a.v[i].start_utc, b.v[i].start_utc);
			assert_int_equal(a.v[i].end_utc, b.v[i].end_utc);
			assert_string_equal(a.v[i].label, b.v[i].label);
		}
		agenda_free(&a);
		agenda_free(&b);
	}
	agenda_keep_free(&keep);
	assert_int_equal(keep.kept, 0);
	calendar_free(&cal[0]);
	calendar_free(&cal[1]);
}

/* ---- paging through SQL -------------------------------------------------- */

static char dir[64];
static struct store *st;

static int
db_setup(void **state)
{
	char path[128];
	struct pw_error e;

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-tui");
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (store_open(path, &st, &e) != 0)
		return -1;
	struct store_import *imp = store_import_begin(st, "inventory", "src", "x.csv",
	    &e);
	for (int i = 0; i < 1000; i++) {
		struct asset a;
		char key[32];
		asset_init(&a);
		snprintf(key, sizeof key, "h%04d", i);
		a.key = strdup(key);
		a.environment = strdup(i % 2 ? "prod" : "dev");
		asset_finish(&a, &e);
		if (store_asset_put(imp, &a, &e) != 0)
			return -1;
		asset_clear(&a);
	}
	struct store_counts c;
	if (store_assets_finish(imp, NULL, NULL, &c, &e) != 0)
		return -1;
	store_import_end(imp);
	return 0;
}

static int
db_teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmdir(dir);
}

static void
expect_top(struct pager *p, size_t index)
{
	struct pw_error e = { 0 };
	char key[32];

	assert_int_equal(pager_sync(p, &e), 0);
	snprintf(key, sizeof key, "h%04zu", index);
	assert_non_null(pager_row(p, p->ls.top));
	assert_string_equal(pager_row(p, p->ls.top)->key, key);
	assert_int_equal(p->ls.top, index);
}

static void
test_pager_pages_by_key_in_both_directions(void **state)
{
	struct pager p;
	struct asset_query all = { 0 };
	struct pw_error e = { 0 };

	(void)state;
	assert_int_equal(pager_open(&p, st, &all, 20, -1, &e), 0);
	assert_int_equal(p.ls.count, 1000);
	expect_top(&p, 0);
	assert_int_equal(p.n, 20);		/* a screen, not the table */
	list_move(&p.ls, LM_PGDN);
	expect_top(&p, 20);
	list_move(&p.ls, LM_HALF_DOWN);
	expect_top(&p, 30);
	list_move(&p.ls, LM_PGUP);
	expect_top(&p, 10);
	list_move(&p.ls, LM_BOTTOM);
	expect_top(&p, 980);
	assert_string_equal(pager_row(&p, 999)->key, "h0999");
	list_move(&p.ls, LM_HALF_UP);
	expect_top(&p, 970);
	list_goto(&p.ls, 400);			/* a far jump back */
	expect_top(&p, 400);
	assert_string_equal(pager_row(&p, 400)->key, "h0400");
	list_move(&p.ls, LM_TOP);
	expect_top(&p, 0);
	assert_null(pager_row(&p, 500));	/* not on screen: not held */
	pager_close(&p);
}

static void
test_pager_searches_and_filters(void **state)
{
	struct pager p;
	struct asset_query q = { .field = BF_ENVIRONMENT, .value = "prod" };
	struct pw_error e = { 0 };

	(void)state;
	assert_int_equal(pager_open(&p, st, &q, 20, -1, &e), 0);
	assert_int_equal(p.ls.count, 500);
	assert_int_equal(pager_sync(&p, &e), 0);
	assert_string_equal(pager_row(&p, 0)->key, "h0001");
	assert_string_equal(pager_row(&p, 19)->key, "h0039");
	assert_int_equal(pager_find(&p, "H07", 1, &e), 1);	/* case folded */
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0701");
	assert_int_equal(pager_find(&p, "h07", 1, &e), 1);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0703");
	assert_int_equal(pager_find(&p, "h07", -1, &e), 1);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0701");
	assert_int_equal(pager_find(&p, "h07", -1, &e), 1);	/* wraps around */
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0799");
	assert_int_equal(pager_find(&p, "zzz", 1, &e), 0);
	assert_int_equal(pager_find(&p, "h0002", 1, &e), 0);	/* filtered out */
	pager_close(&p);
}

/* store_asset_rows' row: its key kept (arg: char **). */
static int
first_key(void *arg, const struct asset_row *r)
{
	*(char **)arg = strdup(r->key);
	return 1;
}

/* Put n assets in one import: key i from kfmt, hostname from hfmt. */
static void
put_many(const char *kfmt, const char *hfmt, int n)
{
	struct pw_error e;
	struct store_import *imp = store_import_begin(st, "inventory", kfmt, "z.csv",
	    &e);

	assert_non_null(imp);
	for (int i = 0; i < n; i++) {
		struct asset a;
		char key[64], host[64];
		snprintf(key, sizeof key, kfmt, i);
		snprintf(host, sizeof host, hfmt, i);
		asset_init(&a);
		a.key = strdup(key);
		a.hostname = strdup(host);
		assert_int_equal(asset_finish(&a, &e), 0);
		assert_int_equal(store_asset_put(imp, &a, &e), 0);
		asset_clear(&a);
	}
	struct store_counts c;
	assert_int_equal(store_assets_finish(imp, NULL, NULL, &c, &e), 0);
	store_import_end(imp);
}

/* Put one asset (key, hostname) in an import of its own (the key its source). */
static void
put_asset(const char *key, const char *hostname)
{
	put_many(key, hostname, 1);
}

/* Past the rows read in order, search seeks the trigram index (schema 19),
 * which follows a hostname changed by a later import. */
static void
test_search_seeks_the_trigram_index(void **state)
{
	struct pager p;
	struct asset_query all = { 0 };
	struct pw_error e = { 0 };
	char *key = NULL;

	(void)state;
	put_asset("i-0abc", "old-host");
	assert_int_equal(pager_open(&p, st, &all, 20, -1, &e), 0);
	assert_int_equal(pager_sync(&p, &e), 0);
	assert_int_equal(pager_find(&p, "OLD-HO", 1, &e), 1);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "i-0abc");
	assert_int_equal(p.ls.cursor, 1000);
	assert_int_equal(pager_find(&p, "h0900", 1, &e), 1);	/* wraps around */
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0900");
	assert_int_equal(pager_find(&p, "h0100", -1, &e), 1);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0100");
	pager_close(&p);
	put_asset("i-0abc", "new-host");
	assert_int_equal(store_asset_find(st, &all, "old-host", NULL, 0, &key, &e), 0);
	assert_int_equal(store_asset_find(st, &all, "w-HOS", "h0000", 0, &key, &e), 1);
	assert_string_equal(key, "i-0abc");
	free(key);
	assert_int_equal(store_asset_find(st, &all, "w-hos", "i-0abc", 0, &key, &e), 0);
	assert_int_equal(store_asset_find(st, &all, "x\"yz", NULL, 0, &key, &e), 0);
	assert_int_equal(store_asset_find(st, &all, "\xc3\xa9" "a", NULL, 0, &key, &e), 0);
	assert_int_equal(store_asset_find(st, &all, "h09", "h0999", 1, &key, &e), 1);
	assert_string_equal(key, "h0998");
	free(key);
}

/* What the search finds, text from the row after (before) from: the first
 * row in key order that holds it, as reading the list in order finds it. */
static void
expect_as_read(const char *text, const char *from, int backward)
{
	struct asset_query all = { 0 }, q = { .search = text };
	struct pw_error e = { 0 };
	char *key = NULL, *want = NULL;

	assert_int_equal(store_asset_rows(st, &q, from, 0, backward, 0, 1, first_key,
	    &want, &e), 0);
	int rc = store_asset_find(st, &all, text, from, backward, &key, &e);
	if (want == NULL)
		assert_int_equal(rc, 0);
	else {
		assert_int_equal(rc, 1);
		assert_string_equal(key, want);
	}
	free(key);
	free(want);
}

/* The trigram index is in key order (schema 20): assets added later between
 * others (a few: placed between their neighbours; many, or a gap used up:
 * every asset ordered again) are found where reading the list in order
 * finds them, forward and back, past the rows read in order (256), from a
 * text a tenth of the rows hold far from the cursor. */
static void
test_search_index_follows_key_order(void **state)
{
	static const char *const texts[] = { "tenth", "TENTH-1", "h05", "h0500x",
	    "-x", "zzz", "aaa", "h0001a", "first" };
	static const char *const froms[] = { NULL, "a", "a-first", "h0000", "h0250",
	    "h0500", "h0500x", "h05005", "h0999", "m050", "m099", "zzzz" };

	(void)state;
	for (int step = 0; step < 28; step++) {
		char key[64];
		if (step == 0)
			put_many("m%03d", "web-tenth-%d", 100);	/* many: ordered again */
		else if (step == 1)
			put_many("h0500x%d", "mid-tenth-%d", 10);	/* a few, one gap */
		else if (step == 2)
			put_many("a-first%d", "tenth-a%d", 3);	/* before every key */
		else if (step == 3)
			put_many("zz%d", "tenth-z%d", 3);	/* after every key */
		else {	/* the gap after h0001 halved until used up */
			snprintf(key, sizeof key, "h0001%.*s", step - 3,
			    "aaaaaaaaaaaaaaaaaaaaaaaaa");
			put_many(key, "first-tenth", 1);
		}
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
			for (size_t f = 0; f < sizeof froms / sizeof *froms; f++) {
				expect_as_read(texts[i], froms[f], 0);
				expect_as_read(texts[i], froms[f], 1);
			}
	}
	/* n past the last holder wraps to the first, N before the first to
	 * the last, through the index (each end 1000 rows from the other). */
	struct pager p;
	struct asset_query all = { 0 };
	struct pw_error e = { 0 };
	assert_int_equal(pager_open(&p, st, &all, 20, -1, &e), 0);
	assert_int_equal(pager_sync(&p, &e), 0);
	assert_int_equal(pager_goto_key(&p, "m099", &e), 0);
	assert_int_equal(pager_find(&p, "TENTH-", 1, &e), 1);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "zz0");
	assert_int_equal(pager_find(&p, "tenth-a", 1, &e), 1);	/* wraps around */
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "a-first0");
	assert_int_equal(pager_find(&p, "web-tenth", -1, &e), 1);	/* back, wraps */
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "m099");
	pager_close(&p);
}

/* A jump further than p->most rows from the cursor and the ends lands on
 * its row with an estimated index (keys h0000..h0999 put h0600 at 666);
 * paging from it is by key, and either end sets the indexes right. */
static void
test_pager_far_jump_estimates_then_ends_correct(void **state)
{
	struct pager p;
	struct asset_query all = { 0 };
	struct pw_error e = { 0 };

	(void)state;
	assert_int_equal(pager_open(&p, st, &all, 20, -1, &e), 0);
	p.most = 50;
	assert_int_equal(pager_sync(&p, &e), 0);
	assert_int_equal(pager_goto_key(&p, "h0600", &e), 0);
	assert_int_equal(p.inexact, 1);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0600");
	list_move(&p.ls, LM_DOWN);
	assert_int_equal(pager_sync(&p, &e), 0);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0601");
	for (int i = 0; i < 30; i++) {		/* down to the real end */
		list_move(&p.ls, LM_PGDN);
		assert_int_equal(pager_sync(&p, &e), 0);
		assert_non_null(pager_row(&p, p.ls.cursor));
	}
	assert_int_equal(p.inexact, 0);
	assert_string_equal(pager_row(&p, 999)->key, "h0999");
	assert_int_equal(pager_goto_key(&p, "h0400", &e), 0);	/* near an end */
	assert_int_equal(pager_goto_key(&p, "h0300", &e), 0);	/* far again */
	assert_int_equal(p.inexact, 1);
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0300");
	assert_int_equal(pager_refresh(&p, -1, &e), 0);	/* the data changed */
	assert_string_equal(pager_row(&p, p.ls.cursor)->key, "h0300");
	for (int i = 0; i < 30; i++) {		/* up to the real start */
		list_move(&p.ls, LM_PGUP);
		assert_int_equal(pager_sync(&p, &e), 0);
		assert_non_null(pager_row(&p, p.ls.cursor));
	}
	assert_int_equal(p.ls.cursor, 0);
	assert_string_equal(pager_row(&p, 0)->key, "h0000");
	assert_int_equal(pager_goto_key(&p, "h0700", &e), 0);
	list_move(&p.ls, LM_BOTTOM);
	assert_int_equal(pager_sync(&p, &e), 0);
	assert_string_equal(pager_row(&p, 999)->key, "h0999");
	assert_int_equal(p.inexact, 0);
	pager_close(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_keeps_the_cursor_on_screen),
		cmocka_unit_test(test_list_shrinks_and_resizes),
		cmocka_unit_test(test_mouse_wheel_drags_the_cursor_along),
		cmocka_unit_test(test_selection_is_a_sorted_set),
		cmocka_unit_test(test_help_comes_from_the_key_tables),
		cmocka_unit_test(test_pane_wraps_between_tokens_and_scrolls),
		cmocka_unit_test(test_prompt_line_edits_and_recalls),
		cmocka_unit_test(test_history_read_back),
		cmocka_unit_test(test_history_file_where_it_should_not_be),
		cmocka_unit_test(test_history_sessions_at_once_keep_every_line),
		cmocka_unit_test(test_prompt_keys_come_from_their_table),
		cmocka_unit_test(test_agenda_joins_windows_waves_and_calendars),
		cmocka_unit_test(test_agenda_slices_what_it_keeps),
		cmocka_unit_test_setup_teardown(test_pager_pages_by_key_in_both_directions,
		    db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_pager_searches_and_filters,
		    db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_search_seeks_the_trigram_index,
		    db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_pager_far_jump_estimates_then_ends_correct,
		    db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_search_index_follows_key_order,
		    db_setup, db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
