/* Tenable's files read in memory (nessus, nessus-csv, tenable-sc, tenable-vm):
 * the real samples of ../shared/fixtures/real/formats (skipped, with a
 * message, in a clone without them), hand-written files for each refusal,
 * the sniffs, and the interop rule of issue 14: a .nessus file and the CSVs
 * Nessus and Tenable.sc export for the same scan land the same pending set. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../import/formats.h"
#include "../import/import.h"
#include "../storage/store.h"
#include "../util/buf.h"
#include "patch_read.h"
#include "testutil.h"

#define FIX	"../shared/fixtures/real/formats/"
#define DATA	"tests/data/tenable/"

/* ---- a recording sink ---------------------------------------------------- */

/* Each patch as "asset advisory severity released scanned kind cves line",
 * "-" for what is empty. */
static int
put_patch(struct patch_sink *s, struct patch *p)
{
	struct buf *b = s->arg;

	buf_printf(b, "%s %s %s %s %s %s %s %ld\n", p->asset, p->advisory,
	    p->source_severity ? p->source_severity : "-",
	    p->released[0] ? p->released : "-", p->scanned[0] ? p->scanned : "-",
	    p->kind == PK_FINDING ? "finding" : "patch", p->cves ? p->cves : "-",
	    p->line);
	assert_string_equal(p->scale, "tenable");
	assert_int_equal(p->reboot, -1);
	return 0;
}

/* Read text[0..len) with the patches format called name. */
static void
read_as(const char *name, const char *text, size_t len, enum date_order order,
    struct got *g)
{
	assert_int_equal(got_read(g, IMPORT_PATCHES, name, "t", text, len, order,
	    put_patch), 0);
}

static void
read_text(const char *name, const char *text, struct got *g)
{
	read_as(name, text, strlen(text), DATE_ORDER_AUTO, g);
}

/* A sample of ../shared, or skip the test saying why. */
static char *
sample(const char *path, size_t *len)
{
	char *s = test_slurp(path, len);

	if (s == NULL) {
		print_message("skip: no %s (a clone without ../shared beside it)\n",
		    path);
		skip();
	}
	return s;
}

static void
read_file(const char *name, const char *path, struct got *g)
{
	size_t len;
	char *s = sample(path, &len);

	read_as(name, s, len, DATE_ORDER_AUTO, g);
	free(s);
}

/* ---- the real samples ----------------------------------------------------- */

/* pyTenable's example.nessus, trimmed to one host: four items with a
 * severity, each a patch (a patch publication date); the netstat item
 * (severity 0) is informational. The host is named by host-fqdn, the scan
 * date is HOST_START, each record is at its ReportItem's line. */
static void
test_nessus_sample_gives_a_patch_per_item_and_skips_severity_0(void **state)
{
	struct got g;

	(void)state;
	read_file("nessus", FIX "nessus-xml-v2/example-trimmed.nessus", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(g.out.s,
	    "adam.ad.demo.io nessus:105175 2 2017-12-12 2018-09-14 patch "
	    "CVE-2017-11305 3\n"
	    "adam.ad.demo.io nessus:110979 3 2018-07-10 2018-09-14 patch "
	    "CVE-2018-5007,CVE-2018-5008 13\n"
	    "adam.ad.demo.io nessus:108962 4 2018-04-10 2018-09-14 patch "
	    "CVE-2018-4937,CVE-2018-4935,CVE-2018-4936,CVE-2018-4933,CVE-2018-4934,"
	    "CVE-2018-4932 22\n"
	    "adam.ad.demo.io nessus:105728 3 2018-01-09 2018-09-14 patch "
	    "CVE-2018-0793,CVE-2018-0794,CVE-2018-0807,CVE-2018-0804,CVE-2018-0848,"
	    "CVE-2018-0805,CVE-2018-0849,CVE-2018-0806,CVE-2018-0801,CVE-2018-0812,"
	    "CVE-2018-0845,CVE-2018-0802,CVE-2018-0795,CVE-2018-0862,CVE-2018-0797,"
	    "CVE-2018-0798 33\n");
	assert_int_equal(g.notes.n, 2);
	/* Its HOST_END (Fri Sep 14 03:41:35 2018, no timestamp): when the
	 * scan was taken, read in the zone given (none here: UTC), which a
	 * note says, at HOST_END's line. */
	assert_int_equal(g.scanned, 1536896495);
	assert_int_equal(g.notes.v[0].line, 2);
	assert_string_equal(g.notes.v[0].msg, "HOST_END 'Fri Sep 14 03:41:35 "
	    "2018' names no zone: read in UTC (--tz, else the policy's zone); if "
	    "the scanner's clock is in another zone, import the file again as "
	    "patchwave --tz ZONE import patches FILE");
	assert_string_equal(g.notes.v[1].msg, "1 informational item skipped "
	    "(severity 0: not pending patches)");
	got_free(&g);
}

/* Each patch as "asset ip", "-" without an IP beside the name. */
static int
put_ip(struct patch_sink *s, struct patch *p)
{
	buf_printf(s->arg, "%s %s\n", p->asset, p->asset_ip ? p->asset_ip : "-");
	return 0;
}

/* Read text with format name: each patch's host and IP as want. */
static void
read_ips(const char *name, const char *text, const char *want)
{
	struct got g;

	assert_int_equal(got_read(&g, IMPORT_PATCHES, name, "t", text, strlen(text),
	    DATE_ORDER_AUTO, put_ip), 0);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, want);
	got_free(&g);
}

/* A host named by its DNS name carries its IP too, tried when the name
 * matches no asset (an EC2 host's ip-10-0-0-1.*.compute.internal): Nessus's
 * host-fqdn with host-ip, Tenable.sc's DNS Name with its IP Address. A host
 * named by its IP alone carries none. */
