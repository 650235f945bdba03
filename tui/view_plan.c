/* View 2, Plan: the waves in window order drawn on one time axis with the
 * provider maintenance and freezes; Enter opens a wave's assets with their
 * deadlines, slack and conflicts. The plan's edits start here (edit.c). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/civil.h"
#include "../model/deadline.h"
#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "edit.h"
#include "views.h"

#define LIST_Y	3	/* the first row of the waves, or of an open wave's
			   assets: drawn there, clicked there */
#define BAR_X	73	/* where the timeline starts */
#define TODAY_REACH	(31 * 86400)	/* today this near the waves: on the axis */

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
blocks(const struct tui *t, const struct view_plan *v, const struct axis *a, int y)
{
	draw_attr_on(&t->scr, COL_DIM);
	mvaddstr(y, 1, "provider maintenance");
	mvaddstr(y + 1, 1, "freezes");
	draw_attr_off(&t->scr, COL_DIM);
	if (!t->cals_loaded) {
		draw_put(y, a->x, a->w, "(calendars not loaded)");
		return;
	}
	for (size_t i = 0; i < v->ag.n; i++) {
		const struct agenda_item *it = &v->ag.v[i];
		int provider = it->kind == AG_PROVIDER;
		if (it->kind != AG_PROVIDER && it->kind != AG_FREEZE)
			continue;
		draw_attr_on(&t->scr, provider ? COL_PROVIDER : COL_FREEZE);
		bar(a, provider ? y : y + 1, it->start_utc, it->end_utc, provider ? "▒" : "░");
		draw_attr_off(&t->scr, provider ? COL_PROVIDER : COL_FREEZE);
	}
}

/* The wave's worst conflict: its colour, and its mark without colour. */
static enum tui_color
worst(const struct view_plan *v, size_t i, char *mark)
{
	*mark = ' ';
	if (v->counts == NULL)
		return COL_WAVE;
	if (v->counts[i][0]) {
		*mark = '!';
		return COL_ERROR;
	}
	if (v->counts[i][1]) {
		*mark = '~';
		return COL_WARN;
	}
	return COL_OK;
}

static const char *const month_abbr[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Put s on the axis' label row at column c when those columns (and one
 * either side) are free. */
static void
label(const struct axis *a, char *used, int y, int c, const char *s)
{
	int n = (int)strlen(s);

	if (c < 0 || c + n > a->w)
		return;
	for (int i = c > 0 ? c - 1 : c; i < c + n + 1 && i < a->w; i++)
		if (used[i])
			return;
	memset(used + c, 1, (size_t)n);
	draw_put(y, a->x + c, n, s);
}

/* The axis: its first and last dates, a tick at each month's first day (in
 * the shown zone) with its name, and today (when on it) as a mark on the
 * axis and a line down through the waves and the timeline. */
static void
show_axis(const struct tui *t, const struct view_plan *v, const struct axis *a,
    int last_row)
{
	const struct screen *scr = &t->scr;
	char from[32], to[32], *used = xcalloc((size_t)a->w + 1, 1);
	struct civil c;

	draw_time(scr, a->from, from, sizeof from);
	draw_time(scr, a->to, to, sizeof to);
	from[10] = to[10] = '\0';	/* the dates */
	label(a, used, LIST_Y - 2, 0, from);
	if (a->w > 22)
		label(a, used, LIST_Y - 2, a->w - 10, to);
	for (int i = 0; i < a->w; i++)
		mvaddstr(LIST_Y - 1, a->x + i, "─");
	tz_utc_to_local(scr->zone, a->from, &c);
	for (int y = c.y, mo = c.mo + 1;; mo++) {
		if (mo > 12) {
			mo = 1;
			y++;
		}
		struct civil m = { y, mo, 1, 0, 0, 0 };
		int64_t at = tz_local_to_utc(scr->zone, &m);
		if (at >= a->to)
			break;
		mvaddstr(LIST_Y - 1, a->x + col(a, at), "┬");
		label(a, used, LIST_Y - 2, col(a, at), month_abbr[mo - 1]);
	}
	free(used);
	if (v->today < a->from || v->today > a->to)
		return;
	int tc = col(a, v->today);
	mvaddstr(LIST_Y - 1, a->x + tc, "▼");
	draw_attr_on(scr, COL_DIM);
	for (int y = LIST_Y; y <= last_row; y++)
		mvaddstr(y, a->x + tc, "│");
	draw_attr_off(scr, COL_DIM);
}

