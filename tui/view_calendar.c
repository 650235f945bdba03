/* View 3, Calendar: a week or a month of maintenance windows, waves,
 * provider maintenance and freezes, in the shown zone (z toggles UTC). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "views.h"

static const char glyph[AG_KIND_COUNT] = { 'w', '#', 'p', 'f' };
static const enum tui_color kind_color[AG_KIND_COUNT] = {
	COL_WINDOW, COL_WAVE, COL_PROVIDER, COL_FREEZE
};
static const char *const day_name[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
	"Sun" };

/* Today: the one clock (pw_clock: SOURCE_DATE_EPOCH when set). */
static int64_t
now(void)
{
	return pw_clock();
}

/* Local midnight of a day number (days since 1970-01-01), as UTC. */
static int64_t
midnight(const struct tui *t, long day)
{
	struct civil c = { 0 };

	civil_from_days(day, &c.y, &c.mo, &c.d);
	return tz_local_to_utc(t->scr.zone, &c);
}

static long
day_of(const struct tui *t, int64_t utc)
{
	struct civil c;

	tz_utc_to_local(t->scr.zone, utc, &c);
	return days_from_civil(c.y, c.mo, c.d);
}

/* The first day the view shows (a Monday) and how many. */
static long
period(const struct view_calendar *v, long *days)
{
	int yy, mo, dd;
	long first = v->day;

	*days = v->month ? 42 : 7;
	if (v->month) {
		/* The Monday on or before the 1st of the month shown. */
		civil_from_days(first, &yy, &mo, &dd);
		long one = days_from_civil(yy, mo, 1);
		first = one - ((one + 3) % 7);
	}
	return first;
}

/* What happens in the period shown: expanding a big calendar costs, so once
 * per period (and zone), not per key. */
static void
make_agenda(struct tui *t, struct view_calendar *v)
{
	long days, first = period(v, &days);
	int64_t from_utc = midnight(t, first), to_utc = midnight(t, first + days);

	if (!t->cals_loaded || (v->ag_valid && v->ag_from == from_utc &&
	    v->ag_to == to_utc))
		return;
	agenda_free(&v->ag);
	agenda_build(&v->ag, t->policy, t->lanes, t->cals, t->ncals, &t->cal_keep,
	    t->waves, t->nwaves, from_utc, to_utc);
	v->ag_from = from_utc;
	v->ag_to = to_utc;
	v->ag_valid = 1;
}

/* This week, from its Monday. */
static void
view_calendar_init(struct tui *t)
{
	struct view_calendar *v = t->view_state[VIEW_CALENDAR];
	long today = day_of(t, now());

	v->day = today - ((today + 3) % 7);
}

static void
view_calendar_free(struct tui *t)
{
	struct view_calendar *v = t->view_state[VIEW_CALENDAR];

	agenda_free(&v->ag);
}

static void
item_text(const struct tui *t, const struct agenda_item *it, long day, char *out,
    size_t n)
{
	char when[32];

	if (it->start_utc <= midnight(t, day))
		snprintf(when, sizeof when, "..");
	else {
		draw_time(&t->scr, it->start_utc, when, sizeof when);
		memmove(when, when + 11, 6);
	}
	snprintf(out, n, "%s %c %s", when, glyph[it->kind], it->label);
}

/* Cells narrower than this (80 columns: 10) put an item's time and kind on
 * one row and its name, wrapped, on the rows under it. */
#define NARROW	16

/* text from row y in a cell width w wide, wrapped over up to rows rows
 * (cut at a '-' or ' ' when one is near): the row after it. */
static int
wrapped(int y, int x, int w, int rows, const char *text)
{
	char part[128];
	size_t len = strlen(text);

	for (int r = 0; r < rows && len > 0; r++) {
		size_t take = len;
		if (take > (size_t)w && r + 1 < rows) {
			take = (size_t)w;
			for (size_t b = take; b > (size_t)w / 2; b--)
				if (text[b - 1] == '-' || text[b - 1] == ' ') {
					take = b;
					break;
				}
			while (take > 1 && ((unsigned char)text[take] & 0xc0) == 0x80)
				take--;	/* not inside a UTF-8 character */
		}
		snprintf(part, sizeof part, "%.*s", (int)(take < sizeof part ? take :
		    sizeof part - 1), text);
		draw_put(y++, x, w, part);
		text += take;
		len -= take;
	}
	return y;
}

