/* View 4, Assets: every active asset, paged through SQL; search with / and
 * n/N, filter with f, select with Space, details (vars, groups, patches)
 * with Enter; move and pin them (edit.c). */
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/asset.h"
#include "../model/conflicts.h"
#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "edit.h"
#include "views.h"

#define LIST_Y	3	/* the first row of the table: drawn there, clicked there */
#define WHY_MAX	2000	/* the page says why up to this many assets (the
			   planner runs again); beyond, ':why KEY' does */

static const char *const sev_name[] = { "critical", "high", "medium", "low" };

/* The assets in a conflict of this code (from the current check). */
static int
pick_conflicted(struct tui *t, const char *code, struct pw_error *e)
{
	long long *ids;
	size_t n = 0;
	int c = conflict_code_parse(code);

	if (c < 0) {
		pw_error_set(e, NULL, 0, "no conflict code '%.40s' (SLA_BREACH, FREEZE ...)",
		    code);
		return 1;
	}
	if (!t->checked && tui_load(t, 1) != 0)
		return -1;
	size_t total = 0;
	for (size_t i = 0; i < t->k->cl.n; i++)
		total += t->k->cl.v[i].code == (enum conflict_code)c ? t->k->cl.v[i].nassets : 0;
	ids = xmalloc((total ? total : 1) * sizeof *ids);
	for (size_t i = 0; i < t->k->cl.n; i++)
		for (size_t j = 0; t->k->cl.v[i].code == (enum conflict_code)c &&
		    j < t->k->cl.v[i].nassets; j++)
			ids[n++] = t->k->d.assets[t->k->cl.v[i].assets[j]].id;
	int rc = store_pick(t->env.store, ids, n, e);
	free(ids);
	return rc;
}

/* The list field a filter names: a list field by name, in any case, or
 * an asset field by any name the importers take (env, cloud ...). */
static enum browse_field
filter_field(const char *name)
{
	for (int f = BF_NONE + 1; f < BF_PICKED; f++)
		if (strcasecmp(name, browse_field_name((enum browse_field)f)) == 0)
			return (enum browse_field)f;
	int af = asset_field_lookup(name);
	for (int f = BF_NONE + 1; af >= 0 && f < BF_STAGE; f++)
		if (strcmp(asset_field_name(af), browse_field_name((enum browse_field)f)) == 0)
			return (enum browse_field)f;
	return BF_NONE;
}

/* f: only the assets with field=value (an empty expr: all of them). */
static void
filter_by(struct tui *t, struct view_assets *v, const char *expr)
{
	struct asset_query q = { 0 };
	struct pw_error e = { 0 };
	char field[64], code[64];
	const char *eq = strchr(expr, '=');

	if (expr[0] != '\0') {
		if (eq == NULL || eq - expr >= (long)sizeof field) {
			tui_msg(t, 1, "a filter is field=value, e.g. environment=prod");
			return;
		}
		snprintf(field, sizeof field, "%.*s", (int)(eq - expr), expr);
		q.field = filter_field(field);
		q.value = eq + 1;
		if (strcasecmp(field, "conflict") == 0) {
			size_t i;
			for (i = 0; eq[1 + i] && i + 1 < sizeof code; i++)
				code[i] = (char)toupper((unsigned char)eq[1 + i]);
			code[i] = '\0';
			int rc = pick_conflicted(t, code, &e);
			if (rc != 0) {
				tui_msg(t, 1, "%s", e.msg[0] ? e.msg : t->msg);
				return;
			}
			q.field = BF_PICKED;
			q.value = code;
		}
		if (q.field == BF_NONE) {
			tui_msg(t, 1, "filter on environment, stage, cluster, owner, provider, "
			    "region or conflict (a code)");
			return;
		}
	}
	pager_close(&v->p);
	if (pager_open(&v->p, t->env.store, &q, draw_rows_below(&t->scr, LIST_Y),
	    q.field == BF_NONE ? t->nassets : -1, &e) != 0) {
		tui_msg(t, 1, "%s", e.msg);
		v->filter[0] = '\0';
		return;
	}
	/* As it filters: the field's own name, the value as typed. */
	if (q.field == BF_NONE)
		v->filter[0] = '\0';
	else
		snprintf(v->filter, sizeof v->filter, "%s=%s", q.field == BF_PICKED ?
		    "conflict" : browse_field_name(q.field), q.value);
	tui_msg(t, 0, v->filter[0] ? "%zu assets with %s" : "%zu assets (no filter)",
	    v->p.ls.count, v->filter);
}