/* Under the waves: what the marks and the axis say. */
static void
legend(const struct tui *t, const struct view_plan *v, const struct axis *a, int y)
{
	char today[32], line[256];

	draw_time(&t->scr, v->today, today, sizeof today);
	today[10] = '\0';
	snprintf(line, sizeof line, "%s  %s today %s%s  ┬ a month's 1st",
	    v->counts ? "! errors  ~ warnings only" : "not checked yet (r checks)",
	    v->today < a->from || v->today > a->to ? " " : "▼", today,
	    v->today < a->from || v->today > a->to ? " (off the axis)" : "");
	draw_attr_on(&t->scr, COL_DIM);
	draw_put(y, 1, t->scr.cols - 2, line);
	draw_attr_off(&t->scr, COL_DIM);
}

static void
show_waves(const struct tui *t, const struct view_plan *v)
{
	const struct screen *scr = &t->scr;
	struct axis a = { v->from, v->to, BAR_X, scr->cols - BAR_X - 1 };

	draw_attr_on(scr, COL_DIM);
	mvprintw(LIST_Y - 2, 1, "%-5s %-9s %-20s %-17s %6s %4s %4s", "id", "stage",
	    "window", "start", "assets", "err", "warn");
	draw_attr_off(scr, COL_DIM);
	if (t->nwaves == 0) {
		draw_put(LIST_Y, 1, scr->cols - 2, "No plan yet: ':plan' makes one (or "
		    "'patchwave plan' on the command line).");
		return;
	}
	show_axis(t, v, &a, scr->lines - 3);
	for (int r = 0; r < v->waves.rows; r++) {
		size_t i = v->waves.top + (size_t)r;
		if (i >= t->nwaves)
			break;
		const struct agenda_wave *w = &t->waves[i];
		char when[32], id[24], n[24], ne[24] = "-", nw[24] = "-", mark[2] = "";
		enum tui_color colour = worst(v, i, mark);
		int y = LIST_Y + r;
		draw_time(scr, w->start_utc, when, sizeof when);
		snprintf(id, sizeof id, "%lld", w->id);
		snprintf(n, sizeof n, "%6ld", w->nassets);
		if (v->counts) {
			snprintf(ne, sizeof ne, "%4zu", v->counts[i][0]);
			snprintf(nw, sizeof nw, "%4zu", v->counts[i][1]);
		}
		if (i == v->waves.cursor)
			draw_attr_on(scr, COL_CURSOR);
		mvhline(y, 0, ' ', BAR_X);
		draw_put(y, 1, 5, id);
		draw_put(y, 7, 9, w->stage);
		draw_put(y, 17, 20, w->window);
		draw_put(y, 38, 17, when);
		draw_put(y, 56, 6, n);
		draw_put(y, 63, 4, ne);
		draw_put(y, 68, 4, nw);
		if (i == v->waves.cursor)
			draw_attr_off(scr, COL_CURSOR);
		draw_attr_on(scr, colour);
		draw_put(y, 0, 1, mark);
		bar(&a, y, w->start_utc, w->end_utc, "█");
		draw_attr_off(scr, colour);
	}
	legend(t, v, &a, scr->lines - 5);
	blocks(t, v, &a, scr->lines - 4);
}

/* An open wave's columns, the most telling first (kept on narrow screens). */
enum { WC_HOST, WC_DEADLINE, WC_SLACK, WC_CONFLICTS, WC_START, WC_END, WC_ENV,
	WC_PIN, WC_COUNT };
static const char *const wc_title[WC_COUNT] = { "hostname", "deadline", " slack h",
	"conflicts", "start", "end", "environment", "pin" };
static const int wc_width[WC_COUNT] = { 24, 16, 8, 9, 5, 5, 11, 3 };

static const struct agenda_wave *
wave_by_id(const struct tui *t, long long id)
{
	for (size_t i = 0; i < t->nwaves; i++)
		if (t->waves[i].id == id)
			return &t->waves[i];
	return NULL;
}

