/* What every patch source shares once its reader has spoken: the host named
 * by key, hostname, short name, IP or instance id; a severity on the
 * source's own scale mapped by the policy; a release date assumed where the
 * source gives none, kept from the first import on; findings stored but
 * never pending; advisories filling in what patches arrived without. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../storage/store.h"
#include "../util/buf.h"
#include "testutil.h"

static char dir[64];
static struct store *st;

/* Three assets: one by FQDN hostname with an IP, one short-named with an
 * instance id, and two sharing an IP (neither found by it). */
static int
setup(void **state)
{
	static const struct { const char *key, *host, *ip, *inst; } v[] = {
		{ "web01", "web01.example.com", "10.1.2.3", NULL },
		{ "db01", "db01", "10.1.2.4", "i-0abc123" },
		{ "twin-a", "twin-a", "10.9.9.9", NULL },
		{ "twin-b", "twin-b", "10.9.9.9", NULL },
	};
	struct pw_error e;
	char path[128];

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-psrc");
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(store_open(path, &st, &e), 0);
	assert_int_equal(store_begin(st, &e), 0);
	struct store_import *imp = store_import_begin(st, "inventory", "cmdb", "i.csv",
	    &e);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		struct asset a;
		asset_init(&a);
		a.key = xstrdup(v[i].key);
		a.hostname = xstrdup(v[i].host);
		a.ip = xstrdup(v[i].ip);
		a.instance_id = v[i].inst ? xstrdup(v[i].inst) : NULL;
		a.provider = xstrdup("aws");
		assert_int_equal(asset_finish(&a, &e), 0);
		assert_int_equal(store_asset_put(imp, &a, &e), 0);
		asset_clear(&a);
	}
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	return test_rmdir(dir);
}

/* Put a patch for host named name in its own import of source "scan";
 * returns store_patch_put's result, err its message. */
static int
put_on(const char *today, const char *name, const char *advisory,
    const char *released, int finding, struct pw_error *e)
{
	struct patch p;
	struct policy pol;
	int rc;

	patch_init(&p);
	p.asset = xstrdup(name);
	p.advisory = xstrdup(advisory);
	p.scale = xstrdup("tenable");
	p.source_severity = xstrdup("3");
	p.kind = finding ? PK_FINDING : PK_PATCH;
	if (released)
		snprintf(p.released, sizeof p.released, "%s", released);
	policy_init(&pol);
	assert_int_equal(patch_finish(&p, 0, e), 0);
	assert_int_equal(policy_complete_patch(&pol, &p, today, e), 0);
	policy_free(&pol);
	assert_int_equal(store_begin(st, e), 0);
	struct store_import *imp = store_import_begin(st, "patches", "scan", "s.nessus",
	    e);
	rc = store_patch_put(imp, &p, e);
	store_import_end(imp);
	assert_int_equal(store_commit(st, e), 0);
	patch_clear(&p);
	return rc;
}

static int
put(const char *name, const char *advisory, const char *released, int finding,
    struct pw_error *e)
{
	return put_on("2026-11-29", name, advisory, released, finding, e);
}

static void
test_a_host_is_found_by_each_of_its_names(void **state)
{
	static const char *const found[] = { "web01", "web01.example.com",
	    "WEB01.Example.COM", "web01.other.net", "10.1.2.3", "db01", "db01.corp",
	    "i-0abc123" };
	struct pw_error e;

	(void)state;
	for (size_t i = 0; i < sizeof found / sizeof found[0]; i++)
		assert_int_equal(put(found[i], "CVE-1", "2026-11-01", 0, &e), 0);
	assert_int_equal(put("10.7.7.7", "CVE-1", "2026-11-01", 0, &e), 1);
	assert_non_null(strstr(e.msg, "host 10.7.7.7 is not in the inventory"));
	/* Two assets share the address: neither is guessed. */
	assert_int_equal(put("10.9.9.9", "CVE-1", "2026-11-01", 0, &e), 1);
	assert_non_null(strstr(e.msg, "names several assets by IP address"));
}

struct rows {
	int	 n;
	char	 released[16], severity[16], kind[16];
	int	 assumed;
};

static int
take(void *arg, const struct patch_row *r)
{
	struct rows *x = arg;

	x->n++;
	snprintf(x->released, sizeof x->released, "%s", r->p.released);
	snprintf(x->severity, sizeof x->severity, "%s", severity_name(r->p.severity));
	snprintf(x->kind, sizeof x->kind, "%s", r->kind);
	x->assumed = r->p.released_assumed;
	return 0;
}