static void
detail_clear(struct asset_detail *d)
{
	free(d->key);
	if (d->found)
		asset_clear(&d->a);
	for (size_t i = 0; i < d->npatches; i++)
		free(d->patches[i]);
	free(d->patches);
	buf_free(&d->plan);
	memset(d, 0, sizeof *d);
}

/* A pending patch as a line of the pane: as many as the screen has rows. */
static int
keep_patch(void *arg, const struct pending *p)
{
	struct asset_detail *d = arg;
	char s[256];

	if (d->npending++ >= (size_t)d->lines)	/* counted, not kept */
		return 0;
	/* A release date that is the policy's fallback is said to be, as
	 * the patches listing says it. */
	snprintf(s, sizeof s, "%-8s %-14s released %s%s%s",
	    sev_name[p->patch.severity], p->patch.advisory, p->patch.released,
	    p->patch.released_assumed ? " (assumed)" : "",
	    p->patch.reboot ? ", reboot" : "");
	d->patches = xrealloc(d->patches, (d->npatches + 1) * sizeof *d->patches);
	d->patches[d->npatches++] = xstrdup(s);
	return 0;
}

/* From the check, the page's plan lines: the deadline (the end of the day
 * in the policy's zone, shown in the shown zone, as why spells it), the
 * slack to the planned end, the conflicts naming it, and why (act_why, as
 * the CLI's why: up to WHY_MAX assets, the planner runs again). */
static void
detail_plan(struct tui *t, struct asset_detail *d, const struct prow *r)
{
	struct buf *b = &d->plan;
	size_t a;

	if (!t->checked) {
		buf_adds(b, "deadline, slack, conflicts: not checked yet (r checks the "
		    "plan)\n");
		return;
	}
	if ((a = plan_data_asset(&t->k->d, d->key)) == (size_t)-1)
		return;
	const struct deadline *dl = &t->k->d.deadlines[a];
	char due[64];
	if (deadline_wanted(dl)) {
		tz_format(t->scr.zone, dl->due_utc, 1, due, sizeof due);
		buf_printf(b, "deadline    %s\n", due);
		if (r->wave)
			buf_printf(b, "slack       %.1f h to the end of wave %lld%s\n",
			    (double)deadline_slack(dl->due_utc, r->end_utc, 360) / 10.0, r->wave,
			    r->end_utc > dl->due_utc ? ": late" : "");
		else
			buf_adds(b, "slack       - (in no wave)\n");
	}
	buf_printf(b, "conflicts   %zu\n", t->asset_conflicts[a]);
	for (size_t i = 0; i < t->k->cl.n; i++) {
		const struct conflict *x = &t->k->cl.v[i];
		size_t j;
		for (j = 0; j < x->nassets && x->assets[j] != a; j++)
			;
		if (j == x->nassets)
			continue;
		struct buf m = { 0 }, utc = { 0 };
		conflict_message(&t->k->d.in, x, &utc);
		tz_local_times(&m, buf_str(&utc), t->scr.zone);	/* the shown zone */
		buf_free(&utc);
		buf_printf(b, "  %s%s ", conflict_code_name(x->code), x->error ? "!" : "");
		esc_term(b, buf_str(&m));
		buf_adds(b, "\n");
		buf_free(&m);
	}
	if (t->k->d.nassets > WHY_MAX) {
		buf_adds(b, "why: ':why ");
		esc_term(b, d->key);
		buf_adds(b, "' explains (the planner runs again)\n");
		return;
	}
	struct pw_error e = { 0 };
	buf_adds(b, "why ");
	if (act_why(t->env.store, &t->k->d, a, t->scr.zone, t->k->found ? &t->k->p : NULL,
	    t->k->wave_ids, b, &e) != 0)
		buf_printf(b, "\n(why: %s)\n", e.msg);
}