static void
test_a_host_named_by_dns_carries_its_ip(void **state)
{
	static const char nessus[] = "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"a\"><HostProperties>\n"
	    "<tag name=\"host-fqdn\">ip-10-0-0-1.ec2.internal</tag>\n"
	    "<tag name=\"host-ip\">10.0.0.1</tag>\n"
	    "</HostProperties><ReportItem severity=\"3\" pluginID=\"2\" "
	    "pluginName=\"p\"><solution>Upgrade it.</solution></ReportItem>"
	    "</ReportHost>\n"
	    "<ReportHost name=\"b\"><HostProperties>\n"
	    "<tag name=\"host-ip\">10.0.0.2</tag>\n"
	    "</HostProperties><ReportItem severity=\"3\" pluginID=\"2\" "
	    "pluginName=\"p\"><solution>Upgrade it.</solution></ReportItem>"
	    "</ReportHost>\n"
	    "</Report></NessusClientData_v2>\n";
	static const char sc[] = "\"Plugin\",\"Plugin Name\",\"Severity\","
	    "\"IP Address\",\"DNS Name\"\n"
	    "\"6\",\"f\",\"Low\",\"10.0.0.3\",\"ip-10-0-0-3.ec2.internal\"\n"
	    "\"7\",\"g\",\"Low\",\"10.0.0.4\",\"\"\n";

	(void)state;
	read_ips("nessus", nessus, "ip-10-0-0-1.ec2.internal 10.0.0.1\n10.0.0.2 -\n");
	read_ips("tenable-sc", sc, "ip-10-0-0-3.ec2.internal 10.0.0.3\n10.0.0.4 -\n");
}

/* Every ReportHost is a host scanned, one with informational items only
 * too (clean after a patch window): each is said scanned clean, so
 * --only-listed resolves its patches and verify sees it rescanned. A host
 * whose scan date is bad is not. */