static void
show_wave(const struct tui *t, const struct view_plan *v)
{
	const struct screen *scr = &t->scr;
	const struct agenda_wave *w = wave_by_id(t, v->wave.q.wave);
	char head[256], s[32], e[32];
	int x[WC_COUNT];

	if (w == NULL) {
		draw_put(1, 1, scr->cols - 2, "This wave is gone (the plan changed). Esc: back.");
		return;
	}
	draw_time(scr, w->start_utc, s, sizeof s);
	draw_time(scr, w->end_utc, e, sizeof e);
	/* The window's cutoff: when its last asset may start. */
	char by[48] = "";
	if (w->last_start_utc > w->start_utc && w->last_start_utc < w->end_utc) {
		char l[32];
		draw_time(scr, w->last_start_utc, l, sizeof l);
		snprintf(by, sizeof by, " (start by %.5s)", l + 11);
	}
	for (int pass = 0; pass < 2; pass++) {
		snprintf(head, sizeof head, "Wave %lld  %s  %s  %s -> %s%s  %ld asset%s"
		    "   (Esc: back)", w->id, w->stage, w->window, s, e + 11, by,
		    w->nassets, w->nassets == 1 ? "" : "s");
		/* Narrow (80 columns): the count and Esc before the cutoff,
		 * which the Calendar and the picker say too. */
		if ((int)strlen(head) <= scr->cols - 2)
			break;
		by[0] = '\0';
	}
	if (t->sel.n)	/* s, m and p act on them, here or not */
		snprintf(head + strlen(head), sizeof head - strlen(head),
		    "   %zu selected (*)", t->sel.n);
	attron(A_BOLD);
	draw_put(LIST_Y - 2, 1, scr->cols - 2, head);
	attroff(A_BOLD);
	draw_columns(scr, LIST_Y - 1, wc_title, wc_width, WC_COUNT, 3, scr->cols, x);
	for (int r = 0; r < v->wave.ls.rows; r++) {
		size_t i = v->wave.ls.top + (size_t)r;
		const struct prow *p = pager_row(&v->wave, i);
		int y = LIST_Y + r;
		if (p == NULL)
			break;
		char st[32], en[32], dl[32] = "-", slack[24] = "-", nc[24] = "-";
		draw_time(scr, p->start_utc, st, sizeof st);
		draw_time(scr, p->end_utc, en, sizeof en);
		size_t a = t->checked ? plan_data_asset(&t->k->d, p->key) : (size_t)-1;
		int late = 0;
		if (a != (size_t)-1 && deadline_wanted(&t->k->d.deadlines[a])) {
			int64_t due = t->k->d.deadlines[a].due_utc;
			draw_deadline(scr, due, dl, sizeof dl);
			snprintf(slack, sizeof slack, "%8.1f",
			    (double)deadline_slack(due, p->end_utc, 360) / 10.0);
			late = p->end_utc > due;
		}
		if (a != (size_t)-1)
			snprintf(nc, sizeof nc, "%9zu", t->asset_conflicts[a]);
		const char *cell[WC_COUNT] = { p->hostname, dl, slack, nc, st + 11, en + 11,
		    p->environment, p->pinned ? "yes" : "" };
		int cursor = i == v->wave.ls.cursor;
		if (cursor)
			draw_attr_on(scr, COL_CURSOR);
		mvhline(y, 0, ' ', scr->cols);
		mvaddstr(y, 1, sel_has(&t->sel, p->id) ? "*" : " ");	/* Space */
		for (int c = 0; c < WC_COUNT; c++) {
			if (x[c] < 0)
				continue;
			int red = c == WC_SLACK && late && !cursor;
			if (red)
				draw_attr_on(scr, COL_ERROR);
			draw_put(y, x[c], wc_width[c], cell[c]);
			if (red)
				draw_attr_off(scr, COL_ERROR);
		}
		if (cursor)
			draw_attr_off(scr, COL_CURSOR);
	}
}

static void
view_plan_draw(const struct tui *t)
{
	const struct view_plan *v = t->view_state[VIEW_PLAN];

	if (v->wave_open)
		show_wave(t, v);
	else
		show_waves(t, v);
}

/* Show wave id's assets, from the top. */
static void
open_wave(struct tui *t, struct view_plan *v, long long id)
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
	pager_close(&v->wave);
	if (pager_open(&v->wave, t->env.store, &q, draw_rows_below(&t->scr, LIST_Y), n,
	    &e) != 0 || pager_sync(&v->wave, &e) != 0) {
		tui_msg(t, 1, "%s", e.msg);
		return;
	}
	v->wave_open = 1;
}

/* The calendars' occurrences over the axis, made once per axis (no policy:
 * windows are not drawn here, the waves are). */
static void
make_timeline(struct tui *t, struct view_plan *v)
{
	if (v->ag_valid || !t->cals_loaded || t->nwaves == 0)
		return;
	agenda_free(&v->ag);
	agenda_build(&v->ag, NULL, NULL, t->cals, t->ncals, &t->cal_keep, NULL, 0,
	    v->from, v->to);
	v->ag_valid = 1;
}