static struct rows
rows(const char *kind)
{
	struct rows x = { 0 };
	struct pw_error e;

	assert_int_equal(store_patches_each(st, "web01", NULL, kind, 0, take, &x, &e),
	    0);
	return x;
}

static int
count_pending(void *arg, const struct pending *p)
{
	(void)p;
	(*(int *)arg)++;
	return 0;
}

/* No release date: the first import's day, assumed, kept by later imports
 * that assume a later day; the source's "3" is high on the tenable scale. */
static void
test_an_assumed_release_keeps_its_first_day(void **state)
{
	struct pw_error e;
	struct rows x;

	(void)state;
	assert_int_equal(put("web01", "PLUGIN-1", NULL, 0, &e), 0);
	x = rows("patch");
	assert_int_equal(x.n, 1);
	assert_string_equal(x.released, "2026-11-29");
	assert_true(x.assumed);
	assert_string_equal(x.severity, "high");
	/* A later import the next day assumes its own day: the first stays. */
	assert_int_equal(put_on("2026-11-30", "web01", "PLUGIN-1", NULL, 0, &e), 0);
	x = rows("patch");
	assert_string_equal(x.released, "2026-11-29");
	/* The source giving a date replaces the assumption. */
	assert_int_equal(put("web01", "PLUGIN-1", "2026-10-01", 0, &e), 0);
	x = rows("patch");
	assert_string_equal(x.released, "2026-10-01");
	assert_false(x.assumed);
}

/* A finding is stored and listed, never pending (never planned). */
static void
test_findings_are_listed_not_pending(void **state)
{
	struct pw_error e;
	int pending = 0;

	(void)state;
	assert_int_equal(put("web01", "CONFIG-1", "2026-11-01", 1, &e), 0);
	assert_int_equal(rows("finding").n, 1);
	assert_int_equal(rows("patch").n, 0);
	assert_int_equal(store_pending_each(st, count_pending, &pending, &e), 0);
	assert_int_equal(pending, 0);
}

/* An advisory imported on its own gives an assumed release its date and an
 * assumed severity its word. */
static void
test_advisories_fill_in_what_patches_lacked(void **state)
{
	struct pw_error e;
	struct patch a;

	(void)state;
	assert_int_equal(put("web01", "RHSA-2026:1", NULL, 0, &e), 0);
	patch_init(&a);
	a.advisory = xstrdup("RHSA-2026:1");
	a.severity = SEV_CRITICAL;
	snprintf(a.released, sizeof a.released, "2026-09-15");
	assert_int_equal(store_begin(st, &e), 0);
	struct store_import *imp = store_import_begin(st, "advisories", "csaf", "a.json",
	    &e);
	assert_int_equal(store_advisory_put(imp, &a, &e), 0);
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	patch_clear(&a);
	struct rows x = rows("patch");
	assert_string_equal(x.released, "2026-09-15");
	assert_false(x.assumed);
	/* Its severity was the source's (tenable 3): not replaced. */
	assert_string_equal(x.severity, "high");
}

/* The policy maps a source's words before the defaults; a word nothing
 * maps is refused, naming it; a source with no severity gets the default,
 * assumed. */
static void
test_severity_maps_and_defaults(void **state)
{
	struct policy pol;
	struct patch p;
	struct pw_error e;

	(void)state;
	policy_init(&pol);
	assert_int_equal(policy_severity(&pol, "qualys", "5"), SEV_CRITICAL);
	assert_int_equal(policy_severity(&pol, "SSM", "Unspecified"), SEV_MEDIUM);
	assert_int_equal(policy_severity(&pol, "redhat", "Important"), SEV_HIGH);
	assert_int_equal(policy_severity(&pol, "qualys", "7"), -1);
	pol.severity_map = xcalloc(1, sizeof *pol.severity_map);
	pol.severity_map[0] = (struct severity_rule){ xstrdup("ssm"),
	    xstrdup("unspecified"), SEV_LOW, 1 };
	pol.nseverity_map = 1;
	assert_int_equal(policy_severity(&pol, "ssm", "Unspecified"), SEV_LOW);
	patch_init(&p);
	p.scale = xstrdup("qualys");
	p.source_severity = xstrdup("7");
	p.line = 12;
	assert_int_equal(policy_complete_patch(&pol, &p, "2026-11-29", &e), -1);
	assert_int_equal(e.line, 12);
	assert_non_null(strstr(e.msg, "severity '7' (qualys)"));
	patch_clear(&p);
	patch_init(&p);		/* apt: no severity, no date */
	pol.release_fallback = RF_SCAN_DATE;
	snprintf(p.scanned, sizeof p.scanned, "2026-11-20");
	assert_int_equal(policy_complete_patch(&pol, &p, "2026-11-29", &e), 0);
	assert_int_equal(p.severity, SEV_MEDIUM);
	assert_true(p.severity_assumed);
	assert_string_equal(p.released, "2026-11-20");
	assert_true(p.released_assumed);
	patch_clear(&p);
	policy_free(&pol);
}

