/* View 2, Plan: the waves in window order drawn on one time axis with the
 * provider maintenance and freezes; Enter opens a wave's assets with their
 * deadlines, slack and conflicts. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

#define BAR_X	64	/* where the timeline starts */

struct axis {
	int64_t	from, to;
	int	x, w;
};

static int
col(const struct axis *a, int64_t t)
{
	if (t <= a->from)
		return 0;
	if (t >= a->to)
		return a->w - 1;
	return (int)((double)(t - a->from) / (double)(a->to - a->from) * (a->w - 1));
}

static void
bar(const struct axis *a, int y, int64_t s, int64_t e, const char *glyph)
{
	if (e <= a->from || s >= a->to)
		return;
	for (int c = col(a, s), last = col(a, e); c <= last; c++)
		mvaddstr(y, a->x + c, glyph);
}

/* Provider maintenance (row y) and freezes (row y + 1) on the axis. */
static void
blocks(struct tui *t, const struct axis *a, int y)
{
	draw_attr_on(&t->scr, COL_DIM);
	mvaddstr(y, 1, "provider maintenance");
	mvaddstr(y + 1, 1, "freezes");
	draw_attr_off(&t->scr, COL_DIM);
	if (!t->cal_loaded) {
		draw_put(y, a->x, a->w, "(calendars not loaded)");
		return;
	}
	/* The calendars' occurrences over the axis, made once per axis (no
	 * policy: windows are not drawn here, the waves are). */
	if (!t->plan_ag_valid || t->plan_ag_from != a->from || t->plan_ag_to != a->to) {
		agenda_free(&t->plan_ag);
		agenda_build(&t->plan_ag, NULL, t->cal_cals, t->cal_ncals, NULL, 0, a->from,
		    a->to);
		t->plan_ag_from = a->from;
		t->plan_ag_to = a->to;
		t->plan_ag_valid = 1;
	}
	for (size_t i = 0; i < t->plan_ag.n; i++) {
		const struct agenda_item *it = &t->plan_ag.v[i];
		int provider = it->kind == AG_PROVIDER;
		if (it->kind != AG_PROVIDER && it->kind != AG_FREEZE)
			continue;
		draw_attr_on(&t->scr, provider ? COL_PROVIDER : COL_FREEZE);
		bar(a, provider ? y : y + 1, it->start_utc, it->end_utc, provider ? "▒" : "░");
		draw_attr_off(&t->scr, provider ? COL_PROVIDER : COL_FREEZE);
	}
}

static void
draw_waves(struct tui *t)
{
	struct axis a = { 0, 0, BAR_X, t->scr.cols - BAR_X - 1 };
	char from[32], to[32];

	for (size_t i = 0; i < t->nwaves; i++) {
		if (i == 0 || t->waves[i].start_utc < a.from)
			a.from = t->waves[i].start_utc;
		if (t->waves[i].end_utc > a.to)
			a.to = t->waves[i].end_utc;
	}
	draw_attr_on(&t->scr, COL_DIM);
	mvprintw(1, 1, "%-5s %-9s %-20s %-17s %6s", "id", "stage", "window", "start",
	    "assets");
	draw_attr_off(&t->scr, COL_DIM);
	if (t->nwaves == 0) {
		draw_put(3, 1, t->scr.cols - 2, "No plan yet: ':plan' makes one (or "
		    "'patchwave plan' on the command line).");
		return;
	}
	if (a.to <= a.from)
		a.to = a.from + 3600;
	draw_time(&t->scr, a.from, from, sizeof from);
	draw_time(&t->scr, a.to, to, sizeof to);
	from[10] = to[10] = '\0';	/* the dates */
	draw_put(1, a.x, 10, from);
	if (a.w > 22)
		draw_put(1, a.x + a.w - 10, 10, to);
	for (int i = 0; i < a.w; i++)
		mvaddstr(2, a.x + i, "─");
	for (int r = 0; r < t->pl.rows; r++) {
		size_t i = t->pl.top + (size_t)r;
		if (i >= t->nwaves)
			break;
		const struct agenda_wave *w = &t->waves[i];
		char when[32], id[24], n[24];
		int y = 3 + r;
		draw_time(&t->scr, w->start_utc, when, sizeof when);
		snprintf(id, sizeof id, "%lld", w->id);
		snprintf(n, sizeof n, "%6ld", w->nassets);
		if (i == t->pl.cursor)
			draw_attr_on(&t->scr, COL_CURSOR);
		mvhline(y, 0, ' ', BAR_X);
		draw_put(y, 1, 5, id);
		draw_put(y, 7, 9, w->stage);
		draw_put(y, 17, 20, w->window);
		draw_put(y, 38, 17, when);
		draw_put(y, 56, 6, n);
		if (i == t->pl.cursor)
			draw_attr_off(&t->scr, COL_CURSOR);
		draw_attr_on(&t->scr, COL_WAVE);
		bar(&a, y, w->start_utc, w->end_utc, "█");
		draw_attr_off(&t->scr, COL_WAVE);
	}
	blocks(t, &a, t->scr.lines - 4);
}

/* An open wave's columns, the most telling first (kept on narrow screens). */
enum { WC_HOST, WC_DEADLINE, WC_SLACK, WC_CONFLICTS, WC_START, WC_END, WC_ENV,
	WC_PIN, WC_COUNT };
