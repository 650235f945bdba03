/* View 1, Overview: the estate, its pending patches and SLA, the plan, its
 * conflicts by kind, and the next waves. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "app.h"

static void
line(int y, const char *label, const char *text, int cols)
{
	attron(A_BOLD);
	mvaddstr(y, 1, label);
	attroff(A_BOLD);
	draw_put(y, 14, cols - 15, text);
}

/* Waves from now on (the list starts at the first not yet ended). */
void
overview_draw(struct tui *t)
{
	char s[512];
	struct buf b = { 0 };

	snprintf(s, sizeof s, "%ld active, %ld customer-owned (iaas/onprem: planned by "
	    "patchwave)", t->nassets, t->nowned);
	line(1, "Assets", s, t->scr.cols);
	snprintf(s, sizeof s, "critical %ld   high %ld   medium %ld   low %ld",
	    t->sev[SEV_CRITICAL], t->sev[SEV_HIGH], t->sev[SEV_MEDIUM], t->sev[SEV_LOW]);
	line(2, "Pending", s, t->scr.cols);
	long planned = 0;
	for (size_t i = 0; i < t->nwaves; i++)
		planned += t->waves[i].nassets;
	snprintf(s, sizeof s, "%ld assets in %zu waves", planned, t->nwaves);
	line(4, "Plan", t->nwaves ? s : "no plan yet: ':plan' makes one", t->scr.cols);
	if (t->checked || t->counted_at > 0) {
		snprintf(s, sizeof s, "breached %zu   at risk %zu   unplanned %zu",
		    t->by_code[C_SLA_BREACH][0], t->by_code[C_SLA_AT_RISK][1],
		    t->by_code[C_UNPLANNED][0] + t->by_code[C_UNPLANNED][1]);
		line(3, "SLA", s, t->scr.cols);
		char when[32] = "";
		if (t->checked)
			snprintf(s, sizeof s, "%zu errors, %zu warnings", t->nerr, t->nwarn);
		else {
			draw_time(&t->scr, (int64_t)t->counted_at, when, sizeof when);
			snprintf(s, sizeof s, "%zu errors, %zu warnings (as of the last plan "
			    "or edit, %s; r checks now)", t->nerr, t->nwarn, when);
		}
		draw_attr_on(&t->scr, t->nerr ? COL_ERROR : COL_OK);
		line(5, "Conflicts", s, t->scr.cols);
		draw_attr_off(&t->scr, t->nerr ? COL_ERROR : COL_OK);
		for (int c = 0; c < C_COUNT; c++)
			for (int e = 0; e < 2; e++)
				if (t->by_code[c][e])
					buf_printf(&b, "%s %zu%s   ", conflict_code_name(c),
					    t->by_code[c][e], e ? "" : "!");
		/* Two lines of kinds; '!' marks errors. */
		int w = t->scr.cols - 15;
		const char *p = b.s ? b.s : "";
		int len = (int)strlen(p);
		draw_put(6, 14, w, len > w ? "" : p);
		if (len > w) {
			int cut = w;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			char first[512];
			snprintf(first, sizeof first, "%.*s", cut, p);
			draw_put(6, 14, w, first);
			draw_put(7, 14, w, p + cut + 1);
		}
	} else {
		line(3, "SLA", "not checked yet: r checks the plan", t->scr.cols);
		line(5, "Conflicts", "not checked yet: r checks the plan", t->scr.cols);
	}
	buf_free(&b);
	attron(A_BOLD);
	mvaddstr(9, 1, "Waves");
	attroff(A_BOLD);
	draw_attr_on(&t->scr, COL_DIM);
	mvprintw(10, 1, "%-17s  %-22s  %-10s  %7s  %s", "start", "window", "stage",
	    "assets", "id");
	draw_attr_off(&t->scr, COL_DIM);
	for (int r = 0; r < t->ov.rows; r++) {
		size_t i = t->ov.top + (size_t)r;
		if (i >= t->nwaves)
			break;
		const struct agenda_wave *w = &t->waves[i];
		char when[32], n[24], id[24];
		draw_time(&t->scr, w->start_utc, when, sizeof when);
		if (i == t->ov.cursor)
			draw_attr_on(&t->scr, COL_CURSOR);
		mvhline(11 + r, 0, ' ', t->scr.cols);
		draw_put(11 + r, 1, 17, when);
		draw_put(11 + r, 20, 22, w->window);
		draw_put(11 + r, 44, 10, w->stage);
		snprintf(n, sizeof n, "%7ld", w->nassets);
		snprintf(id, sizeof id, "%lld", w->id);
		draw_put(11 + r, 56, 7, n);
		draw_put(11 + r, 65, 10, id);
		if (i == t->ov.cursor)
			draw_attr_off(&t->scr, COL_CURSOR);
	}
}

int
overview_key(struct tui *t, enum tui_cmd cmd)
{
	if (list_command(&t->ov, cmd))
		return 1;
	if (cmd == CMD_OPEN && t->ov.cursor < t->nwaves) {
		t->view = VIEW_PLAN;
		list_goto(&t->pl, t->ov.cursor);
		plan_open_wave(t, t->waves[t->ov.cursor].id);
		return 1;
	}
	return 0;
}