/* The pane shows the asset under the cursor: load it whole, and its
 * pending patches, when that is another asset (or the screen grew). */
static void
detail_load(struct tui *t, struct view_assets *v)
{
	struct asset_detail *d = &v->d;
	const struct prow *r = pager_row(&v->p, v->p.ls.cursor);
	struct pw_error e = { 0 };

	if (r == NULL) {
		detail_clear(d);
		return;
	}
	if (d->key && !strcmp(d->key, r->key) && d->lines == t->scr.lines)
		return;
	detail_clear(d);
	d->key = xstrdup(r->key);
	d->lines = t->scr.lines;
	if (store_asset_get(t->env.store, r->key, &d->a, &e) != 1) {
		snprintf(d->why, sizeof d->why, "%s", e.msg[0] ? e.msg : "gone since");
		asset_clear(&d->a);
		return;
	}
	d->found = 1;
	if (store_asset_patches(t->env.store, d->a.key, keep_patch, d, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	detail_plan(t, d, r);
}

/* Lines of text from row y, each wrapped at a space to width w (what does
 * not fit goes on indented rows), up to row bottom: the row after them.
 * *cut: 1 when some of the text did not fit. */
static int
show_lines(const char *text, int y, int x, int w, int bottom, int *cut)
{
	char row[512];

	*cut = 0;
	while (*text && y < bottom) {
		size_t len = strcspn(text, "\n"), at = 0;
		for (int first = 1; at < len && y < bottom; first = 0) {
			int room = first ? w : w - 4;
			size_t take = len - at;
			if (room <= 4)
				break;
			if (take > (size_t)room) {
				take = (size_t)room;
				while (take > (size_t)room / 2 && text[at + take] != ' ')
					take--;
			}
			snprintf(row, sizeof row, "%.*s", (int)take, text + at);
			draw_put(y++, first ? x : x + 4, room, row);
			at += take;
			while (at < len && text[at] == ' ')
				at++;
		}
		if (at < len)
			*cut = 1;
		text += len + (text[len] == '\n');
	}
	if (*text)
		*cut = 1;
	return y;
}

/* The pane on the right (the asset's page): the asset whole, its deadline,
 * slack, conflicts and why, and its pending patches. */
static void
show_detail(const struct tui *t, const struct asset_detail *ad)
{
	const struct screen *scr = &t->scr;
	int y = 1, x = scr->cols / 2 + 1, w = scr->cols - scr->cols / 2 - 2,
	    bottom = scr->lines - 3;
	const struct asset *a = &ad->a;
	char s[512];

	for (int row = 1; row < scr->lines - 2; row++) {
		mvhline(row, x - 1, ' ', w + 2);
		mvaddstr(row, x - 1, "│");
	}
	if (!ad->found) {
		draw_put(y, x, w, ad->why);
		return;
	}
	attron(A_BOLD);
	draw_put(y++, x, w, a->hostname);
	attroff(A_BOLD);
	struct { const char *k, *v; } f[] = {
		{ "key", a->key }, { "environment", a->environment },
		{ "model", service_model_name(a->service_model) }, { "provider", a->provider },
		{ "region", a->region }, { "zone", a->zone }, { "os", a->os },
		{ "tier", a->tier }, { "owner", a->owner }, { "cluster", a->cluster },
		{ "patch group", a->patch_group },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0] && y < bottom; i++) {
		if (f[i].v == NULL || !f[i].v[0])
			continue;
		draw_put(y, x, 12, f[i].k);
		draw_put(y++, x + 13, w - 13, f[i].v);
	}
	snprintf(s, sizeof s, "%d min patching, %d min reboot", a->patch_minutes,
	    a->reboot_minutes);
	draw_put(y++, x, w, s);
	struct buf g = { 0 };
	for (size_t i = 0; i < a->ngroups; i++)
		buf_printf(&g, "%s%s", i ? ", " : "", a->groups[i]);
	if (a->ngroups && y < bottom) {
		draw_put(y, x, 12, "groups");
		draw_put(y++, x + 13, w - 13, g.s);
	}
	buf_free(&g);
	if (a->vars_json && strcmp(a->vars_json, "{}") != 0 && y < bottom) {
		draw_put(y, x, 12, "vars");
		draw_put(y++, x + 13, w - 13, a->vars_json);
	}
	/* The patches keep rows at the foot (a blank, their heading and up to
	 * three), so a long why cannot push them off; what is cut says where
	 * it is whole. */
	int keep = 2 + (int)(ad->npending < 3 ? ad->npending : 3), cut;
	int plan_bottom = bottom - keep > y + 2 ? bottom - keep : y + 2;
	y = show_lines(buf_str(&ad->plan), y + 1, x, w, plan_bottom, &cut);
	if (cut) {
		snprintf(s, sizeof s, "… more: :why %s, or a taller terminal", a->key);
		mvhline(y - 1, x, ' ', w);
		draw_put(y - 1, x, w, s);
	}
	y++;
	if (y < bottom) {
		char head[48] = "Pending patches: none";
		if (ad->npending)
			snprintf(head, sizeof head, "Pending patches (%zu)", ad->npending);
		attron(A_BOLD);
		mvaddstr(y++, x, head);
		attroff(A_BOLD);
	}
	for (size_t i = 0; i < ad->npatches && y < bottom; i++) {
		if (y + 1 == bottom && i + 1 < ad->npending) {	/* the last row */
			snprintf(s, sizeof s, "… %zu more: :patches --asset %s",
			    ad->npending - i, a->key);
			draw_put(y++, x, w, s);
			break;
		}
		draw_put(y++, x, w, ad->patches[i]);
	}
}

/* The table's columns, left to right: the hostname always, the others from
 * the first not scrolled off (h/l) as many as fit. */
enum { AC_HOST, AC_ENV, AC_MODEL, AC_PENDING, AC_WAVE, AC_CLUSTER, AC_REGION,
	AC_START, AC_COUNT };
static const char *const ac_title[AC_COUNT] = { "hostname", "environment", "model",
	"pending", "wave", "cluster", "region", "planned start" };
static const int ac_width[AC_COUNT] = { 24, 11, 6, 12, 5, 12, 12, 16 };
#define AC_X	3	/* the first column; the selection's mark before it */

/* The table's width: the screen's, or its left half with the page up. */
static int
table_width(const struct tui *t, const struct view_assets *v)
{
	return v->detail ? t->scr.cols / 2 : t->scr.cols;
}

/* Whether the columns after the hostname, from the first scrolled to, all
 * fit in width w. */
static int
all_fit(int hscroll, int w)
{
	int at = AC_X + ac_width[AC_HOST] + 1;

	for (int c = AC_HOST + 1 + hscroll; c < AC_COUNT; c++)
		at += ac_width[c] + 1;
	return at - 1 <= w;
}

/* Lay out the columns shown (titles on row y): x[c] is where column c
 * goes, or -1 (scrolled off or not fitting). */
static void
columns(const struct tui *t, const struct view_assets *v, int y, int *x)
{
	const char *title[AC_COUNT];
	int width[AC_COUNT], shown[AC_COUNT], at[AC_COUNT], n = 0;

	for (int c = 0; c < AC_COUNT; c++) {
		x[c] = -1;
		if (c != AC_HOST && c <= v->hscroll)
			continue;
		title[n] = ac_title[c];
		width[n] = ac_width[c];
		shown[n++] = c;
	}
	draw_columns(&t->scr, y, title, width, n, AC_X, table_width(t, v), at);
	for (int i = 0; i < n; i++)
		x[shown[i]] = at[i];
}

/* The header: how many, the filter, the selection, the columns scrolled. */
static void
header(const struct tui *t, const struct view_assets *v, const int *x)
{
	char s[400];
	int n = 0, last = 0;

	for (int c = 0; c < AC_COUNT; c++)
		if (x[c] >= 0) {
			n++;
			last = c;
		}
	snprintf(s, sizeof s, "%zu assets%s%s%s", v->p.ls.count, v->filter[0] ?
	    " with " : "", v->filter, v->filter[0] ? " (f: filter; empty clears)" : "");
	if (t->sel.n)
		snprintf(s + strlen(s), sizeof s - strlen(s), "   %zu selected (*)",
		    t->sel.n);
	if (n < AC_COUNT)
		snprintf(s + strlen(s), sizeof s - strlen(s), "   %scolumns %d of %d%s",
		    v->hscroll ? "<h " : "", n, AC_COUNT, last + 1 < AC_COUNT ? " l>" : "");
	attron(A_BOLD);
	draw_put(LIST_Y - 2, 1, table_width(t, v) - 2, s);
	attroff(A_BOLD);
}

static void
view_assets_draw(const struct tui *t)
{
	const struct view_assets *v = t->view_state[VIEW_ASSETS];
	const struct screen *scr = &t->scr;
	int w = table_width(t, v), x[AC_COUNT];
	const struct prow *cur = NULL;

	columns(t, v, LIST_Y - 1, x);
	header(t, v, x);
	for (int r = 0; r < v->p.ls.rows; r++) {
		size_t i = v->p.ls.top + (size_t)r;
		const struct prow *p = pager_row(&v->p, i);
		int y = LIST_Y + r;
		char pend[32] = "", wave[24] = "", start[32] = "";
		if (p == NULL)
			break;
		if (p->pending)
			snprintf(pend, sizeof pend, "%ld %s", p->pending, p->worst >= 0 &&
			    p->worst < 4 ? sev_name[p->worst] : "");
		if (p->wave) {
			snprintf(wave, sizeof wave, "%5lld", p->wave);
			draw_time(scr, p->start_utc, start, sizeof start);
		}
		const char *cell[AC_COUNT] = { p->hostname, p->environment,
		    p->service_model, pend, wave, p->cluster, p->region, start };
		if (i == v->p.ls.cursor) {
			cur = p;
			draw_attr_on(scr, COL_CURSOR);
		}
		mvhline(y, 0, ' ', w);
		mvaddstr(y, 1, sel_has(&t->sel, p->id) ? "*" : " ");
		for (int c = 0; c < AC_COUNT; c++)
			if (x[c] >= 0)
				draw_put(y, x[c], ac_width[c], cell[c]);
		if (i == v->p.ls.cursor)
			draw_attr_off(scr, COL_CURSOR);
	}
	if (v->p.ls.count == 0)
		draw_put(LIST_Y + 1, 3, scr->cols - 4, v->p.q.field ? "No asset matches the "
		    "filter (f, then Enter on an empty line, clears it)." :
		    "No assets yet: ':import inventory FILE' brings some in.");
	if (v->detail && cur && v->d.key && !strcmp(v->d.key, cur->key))
		show_detail(t, &v->d);
}

static void
view_assets_free(struct tui *t)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];

	pager_close(&v->p);
	detail_clear(&v->d);
}