static void
test_nessus_says_each_host_scanned_clean_or_not(void **state)
{
	struct got g;

	(void)state;
	read_text("nessus", "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"10.0.0.1\"><HostProperties>\n"
	    "<tag name=\"host-fqdn\">web-01.corp.example</tag>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:10:00 2026</tag>\n"
	    "</HostProperties><ReportItem severity=\"0\" pluginID=\"1\" "
	    "pluginName=\"i\"/></ReportHost>\n"
	    "<ReportHost name=\"DB-02\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:12:00 2026</tag>\n"
	    "</HostProperties><ReportItem severity=\"3\" pluginID=\"2\" "
	    "pluginName=\"p\"><solution>Upgrade it.</solution></ReportItem>"
	    "</ReportHost>\n"
	    "<ReportHost name=\"bad\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">never</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "</Report></NessusClientData_v2>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.clean.s, "web-01.corp.example:4\nDB-02:7\n");
	assert_true(g.every_host);	/* one it does not name was not scanned */
	got_free(&g);
}

/* When the scan was taken: the latest host end in the file, each host's
 * HOST_END_TIMESTAMP (UTC seconds) before its HOST_END; a host whose scan
 * date is bad (its items dropped) does not count, nor an end that is not a
 * time. */
static void
test_nessus_says_when_its_scan_was_taken(void **state)
{
	struct got g;

	(void)state;
	read_text("nessus", "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"a\"><HostProperties>\n"
	    "<tag name=\"HOST_END\">Tue Nov 24 09:00:00 2026</tag>\n"
	    "<tag name=\"HOST_END_TIMESTAMP\">1795506000</tag>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:10:00 2026</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "<ReportHost name=\"b\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:12:00 2026</tag>\n"
	    "<tag name=\"HOST_END\">Tue Nov 24 07:50:00 2026</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "<ReportHost name=\"c\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">never</tag>\n"
	    "<tag name=\"HOST_END\">Tue Nov 24 23:00:00 2026</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "<ReportHost name=\"d\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:12:00 2026</tag>\n"
	    "<tag name=\"HOST_END\">Tue Nov 31 23:00:00 2026</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "<ReportHost name=\"e\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:12:00 2026</tag>\n"
	    "<tag name=\"HOST_END_TIMESTAMP\">99999999999999</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "</Report></NessusClientData_v2>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.scanned, 1795506600);	/* b's 07:50 UTC */
	/* Each host's own end too, at its HOST_START's line: verify judges a
	 * host by it, not by the file's latest (a scan runs for hours). d and
	 * e, whose ends are none, by their start (07:12): the file's latest
	 * is another host's end, and said they were scanned after it. */
	assert_string_equal(g.hosts.s, "a - 1795506000 5\nb - 1795506600 8\n"
	    "d - 1795504320 16\ne - 1795504320 20\n");
	got_free(&g);
	/* None said: 0 (the import keeps NULL). */
	read_text("nessus", "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"a\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:10:00 2026</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "</Report></NessusClientData_v2>\n", &g);
	assert_int_equal(g.scanned, 0);
	got_free(&g);
}

/* Nessus writes HOST_END in the scanner's local time and names no zone:
 * it is read in the zone the import gives (--tz, else the policy's), and
 * a note says which, once a file; HOST_END_TIMESTAMP is UTC whatever the
 * zone. A scanner in Berlin that ended at 07:50 in winter ended at 06:50
 * UTC, not 07:50 (an hour that decides whether a scan ran after a window
 * ended). */
static void
test_nessus_host_end_is_read_in_the_zone_given(void **state)
{
	static const char f[] = "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"a\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:12:00 2026</tag>\n"
	    "<tag name=\"HOST_END\">Tue Nov 24 07:50:00 2026</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "<ReportHost name=\"b\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 06:12:00 2026</tag>\n"
	    "<tag name=\"HOST_END\">Tue Nov 24 06:30:00 2026</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "</Report></NessusClientData_v2>\n";
	struct got g;

	(void)state;
	assert_int_equal(got_read_zone(&g, IMPORT_PATCHES, "nessus", "t", f,
	    strlen(f), DATE_ORDER_AUTO, "Europe/Berlin", put_patch), 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.scanned, 1795503000);	/* 06:50 UTC */
	assert_int_equal(g.notes.n, 1);
	assert_int_equal(g.notes.v[0].line, 4);
	assert_string_equal(g.notes.v[0].msg, "HOST_END 'Tue Nov 24 07:50:00 "
	    "2026' names no zone: read in Europe/Berlin (--tz, else the policy's "
	    "zone); if the scanner's clock is in another zone, import the file "
	    "again as patchwave --tz ZONE import patches FILE");
	got_free(&g);
	/* HOST_END_TIMESTAMP is UTC seconds: no zone applies, nothing said. */
	read_text("nessus", "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"a\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Tue Nov 24 07:10:00 2026</tag>\n"
	    "<tag name=\"HOST_END_TIMESTAMP\">1795506000</tag>\n"
	    "</HostProperties></ReportHost>\n"
	    "</Report></NessusClientData_v2>\n", &g);
	assert_int_equal(g.scanned, 1795506000);
	assert_int_equal(g.notes.n, 0);
	got_free(&g);
}

/* DefectDojo's Nessus Professional CSV: five rows, five (host, plugin)
 * pairs; no patch dates in this export, so the Solution decides: SWEET32
 * ("Reconfigure") and TRACE ("Disable") are findings, "Contact the vendor
 * for an update" and "Upgrade to" patches. Risk as written. */
static void
test_nessus_csv_sample_tells_findings_by_their_solution(void **state)
{
	struct got g;

	(void)state;
	read_file("nessus-csv", FIX "tenable-csv/nessus-pro-export.csv", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.notes.n, 0);
	assert_string_equal(g.out.s,
	    "192.168.0.100 nessus:42873 High - - finding CVE-2016-2183 2\n"
	    "192.168.0.100 nessus:11213 Medium - - finding CVE-2003-1567 25\n"
	    "192.168.0.100 nessus:187315 Medium - - patch CVE-2023-48795 68\n"
	    "192.168.0.101 nessus:200162 Critical - - patch CVE-2024-4577 85\n"
	    "192.168.0.101 nessus:200798 Medium - - patch CVE-2024-23443 110\n");
	assert_false(g.every_host);	/* a CSV lists no clean host: absent is fixed */
	assert_int_equal(g.scanned, 0);	/* no column says when it was seen */
	got_free(&g);
}

/* DefectDojo's Tenable.sc CSV: one plugin on two ports of 2.3.4.5 (one
 * patch) and on 1.2.3.4; no DNS Name, so the IP; Patch Publication Date
 * "N/A" (none), Last Observed the scan date. "Upgrade to a version ...
 * supported" names something to install. */
static void
test_tenable_sc_sample_merges_a_plugins_ports(void **state)
{
	struct got g;

	(void)state;
	read_file("tenable-sc", FIX "tenable-csv/tenable-sc-export.csv", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.notes.n, 0);
	assert_string_equal(g.out.s,
	    "2.3.4.5 nessus:73756 Critical - 2024-02-19 patch - 2\n"
	    "1.2.3.4 nessus:73756 Critical - 2024-02-19 patch - 20\n");
	/* Last Observed "Feb 19, 2024 21:01:01 UTC": when the scan was taken. */
	assert_int_equal(g.scanned, 1708376461);
	got_free(&g);
}

/* DefectDojo's Tenable VM export (';', 75 columns, a broken JSON tags cell
 * that is not read): three hosts by asset.display_fqdn, a Low finding
 * each ("Use packages supplied by the operating system vendor": nothing
 * to install), last_seen the scan date. */
static void
test_tenable_vm_sample_reads_three_findings(void **state)
{
	struct got g;

	(void)state;
	read_file("tenable-vm", FIX "tenable-csv/tenable-vm-export-first3rows.csv",
	    &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(g.out.s,
	    "Blah1 nessus:33851 Low - 2023-07-12 finding - 2\n"
	    "Blah2 nessus:33851 Low - 2023-07-12 finding - 11\n"
	    "Blah3 nessus:33851 Low - 2023-07-12 finding - 20\n");
	/* The latest last_seen, "2023-07-12T12:14:16.850Z", to the second. */
	assert_int_equal(g.scanned, 1689164056);
	got_free(&g);
}

/* A last_seen with an offset is read in UTC; a date alone, or a time that
 * is none, says not when. */
static void
test_tenable_last_seen_is_when_the_scan_was_taken(void **state)
{
	struct got g;

	(void)state;
	read_text("tenable-vm", "definition.id;severity;asset.name;last_seen\n"
	    "10;High;a;2026-11-24T09:50:00+02:00\n"
	    "11;High;b;2026-11-25\n"
	    "12;High;c;2026-11-26T25:00:00Z\n"
	    "13;High;d;2026-11-24T07:40:00.5Z\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.scanned, 1795506600);	/* 07:50 UTC */
	got_free(&g);
	read_text("tenable-sc", "Plugin,Severity,IP Address,Last Observed\n"
	    "10,High,10.0.0.1,\"Nov 24, 2026 07:40:00 UTC\"\n"
	    "11,High,10.0.0.2,\"Nov 24, 2026 09:40:00 CET\"\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.scanned, 1795506000);
	got_free(&g);
}

/* Each host's own scan time too, the latest it was seen: a host whose
 * findings were last seen at 01:00 was not scanned at 08:00, when another
 * host was, and judged by the file's latest its finding was still missing
 * after a window it preceded (verify --apply failed the change). */
static void
test_tenable_each_host_is_seen_at_its_own_latest(void **state)
{
	struct got g;

	(void)state;
	read_text("tenable-sc", "Plugin,Severity,IP Address,DNS Name,Last Observed\n"
	    "10,High,10.0.0.1,a.example,\"Nov 24, 2026 01:00:00 UTC\"\n"
	    "11,High,10.0.0.1,a.example,\"Nov 24, 2026 08:00:00 UTC\"\n"
	    "12,High,10.0.0.2,,\"Nov 24, 2026 01:00:00 UTC\"\n"
	    "13,High,10.0.0.3,,\"Nov 24\"\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.scanned, 1795507200);	/* 08:00 UTC */
	assert_string_equal(g.hosts.s ? g.hosts.s : "", "a.example 10.0.0.1 "
	    "1795507200 2\n10.0.0.2 - 1795482000 4\n");
	got_free(&g);
}

/* ---- the interop rule (issue 14) ---------------------------------------- */

/* Each stored patch and finding of st as "key advisory severity kind CVEs
 * released", the CVEs sorted, the release date "assumed" when it is the
 * policy's fallback. */
static int
row_line(void *arg, const struct patch_row *r)
{
	struct buf *b = arg, ids = { 0 };
	char *v[256], *cves = r->cves ? xstrdup(r->cves) : NULL;
	size_t n = 0;

	for (char *c = cves ? strtok(cves, ",") : NULL; c && n < 256;
	    c = strtok(NULL, ","))
		v[n++] = c;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		buf_printf(&ids, "%s%s", i ? "," : "", v[i]);
	buf_printf(b, "%s %s %s %s %s %s\n", r->key, r->advisory,
	    severity_name(r->p.severity), r->kind, ids.len ? ids.s : "-",
	    r->p.released_assumed ? "assumed" : r->p.released);
	buf_free(&ids);
	free(cves);
	return 0;
}

/* Import the interop inventory, then file, into a new database in dir;
 * what landed as row_line()s. */
static char *
land(const char *dir, const char *file)
{
	struct import_opts o = { 0 };
	struct import_report r;
	struct pw_error e;
	struct store *st;
	struct buf b = { 0 };
	char db[128];

	snprintf(db, sizeof db, "%s/%s.db", dir, import_base_name(file));
	assert_int_equal(store_open(db, &st, &e), 0);
	o.path = DATA "interop-hosts.csv";
	o.source = "hosts";
	assert_int_equal(import_run(st, IMPORT_INVENTORY, &o, &r, &e), 0);
	import_report_free(&r);
	memset(&o, 0, sizeof o);
	o.path = file;
	if (import_run(st, IMPORT_PATCHES, &o, &r, &e) != 0)
		fail_msg("%s: %s (%zu problems)", file, e.msg, r.problems.n);
	import_report_free(&r);
	assert_int_equal(store_patches_each(st, NULL, NULL, NULL, 0, row_line, &b,
	    &e), 0);
	store_close(st);
	return buf_detach(&b);
}

/* Each line of text without its last word (the release date). */
static char *
without_dates(const char *text)
{
	struct buf b = { 0 };

	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n'), *sp = eol;
		while (sp > p && sp[-1] != ' ')
			sp--;
		buf_add(&b, p, (size_t)(sp - p));
		buf_addc(&b, '\n');
		p = eol + 1;
	}
	return buf_detach(&b);
}

/* A .nessus file and the CSVs Nessus Professional and Tenable.sc export for
 * the same scan (tests/data/tenable, make_exports.py) land the same pending
 * set: the same assets (by FQDN, IP or the short name "adam"), plugins,
 * severities, CVEs, kinds; Tenable.sc's release dates too. Nessus's CSV
 * has no patch publication date column, so its patches' release dates are
 * the policy's fallback: equal in all it states. */
static void
test_a_nessus_file_and_its_csv_exports_land_the_same_set(void **state)
{
	char dir[64];

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-tenable");
	char *nessus = land(dir, DATA "interop.nessus");
	char *pro = land(dir, DATA "interop-nessus.csv");
	char *sc = land(dir, DATA "interop-sc.csv");
	assert_string_equal(nessus,
	    "adam.ad.demo.io nessus:105175 medium patch CVE-2017-11305 2017-12-12\n"
	    "adam.ad.demo.io nessus:105728 high patch CVE-2018-0793,CVE-2018-0794,"
	    "CVE-2018-0795,CVE-2018-0797,CVE-2018-0798,CVE-2018-0801,CVE-2018-0802,"
	    "CVE-2018-0804,CVE-2018-0805,CVE-2018-0806,CVE-2018-0807,CVE-2018-0812,"
	    "CVE-2018-0845,CVE-2018-0848,CVE-2018-0849,CVE-2018-0862 2018-01-09\n"
	    "adam.ad.demo.io nessus:108962 critical patch CVE-2018-4932,CVE-2018-4933,"
	    "CVE-2018-4934,CVE-2018-4935,CVE-2018-4936,CVE-2018-4937 2018-04-10\n"
	    "adam.ad.demo.io nessus:110979 high patch CVE-2018-5007,CVE-2018-5008 "
	    "2018-07-10\n"
	    "elk01.example.net nessus:200162 critical patch CVE-2024-4577,"
	    "CVE-2024-5458,CVE-2024-5585 2024-06-06\n"
	    "elk01.example.net nessus:200798 medium patch CVE-2024-23443 assumed\n"
	    "nessus-demo-100 nessus:11213 medium finding CVE-2003-1567 assumed\n"
	    "nessus-demo-100 nessus:187315 medium patch CVE-2023-48795 assumed\n"
	    "nessus-demo-100 nessus:42873 high finding CVE-2016-2183 assumed\n");
	assert_string_equal(sc, nessus);
	char *a = without_dates(nessus), *b = without_dates(pro);
	assert_string_equal(b, a);
	for (const char *p = pro; (p = strchr(p, ' ')) != NULL; p++)
		if (p[1] != '\0' && strchr(p + 1, ' ') == NULL)
			assert_true(strncmp(p + 1, "assumed\n", 8) == 0);
	free(a);
	free(b);
	free(nessus);
	free(pro);
	free(sc);
	assert_int_equal(test_rmdir(dir), 0);
}

/* ---- refusals and rules, on small files ------------------------------------ */

/* A record's problem is at its own line (the date's element for a bad
 * date), the record dropped and the rest read; a comment that mentions
 * <ReportItem> does not shift the lines; a bad scan date drops its host's
 * items; a plugin on two ports is one patch with both ports' CVEs. */
static void
test_nessus_problems_are_at_their_elements_lines(void **state)
{
	struct got g;

	(void)state;
	read_text("nessus",
	    "<?xml version=\"1.0\"?>\n"
	    "<!-- not an item: <ReportItem pluginID=\"1\"> -->\n"
	    "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"10.0.0.9\"><HostProperties>\n"
	    "<tag name=\"HOST_START\">Mon Jan  5 10:00:00 2026</tag>\n"
	    "</HostProperties>\n"
	    "<ReportItem port=\"0\" severity=\"3\" pluginID=\"1001\" pluginName=\"a\">\n"
	    "<patch_publication_date>2026/13/45</patch_publication_date>\n"
	    "</ReportItem>\n"
	    "<ReportItem port=\"0\" severity=\"2\" pluginID=\"x1\" pluginName=\"b\"/>\n"
	    "<ReportItem port=\"0\" pluginID=\"1003\" pluginName=\"c\"/>\n"
	    "<ReportItem port=\"0\" severity=\"1\" pluginID=\"1004\"><cve>CVE-2026-1234"
	    "</cve><cve>nope</cve></ReportItem>\n"
	    "<ReportItem port=\"443\" severity=\"4\" pluginID=\"1005\" pluginName=\"e\">"
	    "<cve>CVE-2026-0001</cve><solution>Apply the vendor patch.</solution>"
	    "</ReportItem>\n"
	    "<ReportItem port=\"80\" severity=\"4\" pluginID=\"1005\" pluginName=\"e\">"
	    "<cve>cve-2026-0002</cve><cve>CVE-2026-0001</cve></ReportItem>\n"
	    "</ReportHost>\n"
	    "<ReportHost name=\"h2\"><HostProperties><tag name=\"HOST_START\">"
	    "yesterday</tag></HostProperties>\n"
	    "<ReportItem severity=\"4\" pluginID=\"1006\"/></ReportHost>\n"
	    "</Report></NessusClientData_v2>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, "10.0.0.9 nessus:1005 4 - 2026-01-05 patch "
	    "CVE-2026-0001,CVE-2026-0002 13\n");
	assert_int_equal(g.problems.n, 5);
	assert_int_equal(g.problems.v[0].line, 8);
	assert_string_equal(g.problems.v[0].msg, "patch publication date "
	    "'2026/13/45' is not a date");
	assert_int_equal(g.problems.v[1].line, 10);
	assert_string_equal(g.problems.v[1].msg, "plugin id 'x1' is not a number");
	assert_int_equal(g.problems.v[2].line, 11);
	assert_string_equal(g.problems.v[2].msg, "no severity");
	assert_int_equal(g.problems.v[3].line, 12);
	assert_string_equal(g.problems.v[3].msg, "'nope' in the CVE list is not a "
	    "CVE id");
	assert_int_equal(g.problems.v[4].line, 16);
	assert_string_equal(g.problems.v[4].msg, "HOST_START 'yesterday' is not a "
	    "date");
	got_free(&g);
}

/* Nessus writes <HostProperties> first; a file that puts items before it
 * still names them by its host-fqdn and scan date, and a host without
 * properties by its name. */
static void
test_nessus_items_before_host_properties_take_their_names(void **state)
{
	struct got g;

	(void)state;
	read_text("nessus", "<NessusClientData_v2><Report name=\"r\">\n"
	    "<ReportHost name=\"10.0.0.7\">\n"
	    "<ReportItem severity=\"4\" pluginID=\"1\"><cve>CVE-2026-1111</cve>"
	    "</ReportItem>\n"
	    "<HostProperties><tag name=\"host-ip\">10.0.0.7</tag>\n"
	    "<tag name=\"host-fqdn\">db.example.com</tag>\n"
	    "<tag name=\"HOST_START_TIMESTAMP\">1767261600</tag></HostProperties>\n"
	    "<ReportItem severity=\"1\" pluginID=\"2\"/>\n"
	    "</ReportHost>\n"
	    "<ReportHost name=\"bare\"><ReportItem severity=\"2\" pluginID=\"3\"/>"
	    "</ReportHost>\n"
	    "</Report></NessusClientData_v2>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(g.out.s,
	    "db.example.com nessus:1 4 - 2026-01-01 finding CVE-2026-1111 3\n"
	    "db.example.com nessus:2 1 - 2026-01-01 finding - 7\n"
	    "bare nessus:3 2 - - finding - 9\n");
	got_free(&g);
}

/* libxml2's reader knows the parser's line, up to a read-ahead chunk past
 * the element, and an element's own line stops at 65535: a record 70,000
 * lines in is still reported at its own line. */
static void
test_nessus_lines_are_exact_past_65535(void **state)
{
	struct buf b = { 0 };
	struct got g;

	(void)state;
	buf_adds(&b, "<NessusClientData_v2><Report name=\"r\"><ReportHost name=\"h\">\n");
	for (int i = 0; i < 70000; i++) {
		buf_printf(&b, "<ReportItem severity=\"0\" pluginID=\"%d\">\n", i);
		buf_adds(&b, "<description>filler</description></ReportItem>\n");
		if (i % 10000 == 0)
			buf_adds(&b, "<ReportItem severity=\"2\" pluginID=\"7\">\n"
			    "<patch_publication_date>soon</patch_publication_date>\n"
			    "</ReportItem>\n");
	}
	buf_adds(&b, "<ReportItem severity=\"2\" pluginID=\"8\"/>\n"
	    "</ReportHost></Report></NessusClientData_v2>\n");
	read_as("nessus", b.s, b.len, DATE_ORDER_AUTO, &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, "h nessus:8 2 - - finding - 140023\n");
	assert_int_equal(g.problems.n, 7);
	for (size_t i = 0; i < g.problems.n; i++)
		assert_int_equal(g.problems.v[i].line, 5 + 20003 * (long)i);
	assert_string_equal(g.notes.v[0].msg, "70000 informational items skipped "
	    "(severity 0: not pending patches)");
	buf_free(&b);
	got_free(&g);
}

/* Not this format, or not XML: the whole file is refused at its line. */
static void
test_nessus_refuses_files_that_are_not_nessus_v2(void **state)
{
	static const struct { const char *text, *msg; long line; } cases[] = {
		{ "<?xml version=\"1.0\"?>\n<NessusClientData>\n</NessusClientData>\n",
		    "not a Nessus v2 file: the root element is <NessusClientData>, not "
		    "<NessusClientData_v2>", 2 },
		{ "<NessusClientData_v2>\n<Report>\n<ReportHost name=\"a\">\n"
		    "</Report>\n", "not well-formed XML", 0 },
		{ "<NessusClientData_v2><ReportHost name=\"a\">\n<ReportItem "
		    "severity=\"1\" pluginID=\"1\">\n<ReportItem/></ReportItem>"
		    "</ReportHost></NessusClientData_v2>",
		    "a ReportItem inside another: not a Nessus v2 file", 3 },
		/* at the line of the fault, not of the element it is in (line 3) */
		{ "<NessusClientData_v2><ReportHost name=\"a\">\n<HostProperties/>"
		    "\n<ReportItem severity=\"1\" pluginID=\"1\">\n<description>"
		    "\nline one\nline two <bad attr=>\n</description></ReportItem>"
		    "</ReportHost></NessusClientData_v2>", "not well-formed XML: "
		    "AttValue", 6 },
		{ "", "", 0 },
	};
	struct got g;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		read_text("nessus", cases[i].text, &g);
		assert_int_equal(g.rc, -1);
		if (strstr(g.fatal.msg, cases[i].msg) == NULL ||
		    (cases[i].line && g.fatal.line != cases[i].line))
			fail_msg("case %zu: %ld: %s", i, g.fatal.line, g.fatal.msg);
		assert_int_equal(g.out.len, 0);
		got_free(&g);
	}
}

/* An element of more than 256 attributes is refused at its line before
 * libxml2 reads it (2.9 appends each attribute from the list's head: 40,000
 * took 32 s); '=' in values, comments and CDATA does not count. */
static void
test_xml_elements_of_too_many_attributes_are_refused(void **state)
{
	struct got g;
	struct buf b = { 0 };

	(void)state;
	for (int n = 256; n <= 257; n++) {
		buf_reset(&b);
		buf_adds(&b, "<NessusClientData_v2><!-- a=1 b=2 -->\n<ReportHost "
		    "name=\"h\">\n<HostProperties/><ReportItem severity=\"2\" "
		    "pluginID=\"1\" pluginName=\"x=y\"");
		for (int i = 3; i < n; i++)
			buf_printf(&b, " a%d=\"\"", i);
		buf_adds(&b, "><solution>UPGRADE to 2.0.</solution><![CDATA[");
		for (int i = 0; i < 300; i++)
			buf_adds(&b, "=");
		buf_adds(&b, "]]></ReportItem>\n</ReportHost></NessusClientData_v2>");
		read_text("nessus", b.s, &g);
		if (n == 256)
			assert_int_equal(g.rc, 0);
		else {
			assert_int_equal(g.rc, -1);
			assert_int_equal(g.fatal.line, 3);
			assert_non_null(strstr(g.fatal.msg, "an element with more than "
			    "256 attributes"));
		}
		got_free(&g);
	}
	buf_free(&b);
}

/* What tells a finding (nothing to install) from a patch, item by item:
 * a patch publication date, an MSKB reference, or a Solution naming an
 * upgrade, update, patch ... makes a patch, unless it is a compliance
 * check with neither date nor KB. */
static void
test_findings_are_items_with_nothing_to_install(void **state)
{
	struct got g;

	(void)state;
	read_text("nessus", "<NessusClientData_v2><ReportHost name=\"h\">\n"
	    "<ReportItem severity=\"2\" pluginID=\"1\"><solution>Reconfigure the "
	    "service.</solution></ReportItem>\n"
	    "<ReportItem severity=\"2\" pluginID=\"2\"><xref>MSKB:4011201</xref>"
	    "<solution>See the bulletin.</solution></ReportItem>\n"
	    "<ReportItem severity=\"2\" pluginID=\"3\"><solution>UPGRADE to 2.0."
	    "</solution></ReportItem>\n"
	    "<ReportItem severity=\"2\" pluginID=\"4\" pluginFamily=\"Policy "
	    "Compliance\"><solution>Update the setting.</solution></ReportItem>\n"
	    "<ReportItem severity=\"2\" pluginID=\"5\"><patch_publication_date>"
	    "2026/01/02</patch_publication_date><solution>Disable it.</solution>"
	    "</ReportItem>\n"
	    "<ReportItem severity=\"2\" pluginID=\"6\"><solution>Make sure that "
	    "manual software installation agrees with policy.</solution>"
	    "</ReportItem>\n"
	    "<ReportItem severity=\"2\" pluginID=\"7\"><solution>n/a</solution>"
	    "</ReportItem>\n"
	    "<ReportItem severity=\"2\" pluginID=\"8\"><solution>Microsoft has "
	    "released KB4093110.</solution></ReportItem>\n"
	    "</ReportHost></NessusClientData_v2>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s,
	    "h nessus:1 2 - - finding - 2\n"
	    "h nessus:2 2 - - patch - 3\n"
	    "h nessus:3 2 - - patch - 4\n"
	    "h nessus:4 2 - - finding - 5\n"
	    "h nessus:5 2 2026-01-02 - patch - 6\n"
	    "h nessus:6 2 - - finding - 7\n"
	    "h nessus:7 2 - - finding - 8\n"
	    "h nessus:8 2 - - patch - 9\n");
	got_free(&g);
}

/* Nessus's CSV has a row per plugin, port and CVE: rows of one host and
 * plugin anywhere in the file are one patch at its first row, with every
 * CVE once and the highest Risk; Risk None rows are counted in one note;
 * a value Tenable does not use is kept as written (the policy decides). */
static void
test_nessus_csv_rows_of_a_host_and_plugin_are_one_patch(void **state)
{
	struct got g;

	(void)state;
	read_text("nessus-csv", "Plugin ID,CVE,Risk,Host,Port,Name,Solution,MSKB\n"
	    "100,CVE-2026-0001,High,10.0.0.1,443,Web,\"Upgrade\nto 2\",\n"
	    "200,,None,10.0.0.1,0,Info,n/a,\n"
	    "100,CVE-2026-0002,High,10.0.0.1,443,Web,Upgrade to 2,\n"
	    "100,CVE-2026-0001,Critical,10.0.0.1,8443,Web,Upgrade to 2,\n"
	    "100,CVE-2026-0003,High,10.0.0.2,443,Web,Upgrade to 2,\n"
	    "300,,Urgent,10.0.0.2,0,Odd,Restrict access,4011201\n"
	    "201,,none,10.0.0.2,0,Info,n/a,\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(g.out.s,
	    "10.0.0.1 nessus:100 Critical - - patch CVE-2026-0001,CVE-2026-0002 2\n"
	    "10.0.0.2 nessus:100 High - - patch CVE-2026-0003 7\n"
	    "10.0.0.2 nessus:300 Urgent - - patch - 8\n");
	assert_int_equal(g.notes.n, 1);
	assert_string_equal(g.notes.v[0].msg, "2 informational items skipped "
	    "(Risk None: not pending patches)");
	got_free(&g);
}

/* A plugin with many CVEs (a row each, every row twice): each once, in
 * the order first met, past the length searched in a list (32). */
static void
test_many_cves_of_one_plugin_are_each_listed_once(void **state)
{
	struct buf t = { 0 }, want = { 0 };
	struct got g;

	(void)state;
	buf_adds(&t, "Plugin ID,CVE,Risk,Host\n");
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < 100; i++)
			buf_printf(&t, "7,CVE-2026-%d,High,h\n", 1000 + (i * 37) % 100);
	buf_adds(&want, "h nessus:7 High - - finding ");
	for (int i = 0; i < 100; i++)
		buf_printf(&want, "%sCVE-2026-%d", i ? "," : "", 1000 + (i * 37) % 100);
	buf_adds(&want, " 2\n");
	read_text("nessus-csv", t.s, &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, want.s);
	got_free(&g);
	buf_free(&t);
	buf_free(&want);
}

/* A row's problem is at the row's line, the rest read. */
static void
test_csv_row_problems_are_at_their_lines(void **state)
{
	struct got g;

	(void)state;
	read_text("tenable-sc", "\"Plugin\",\"Plugin Name\",\"Severity\","
	    "\"IP Address\",\"DNS Name\",\"CVE\",\"Patch Publication Date\"\n"
	    "\"1\",\"a\",\"High\",\"10.0.0.1\",\"\",\"CVE-2026-0001, CVE-X\",\"N/A\"\n"
	    "\"2\",\"b\",\"High\",\"\",\"\",\"\",\"N/A\"\n"
	    "\"3\",\"c\",\"High\",\"10.0.0.1\"\n"
	    "\"4\",\"d\",\"\",\"10.0.0.1\",\"\",\"\",\"N/A\"\n"
	    "\"5\",\"e\",\"High\",\"10.0.0.1\",\"\",\"\",\"Feb 30, 2026\"\n"
	    "\"6\",\"f\",\"Low\",\"10.0.0.1\",\"web.example.com\",\"\","
	    "\"Feb 5, 2024 12:00:00 UTC\"\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, "web.example.com nessus:6 Low 2024-02-05 - "
	    "patch - 7\n");
	assert_int_equal(g.problems.n, 5);
	static const struct { long line; const char *msg; } want[] = {
		{ 2, "'CVE-X' in the CVE list is not a CVE id" },
		{ 3, "no host (DNS Name and IP Address are empty)" },
		{ 4, "4 fields, but the header has 7" },
		{ 5, "no severity" },
		{ 6, "patch publication date 'Feb 30, 2026' is not a date" },
	};
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(g.problems.v[i].line, want[i].line);
		assert_string_equal(g.problems.v[i].msg, want[i].msg);
	}
	got_free(&g);
}

/* A header without the format's columns is not that format: refused whole. */
static void
test_csv_headers_missing_a_column_are_refused(void **state)
{
	static const struct { const char *format, *text, *msg; } cases[] = {
		{ "nessus-csv", "Plugin ID,CVE,Host,Name\n1,,a,b\n",
		    "no 'Risk' column: not a Nessus CSV export" },
		{ "nessus-csv", "Plugin ID,Risk,Name\n", "no host column ('Host'): not "
		    "a Nessus CSV export" },
		{ "tenable-sc", "Plugin,Severity,IP Address,Severity\n",
		    "column 'Severity' appears twice" },
		{ "tenable-vm", "definition.name;severity;asset.name\n",
		    "no 'definition.id' column: not a Tenable VM CSV export" },
		{ "tenable-vm", "", "empty file: no header row" },
	};
	struct got g;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		read_text(cases[i].format, cases[i].text, &g);
		assert_int_equal(g.rc, -1);
		assert_string_equal(g.fatal.msg, cases[i].msg);
		assert_int_equal(g.fatal.line, cases[i].text[0] ? 1 : 0);
		got_free(&g);
	}
}