static void
week(const struct tui *t, const struct agenda *ag, long first)
{
	int cw = (t->scr.cols - 1) / 7, narrow = cw - 1 < NARROW;
	long today = day_of(t, now());

	for (int d = 0; d < 7; d++) {
		long day = first + d;
		int x = 1 + d * cw, y = 3;
		int64_t s = midnight(t, day), e = midnight(t, day + 1);
		int yy, mm, dd;
		char head[32];
		civil_from_days(day, &yy, &mm, &dd);
		snprintf(head, sizeof head, "%s %02d-%02d%s", day_name[d], mm, dd,
		    day != today ? "" : cw - 1 >= 15 ? " today" : "*");
		attron(day == today ? A_REVERSE : A_BOLD);
		draw_put(2, x, day == today ? (int)strlen(head) : cw - 1, head);
		attroff(day == today ? A_REVERSE : A_BOLD);
		for (size_t i = 0; i < ag->n && y < t->scr.lines - 3; i++) {
			const struct agenda_item *it = &ag->v[i];
			if (it->end_utc <= s || it->start_utc >= e)
				continue;
			char text[256];
			item_text(t, it, day, text, sizeof text);
			draw_attr_on(&t->scr, kind_color[it->kind]);
			char *kind = strchr(text, ' ');	/* "02:00 w name" */
			if (narrow && kind && kind[1] && kind[2] == ' ') {
				kind[2] = '\0';	/* "02:00 w", the name under it */
				draw_put(y++, x, cw - 1, text);
				int room = t->scr.lines - 3 - y;
				y = wrapped(y, x + 1, cw - 2, room < 2 ? room : 2, kind + 3);
			} else
				draw_put(y++, x, cw - 1, text);
			/* A window's cutoff, under it: its name may be cut, the
			 * time when work stops starting must not be. */
			if (it->last_start_utc < it->end_utc && y < t->scr.lines - 3) {
				char by[32], line[48];
				draw_time(&t->scr, it->last_start_utc, by, sizeof by);
				snprintf(line, sizeof line, "%s%.5s", narrow ? " by " :
				    "  start by ", by + 11);
				draw_put(y++, x, cw - 1, line);
			}
			draw_attr_off(&t->scr, kind_color[it->kind]);
		}
	}
}

static void
month(const struct tui *t, const struct agenda *ag, long first, int mo)
{
	int cw = (t->scr.cols - 1) / 7, ch = (t->scr.lines - 5) / 6;
	long today = day_of(t, now());

	for (int d = 0; d < 7; d++)
		draw_put(2, 1 + d * cw, cw - 1, day_name[d]);
	for (int c = 0; c < 42; c++) {
		long day = first + c;
		int x = 1 + (c % 7) * cw, y = 3 + (c / 7) * ch;
		int64_t s = midnight(t, day), e = midnight(t, day + 1);
		int yy, mm, dd, n[AG_KIND_COUNT] = { 0 };
		char line[64];
		civil_from_days(day, &yy, &mm, &dd);
		for (size_t i = 0; i < ag->n; i++)
			if (ag->v[i].end_utc > s && ag->v[i].start_utc < e)
				n[ag->v[i].kind]++;
		/* Today: its number reversed and starred. */
		snprintf(line, sizeof line, day == today ? "%2d*" : "%2d", dd);
		if (mm != mo)
			draw_attr_on(&t->scr, COL_DIM);
		if (day == today)
			attron(A_REVERSE);
		draw_put(y, x, 3, line);
		if (day == today)
			attroff(A_REVERSE);
		if (mm != mo)
			draw_attr_off(&t->scr, COL_DIM);
		int lx = x + 3;
		for (int k = 0; k < AG_KIND_COUNT; k++) {
			if (!n[k] || lx + 4 > x + cw - 1)
				continue;
			snprintf(line, sizeof line, "%d%c", n[k], glyph[k]);
			draw_attr_on(&t->scr, kind_color[k]);
			draw_put(y, lx, (int)strlen(line), line);
			draw_attr_off(&t->scr, kind_color[k]);
			lx += (int)strlen(line) + 1;
		}
		/* The first item's name underneath, when there is room (in a
		 * narrow cell wrapped over the rows it has). */
		for (size_t i = 0; ch > 1 && i < ag->n; i++)
			if (ag->v[i].end_utc > s && ag->v[i].start_utc < e) {
				draw_attr_on(&t->scr, kind_color[ag->v[i].kind]);
				if (cw - 1 < NARROW)
					wrapped(y + 1, x, cw - 1, ch - 1, ag->v[i].label);
				else
					draw_put(y + 1, x, cw - 1, ag->v[i].label);
				draw_attr_off(&t->scr, kind_color[ag->v[i].kind]);
				break;
			}
	}
}

