/* The views' state without a terminal: the demo imported and planned, then
 * the commands and prompt answers keys make, through the frame as the keys
 * reach it (cursor, open, filter, search, selection, edits, undo,
 * acknowledgement, calendar periods). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "../import/import.h"
#include "../storage/changes.h"
#include "../tui/app.h"
#include "testutil.h"

static char dir[64];
static struct store *st;
static struct tui t;

static void
import(int (*fn)(struct store *, const struct import_opts *, struct import_report *,
    struct pw_error *), const char *path, enum cal_kind kind)
{
	struct import_opts o = { .path = path, .kind = kind };
	struct import_report r;
	struct pw_error e = { 0 };

	memset(&r, 0, sizeof r);
	assert_int_equal(fn(st, &o, &r, &e), 0);
	import_report_free(&r);
}

static int
setup(void **state)
{
	char path[128];
	struct pw_error e = { 0 };
	struct plan_data d;
	struct plan p;
	struct conflict_list cl = { 0 };

	(void)state;
	/* The one now (pw_clock): the plan's day, whatever today is. */
	setenv("SOURCE_DATE_EPOCH", "1795392000", 1);	/* 2026-11-23T00:00:00Z */
	test_tmpdir(dir, sizeof dir, "pw-views");
	snprintf(path, sizeof path, "%s/t.db", dir);
	if (store_open(path, &st, &e) != 0)
		return -1;
	import(import_policy, "demo/policy.yaml", CAL_PROVIDER);
	import(import_inventory, "demo/inventory.csv", CAL_PROVIDER);
	import(import_patches, "demo/patches.csv", CAL_PROVIDER);
	import(import_calendar, "demo/freeze.ics", CAL_FREEZE);
	/* plan --now 2026-11-23, as the CLI does it */
	if (store_plan_data_load(st, utc_iso("2026-11-23"), 0, 0, &d, NULL, &e) != 0)
		return -1;
	plan_make(&d.in, &p);
	conflicts_check(&d.in, &p, &cl);
	if (store_begin(st, &e) != 0 || store_plan_save(st, &d, &p, &e) != 0 ||
	    store_baseline_save_plan(st, &d.in, &p, &cl, &e) != 0 ||
	    store_commit(st, &e) != 0)
		return -1;
	conflict_list_free(&cl);
	plan_free(&p);
	plan_data_free(&d);
	struct tui_env env = { st, "Europe/Berlin", path, "tester", NULL, NULL };
	tui_init(&t, &env, 40, 120);
	return tui_reload(&t, 1);
}

/* Each view's own state. */
static struct view_overview *
overview(void)
{
	return t.view_state[VIEW_OVERVIEW];
}

static struct view_plan *
plan(void)
{
	return t.view_state[VIEW_PLAN];
}

static struct view_calendar *
calendar(void)
{
	return t.view_state[VIEW_CALENDAR];
}

static struct view_assets *
assets(void)
{
	return t.view_state[VIEW_ASSETS];
}

static struct view_conflicts *
conflicts(void)
{
	return t.view_state[VIEW_CONFLICTS];
}

static struct view_changes *
changes(void)
{
	return t.view_state[VIEW_CHANGES];
}

static int
teardown(void **state)
{
	(void)state;
	tui_free(&t);
	store_close(st);
	return test_rmdir(dir);
}

static void
test_overview_opens_a_wave_in_plan(void **state)
{
	(void)state;
	assert_true(t.checked);
	assert_int_equal(t.nassets, 40);
	assert_int_equal(t.plan_now, utc_iso("2026-11-23"));	/* "plan as of" */
	assert_true(t.nwaves >= 4);
	assert_int_equal(overview()->waves.count, t.nwaves);
	assert_true(tui_command(&t, CMD_DOWN));
	assert_int_equal(overview()->waves.cursor, 1);
	assert_true(tui_command(&t, CMD_OPEN));
	assert_int_equal(t.view, VIEW_PLAN);
	assert_true(plan()->wave_open);
	assert_int_equal(plan()->wave.q.wave, t.waves[1].id);
	assert_int_equal(plan()->wave.ls.count, (size_t)t.waves[1].nassets);
	assert_true(tui_command(&t, CMD_BACK));
	assert_false(plan()->wave_open);
	assert_true(tui_command(&t, CMD_BOTTOM));
	assert_int_equal(plan()->waves.cursor, t.nwaves - 1);
}