/* Dates that could be day/month or month/day are read as the file shows
 * (a part over 12 anywhere settles it), as --date-order says, or refused at
 * the first such date; a file showing both orders is refused. */
static void
test_tenable_sc_dates_are_settled_for_the_whole_file(void **state)
{
	static const char head[] = "\"Plugin\",\"Severity\",\"IP Address\","
	    "\"Patch Publication Date\"\n";
	struct buf t = { 0 };
	struct got g;

	(void)state;
	buf_printf(&t, "%s\"1\",\"High\",\"10.0.0.1\",\"05/05/2026\"\n"
	    "\"2\",\"High\",\"10.0.0.1\",\"03/04/2026\"\n", head);
	read_text("tenable-sc", t.s, &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 3);
	assert_string_equal(g.fatal.msg, "date 03/04/2026 could be 3 April or March "
	    "4: give --date-order dmy or mdy");
	assert_int_equal(g.out.len, 0);
	got_free(&g);

	read_as("tenable-sc", t.s, t.len, DATE_ORDER_DMY, &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s,
	    "10.0.0.1 nessus:1 High 2026-05-05 - patch - 2\n"
	    "10.0.0.1 nessus:2 High 2026-04-03 - patch - 3\n");
	got_free(&g);

	buf_printf(&t, "\"3\",\"High\",\"10.0.0.1\",\"4/13/2026\"\n");
	read_text("tenable-sc", t.s, &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s,
	    "10.0.0.1 nessus:1 High 2026-05-05 - patch - 2\n"
	    "10.0.0.1 nessus:2 High 2026-03-04 - patch - 3\n"
	    "10.0.0.1 nessus:3 High 2026-04-13 - patch - 4\n");
	got_free(&g);

	buf_printf(&t, "\"4\",\"High\",\"10.0.0.1\",\"13/04/2026\"\n");
	read_text("tenable-sc", t.s, &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 5);
	assert_string_equal(g.fatal.msg, "patch publication date '13/04/2026' is "
	    "day/month, but the date at line 4 was month/day: one file, one date "
	    "order");
	got_free(&g);
	buf_free(&t);
}