static void
view_calendar_draw(const struct tui *t)
{
	const struct view_calendar *v = t->view_state[VIEW_CALENDAR];
	char head[160], from[32];
	long days, first = period(v, &days);
	int yy, mo, dd;

	if (!t->cals_loaded)
		return;
	civil_from_days(v->day, &yy, &mo, &dd);
	draw_time(&t->scr, midnight(t, first), from, sizeof from);
	if (v->month)
		snprintf(head, sizeof head, "%04d-%02d   w window  # wave  p provider "
		    "maintenance  f freeze   (%zu items)  * today", yy, mo, v->ag.n);
	else
		snprintf(head, sizeof head, "Week of %.10s   w window  # wave  p provider "
		    "maintenance  f freeze", from);
	attron(A_BOLD);
	draw_put(1, 1, t->scr.cols - 2, head);
	attroff(A_BOLD);
	if (v->month)
		month(t, &v->ag, first, mo);
	else
		week(t, &v->ag, first);
}

static void
view_calendar_open(struct tui *t, const struct tui_target *to)
{
	struct view_calendar *v = t->view_state[VIEW_CALENDAR];

	(void)to;
	if (tui_calendars_load(t) == 0)
		make_agenda(t, v);
}

/* The waves, the calendars or the zone changed: the period again, when it
 * is shown (else when it next is). */
static void
view_calendar_reload(struct tui *t, int changed)
{
	struct view_calendar *v = t->view_state[VIEW_CALENDAR];

	if (changed & (CH_DATA | CH_CALENDARS))
		v->ag_valid = 0;
	if (t->view == VIEW_CALENDAR)
		make_agenda(t, v);
}

static int
view_calendar_key(struct tui *t, enum tui_cmd cmd)
{
	struct view_calendar *v = t->view_state[VIEW_CALENDAR];
	long day;
	int yy, mo, dd;

	if (tui_calendars_load(t) != 0)
		return 0;
	day = v->day;
	civil_from_days(day, &yy, &mo, &dd);
	switch (cmd) {
	case CMD_PREV_PERIOD: case CMD_UP: case CMD_PGUP:
		if (v->month) {
			if (--mo < 1)
				mo = 12, yy--;
			day = days_from_civil(yy, mo, 1);
		} else
			day -= 7;
		break;
	case CMD_NEXT_PERIOD: case CMD_DOWN: case CMD_PGDN:
		if (v->month) {
			if (++mo > 12)
				mo = 1, yy++;
			day = days_from_civil(yy, mo, 1);
		} else
			day += 7;
		break;
	case CMD_WEEK_MONTH:
		v->month = !v->month;
		if (v->month)
			day = days_from_civil(yy, mo, 1);
		else
			day -= (day + 3) % 7;
		break;
	case CMD_TODAY:
		day = day_of(t, now());
		if (v->month) {
			civil_from_days(day, &yy, &mo, &dd);
			day = days_from_civil(yy, mo, 1);
		} else
			day -= (day + 3) % 7;
		break;
	default:
		return 0;
	}
	v->day = day;
	make_agenda(t, v);
	return 1;
}

const struct view_ops view_calendar_ops = {
	.name = "Calendar",
	.size = sizeof(struct view_calendar),
	.init = view_calendar_init,
	.free = view_calendar_free,
	.open = view_calendar_open,
	.reload = view_calendar_reload,
	.key = view_calendar_key,
	.draw = view_calendar_draw,
};