static const char *const wc_title[WC_COUNT] = { "hostname", "deadline", " slack h",
	"conflicts", "start", "end", "environment", "pin" };
static const int wc_width[WC_COUNT] = { 24, 16, 8, 9, 5, 5, 11, 3 };

static void
draw_wave(struct tui *t)
{
	const struct agenda_wave *w = NULL;
	char head[256], s[32], e[32];
	struct pw_error err = { 0 };
	int x[WC_COUNT];

	for (size_t i = 0; i < t->nwaves; i++)
		if (t->waves[i].id == t->wave.q.wave)
			w = &t->waves[i];
	if (w == NULL) {
		draw_put(1, 1, t->scr.cols - 2, "This wave is gone (the plan changed). Esc: back.");
		return;
	}
	if (pager_sync(&t->wave, &err) != 0)
		tui_msg(t, 1, "%s", err.msg);
	draw_time(&t->scr, w->start_utc, s, sizeof s);
	draw_time(&t->scr, w->end_utc, e, sizeof e);
	snprintf(head, sizeof head, "Wave %lld  %s  %s  %s -> %s  %ld assets   (Esc: back)",
	    w->id, w->stage, w->window, s, e + 11, w->nassets);
	attron(A_BOLD);
	draw_put(1, 1, t->scr.cols - 2, head);
	attroff(A_BOLD);
	draw_columns(&t->scr, 2, wc_title, wc_width, WC_COUNT, 1, t->scr.cols, x);
	for (int r = 0; r < t->wave.ls.rows; r++) {
		size_t i = t->wave.ls.top + (size_t)r;
		const struct prow *p = pager_row(&t->wave, i);
		int y = 3 + r;
		if (p == NULL)
			break;
		char st[32], en[32], dl[32] = "-", slack[24] = "-", nc[24] = "-";
		draw_time(&t->scr, p->start_utc, st, sizeof st);
		draw_time(&t->scr, p->end_utc, en, sizeof en);
		size_t a = t->checked ? plan_data_asset(&t->k->d, p->key) : (size_t)-1;
		int late = 0;
		if (a != (size_t)-1 && t->k->d.deadlines[a].patches > 0) {
			int64_t due = t->k->d.deadlines[a].due_utc;
			draw_time(&t->scr, due, dl, sizeof dl);
			snprintf(slack, sizeof slack, "%8.1f", (double)(due - p->end_utc) / 3600);
			late = p->end_utc > due;
		}
		if (a != (size_t)-1)
			snprintf(nc, sizeof nc, "%9zu", t->asset_conflicts[a]);
		const char *cell[WC_COUNT] = { p->hostname, dl, slack, nc, st + 11, en + 11,
		    p->environment, p->pinned ? "yes" : "" };
		int cursor = i == t->wave.ls.cursor;
		if (cursor)
			draw_attr_on(&t->scr, COL_CURSOR);
		mvhline(y, 0, ' ', t->scr.cols);
		for (int c = 0; c < WC_COUNT; c++) {
			if (x[c] < 0)
				continue;
			int red = c == WC_SLACK && late && !cursor;
			if (red)
				draw_attr_on(&t->scr, COL_ERROR);
			draw_put(y, x[c], wc_width[c], cell[c]);
			if (red)
				draw_attr_off(&t->scr, COL_ERROR);
		}
		if (cursor)
			draw_attr_off(&t->scr, COL_CURSOR);
	}
}

void
plan_draw(struct tui *t)
{
	if (t->wave_open)
		draw_wave(t);
	else
		draw_waves(t);
}

void
plan_open_wave(struct tui *t, long long id)
{
	struct asset_query q = { .wave = id };
	struct pw_error e = { 0 };
	long n = -1;

	/* A wave holding more than 1/64 of the assets is walked in key order
	 * (a page costs up to 64 look-ups per row), a smaller one sorted. */
	for (size_t i = 0; i < t->nwaves; i++)
		if (t->waves[i].id == id) {
			n = t->waves[i].nassets;
			q.by_key = n * 64 >= t->nassets;
		}
	pager_close(&t->wave);
	if (pager_open(&t->wave, t->env.store, &q, draw_body_rows(&t->scr) - 2, n, &e) != 0 ||
	    pager_sync(&t->wave, &e) != 0) {
		tui_msg(t, 1, "%s", e.msg);
		return;
	}
	t->wave_open = 1;
}

int
plan_key(struct tui *t, enum tui_cmd cmd)
{
	if (t->wave_open) {
		if (cmd == CMD_BACK || cmd == CMD_QUIT) {
			t->wave_open = 0;
			return 1;
		}
		if (cmd == CMD_SEARCH_NEXT || cmd == CMD_SEARCH_PREV) {
			assets_search(t, t->search, cmd == CMD_SEARCH_NEXT ? 1 : -1);
			return 1;
		}
		return list_command(&t->wave.ls, cmd);
	}
	if (list_command(&t->pl, cmd))
		return 1;
	if (cmd == CMD_OPEN && t->pl.cursor < t->nwaves) {
		plan_open_wave(t, t->waves[t->pl.cursor].id);
		return 1;
	}
	return 0;
}
