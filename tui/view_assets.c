/* View 4, Assets: every active asset, paged through SQL; search with / and
 * n/N, filter with f, select with Space, details (vars, groups, patches)
 * with Enter. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/conflicts.h"
#include "../util/buf.h"
#include "app.h"

static const char *const sev_name[] = { "critical", "high", "medium", "low" };

/* The pager the search keys work on: an open wave's, else the assets'. */
static struct pager *
searched(struct tui *t)
{
	return t->view == VIEW_PLAN && t->wave_open ? &t->wave : &t->assets;
}

void
assets_search(struct tui *t, const char *text, int dir)
{
	struct pw_error e = { 0 };
	int rc;

	if (text == NULL || !text[0]) {
		tui_msg(t, 0, "no search yet: / searches");
		return;
	}
	if (t->view == VIEW_PLAN && !t->wave_open) {
		tui_msg(t, 0, "open a wave (Enter) to search its assets");
		return;
	}
	rc = pager_find(searched(t), text, dir, &e);
	if (rc < 0)
		tui_msg(t, 1, "%s", e.msg);
	else if (rc == 0)
		tui_msg(t, 0, "no match for '%s'", text);
}

/* The assets in a conflict of this code (from the current check). */
static int
pick_conflicted(struct tui *t, const char *code, struct pw_error *e)
{
	long long *ids;
	size_t n = 0;
	int c;

	for (c = 0; c < C_COUNT && strcmp(conflict_code_name(c), code); c++)
		;
	if (c == C_COUNT) {
		pw_error_set(e, NULL, 0, "no conflict code '%.40s' (SLA_BREACH, FREEZE ...)",
		    code);
		return 1;
	}
	if (!t->checked && tui_reload(t, 1) != 0)
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

void
assets_filter(struct tui *t, const char *expr)
{
	struct asset_query q = { 0 };
	struct pw_error e = { 0 };
	char field[64];
	const char *eq = strchr(expr, '=');

	if (expr[0] != '\0') {
		if (eq == NULL || eq - expr >= (long)sizeof field) {
			tui_msg(t, 1, "a filter is field=value, e.g. environment=prod");
			return;
		}
		snprintf(field, sizeof field, "%.*s", (int)(eq - expr), expr);
		for (int f = BF_NONE + 1; f < BF_PICKED; f++)
			if (strcmp(field, browse_field_name((enum browse_field)f)) == 0)
				q.field = (enum browse_field)f;
		q.value = eq + 1;
		if (strcmp(field, "conflict") == 0) {
			int rc = pick_conflicted(t, eq + 1, &e);
			if (rc != 0) {
				tui_msg(t, 1, "%s", e.msg[0] ? e.msg : t->msg);
				return;
			}
			q.field = BF_PICKED;
		}
		if (q.field == BF_NONE) {
			tui_msg(t, 1, "filter on environment, stage, cluster, owner, provider, "
			    "region or conflict (a code)");
			return;
		}
	}
	pager_close(&t->assets);
	if (pager_open(&t->assets, t->env.store, &q, draw_body_rows(&t->scr) - 1,
	    q.field == BF_NONE ? t->nassets : -1, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	else
		tui_msg(t, 0, expr[0] ? "%zu assets with %s" : "%zu assets (no filter)",
		    t->assets.ls.count, expr);
}

void
assets_goto(struct tui *t, const char *key)
{
	struct pw_error e = { 0 };

	t->view = VIEW_ASSETS;
	if (t->assets.q.field != BF_NONE)
		assets_filter(t, "");	/* the asset may be filtered out */
	if (pager_goto_key(&t->assets, key, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
}

struct detail {
	int	y, x, w, bottom;
};

static int
patch_line(void *arg, const struct pending *p)
{
	struct detail *d = arg;
	char s[256];

	if (d->y >= d->bottom)
		return 1;
	snprintf(s, sizeof s, "%-8s %-14s released %s%s", sev_name[p->patch.severity],
	    p->patch.advisory, p->patch.released, p->patch.reboot ? ", reboot" : "");
	draw_put(d->y++, d->x, d->w, s);
	return 0;
}

/* The pane on the right: the asset whole, and its pending patches. */
static void
draw_detail(struct tui *t, const struct prow *r)
{
	struct detail d = { 1, t->scr.cols / 2 + 1, t->scr.cols - t->scr.cols / 2 - 2, t->scr.lines - 3 };
	struct asset a;
	struct pw_error e = { 0 };
	char s[512];

	for (int y = 1; y < t->scr.lines - 2; y++) {
		mvhline(y, d.x - 1, ' ', d.w + 2);
		mvaddstr(y, d.x - 1, "│");
	}
	if (store_asset_get(t->env.store, r->key, &a, &e) != 1) {
		draw_put(d.y, d.x, d.w, e.msg[0] ? e.msg : "gone since");
		return;
	}
	attron(A_BOLD);
	draw_put(d.y++, d.x, d.w, a.hostname);
	attroff(A_BOLD);
	struct { const char *k, *v; } f[] = {
		{ "key", a.key }, { "environment", a.environment },
		{ "model", service_model_name(a.service_model) }, { "provider", a.provider },
		{ "region", a.region }, { "zone", a.zone }, { "os", a.os }, { "tier", a.tier },
		{ "owner", a.owner }, { "cluster", a.cluster }, { "patch group", a.patch_group },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0] && d.y < d.bottom; i++) {
		if (f[i].v == NULL || !f[i].v[0])
			continue;
		draw_put(d.y, d.x, 12, f[i].k);
		draw_put(d.y++, d.x + 13, d.w - 13, f[i].v);
	}
	snprintf(s, sizeof s, "%d min patching, %d min reboot", a.patch_minutes,
	    a.reboot_minutes);
	draw_put(d.y++, d.x, d.w, s);
	struct buf g = { 0 };
	for (size_t i = 0; i < a.ngroups; i++)
		buf_printf(&g, "%s%s", i ? ", " : "", a.groups[i]);
	if (a.ngroups && d.y < d.bottom) {
		draw_put(d.y, d.x, 12, "groups");
		draw_put(d.y++, d.x + 13, d.w - 13, g.s);
	}
	buf_free(&g);
	if (a.vars_json && strcmp(a.vars_json, "{}") != 0 && d.y < d.bottom) {
		draw_put(d.y, d.x, 12, "vars");
		draw_put(d.y++, d.x + 13, d.w - 13, a.vars_json);
	}
	d.y++;
	if (d.y < d.bottom) {
		attron(A_BOLD);
		mvaddstr(d.y++, d.x, "Pending patches");
		attroff(A_BOLD);
	}
	if (store_asset_patches(t->env.store, a.key, patch_line, &d, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	asset_clear(&a);
}

/* The table's columns, left to right; each shown only when it fits. */
enum { AC_HOST, AC_ENV, AC_MODEL, AC_PENDING, AC_WAVE, AC_CLUSTER, AC_REGION,
	AC_START, AC_COUNT };
static const char *const ac_title[AC_COUNT] = { "hostname", "environment", "model",
	"pending", "wave", "cluster", "region", "planned start" };
static const int ac_width[AC_COUNT] = { 24, 11, 6, 12, 5, 12, 12, 16 };

void
assets_draw(struct tui *t)
{
	struct pw_error e = { 0 };
	int w = t->detail ? t->scr.cols / 2 : t->scr.cols, x[AC_COUNT];
	const struct prow *cur = NULL;

	if (pager_sync(&t->assets, &e) != 0)
		tui_msg(t, 1, "%s", e.msg);
	draw_columns(&t->scr, 1, ac_title, ac_width, AC_COUNT, 3, w, x);
	for (int r = 0; r < t->assets.ls.rows; r++) {
		size_t i = t->assets.ls.top + (size_t)r;
		const struct prow *p = pager_row(&t->assets, i);
		int y = 2 + r;
		char pend[32] = "", wave[24] = "", start[32] = "";
		if (p == NULL)
			break;
		if (p->pending)
			snprintf(pend, sizeof pend, "%ld %s", p->pending, p->worst >= 0 &&
			    p->worst < 4 ? sev_name[p->worst] : "");
		if (p->wave) {
			snprintf(wave, sizeof wave, "%5lld", p->wave);
			draw_time(&t->scr, p->start_utc, start, sizeof start);
		}
		const char *cell[AC_COUNT] = { p->hostname, p->environment,
		    p->service_model, pend, wave, p->cluster, p->region, start };
		if (i == t->assets.ls.cursor) {
			cur = p;
			draw_attr_on(&t->scr, COL_CURSOR);
		}
		mvhline(y, 0, ' ', w);
		mvaddstr(y, 1, sel_has(&t->sel, p->id) ? "*" : " ");
		for (int c = 0; c < AC_COUNT; c++)
			if (x[c] >= 0)
				draw_put(y, x[c], ac_width[c], cell[c]);
		if (i == t->assets.ls.cursor)
			draw_attr_off(&t->scr, COL_CURSOR);
	}
	if (t->assets.ls.count == 0)
		draw_put(3, 3, t->scr.cols - 4, t->assets.q.field ? "No asset matches the "
		    "filter (f, then Enter on an empty line, clears it)." :
		    "No assets yet: ':import inventory FILE' brings some in.");
	if (t->detail && cur)
		draw_detail(t, cur);
}

int
assets_key(struct tui *t, enum tui_cmd cmd)
{
	const struct prow *p = pager_row(&t->assets, t->assets.ls.cursor);

	if (list_command(&t->assets.ls, cmd))
		return 1;
	switch (cmd) {
	case CMD_OPEN:
		t->detail = !t->detail;
		return 1;
	case CMD_BACK:
	case CMD_QUIT:
		if (!t->detail)
			return 0;
		t->detail = 0;
		return 1;
	case CMD_SELECT:
		if (p) {
			sel_toggle(&t->sel, p->id);
			list_move(&t->assets.ls, LM_DOWN);
			tui_msg(t, 0, "%zu selected", t->sel.n);
		}
		return 1;
	case CMD_SEARCH_NEXT:
	case CMD_SEARCH_PREV:
		assets_search(t, t->search, cmd == CMD_SEARCH_NEXT ? 1 : -1);
		return 1;
	default:
		return 0;
	}
}