/* The waves' span: the axis they and the timeline are drawn on. */
static void
set_axis(const struct tui *t, struct view_plan *v)
{
	int64_t from = 0, to = 0;

	for (size_t i = 0; i < t->nwaves; i++) {
		if (i == 0 || t->waves[i].start_utc < from)
			from = t->waves[i].start_utc;
		if (t->waves[i].end_utc > to)
			to = t->waves[i].end_utc;
	}
	if (to <= from)
		to = from + 3600;
	/* Today on the axis, when the waves are near it. */
	v->today = pw_clock();
	if (t->nwaves > 0 && v->today < from && from - v->today <= TODAY_REACH)
		from = v->today;
	if (t->nwaves > 0 && v->today > to && v->today - to <= TODAY_REACH)
		to = v->today;
	if (from != v->from || to != v->to)
		v->ag_valid = 0;
	v->from = from;
	v->to = to;
}

struct wave_index {
	long long	id;
	size_t		q;	/* the check's wave */
};

static int
wave_index_cmp(const void *x, const void *y)
{
	const struct wave_index *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* Each wave's errors and warnings, from the check (none: not checked). */
static void
count_conflicts(const struct tui *t, struct view_plan *v)
{
	const struct checked *k = t->k;

	free(v->counts);
	v->counts = NULL;
	if (!t->checked || t->nwaves == 0)
		return;
	size_t (*per)[2] = xcalloc(k->nwaves ? k->nwaves : 1, sizeof *per);
	struct wave_index *ix = xmalloc((k->nwaves ? k->nwaves : 1) * sizeof *ix);
	for (size_t i = 0; i < k->cl.n; i++) {
		const struct conflict *x = &k->cl.v[i];
		if (x->wave < k->nwaves)
			per[x->wave][x->error ? 0 : 1]++;
	}
	for (size_t q = 0; q < k->nwaves; q++)
		ix[q] = (struct wave_index){ k->wave_ids[k->first[q]], q };
	qsort(ix, k->nwaves, sizeof *ix, wave_index_cmp);
	v->counts = xcalloc(t->nwaves, sizeof *v->counts);
	for (size_t i = 0; i < t->nwaves; i++) {
		struct wave_index key = { t->waves[i].id, 0 };
		const struct wave_index *f = bsearch(&key, ix, k->nwaves, sizeof *ix,
		    wave_index_cmp);
		if (f != NULL)
			memcpy(v->counts[i], per[f->q], sizeof v->counts[i]);
	}
	free(ix);
	free(per);
}

static void
view_plan_free(struct tui *t)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];

	pager_close(&v->wave);
	agenda_free(&v->ag);
	free(v->counts);
}

/* From Overview or Conflicts: the wave open, at the asset when given. */
static void
view_plan_open(struct tui *t, const struct tui_target *to)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];
	struct pw_error e = { 0 };

	if (to != NULL && to->wave) {
		for (size_t i = 0; i < t->nwaves; i++)
			if (t->waves[i].id == to->wave)
				list_goto(&v->waves, i);
		open_wave(t, v, to->wave);
		if (to->key && pager_goto_key(&v->wave, to->key, &e) != 0)
			tui_msg(t, 1, "%s", e.msg);
	}
	make_timeline(t, v);
}

static void
view_plan_reload(struct tui *t, int changed)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];

	if (changed & CH_DATA) {
		list_set_count(&v->waves, t->nwaves);
		if (v->wave_open && v->wave.q.wave)
			open_wave(t, v, v->wave.q.wave);	/* from the top */
		set_axis(t, v);
	}
	if (changed & (CH_DATA | CH_CHECK))
		count_conflicts(t, v);
	if (changed & CH_CALENDARS)
		v->ag_valid = 0;
	/* Calendars loaded (at open): the timeline now, not on the first Tab. */
	if (t->view == VIEW_PLAN || (changed & CH_CALENDARS))
		make_timeline(t, v);
}

static void
view_plan_layout(struct tui *t)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];
	struct pw_error e = { 0 };

	/* The waves leave a row for the legend and two for the timeline. */
	list_set_rows(&v->waves, draw_rows_below(&t->scr, LIST_Y) - 3);
	list_set_rows(&v->wave.ls, draw_rows_below(&t->scr, LIST_Y));
	if (t->view == VIEW_PLAN && v->wave_open && wave_by_id(t, v->wave.q.wave) &&
	    pager_sync(&v->wave, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
}

static struct view_list
view_plan_list(struct tui *t)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];

	return (struct view_list){ v->wave_open ? &v->wave.ls : &v->waves, LIST_Y };
}

/* The wave the view is on: open, or under the cursor (0: none). */
static long long
current_wave(const struct tui *t, const struct view_plan *v)
{
	if (v->wave_open)
		return v->wave.q.wave;
	return v->waves.cursor < t->nwaves ? t->waves[v->waves.cursor].id : 0;
}