/* From Conflicts: the asset with this key, unfiltered; from a wave (Enter
 * in Plan, to->wave set), its page too, Esc going back to the wave. */
static void
view_assets_open(struct tui *t, const struct tui_target *to)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];
	struct pw_error e = { 0 };

	v->from_wave = 0;
	if (to == NULL || to->key == NULL)
		return;
	if (v->p.q.field != BF_NONE)
		filter_by(t, v, "");	/* the asset may be filtered out */
	if (pager_goto_key(&v->p, to->key, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	if (to->wave) {
		v->detail = 1;
		v->from_wave = 1;
	}
}

/* The assets changed: count them again (the first time, open the list). */
static void
view_assets_reload(struct tui *t, int changed)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];
	struct pw_error e = { 0 };

	if (changed & (CH_CHECK | CH_ZONE))
		detail_clear(&v->d);	/* the page's deadline, conflicts, why */
	if (!(changed & CH_DATA))
		return;
	detail_clear(&v->d);
	if (v->p.store == NULL) {
		struct asset_query all = { 0 };
		if (pager_open(&v->p, t->env.store, &all, draw_rows_below(&t->scr, LIST_Y),
		    t->nassets, &e) != 0)
			tui_msg(t, 1, "%s", e.msg);
	} else if (pager_refresh(&v->p, v->p.q.field == BF_NONE ? t->nassets : -1,
	    &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
}

static void
view_assets_layout(struct tui *t)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];
	struct pw_error e = { 0 };

	list_set_rows(&v->p.ls, draw_rows_below(&t->scr, LIST_Y));
	if (v->p.store && pager_sync(&v->p, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	if (t->view == VIEW_ASSETS && v->detail)
		detail_load(t, v);
}

static struct view_list
view_assets_list(struct tui *t)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];

	return (struct view_list){ &v->p.ls, LIST_Y };
}