/* Tenable VM: CVEs in a JSON list (or plain), FIXED rows counted, a cell
 * that starts a JSON list but is none refused at its row. */
static void
test_tenable_vm_reads_json_cve_lists_and_skips_fixed(void **state)
{
	struct got g;

	(void)state;
	read_text("tenable-vm", "definition.id;severity;asset.display_fqdn;"
	    "asset.display_ipv4_address;definition.cve;state;last_seen\n"
	    "10;High;;10.0.0.1;\"[\"\"CVE-2024-0001\"\",\"\"cve-2024-0002\"\"]\";"
	    "ACTIVE;2026-03-01T10:00:00.000Z\n"
	    "11;Medium;a.example.com;10.0.0.2;CVE-2024-0003,CVE-2024-0004;NEW;\n"
	    "12;High;;10.0.0.1;;FIXED;\n"
	    "13;Info;;10.0.0.1;;ACTIVE;\n"
	    "14;High;;10.0.0.1;[CVE-2024-1;ACTIVE;\n"
	    "15;High;;10.0.0.1;[1,2];ACTIVE;\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s,
	    "10.0.0.1 nessus:10 High - 2026-03-01 finding CVE-2024-0001,"
	    "CVE-2024-0002 2\n"
	    "a.example.com nessus:11 Medium - - finding CVE-2024-0003,"
	    "CVE-2024-0004 3\n");
	assert_int_equal(g.problems.n, 2);
	assert_int_equal(g.problems.v[0].line, 6);
	assert_string_equal(g.problems.v[0].msg, "the CVE list starts with '[' but "
	    "is not a JSON list");
	assert_int_equal(g.problems.v[1].line, 7);
	assert_string_equal(g.problems.v[1].msg, "the CVE list holds int, not a "
	    "CVE id");
	assert_int_equal(g.notes.n, 2);
	assert_string_equal(g.notes.v[0].msg, "1 informational item skipped "
	    "(severity Info: not pending patches)");
	assert_string_equal(g.notes.v[1].msg, "1 fixed item skipped (state FIXED: "
	    "no longer pending)");
	got_free(&g);
}

