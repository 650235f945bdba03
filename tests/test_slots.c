/* Slots: window occurrences with capacity, and who they admit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/slots.h"
#include "testutil.h"

static void
test_slots_from_windows_and_window_calendars(void **state)
{
	struct policy p;
	struct calendar cal;
	struct cal_event *e;
	struct slot_list l = { 0 };
	const struct calendar *cals[] = { &cal };
	struct asset dev, prod;

	(void)state;
	policy_init(&p);
	struct pwindow *w = test_add_window(&p, "tue", "FREQ=WEEKLY;BYDAY=TU", "UTC",
	    2 * 60, 240);
	w->cutoff_minutes = 30;
	w->concurrency = 20;
	selector_add(&w->select, "environment", "dev");
	calendar_init(&cal);
	cal.name = strdup("ops-windows");
	cal.kind = CAL_WINDOW;
	cal.float_tz = strdup("UTC");
	cal.scope_json = strdup("{\"environment\":[\"prod\"]}");
	e = calendar_add_event(&cal);
	cal_set(&e->uid, "w1");
	cal_set(&e->dtstart, "20261125T220000");
	cal_set(&e->start_tz, "UTC");
	cal_set(&e->duration, "PT2H");

	slots_build(&p, cals, 1, utc_iso("2026-11-23T00:00"), utc_iso("2026-12-02T00:00"), &l, NULL);
	assert_int_equal(l.n, 3);
	assert_string_equal(test_utc(l.v[0].start_utc), "2026-11-24T02:00:00Z");
	assert_string_equal(test_utc(l.v[0].last_start_utc), "2026-11-24T05:30:00Z");
	assert_int_equal(slot_capacity_minutes(&l.v[0]), 20 * 210);
	assert_string_equal(l.v[1].name, "ops-windows");
	assert_int_equal(slot_capacity_minutes(&l.v[1]), CALENDAR_SLOT_CONCURRENCY * 120);
	assert_string_equal(test_utc(l.v[2].start_utc), "2026-12-01T02:00:00Z");
	slot_list_free(&l);

	/* An SSM window's Cutoff: no work starts in its last hour. */
	cal.events[0].cutoff_minutes = 60;
	slots_build(&p, cals, 1, utc_iso("2026-11-23T00:00"), utc_iso("2026-12-02T00:00"), &l, NULL);
	assert_string_equal(l.v[1].name, "ops-windows");
	assert_string_equal(test_utc(l.v[1].end_utc), "2026-11-26T00:00:00Z");
	assert_string_equal(test_utc(l.v[1].last_start_utc), "2026-11-25T23:00:00Z");
	assert_int_equal(slot_capacity_minutes(&l.v[1]), CALENDAR_SLOT_CONCURRENCY * 60);
	/* Said as the terminal UI labels the window: the policy's 30
	 * minutes, the event's hour, none. */
	char cut[32];
	slot_cutoff_text(&l.v[0], cut, sizeof cut);
	assert_string_equal(cut, "cutoff 30m");
	slot_cutoff_text(&l.v[1], cut, sizeof cut);
	assert_string_equal(cut, "cutoff 1h");
	l.v[1].last_start_utc -= 30 * 60;
	slot_cutoff_text(&l.v[1], cut, sizeof cut);
	assert_string_equal(cut, "cutoff 1h30m");
	l.v[1].last_start_utc = l.v[1].end_utc;
	slot_cutoff_text(&l.v[1], cut, sizeof cut);
	assert_string_equal(cut, "");

	asset_init(&dev);
	dev.key = "d";
	dev.environment = "dev";
	asset_init(&prod);
	prod.key = "p";
	prod.environment = "prod";
	assert_true(slot_admits(&l.v[0], &dev));
	assert_false(slot_admits(&l.v[0], &prod));
	assert_false(slot_admits(&l.v[1], &dev));	/* the calendar's scope */
	assert_true(slot_admits(&l.v[1], &prod));
	slot_list_free(&l);
	calendar_free(&cal);
	policy_free(&p);
}