static int
view_assets_key(struct tui *t, enum tui_cmd cmd)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];
	const struct prow *p = pager_row(&v->p, v->p.ls.cursor);

	if (cmd == CMD_MOVE) {		/* the edits first */
		edit_pick_move(t, 0);
		return 1;
	}
	if (cmd == CMD_PIN) {
		edit_pin(t, &v->p);
		return 1;
	}
	if (list_command(&v->p.ls, cmd))
		return 1;
	switch (cmd) {
	case CMD_OPEN:
		v->detail = !v->detail;
		return 1;
	case CMD_BACK:
	case CMD_QUIT:
		if (!v->detail)
			return 0;
		v->detail = 0;
		if (v->from_wave)	/* the page opened from a wave: back there */
			tui_goto(t, VIEW_PLAN, 0, NULL);
		v->from_wave = 0;
		return 1;
	case CMD_SCROLL_LEFT:
		if (v->hscroll > 0)
			v->hscroll--;
		return 1;
	case CMD_SCROLL_RIGHT:
		if (!all_fit(v->hscroll, table_width(t, v)))
			v->hscroll++;
		else
			tui_msg(t, 0, "every column is shown");
		return 1;
	case CMD_SELECT:
		if (p) {
			sel_toggle(&t->sel, p->id);
			list_move(&v->p.ls, LM_DOWN);
			tui_msg(t, 0, "%zu selected", t->sel.n);
		}
		return 1;
	case CMD_SEARCH_NEXT:
	case CMD_SEARCH_PREV:
		tui_find(t, &v->p, t->search, cmd == CMD_SEARCH_NEXT ? 1 : -1);
		return 1;
	default:
		return 0;
	}
}

static void
view_assets_prompt_done(struct tui *t, enum prompt_kind k, const char *input)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];

	if (k == PROMPT_SEARCH)
		tui_find(t, &v->p, input, 1);
	else if (k == PROMPT_FILTER)
		filter_by(t, v, input);
}

static void
view_assets_picked(struct tui *t, const struct pick *pk)
{
	struct view_assets *v = t->view_state[VIEW_ASSETS];

	if (pk->kind == PICK_MOVE)
		edit_move(t, &v->p, pk->id);
}

const struct view_ops view_assets_ops = {
	.name = "Assets",
	.size = sizeof(struct view_assets),
	.free = view_assets_free,
	.open = view_assets_open,
	.reload = view_assets_reload,
	.layout = view_assets_layout,
	.list = view_assets_list,
	.key = view_assets_key,
	.draw = view_assets_draw,
	.prompt_done = view_assets_prompt_done,
	.picked = view_assets_picked,
};