static void
test_cves_listed_once_each(void **state)
{
	struct patch p;

	(void)state;
	patch_init(&p);
	patch_add_cve(&p, " CVE-2021-1 ");
	patch_add_cve(&p, "CVE-2021-2");
	patch_add_cve(&p, "cve-2021-1");
	patch_add_cve(&p, "");
	assert_string_equal(p.cves, "CVE-2021-1,CVE-2021-2");
	patch_clear(&p);
}

/* Dates as sources write them; a dd/mm or mm/dd date is read only when a
 * part is over 12 or the order is given, else it is ambiguous (1). */
static void
test_dates_in_every_shape(void **state)
{
	static const struct { const char *in; enum date_order o; int rc;
	    const char *out; } v[] = {
		{ "2026-03-20", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "2026-03-20T10:00:00Z", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "2026/03/20", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "20260320", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "20 Mar 2026", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "Mar 20, 2026", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "Fri, 20 Mar 2026 10:00:00 GMT", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "1589077890.53", DATE_ORDER_AUTO, 0, "2020-05-10" },
		{ "20/03/2026", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "03/20/2026", DATE_ORDER_AUTO, 0, "2026-03-20" },
		{ "03/04/2026", DATE_ORDER_AUTO, 1, NULL },
		{ "03/04/2026", DATE_ORDER_DMY, 0, "2026-04-03" },
		{ "03/04/2026", DATE_ORDER_MDY, 0, "2026-03-04" },
		{ "31/02/2026", DATE_ORDER_AUTO, -1, NULL },
		{ "soon", DATE_ORDER_AUTO, -1, NULL },
		{ "Re", DATE_ORDER_AUTO, -1, NULL },	/* read past (fuzzer) */
		{ "", DATE_ORDER_AUTO, -1, NULL },
	};
	char out[11];

	(void)state;
	/* Each from the heap, sized to fit, so a read past its end shows. */
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char *in = strdup(v[i].in);
		assert_int_equal(date_parse_any(in, v[i].o, out), v[i].rc);
		if (v[i].out)
			assert_string_equal(out, v[i].out);
		free(in);
	}
}

/* An import of patches is never stamped before its source's newest one
 * (--now, SOURCE_DATE_EPOCH): verify takes a source's newest import by
 * id, so a scan stamped back in time would stand for the later scan's
 * evidence. Another source, or the same time, is taken. */
static void
test_a_scan_is_not_stamped_before_its_sources_newest(void **state)
{
	struct pw_error e;
	struct store_import *imp;

	(void)state;
	store_set_now(st, 1795996800);	/* 2026-11-30 */
	assert_int_equal(store_begin(st, &e), 0);
	assert_non_null(imp = store_import_begin(st, "patches", "scan", "a.csv", &e));
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	store_set_now(st, 1795996800 - 3600);
	assert_int_equal(store_begin(st, &e), 0);
	assert_null(store_import_begin(st, "patches", "scan", "b.csv", &e));
	/* Said of the file, with both times and what to do. */
	assert_string_equal(e.file, "b.csv");
	assert_string_equal(e.msg, "stamped 2026-11-29T23:00:00Z (--now or "
	    "SOURCE_DATE_EPOCH), before source scan's newest patches import "
	    "(2026-11-30T00:00:00Z): an import of a source is never stamped before "
	    "its newest one, since verify takes the newest as the scan after a "
	    "window; stamp it at 2026-11-30T00:00:00Z or later, or import it "
	    "under its own --source");
	store_rollback(st);
	assert_int_equal(store_begin(st, &e), 0);
	assert_non_null(imp = store_import_begin(st, "patches", "other", "c.csv", &e));
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	store_set_now(st, 1795996800);
	assert_int_equal(store_begin(st, &e), 0);
	assert_non_null(imp = store_import_begin(st, "patches", "scan", "d.csv", &e));
	store_import_end(imp);
	assert_int_equal(store_commit(st, &e), 0);
	store_set_now(st, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_host_is_found_by_each_of_its_names,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_assumed_release_keeps_its_first_day,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_findings_are_listed_not_pending,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_advisories_fill_in_what_patches_lacked,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_scan_is_not_stamped_before_its_sources_newest, setup, teardown),
		cmocka_unit_test(test_severity_maps_and_defaults),
		cmocka_unit_test(test_cves_listed_once_each),
		cmocka_unit_test(test_dates_in_every_shape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