/* ---- auto-detection ------------------------------------------------------ */

static const char *
sniffed(const char *path, const char *text, size_t len)
{
	const struct import_format *f = import_format_sniff(IMPORT_PATCHES, path, text, len);

	return f ? f->name : "none";
}

static int
tenable_format(const char *name)
{
	return strcmp(name, "nessus") == 0 || strcmp(name, "nessus-csv") == 0 ||
	    strcmp(name, "tenable-sc") == 0 || strcmp(name, "tenable-vm") == 0;
}

/* Every sample of ../shared's formats: Tenable's are read as theirs, no
 * other (Qualys CSV and XML, updateinfo.xml, XCCDF, JSON ...) as one of
 * them. */
static void
test_auto_picks_tenable_formats_for_their_samples_only(void **state)
{
	static const struct { const char *dir, *format; } ours[] = {
		{ "nessus-xml-v2/example-trimmed.nessus", "nessus" },
		{ "tenable-csv/nessus-pro-export.csv", "nessus-csv" },
		{ "tenable-csv/tenable-sc-export.csv", "tenable-sc" },
		{ "tenable-csv/tenable-vm-export-first3rows.csv", "tenable-vm" },
	};
	DIR *top = opendir(FIX), *d;
	struct dirent *e, *k;
	char path[1024];
	int seen = 0;

	(void)state;
	if (top == NULL) {
		print_message("skip: no " FIX " (a clone without ../shared)\n");
		skip();
	}
	while ((e = readdir(top)) != NULL) {
		char sub[512];
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, FIX "%s", e->d_name);
		if ((d = opendir(sub)) == NULL)
			continue;
		while ((k = readdir(d)) != NULL) {
			const char *want = NULL;
			size_t len;
			char *s;
			if (k->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", sub, k->d_name);
			if ((s = test_slurp(path, &len)) == NULL)
				continue;
			for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
				if (strcmp(path + strlen(FIX), ours[i].dir) == 0)
					want = ours[i].format;
			const char *got = sniffed(path, s, len);
			if (want ? strcmp(got, want) != 0 : tenable_format(got))
				fail_msg("%s: read as %s, not %s", path, got,
				    want ? want : "a non-Tenable format");
			seen += want != NULL;
			free(s);
		}
		closedir(d);
	}
	closedir(top);
	assert_int_equal(seen, 4);
}

