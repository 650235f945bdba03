/* View 5, Conflicts: every conflict of the stored plan with its explanation;
 * Enter jumps to its wave (Plan) or its asset (Assets). */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "app.h"

static long long
wave_id(const struct tui *t, const struct conflict *x)
{
	return x->wave == SIZE_MAX ? 0 : t->k->wave_ids[t->k->first[x->wave]];
}

void
conflicts_draw(struct tui *t)
{
	if (!t->checked) {
		draw_put(2, 2, t->scr.cols - 4, t->nwaves ? "Not checked yet: r checks the "
		    "plan (a big estate takes a few seconds)." :
		    "No plan yet: ':plan' makes one.");
		return;
	}
	draw_attr_on(&t->scr, COL_DIM);
	mvprintw(1, 1, "%-18s %-7s %3s %5s  %-24s %s", "code", "", "ack", "wave", "assets",
	    "other");
	draw_attr_off(&t->scr, COL_DIM);
	if (t->k->cl.n == 0)
		draw_put(3, 2, t->scr.cols - 4, "No conflicts: the plan is clean.");
	for (int r = 0; r < t->cf.rows; r++) {
		size_t i = t->cf.top + (size_t)r;
		if (i >= t->k->cl.n)
			break;
		const struct conflict *x = &t->k->cl.v[i];
		char wave[24] = "", assets[256] = "";
		int y = 2 + r;
		if (wave_id(t, x))
			snprintf(wave, sizeof wave, "%5lld", wave_id(t, x));
		if (x->nassets)
			snprintf(assets, sizeof assets, x->nassets > 1 ? "%s +%zu" : "%s",
			    t->k->d.assets[x->assets[0]].hostname, x->nassets - 1);
		if (i == t->cf.cursor)
			draw_attr_on(&t->scr, COL_CURSOR);
		mvhline(y, 0, ' ', t->scr.cols);
		draw_put(y, 1, 18, conflict_code_name(x->code));
		if (i != t->cf.cursor)
			draw_attr_on(&t->scr, x->error ? COL_ERROR : COL_WARN);
		draw_put(y, 20, 7, x->error ? "error" : "warning");
		if (i != t->cf.cursor)
			draw_attr_off(&t->scr, x->error ? COL_ERROR : COL_WARN);
		draw_put(y, 29, 3, acks_find(t->acks, t->nacks, t->fps[i]) ? "yes" : "");
		draw_put(y, 32, 5, wave);
		draw_put(y, 39, 24, assets);
		draw_put(y, 64, t->scr.cols - 65, x->other ? x->other : "");
		if (i == t->cf.cursor)
			draw_attr_off(&t->scr, COL_CURSOR);
	}
	/* The selected one's sentence, in full, at the bottom. */
	if (t->cf.cursor < t->k->cl.n) {
		const struct conflict *x = &t->k->cl.v[t->cf.cursor];
		int y = t->scr.lines - 5, w = t->scr.cols - 2;
		const struct ack *ak = acks_find(t->acks, t->nacks, t->fps[t->cf.cursor]);
		struct buf full = { 0 };
		conflict_message(&t->k->d.in, x, &full);
		if (ak)
			buf_printf(&full, " Acknowledged by %s at %s: %s", ak->who, ak->at,
			    ak->reason);
		const char *m = full.s;
		for (int i = 0; i < t->scr.cols; i++)
			mvaddstr(y - 1, i, "─");
		for (int l = 0; l < 3 && *m; l++) {
			/* Cut at a space that fits (the text is escaped when put). */
			int len = (int)strlen(m), cut = len;
			if (len > w) {
				for (cut = w; cut > 0 && m[cut] != ' '; cut--)
					;
				if (cut == 0)
					cut = w;
			}
			char part[1024];
			snprintf(part, sizeof part, "%.*s", cut, m);
			draw_put(y + l, 1, w, part);
			m += cut;
			while (*m == ' ')
				m++;
		}
		buf_free(&full);
	}
}

int
conflicts_key(struct tui *t, enum tui_cmd cmd)
{
	if (list_command(&t->cf, cmd))
		return 1;
	if (cmd != CMD_OPEN || !t->checked || t->cf.cursor >= t->k->cl.n)
		return 0;
	const struct conflict *x = &t->k->cl.v[t->cf.cursor];
	long long w = wave_id(t, x);
	if (w) {
		t->view = VIEW_PLAN;
		for (size_t i = 0; i < t->nwaves; i++)
			if (t->waves[i].id == w)
				list_goto(&t->pl, i);
		plan_open_wave(t, w);
		if (x->nassets) {
			struct pw_error e = { 0 };
			if (pager_goto_key(&t->wave, t->k->d.assets[x->assets[0]].key, &e) != 0)
				tui_msg(t, 1, "%s", e.msg);
		}
	} else if (x->nassets)
		assets_goto(t, t->k->d.assets[x->assets[0]].key);
	return 1;
}