/* The edits (before the view's own keys): 1 when cmd was one here. */
static int
edit(struct tui *t, struct view_plan *v, enum tui_cmd cmd)
{
	long long w = current_wave(t, v), made;
	const struct prow *r;

	switch (cmd) {
	case CMD_CHANGE:
		if (w == 0)
			return 0;
		v->change_wave = w;
		tui_prompt(t, PROMPT_CHANGE, NULL);
		return 1;
	case CMD_MOVE:
	case CMD_PIN:
	case CMD_REMOVE:
		/* Assets' edits: in the wave list they said nothing at all. */
		if (!v->wave_open)
			tui_msg(t, 1, "%s: open a wave (Enter) and select (Space) its "
			    "assets, or stand on one%s", cmd == CMD_MOVE ? "move" :
			    cmd == CMD_PIN ? "pin" : "remove", cmd == CMD_MOVE ?
			    "; w moves the whole wave" : "");
		else if (cmd == CMD_MOVE)
			edit_pick_move(t, w);
		else if (cmd == CMD_PIN)
			edit_pin(t, &v->wave);
		else
			edit_remove(t, &v->wave);
		return 1;
	case CMD_SPLIT:
		if (edit_split(t, v->wave_open ? w : 0, &v->wave, &made) == 0)
			open_wave(t, v, made);
		return 1;
	case CMD_MERGE:
		if (w == 0)
			return 0;
		edit_pick_merge(t, w);
		return 1;
	case CMD_MOVE_WAVE:
		if (w == 0)
			return 0;
		edit_pick_window(t, w);
		return 1;
	case CMD_SELECT:
		if (!v->wave_open)
			return 0;
		if ((r = pager_row(&v->wave, v->wave.ls.cursor)) != NULL) {
			sel_toggle(&t->sel, r->id);
			list_move(&v->wave.ls, LM_DOWN);
			tui_msg(t, 0, "%zu selected", t->sel.n);
		}
		return 1;
	default:
		return 0;
	}
}

static int
view_plan_key(struct tui *t, enum tui_cmd cmd)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];

	if (edit(t, v, cmd))
		return 1;
	if (v->wave_open) {
		if (cmd == CMD_BACK || cmd == CMD_QUIT) {
			v->wave_open = 0;
			return 1;
		}
		if (cmd == CMD_SEARCH_NEXT || cmd == CMD_SEARCH_PREV) {
			tui_find(t, &v->wave, t->search, cmd == CMD_SEARCH_NEXT ? 1 : -1);
			return 1;
		}
		const struct prow *r = pager_row(&v->wave, v->wave.ls.cursor);
		if (cmd == CMD_OPEN && r) {	/* the asset's page, in Assets */
			tui_goto(t, VIEW_ASSETS, v->wave.q.wave, r->key);
			return 1;
		}
		return list_command(&v->wave.ls, cmd);
	}
	if (list_command(&v->waves, cmd))
		return 1;
	if (cmd == CMD_OPEN && v->waves.cursor < t->nwaves) {
		open_wave(t, v, t->waves[v->waves.cursor].id);
		return 1;
	}
	return 0;
}

static void
view_plan_prompt_done(struct tui *t, enum prompt_kind k, const char *input)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];

	if (k == PROMPT_SEARCH) {
		if (input[0] && !v->wave_open)
			tui_msg(t, 0, "open a wave (Enter) to search its assets");
		else
			tui_find(t, &v->wave, input, 1);
	} else if (k == PROMPT_CHANGE)
		edit_change(t, v->change_wave, input);
}

static void
view_plan_picked(struct tui *t, const struct pick *pk)
{
	struct view_plan *v = t->view_state[VIEW_PLAN];

	if (pk->kind == PICK_MOVE)
		edit_move(t, &v->wave, pk->id);
	else if (pk->kind == PICK_MERGE) {
		if (edit_merge(t, pk->wave, pk->id) == 0 && v->wave_open)
			open_wave(t, v, pk->id);	/* the wave merged into */
	} else if (pk->kind == PICK_WINDOW)
		edit_move_wave(t, pk->wave, pk->id);
}

const struct view_ops view_plan_ops = {
	.name = "Plan",
	.size = sizeof(struct view_plan),
	.free = view_plan_free,
	.open = view_plan_open,
	.reload = view_plan_reload,
	.layout = view_plan_layout,
	.list = view_plan_list,
	.key = view_plan_key,
	.draw = view_plan_draw,
	.prompt_done = view_plan_prompt_done,
	.picked = view_plan_picked,
};