static void
test_assets_filter_search_and_select(void **state)
{
	struct pw_error e = { 0 };

	(void)state;
	t.view = VIEW_ASSETS;
	assert_int_equal(assets()->p.ls.count, 40);
	tui_prompt_done(&t, PROMPT_FILTER, "environment=dev");
	assert_int_equal(assets()->p.ls.count, 4);
	tui_prompt_done(&t, PROMPT_FILTER, "stage=canary");
	assert_int_equal(assets()->p.ls.count, 4);
	tui_prompt_done(&t, PROMPT_FILTER, "conflict=UNPLANNED");
	assert_int_equal(assets()->p.ls.count, t.by_code[C_UNPLANNED][0]);
	tui_prompt_done(&t, PROMPT_FILTER, "colour=blue");	/* refused: unchanged */
	assert_true(t.msg_error);
	assert_int_equal(assets()->p.ls.count, t.by_code[C_UNPLANNED][0]);
	tui_prompt_done(&t, PROMPT_FILTER, "");
	assert_int_equal(assets()->p.ls.count, 40);
	tui_prompt_done(&t, PROMPT_SEARCH, "web-prod-0");
	assert_int_equal(pager_sync(&assets()->p, &e), 0);
	assert_string_equal(pager_row(&assets()->p, assets()->p.ls.cursor)->key,
	    "web-prod-01");
	size_t at = assets()->p.ls.cursor;
	assert_true(tui_command(&t, CMD_SELECT));
	assert_int_equal(t.sel.n, 1);
	assert_int_equal(assets()->p.ls.cursor, at + 1);	/* on to the next */
	assert_true(tui_command(&t, CMD_OPEN));
	assert_true(assets()->detail);
	assert_true(tui_command(&t, CMD_BACK));
	assert_false(assets()->detail);
}

static void
test_conflicts_jump_and_acknowledge(void **state)
{
	(void)state;
	t.view = VIEW_CONFLICTS;
	assert_int_equal(conflicts()->ls.count, t.k->cl.n);
	assert_int_equal(t.k->cl.v[0].code, C_SLA_BREACH);	/* sorted by code */
	assert_true(tui_command(&t, CMD_OPEN));
	assert_int_equal(t.view, VIEW_PLAN);
	assert_true(plan()->wave_open);
	t.view = VIEW_CONFLICTS;
	size_t w = 0;
	while (w < t.k->cl.n && t.k->cl.v[w].error)
		w++;
	assert_true(w < t.k->cl.n);			/* the demo has warnings */
	list_goto(&conflicts()->ls, w);
	assert_true(tui_command(&t, CMD_ACK));
	assert_int_equal(t.prompt, PROMPT_ACK);
	t.prompt = PROMPT_NONE;
	tui_prompt_done(&t, PROMPT_ACK, "the owner agreed");
	assert_int_equal(t.nacks, 1);
	assert_string_equal(t.acks[0].reason, "the owner agreed");
	assert_string_equal(t.acks[0].who, "tester");
	list_goto(&conflicts()->ls, 0);				/* an error: refused */
	assert_true(tui_command(&t, CMD_ACK));
	assert_true(t.msg_error);
	assert_int_equal(t.prompt, PROMPT_NONE);
}

static void
test_move_an_asset_then_undo(void **state)
{
	(void)state;
	t.view = VIEW_OVERVIEW;
	tui_command(&t, CMD_OPEN);			/* the first wave */
	long long first = plan()->wave.q.wave;
	size_t errors = t.nerr, n = plan()->wave.ls.count;
	assert_true(tui_command(&t, CMD_MOVE));
	assert_int_equal(t.pick.kind, PICK_MOVE);
	assert_int_equal(t.pick.n, t.nwaves - 1);	/* every other wave */
	tui_command(&t, CMD_OPEN);	/* Enter in the picker */
	assert_int_equal(t.pick.kind, PICK_NONE);
	assert_false(t.msg_error);
	assert_int_equal(plan()->wave.q.wave, first);
	assert_int_equal(plan()->wave.ls.count, n - 1);
	assert_true(t.nerr != errors);			/* checked at once */
	assert_true(tui_command(&t, CMD_UNDO));
	assert_int_equal(plan()->wave.ls.count, n);
	assert_int_equal(t.nerr, errors);
}