/* concurrency: 10% is a tenth of the customer-owned assets the window
 * admits, rounded up, at least one (SSM's MaxConcurrency). */
static void
test_concurrency_as_a_share_of_the_assets_admitted(void **state)
{
	struct policy p;
	struct slot_list l = { 0 };
	struct asset a[30];

	(void)state;
	policy_init(&p);
	struct pwindow *w = test_add_window(&p, "tue", "FREQ=WEEKLY;BYDAY=TU", "UTC",
	    2 * 60, 240);
	w->concurrency_pct = 10;
	selector_add(&w->select, "environment", "dev");
	struct pwindow *x = test_add_window(&p, "wed", "FREQ=WEEKLY;BYDAY=WE", "UTC",
	    2 * 60, 240);
	x->concurrency_pct = 1;
	selector_add(&x->select, "environment", "none");
	for (int i = 0; i < 30; i++) {
		asset_init(&a[i]);
		a[i].key = "k";
		a[i].service_model = i == 0 ? SM_PAAS : SM_IAAS;
		a[i].environment = i < 22 ? "dev" : "prod";
	}
	slots_build(&p, NULL, 0, utc_iso("2026-11-23T00:00"), utc_iso("2026-12-02T00:00"),
	    &l, NULL);
	assert_int_equal(l.n, 3);
	slots_resolve_shares(&l, &p, a, 30);
	/* 21 customer-owned dev assets (the PaaS one is not patched): 2.1,
	 * rounded up; the window admitting none still has one lane. */
	assert_string_equal(l.v[0].name, "tue");
	assert_int_equal(l.v[0].concurrency, 3);
	assert_int_equal(l.v[2].concurrency, 3);
	assert_string_equal(l.v[1].name, "wed");
	assert_int_equal(l.v[1].concurrency, 1);
	/* The one rule, as `windows` and the terminal UI show it. */
	assert_int_equal(slots_share_lanes(10, 21), 3);
	assert_int_equal(slots_share_lanes(1, 0), 1);
	assert_int_equal(slots_share_lanes(50, 4), 2);
	assert_int_equal(slots_share_lanes(100, 200000), 100000);
	slot_list_free(&l);
	policy_free(&p);
}

static void
test_scope_terms_for_assets_and_services(void **state)
{
	struct selector s = { 0 };
	struct asset a;
	struct pw_error e;
	char *json;

	(void)state;
	asset_init(&a);
	a.key = "i-1";
	a.hostname = "web-1";
	a.vars_json = "{\"service\":\"ec2\",\"n\":1}";
	assert_int_equal(selector_from_json(&s, "{\"asset\":[\"web-1\"]}", &e), 0);
	assert_true(selector_match(&s, &a));			/* by hostname */
	selector_free(&s);
	selector_from_json(&s, "{\"asset\":[\"i-1\"],\"service\":[\"rds\",\"ec2\"]}", &e);
	assert_true(selector_match(&s, &a));
	json = selector_to_json(&s);
	assert_string_equal(json, "{\"asset\":[\"i-1\"],\"service\":[\"rds\",\"ec2\"]}");
	free(json);
	selector_free(&s);
	selector_from_json(&s, "{\"service\":[\"rds\"]}", &e);
	assert_false(selector_match(&s, &a));
	selector_free(&s);
	assert_int_equal(selector_from_json(&s, "[1]", &e), -1);
	assert_int_equal(selector_from_json(&s, "{\"zone\":\"a\"}", &e), -1);
	selector_free(&s);
}

static void
test_work_minutes_count_the_reboot_only_when_needed(void **state)
{
	struct asset a;

	(void)state;
	asset_init(&a);
	a.patch_minutes = 45;
	a.reboot_minutes = 15;
	assert_int_equal(asset_work_minutes(&a, 1), 60);
	assert_int_equal(asset_work_minutes(&a, 0), 45);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slots_from_windows_and_window_calendars),
		cmocka_unit_test(test_scope_terms_for_assets_and_services),
		cmocka_unit_test(test_concurrency_as_a_share_of_the_assets_admitted),
		cmocka_unit_test(test_work_minutes_count_the_reboot_only_when_needed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