/* The project's own files and near misses never look like Tenable's. */
static void
test_auto_keeps_patchwaves_own_files_and_near_misses(void **state)
{
	static const struct { const char *path, *text, *format; } cases[] = {
		{ "p.csv", "hostname,advisory,severity,released\na,X,high,2026-01-01\n",
		    "csv" },
		{ "p.yml", "patches:\n  - {asset: a}\n", "yaml" },
		{ "p.csv", "Plugin ID,CVE,Risk,Host,Name\n", "nessus-csv" },
		{ "p.txt", "\xef\xbb\xbf\"Plugin\",\"Plugin Name\",\"Severity\","
		    "\"IP Address\"\n", "tenable-sc" },
		{ "p", "definition.id;definition.name;severity;asset.name\n",
		    "tenable-vm" },
		/* a column missing: not theirs */
		{ "p.csv", "Plugin ID,CVE,Host,Name\n", "csv" },
		{ "p.csv", "Plugin,Severity,NetBIOS Name\n", "csv" },
		{ "x.nessus", "<?xml version=\"1.0\"?>\n<!-- a scan -->\n"
		    "<NessusClientData_v2/>\n", "nessus" },
		{ "x.csv", "<NessusClientData_v2>", "nessus" },
		/* another XML root, or v1: no patches format reads it */
		{ "x.nessus", "<?xml version=\"1.0\"?><NessusClientData>", NULL },
		{ "x.nessus", "", "csv" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = sniffed(cases[i].path, cases[i].text,
		    strlen(cases[i].text));
		const char *want = cases[i].format ? cases[i].format : "none";
		if (strcmp(got, want) != 0)
			fail_msg("case %zu: %s, not %s", i, got, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nessus_sample_gives_a_patch_per_item_and_skips_severity_0),
		cmocka_unit_test(test_nessus_says_each_host_scanned_clean_or_not),
		cmocka_unit_test(test_nessus_says_when_its_scan_was_taken),
		cmocka_unit_test(test_nessus_host_end_is_read_in_the_zone_given),
		cmocka_unit_test(test_tenable_last_seen_is_when_the_scan_was_taken),
		cmocka_unit_test(test_tenable_each_host_is_seen_at_its_own_latest),
		cmocka_unit_test(test_a_host_named_by_dns_carries_its_ip),
		cmocka_unit_test(test_nessus_csv_sample_tells_findings_by_their_solution),
		cmocka_unit_test(test_tenable_sc_sample_merges_a_plugins_ports),
		cmocka_unit_test(test_tenable_vm_sample_reads_three_findings),
		cmocka_unit_test(test_a_nessus_file_and_its_csv_exports_land_the_same_set),
		cmocka_unit_test(test_nessus_problems_are_at_their_elements_lines),
		cmocka_unit_test(test_nessus_items_before_host_properties_take_their_names),
		cmocka_unit_test(test_nessus_lines_are_exact_past_65535),
		cmocka_unit_test(test_nessus_refuses_files_that_are_not_nessus_v2),
		cmocka_unit_test(test_findings_are_items_with_nothing_to_install),
		cmocka_unit_test(test_xml_elements_of_too_many_attributes_are_refused),
		cmocka_unit_test(test_nessus_csv_rows_of_a_host_and_plugin_are_one_patch),
		cmocka_unit_test(test_many_cves_of_one_plugin_are_each_listed_once),
		cmocka_unit_test(test_csv_row_problems_are_at_their_lines),
		cmocka_unit_test(test_csv_headers_missing_a_column_are_refused),
		cmocka_unit_test(test_tenable_sc_dates_are_settled_for_the_whole_file),
		cmocka_unit_test(test_tenable_vm_reads_json_cve_lists_and_skips_fixed),
		cmocka_unit_test(test_auto_picks_tenable_formats_for_their_samples_only),
		cmocka_unit_test(test_auto_keeps_patchwaves_own_files_and_near_misses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