/* Someone else changed the plan after the screen was drawn: the edit is
 * refused, says what changed, and the screen shows the plan as it is now. */
static void
test_edit_against_a_changed_plan_is_refused(void **state)
{
	struct pw_error e = { 0 };
	struct plan_version v;

	(void)state;
	t.view = VIEW_OVERVIEW;
	tui_command(&t, CMD_OPEN);
	size_t n = plan()->wave.ls.count;
	long long seen = t.plan_version;
	store_actor(st, "bob");			/* the other operator */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_bump(st, "bob's edit", &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_true(tui_command(&t, CMD_MOVE));
	tui_command(&t, CMD_OPEN);	/* Enter in the picker */
	assert_true(t.msg_error);
	assert_non_null(strstr(t.msg, "the plan changed since"));
	assert_non_null(strstr(t.msg, "bob's edit, by bob"));
	assert_int_equal(plan()->wave.ls.count, n);		/* nothing moved */
	assert_int_equal(t.plan_version, seen + 1);	/* now it shows the new plan */
	assert_true(tui_command(&t, CMD_MOVE));		/* and an edit goes through */
	tui_command(&t, CMD_OPEN);	/* Enter in the picker */
	assert_false(t.msg_error);
	assert_int_equal(store_plan_version(st, &v, &e), 0);
	assert_int_equal(v.n, seen + 2);
}

/* c in Plan: a draft change from the wave under the cursor, by the same
 * storage calls as patchwave change create; an empty title makes nothing. */
static void
test_change_from_a_wave(void **state)
{
	struct change_rec r;
	struct pw_error e = { 0 };
	char **numbers;
	size_t n;

	(void)state;
	t.view = VIEW_CONFLICTS;
	assert_false(tui_command(&t, CMD_CHANGE));		/* Plan only */
	t.view = VIEW_PLAN;
	list_goto(&plan()->waves, 0);
	assert_true(tui_command(&t, CMD_CHANGE));
	assert_int_equal(t.prompt, PROMPT_CHANGE);
	t.prompt = PROMPT_NONE;
	tui_prompt_done(&t, PROMPT_CHANGE, "");
	assert_true(t.msg_error);
	assert_int_equal(store_change_numbers(st, -1, &numbers, &n, &e), 0);
	assert_int_equal(n, 0);
	free(numbers);
	assert_true(tui_command(&t, CMD_CHANGE));
	t.prompt = PROMPT_NONE;
	tui_prompt_done(&t, PROMPT_CHANGE, "canary wave");
	assert_false(t.msg_error);
	assert_non_null(strstr(t.msg, "made from wave"));
	assert_int_equal(store_change_numbers(st, CS_DRAFT, &numbers, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_change_get(st, numbers[0], &r, &e), 1);
	assert_string_equal(r.title, "canary wave");
	assert_string_equal(r.requested_by, "tester");
	assert_int_equal(r.nwaves, 1);
	assert_int_equal(r.waves[0], t.waves[0].id);
	assert_true(r.nassets > 0);
	change_rec_free(&r);
	free(numbers[0]);
	free(numbers);
}

/* Changes (6): the list, then submit and the CAB's decisions with comments,
 * through the same storage calls as the CLI; refusals on the message line. */
static void
decide(enum tui_cmd cmd, const char *who, const char *comment)
{
	t.env.who = who;
	assert_true(tui_command(&t, cmd));
	assert_int_equal(t.prompt, PROMPT_DECIDE);
	t.prompt = PROMPT_NONE;
	tui_prompt_done(&t, PROMPT_DECIDE, comment);
}

/* The scanner's file again after r's windows: every asset of r fixed but
 * the first that has patches. The Changes view then shows the outcome,
 * verified as `patchwave verify` does. */
static void
scanned_after(const struct change_rec *r)
{
	char sub[96], path[128], line[512], when[24];
	const char *kept = NULL;
	FILE *in = fopen("demo/patches.csv", "r"), *out;

	snprintf(sub, sizeof sub, "%s/after", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/patches.csv", sub);	/* the same source */
	assert_non_null(in);
	assert_non_null(out = fopen(path, "w"));
	while (fgets(line, sizeof line, in)) {
		int fixed = 0;
		for (size_t i = 0; i < r->nassets; i++) {
			size_t n = strlen(r->assets[i].key);
			if (strncmp(line, r->assets[i].key, n) != 0 || line[n] != ',')
				continue;
			if (kept == NULL)
				kept = r->assets[i].key;
			fixed = strcmp(kept, r->assets[i].key) != 0;
		}
		if (!fixed)
			fputs(line, out);
	}
	fclose(in);
	fclose(out);
	assert_non_null(kept);
	snprintf(when, sizeof when, "%lld", (long long)r->planned_end + 3600);
	setenv("SOURCE_DATE_EPOCH", when, 1);
	import(import_patches, path, CAL_PROVIDER);
	changes()->loaded = 0;			/* as after a command */
	assert_true(tui_command(&t, CMD_TOP));	/* the one change */
	const struct change_row *c = &changes()->v[changes()->ls.cursor];
	assert_true(c->verified);
	assert_int_equal(c->counts[VO_STILL_MISSING], 1);
	assert_int_equal(c->counts[VO_NOT_RESCANNED], 0);
	assert_int_equal(c->counts[VO_PATCHED], r->nassets - 1);
}

static void
test_changes_submit_approve_reject(void **state)
{
	struct change_rec r;
	struct pw_error e = { 0 };
	char **numbers;
	size_t n;

	(void)state;
	t.view = VIEW_PLAN;
	list_goto(&plan()->waves, 2);			/* the demo's one clean wave */
	assert_true(tui_command(&t, CMD_CHANGE));
	t.prompt = PROMPT_NONE;
	tui_prompt_done(&t, PROMPT_CHANGE, "prod wave 3");
	assert_false(t.msg_error);
	t.view = VIEW_CHANGES;
	assert_true(tui_command(&t, CMD_TOP));
	assert_int_equal(changes()->n, 1);

	decide(CMD_SUBMIT, "tester", "ready");	/* no test or backout plan yet */
	assert_true(t.msg_error);
	assert_non_null(strstr(t.msg, "backout"));
	assert_int_equal(store_change_numbers(st, CS_DRAFT, &numbers, &n, &e), 0);
	assert_int_equal(n, 1);
	struct change_fields f = { .test_plan = "curl the health page",
	    .backout_plan = "restore the snapshot", .type = -1, .risk = -1, .impact = -1 };
	struct checked k;
	struct pw_diags warn = { 0 };
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_plan_check(st, &k, &warn, &e), 0);
	assert_int_equal(store_change_edit(st, &k, numbers[0], &f, NULL, 0, "tester",
	    utc_iso("2026-11-23"), &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	checked_free(&k);
	pw_diags_free(&warn);

	decide(CMD_SUBMIT, "tester", "ready");
	assert_false(t.msg_error);
	assert_non_null(strstr(t.msg, "submitted"));
	decide(CMD_APPROVE, "tester", "mine");	/* not on the CAB */
	assert_true(t.msg_error);
	decide(CMD_APPROVE, "alice", "fine by me");
	assert_false(t.msg_error);
	assert_non_null(strstr(t.msg, "approval recorded (1 of 2): still submitted"));
	decide(CMD_REJECT, "bob", "");		/* a rejection says why */
	assert_true(t.msg_error);
	decide(CMD_APPROVE, "bob", "ok");
	assert_false(t.msg_error);
	assert_non_null(strstr(t.msg, "approved"));
	assert_int_equal(changes()->v[changes()->ls.cursor].state, CS_APPROVED);

	assert_int_equal(store_change_get(st, numbers[0], &r, &e), 1);
	assert_int_equal(r.state, CS_APPROVED);
	assert_int_equal(r.ndecisions, 2);
	assert_string_equal(r.decisions[0].who, "alice");
	assert_string_equal(r.decisions[0].comment, "fine by me");
	assert_false(changes()->v[changes()->ls.cursor].verified);	/* not yet due */
	scanned_after(&r);
	change_rec_free(&r);
	/* The outcome from the same view, as change fail|rollback|cancel. */
	decide(CMD_FAIL, "carol", "one host still missing its patch");
	assert_false(t.msg_error);
	assert_non_null(strstr(t.msg, "failed"));
	assert_int_equal(changes()->v[changes()->ls.cursor].state, CS_FAILED);
	decide(CMD_IMPLEMENT, "carol", "");			/* failed: can't */
	assert_true(t.msg_error);
	decide(CMD_ROLLBACK, "carol", "snapshot restored");
	assert_false(t.msg_error);
	assert_int_equal(changes()->v[changes()->ls.cursor].state, CS_ROLLED_BACK);
	decide(CMD_CANCEL, "carol", "too late");		/* rolled back: can't */
	assert_true(t.msg_error);
	assert_non_null(strstr(t.msg, "cannot be cancelled"));
	assert_int_equal(store_change_get(st, numbers[0], &r, &e), 1);
	assert_int_equal(r.state, CS_ROLLED_BACK);	/* stored, not only drawn */
	change_rec_free(&r);
	free(numbers[0]);
	free(numbers);
	t.env.who = "tester";
	setenv("SOURCE_DATE_EPOCH", "1795392000", 1);
}

static void
test_calendar_moves_by_week_and_month(void **state)
{
	(void)state;
	t.view = VIEW_CALENDAR;
	assert_int_equal(tui_calendars_load(&t), 0);
	long from = calendar()->day;
	assert_int_equal((from + 3) % 7, 0);		/* a Monday */
	assert_true(tui_command(&t, CMD_NEXT_PERIOD));
	assert_int_equal(calendar()->day - from, 7);
	assert_true(tui_command(&t, CMD_PREV_PERIOD));
	assert_int_equal(calendar()->day, from);
	assert_true(tui_command(&t, CMD_WEEK_MONTH));
	assert_true(calendar()->month);
	assert_true(tui_command(&t, CMD_NEXT_PERIOD));
	int y, m, d;
	civil_from_days(calendar()->day, &y, &m, &d);
	assert_int_equal(d, 1);				/* months start on the 1st */
}

/* A window whose concurrency is a share shows its lanes in the Calendar:
 * the number a plan made now resolves it to (and `patchwave windows`
 * prints), not the one lane slots_build starts it with. */
static void
test_calendar_shows_a_shares_lanes(void **state)
{
	char pol[128], *text;
	FILE *f;
	long n;
	struct plan_data d;
	struct pw_error e = { 0 };
	int lanes = 0;

	(void)state;
	/* The demo's policy, tuesday-night's concurrency 20 made 10%. */
	assert_non_null(f = fopen("demo/policy.yaml", "r"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	char *at = strstr(text, "concurrency: 20\n");
	assert_non_null(at);
	snprintf(pol, sizeof pol, "%s/share.yaml", dir);
	assert_non_null(f = fopen(pol, "w"));
	fprintf(f, "%.*sconcurrency: 10%%%s", (int)(at - text), text,
	    at + strlen("concurrency: 20"));
	fclose(f);
	free(text);
	import(import_policy, pol, CAL_PROVIDER);
	assert_int_equal(store_plan_data_load(st, utc_iso("2026-11-23"), 0, 0, &d, NULL,
	    &e), 0);
	for (size_t i = 0; i < d.slots.n; i++)
		if (strcmp(d.slots.v[i].name, "tuesday-night") == 0)
			lanes = d.slots.v[i].concurrency;
	plan_data_free(&d);
	assert_true(lanes > 1);

	tui_calendars_unload(&t);
	t.view = VIEW_CALENDAR;
	assert_int_equal(tui_calendars_load(&t), 0);
	assert_true(tui_command(&t, CMD_TODAY));
	char want[64];
	/* The demo's cutoff (30m) in the same parentheses. */
	snprintf(want, sizeof want, "tuesday-night (%d lanes: 10%%, cutoff 30m)", lanes);
	int seen = 0;
	for (size_t i = 0; i < calendar()->ag.n; i++)
		if (calendar()->ag.v[i].kind == AG_WINDOW &&
		    strncmp(calendar()->ag.v[i].label, "tuesday-night", 13) == 0) {
			assert_string_equal(calendar()->ag.v[i].label, want);
			seen++;
		}
	assert_true(seen > 0);
}

/* Issue 18 point 9: filter values in any case, field names in any case and
 * by the importers' aliases (env = environment); the filter is kept for the
 * header as the field's own name. */
static void
test_assets_filter_any_case_and_alias(void **state)
{
	(void)state;
	t.view = VIEW_ASSETS;
	tui_prompt_done(&t, PROMPT_FILTER, "environment=dev");
	assert_int_equal(assets()->p.ls.count, 4);
	tui_prompt_done(&t, PROMPT_FILTER, "env=DEV");
	assert_false(t.msg_error);
	assert_int_equal(assets()->p.ls.count, 4);
	assert_string_equal(assets()->filter, "environment=DEV");
	tui_prompt_done(&t, PROMPT_FILTER, "Environment=Dev");
	assert_int_equal(assets()->p.ls.count, 4);
	tui_prompt_done(&t, PROMPT_FILTER, "stage=CANARY");	/* the wave's stage */
	assert_int_equal(assets()->p.ls.count, 4);
	tui_prompt_done(&t, PROMPT_FILTER, "conflict=unplanned");
	assert_false(t.msg_error);
	assert_int_equal(assets()->p.ls.count, t.by_code[C_UNPLANNED][0]);
	tui_prompt_done(&t, PROMPT_FILTER, "");
	assert_int_equal(assets()->p.ls.count, 40);
	assert_string_equal(assets()->filter, "");
}

/* Issue 18 point 9: Enter on an asset in an open wave opens its page in
 * Assets (deadline, slack, conflicts, why as the CLI's why says it); Esc
 * goes back to the wave, still open. */
static void
test_enter_in_a_wave_opens_the_asset_page(void **state)
{
	struct pw_error e = { 0 };

	(void)state;
	t.view = VIEW_PLAN;
	assert_true(tui_command(&t, CMD_OPEN));
	assert_true(plan()->wave_open);
	const struct prow *r = pager_row(&plan()->wave, plan()->wave.ls.cursor);
	assert_non_null(r);
	char key[128];
	snprintf(key, sizeof key, "%s", r->key);
	assert_true(tui_command(&t, CMD_OPEN));
	assert_int_equal(t.view, VIEW_ASSETS);
	assert_true(assets()->detail);
	assert_non_null(assets()->d.key);
	assert_string_equal(assets()->d.key, key);
	assert_int_equal(pager_sync(&assets()->p, &e), 0);
	assert_string_equal(pager_row(&assets()->p, assets()->p.ls.cursor)->key, key);
	const char *page = buf_str(&assets()->d.plan);
	assert_non_null(strstr(page, "deadline    "));
	assert_non_null(strstr(page, "slack       "));
	assert_non_null(strstr(page, "conflicts   "));
	assert_non_null(strstr(page, "windows passed by:"));	/* act_why */
	assert_true(tui_command(&t, CMD_BACK));
	assert_int_equal(t.view, VIEW_PLAN);
	assert_true(plan()->wave_open);
	assert_false(assets()->detail);
}

/* Issue 18 point 12: Assets scrolls its columns (h/l) when they do not all
 * fit, the hostname kept; at 120 columns every one fits. */
static void
test_assets_scroll_columns(void **state)
{
	(void)state;
	t.view = VIEW_ASSETS;
	assert_true(tui_command(&t, CMD_SCROLL_RIGHT));
	assert_int_equal(assets()->hscroll, 0);		/* all fit */
	t.scr.cols = 80;
	assert_true(tui_command(&t, CMD_SCROLL_RIGHT));
	assert_true(tui_command(&t, CMD_SCROLL_RIGHT));
	assert_int_equal(assets()->hscroll, 2);
	for (int i = 0; i < 10; i++)
		tui_command(&t, CMD_SCROLL_RIGHT);
	assert_true(assets()->hscroll < 7);	/* stops when the last one shows */
	int most = assets()->hscroll;
	assert_true(tui_command(&t, CMD_SCROLL_LEFT));
	assert_int_equal(assets()->hscroll, most - 1);
	t.scr.cols = 120;
}

/* Issue 18 point 10: while a check runs the screen has no counts to show
 * (it says checking...), and afterwards the check's. */
static int seen_checking = -1;
static size_t seen_nerr;

static void
watch(const struct tui *w)
{
	seen_checking = w->checking;
	seen_nerr = w->nerr;
}

static void
test_overview_checking_while_the_check_runs(void **state)
{
	(void)state;
	size_t nerr = t.nerr;
	assert_true(nerr > 0);
	t.redraw = watch;
	assert_int_equal(tui_check(&t), 0);
	t.redraw = NULL;
	assert_int_equal(seen_checking, 1);	/* drawn during the check */
	assert_int_equal(seen_nerr, 0);		/* ... which is why it says so */
	assert_false(t.checking);
	assert_int_equal(t.nerr, nerr);
}

/* Plan: each wave's errors and warnings, from the check's conflicts by
 * their wave (issue 18 point 7). */
static void
test_plan_counts_each_waves_conflicts(void **state)
{
	size_t err = 0, warn = 0, with_wave = 0;

	(void)state;
	assert_true(t.checked);
	assert_non_null(plan()->counts);
	for (size_t i = 0; i < t.nwaves; i++) {
		size_t e = 0, w = 0;
		for (size_t c = 0; c < t.k->cl.n; c++) {
			const struct conflict *x = &t.k->cl.v[c];
			if (x->wave != SIZE_MAX &&
			    t.k->wave_ids[t.k->first[x->wave]] == t.waves[i].id)
				*(x->error ? &e : &w) += 1;
		}
		assert_int_equal(plan()->counts[i][0], e);
		assert_int_equal(plan()->counts[i][1], w);
		err += e;
		warn += w;
	}
	for (size_t c = 0; c < t.k->cl.n; c++)
		with_wave += t.k->cl.v[c].wave != SIZE_MAX;
	assert_int_equal(err + warn, with_wave);
	assert_true(err > 0 && warn > 0);
	/* today (the clock, 2026-11-23) is on the axis, a day before wave 1 */
	assert_true(plan()->today >= plan()->from && plan()->today <= plan()->to);
}

/* Conflicts: f filters by new (not in the baseline), by code (any case) and
 * by wave; a word it does not know is refused and the filter kept (issue
 * 18 point 8). */
static void
test_conflicts_filter(void **state)
{
	size_t n = t.k->cl.n, sla = t.by_code[C_SLA_BREACH][0];

	(void)state;
	t.view = VIEW_CONFLICTS;
	assert_int_equal(conflicts()->nshown, n);
	tui_prompt_done(&t, PROMPT_FILTER, "new");	/* the plan's baseline: none */
	assert_false(t.msg_error);
	assert_int_equal(conflicts()->nshown, 0);
	tui_prompt_done(&t, PROMPT_FILTER, "code=sla_breach");
	assert_int_equal(conflicts()->nshown, sla);
	for (size_t i = 0; i < conflicts()->nshown; i++)
		assert_int_equal(t.k->cl.v[conflicts()->shown[i]].code, C_SLA_BREACH);
	long long w = t.waves[t.nwaves - 1].id;
	char f[64];
	snprintf(f, sizeof f, "SLA_BREACH wave=%lld", w);
	tui_prompt_done(&t, PROMPT_FILTER, f);
	size_t m = conflicts()->nshown;
	assert_true(m > 0 && m < sla);
	for (size_t i = 0; i < m; i++) {
		const struct conflict *x = &t.k->cl.v[conflicts()->shown[i]];
		assert_int_equal(x->code, C_SLA_BREACH);
		assert_int_equal(t.k->wave_ids[t.k->first[x->wave]], w);
	}
	tui_prompt_done(&t, PROMPT_FILTER, "colour=blue");	/* refused: unchanged */
	assert_true(t.msg_error);
	assert_int_equal(conflicts()->nshown, m);
	tui_prompt_done(&t, PROMPT_FILTER, "code=NOPE");
	assert_true(t.msg_error);
	assert_int_equal(conflicts()->nshown, m);
	/* Enter and a act on the conflict under the cursor, as filtered */
	list_goto(&conflicts()->ls, 0);
	assert_true(tui_command(&t, CMD_OPEN));
	assert_int_equal(t.view, VIEW_PLAN);
	assert_true(plan()->wave_open);
	assert_int_equal(plan()->wave.q.wave, w);
	t.view = VIEW_CONFLICTS;
	tui_prompt_done(&t, PROMPT_FILTER, "");
	assert_int_equal(conflicts()->nshown, n);
}

/* Conflicts: provider maintenance laid over a prod wave after planning is
 * new; w lists where its asset could go (as conflicts --new) and Enter
 * applies one: the asset split off its wave into a new wave there, checked,
 * and u undoes it (issue 18 point 8). */
static void
test_conflicts_proposal_applied(void **state)
{
	char ics[128], scope[160], when[32];
	FILE *f;
	struct import_opts o = { .kind = CAL_PROVIDER, .name = "host-maint" };
	struct import_report r;
	struct pw_error e = { 0 };
	const struct agenda_wave *w = NULL;
	const char *host = NULL;

	(void)state;
	/* The thursday wave (two assets): the maintenance over one of them. */
	for (size_t i = 0; i < t.nwaves && w == NULL; i++)
		if (t.waves[i].nassets >= 2 && strcmp(t.waves[i].window,
		    "thursday-no-reboot") == 0)
			w = &t.waves[i];
	assert_non_null(w);
	for (size_t q = 0; q < t.k->p.n && host == NULL; q++)
		if (t.k->wave_ids[q] == w->id)
			host = t.k->d.assets[t.k->p.v[q].asset].key;
	assert_non_null(host);
	snprintf(scope, sizeof scope, "{\"asset\": [\"%s\"]}", host);
	o.scope_json = scope;
	time_t ws = (time_t)w->start_utc;
	strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", gmtime(&ws));
	snprintf(ics, sizeof ics, "%s/maint.ics", dir);
	assert_non_null(f = fopen(ics, "w"));
	fprintf(f, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:host-maint\r\nDTSTART:%s"
	    "\r\nDURATION:PT1H\r\nSUMMARY:Host maintenance\r\nEND:VEVENT\r\nEND:VCALENDAR"
	    "\r\n", when);
	fclose(f);
	long long nw = w->nassets;
	o.path = ics;
	memset(&r, 0, sizeof r);
	assert_int_equal(import_calendar(st, &o, &r, &e), 0);
	import_report_free(&r);
	assert_int_equal(tui_reload(&t, 1), 0);
	t.view = VIEW_CONFLICTS;
	tui_prompt_done(&t, PROMPT_FILTER, "new");
	assert_int_equal(conflicts()->nshown, 1);
	const struct conflict *x = &t.k->cl.v[conflicts()->shown[0]];
	assert_int_equal(x->code, C_PROVIDER_OVERLAP);
	long long from = t.k->wave_ids[t.k->first[x->wave]];
	size_t nwaves = t.nwaves;
	assert_true(tui_command(&t, CMD_MOVE_WAVE));		/* w */
	assert_int_equal(t.pick.kind, PICK_PROPOSAL);
	assert_true(conflicts()->nprop >= 1);
	assert_int_equal(conflicts()->prop[0].wave, 0);	/* no prod wave there */
	int64_t at = t.k->d.in.slots[conflicts()->prop[0].slot].start_utc;
	tui_command(&t, CMD_OPEN);				/* Enter applies it */
	assert_false(t.msg_error);
	assert_non_null(strstr(t.msg, "move 1 asset off wave"));
	assert_int_equal(t.nwaves, nwaves + 1);
	int found = 0;
	for (size_t i = 0; i < t.nwaves; i++)
		found |= t.waves[i].start_utc == at && t.waves[i].nassets == 1;
	assert_true(found);
	tui_command(&t, CMD_UNDO);
	assert_int_equal(t.nwaves, nwaves);
	for (size_t i = 0; i < t.nwaves; i++)
		if (t.waves[i].id == from)
			assert_int_equal(t.waves[i].nassets, nw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_overview_opens_a_wave_in_plan, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_assets_filter_search_and_select, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_conflicts_jump_and_acknowledge, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_move_an_asset_then_undo, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_change_from_a_wave, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changes_submit_approve_reject, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_edit_against_a_changed_plan_is_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_shows_a_shares_lanes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_calendar_moves_by_week_and_month, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_assets_filter_any_case_and_alias, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_enter_in_a_wave_opens_the_asset_page,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_assets_scroll_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overview_checking_while_the_check_runs,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_counts_each_waves_conflicts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_conflicts_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflicts_proposal_applied, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
