/* The Qualys readers in memory: the VMDR detections CSV and the <SCAN>
 * report XML samples (../shared, skipped when absent), scan report CSVs in
 * either date order (tests/data/qualys-scan-*.csv), and every refusal on
 * small files written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>

#include <cmocka.h>

#include "../import/formats.h"
#include "../import/cve_set.h"
#include "../import/qualys.h"
#include "../util/buf.h"
#include "testutil.h"

/* ---- a recording sink ---------------------------------------------------- */

/* What the reader put, one line per patch ("asset advisory severity kind
 * scanned line"), and the last patch's CVEs and title. */
struct got {
	struct buf	 lines;
	size_t		 n;
	char		*cves[16];
	char		*titles[16];
};

/* Each patch's host and the IP given beside its name, when one is. */
static struct buf put_ips;

static int
put_patch(struct patch_sink *s, struct patch *p)
{
	struct got *g = s->arg;

	if (p->asset_ip)
		buf_printf(&put_ips, "%s %s\n", p->asset, p->asset_ip);

	assert_string_equal(p->scale, "qualys");
	assert_int_equal(p->reboot, -1);
	assert_string_equal(p->released, "");
	buf_printf(&g->lines, "%s %s %s %s %s %ld\n", p->asset, p->advisory,
	    p->source_severity, p->kind == PK_FINDING ? "finding" : "patch",
	    p->scanned[0] ? p->scanned : "-", p->line);
	if (g->n < 16) {
		g->cves[g->n] = p->cves ? strdup(p->cves) : NULL;
		g->titles[g->n] = p->title ? strdup(p->title) : NULL;
	}
	g->n++;
	return 0;
}

static void
got_free(struct got *g)
{
	buf_free(&g->lines);
	buf_free(&put_ips);
	for (size_t i = 0; i < g->n && i < 16; i++) {
		free(g->cves[i]);
		free(g->titles[i]);
	}
	memset(g, 0, sizeof *g);
}

/* The last read's scan end (patch_sink's scanned; 0: the file said none),
 * the hosts it said it scanned ("HOST:LINE", clean ones too) and whether it
 * said it names every host it scanned. */
static int64_t read_scanned;
static struct buf read_clean;
static int read_every;

static int
put_clean(struct patch_sink *s, const char *host, const char *ip, long line)
{
	(void)s;
	(void)ip;
	buf_printf(&read_clean, "%s:%ld\n", host, line);
	return 0;
}

/* Read text[0..len) with the patches format called name, dates in order;
 * what was put into *g, problems and notes into theirs (callers free). */
static int
read_as(const char *name, const char *text, size_t len, enum date_order order,
    struct got *g, struct pw_diags *problems, struct pw_diags *notes,
    struct pw_error *fatal)
{
	const struct import_format *f = import_format_find(IMPORT_PATCHES, name);
	struct patch_sink sink = { .put = put_patch, .arg = g, .notes = notes,
	    .date_order = order, .clean = put_clean };

	assert_non_null(f);
	memset(g, 0, sizeof *g);
	memset(problems, 0, sizeof *problems);
	memset(notes, 0, sizeof *notes);
	memset(fatal, 0, sizeof *fatal);
	buf_free(&read_clean);
	int rc = f->read.patches("q", text, len, &sink, problems, fatal);
	read_scanned = sink.scanned;
	read_every = sink.every_host;
	return rc;
}

/* The real samples' folder: PW_FIXTURES, else ../shared beside the tree. */
static const char *
fixtures(void)
{
	const char *e = getenv("PW_FIXTURES");

	return e ? e : "../shared/fixtures/real";
}

static char *
sample(const char *rel, size_t *len)
{
	char path[512];

	snprintf(path, sizeof path, "%s/formats/%s", fixtures(), rel);
	return test_slurp(path, len);
}

/* A file of tests/data (the tests run from the top of the tree). */
static char *
data_file(const char *name, size_t *len)
{
	char path[256];
	char *s;

	snprintf(path, sizeof path, "tests/data/%s", name);
	if ((s = test_slurp(path, len)) == NULL)
		fail_msg("%s is missing: run the tests from the top of the tree", path);
	return s;
}

/* ---- the real samples ---------------------------------------------------- */

static void
test_vmdr_sample_gives_each_detection_by_its_dns_name(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	size_t len;
	char *text = sample("qualys-csv/vmdr-host-detections-report.csv", &len);

	(void)state;
	if (text == NULL)
		skip();		/* no ../shared/fixtures beside this tree */
	assert_int_equal(read_as("qualys-vmdr", text, len, DATE_ORDER_AUTO, &g,
	    &problems, &notes, &fatal), 0);
	/* Five EOL findings (category Security Policy: no fix to install) and
	 * the May 2021 rollup, whose thirteen KBs (one per Windows version) name
	 * no one advisory: QIDs. Dated by First Detected, month first (13 May
	 * settles it for the file). */
	assert_string_equal(g.lines.s,
	    "ip-10-98-57-180.eu-west-1.compute.internal qualys:105971 5 finding 2021-05-13 2\n"
	    "ip-10-98-57-180.eu-west-1.compute.internal qualys:105970 5 finding 2021-05-13 6\n"
	    "ip-10-98-57-180.eu-west-1.compute.internal qualys:91762 5 patch 2021-05-13 10\n"
	    "ip-10-98-57-151.eu-west-1.compute.internal qualys:105971 5 finding 2021-05-25 43\n"
	    "ip-10-98-49-209.eu-west-1.compute.internal qualys:105971 5 finding 2021-05-26 47\n"
	    "ip-10-98-35-11.eu-west-1.compute.internal qualys:105971 5 finding 2021-06-02 51\n");
	assert_non_null(g.cves[2]);
	assert_int_equal(strncmp(g.cves[2], "CVE-2021-31192,CVE-2021-31188,", 30), 0);
	assert_non_null(strstr(g.cves[2], ",CVE-2020-24588"));
	assert_null(g.cves[0]);
	assert_string_equal(g.titles[2], "Microsoft Windows Security Update for May 2021");
	assert_int_equal(problems.n, 0);
	assert_int_equal(notes.n, 0);
	got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
	free(text);
}

static void
test_scan_xml_sample_gives_its_one_vuln(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	size_t len;
	char *text = sample("qualys-xml/infrascan-webgui-report.xml", &len);

	(void)state;
	if (text == NULL)
		skip();
	assert_int_equal(read_as("qualys-xml", text, len, DATE_ORDER_AUTO, &g,
	    &problems, &notes, &fatal), 0);
	/* Its vendor reference is a name, not an advisory id; the header's
	 * DATE is the scan's. */
	assert_string_equal(g.lines.s, "host1.example.com qualys:123168 5 patch "
	    "2019-04-02 29\n");
	assert_string_equal(g.titles[0],
	    "Oracle Java SE Critical Patch Update - January 2015");
	/* The CVE_ID_LIST's 19, which the cveid attribute repeats. */
	assert_string_equal(g.cves[0], "CVE-2014-6601,CVE-2015-0412,CVE-2014-6549,"
	    "CVE-2015-0408,CVE-2015-0395,CVE-2015-0437,CVE-2015-0403,CVE-2015-0421,"
	    "CVE-2015-0406,CVE-2015-0383,CVE-2015-0400,CVE-2015-0407,CVE-2015-0410,"
	    "CVE-2014-6587,CVE-2014-3566,CVE-2014-6593,CVE-2014-6585,CVE-2014-6591,"
	    "CVE-2015-0413");
	assert_int_equal(problems.n, 0);
	assert_int_equal(notes.n, 0);
	/* Taken when it ended: DATE 2019-04-02T10:14:53Z (its launch) and
	 * DURATION 04:29:11 later. */
	assert_int_equal(read_scanned, 1554216244);
	got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
	free(text);
}

/* --format auto: each Qualys sample is read as its format, and no other
 * sample of the fixtures as either. */
static void
test_auto_picks_qualys_for_its_samples_only(void **state)
{
	char dir[512];
	DIR *top;
	struct dirent *d;
	int seen = 0;

	(void)state;
	snprintf(dir, sizeof dir, "%s/formats", fixtures());
	if ((top = opendir(dir)) == NULL)
		skip();
	while ((d = readdir(top)) != NULL) {
		char sub[1024];
		DIR *in;
		struct dirent *e;
		if (d->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", dir, d->d_name);
		if ((in = opendir(sub)) == NULL)
			continue;
		while ((e = readdir(in)) != NULL) {
			char path[1536];
			size_t len;
			char *text;
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", sub, e->d_name);
			if ((text = test_slurp(path, &len)) == NULL)
				continue;
			const char *want = strcmp(d->d_name, "qualys-csv") == 0 ?
			    "qualys-vmdr" : strcmp(d->d_name, "qualys-xml") == 0 ?
			    "qualys-xml" : NULL;
			const struct import_format *f = import_format_sniff(
			    IMPORT_PATCHES, path, text, len);
			const char *got = f ? f->name : "none";
			if (want ? strcmp(got, want) != 0 : strncmp(got, "qualys", 6) == 0)
				fail_msg("%s: read as %s", path, got);
			seen++;
			free(text);
		}
		closedir(in);
	}
	closedir(top);
	assert_true(seen > 2);
}

/* ---- scan reports in either date order ----------------------------------- */

/* The scan report written day first and month first reads the same: the
 * first date only one order reads (18/10/2026, 10/18/2026 at line 14)
 * settles the file, the dates before it included (the preamble's Launch
 * Date 05/11/2026 and line 11's 03/11/2026). */
static void
test_scan_report_reads_the_same_in_either_order(void **state)
{
	static const char *const files[] = { "qualys-scan-dmy.csv",
	    "qualys-scan-mdy.csv" };
	static const char want[] =
	    "lab-web-01.lab.example.org RHSA-2026:0412 4 patch 2026-11-03 11\n"
	    "lab-web-01.lab.example.org RHSA-2026:0388 3 patch 2026-11-05 13\n"
	    "lab-db-01.lab.example.org qualys:105234 4 finding 2026-10-18 14\n"
	    "10.20.0.13 KB5049981 5 patch 2026-11-04 18\n";

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct got g;
		struct pw_diags problems, notes;
		struct pw_error fatal;
		size_t len;
		char *text = data_file(files[i], &len);
		assert_int_equal(read_as("qualys-vmdr", text, len, DATE_ORDER_AUTO, &g,
		    &problems, &notes, &fatal), 0);
		assert_string_equal(g.lines.s, want);
		assert_string_equal(g.cves[0], "CVE-2026-1001,CVE-2026-1002");
		/* CVE-2026-3101 twice in the file, once here. */
		assert_string_equal(g.cves[3], "CVE-2026-3101,CVE-2026-3102");
		assert_int_equal(problems.n, 0);
		assert_int_equal(notes.n, 1);
		assert_string_equal(notes.v[0].msg, "3 informational items skipped, "
		    "not pending patches (1 potential, 1 information gathered, 1 fixed)");
		/* The same from --date-order when it agrees with the file. */
		got_free(&g);
		pw_diags_free(&problems);
		pw_diags_free(&notes);
		assert_int_equal(read_as("qualys-vmdr", text, len, i == 0 ?
		    DATE_ORDER_DMY : DATE_ORDER_MDY, &g, &problems, &notes, &fatal), 0);
		assert_string_equal(g.lines.s, want);
		got_free(&g);
		pw_diags_free(&problems);
		pw_diags_free(&notes);
		/* And refused when it does not, where the file says otherwise. */
		assert_int_equal(read_as("qualys-vmdr", text, len, i == 0 ?
		    DATE_ORDER_MDY : DATE_ORDER_DMY, &g, &problems, &notes, &fatal), -1);
		assert_int_equal(fatal.line, 14);
		assert_string_equal(fatal.msg, i == 0 ?
		    "date 18/10/2026 is day/month/year, but --date-order mdy says "
		    "month/day/year" : "date 10/18/2026 is month/day/year, but "
		    "--date-order dmy says day/month/year");
		got_free(&g);
		pw_diags_free(&problems);
		pw_diags_free(&notes);
		free(text);
	}
}

/* Scan results whose only date (the Launch Date, 03/04/2026) either order
 * reads: refused there unless --date-order says. */
static void
test_ambiguous_scan_is_refused_unless_date_order_says(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	size_t len;
	char *text = data_file("qualys-scan-ambiguous.csv", &len);

	(void)state;
	assert_int_equal(read_as("qualys-vmdr", text, len, DATE_ORDER_AUTO, &g,
	    &problems, &notes, &fatal), -1);
	assert_int_equal(fatal.line, 6);
	assert_string_equal(fatal.msg, "date 03/04/2026 could be 3 April or March 4: "
	    "give --date-order dmy or mdy");
	assert_int_equal(g.n, 0);
	got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);

	assert_int_equal(read_as("qualys-vmdr", text, len, DATE_ORDER_DMY, &g,
	    &problems, &notes, &fatal), 0);
	assert_string_equal(g.lines.s, "lab-dmz-01.lab.example.org USN-7001-1 4 patch "
	    "2026-04-03 9\n");
	assert_int_equal(notes.n, 1);
	assert_string_equal(notes.v[0].msg, "1 informational item skipped, not "
	    "pending patches (1 information gathered)");
	got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);

	assert_int_equal(read_as("qualys-vmdr", text, len, DATE_ORDER_MDY, &g,
	    &problems, &notes, &fatal), 0);
	assert_string_equal(g.lines.s, "lab-dmz-01.lab.example.org USN-7001-1 4 patch "
	    "2026-03-04 9\n");
	got_free(&g);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
	free(text);
}

/* ---- refusals, on files written here ------------------------------------- */

#define HEAD	"IP,DNS,QID,Title,Type,Severity,First Detected,Last Detected," \
		"CVE ID,Vendor Reference,Category\n"

static int
read_text(const char *text, enum date_order order, struct got *g,
    struct pw_diags *problems, struct pw_diags *notes, struct pw_error *fatal)
{
	return read_as("qualys-vmdr", text, strlen(text), order, g, problems, notes,
	    fatal);
}

static void
done(struct got *g, struct pw_diags *problems, struct pw_diags *notes)
{
	got_free(g);
	pw_diags_free(problems);
	pw_diags_free(notes);
}

static void
test_rows_no_date_settles_are_refused_at_the_first_ambiguous_one(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;

	(void)state;
	assert_int_equal(read_text(HEAD
	    "10.0.0.1,a.example,1001,t,Vuln,3,05/05/2026,05/05/2026,,,\n"
	    "10.0.0.1,a.example,1002,t,Vuln,3,01/02/2026 10:00:00,03/02/2026,,,\n"
	    "10.0.0.2,b.example,1001,t,Vuln,3,02/01/2026,02/03/2026,,,\n",
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), -1);
	/* 05/05 reads the same either way: line 3's is the first ambiguous. */
	assert_int_equal(fatal.line, 3);
	assert_string_equal(fatal.msg, "date 01/02/2026 could be 1 February or "
	    "January 2: give --date-order dmy or mdy");
	assert_int_equal(g.n, 0);
	done(&g, &problems, &notes);
}

static void
test_a_file_mixing_both_orders_is_refused_where_it_turns(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;

	(void)state;
	assert_int_equal(read_text(HEAD
	    "10.0.0.1,a.example,1001,t,Vuln,3,01/02/2026,25/02/2026,,,\n"
	    "10.0.0.2,b.example,1001,t,Ig,1,02/03/2026,02/13/2026,,,\n",
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), -1);
	/* Even in a skipped row: every date of the file keeps to one order. */
	assert_int_equal(fatal.line, 3);
	assert_string_equal(fatal.msg, "date 02/13/2026 is month/day/year, but line "
	    "2's 25/02/2026 is day/month/year: the file mixes both orders");
	done(&g, &problems, &notes);
}

static void
test_bad_rows_are_problems_at_their_lines(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	static const struct {
		long		 line;
		const char	*msg;
	} want[] = {
		{ 3, "First Detected 'soon' is not a date" },
		{ 4, "QID 'Q-7' is not a number" },
		{ 5, "no IP, DNS or NetBIOS name says which host this is" },
		{ 6, "Type 'Maybe' is not one Qualys writes (Vuln, Potential, Practice, Ig)" },
		{ 7, "no Severity" },
		{ 8, "CVE ID 'CVE-21-1' is not a CVE id" },
		{ 9, "10 fields, but the header has 11" },
	};

	(void)state;
	assert_int_equal(read_text(HEAD
	    "10.0.0.1,a.example,1001,t,Vuln,3,2026-03-01,2026-03-02,CVE-2026-0001 ,,\n"
	    "10.0.0.1,a.example,1002,t,Vuln,3,soon,2026-03-02,,,\n"
	    "10.0.0.1,a.example,Q-7,t,Vuln,3,,,,,\n"
	    ",,1003,t,Vuln,3,,,,,\n"
	    "10.0.0.1,a.example,1004,t,Maybe,3,,,,,\n"
	    "10.0.0.1,a.example,1005,t,Vuln,,,,,,\n"
	    "10.0.0.1,a.example,1006,t,Vuln,3,,,\"CVE-2026-0001,CVE-21-1\",,\n"
	    "10.0.0.1,a.example,1007,t,Vuln,3,,,,\n"
	    "10.0.0.3,,1008,,Confirmed,2,,,-,KB5049981,\n"
	    "\"CONFIDENTIAL AND PROPRIETARY INFORMATION. Qualys provides the "
	    "QualysGuard Service \"\"As Is,\"\" without any warranty.\"\n",
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), 0);
	/* No date but ISO ones: nothing to decide. Empty Title: no title. */
	assert_string_equal(g.lines.s, "a.example qualys:1001 3 patch 2026-03-01 2\n"
	    "10.0.0.3 KB5049981 2 patch - 10\n");
	assert_string_equal(g.cves[0], "CVE-2026-0001");
	assert_null(g.cves[1]);
	assert_null(g.titles[1]);
	assert_int_equal(problems.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < problems.n; i++) {
		assert_int_equal(problems.v[i].line, want[i].line);
		assert_string_equal(problems.v[i].msg, want[i].msg);
	}
	done(&g, &problems, &notes);
}

/* Where a reader said it was, in order. */
struct passes {
	size_t	 at[64];
	size_t	 n;
};

static void
record_passed(struct patch_sink *s, size_t upto)
{
	struct passes *ps = s->arg;

	if (ps->n < 64)
		ps->at[ps->n++] = upto;
}

static int
put_nothing(struct patch_sink *s, struct patch *p)
{
	(void)s;
	(void)p;
	return 0;
}

static void
test_the_reader_says_how_far_it_has_read(void **state)
{
	static const char text[] = HEAD
	    "10.0.0.1,a.example,1001,t,Vuln,3,2026-03-01,,,,\n"
	    "10.0.0.1,a.example,1002,t,Vuln,3,05/05/2026,,,,\n"
	    "10.0.0.2,b.example,1001,t,Vuln,3,05/05/2026,25/05/2026,,,\n";
	struct passes ps = { 0 };
	struct pw_diags problems = { 0 }, notes = { 0 };
	struct pw_error fatal = { 0 };
	struct patch_sink sink = { .put = put_nothing, .arg = &ps,
	    .notes = &notes, .passed = record_passed };
	size_t len = strlen(text), turns = 0;

	(void)state;
	assert_int_equal(patch_read_qualys_vmdr("q", text, len, &sink, &problems,
	    &fatal), 0);
	/* Past each row of the table, twice: the first pass looks for the
	 * date that settles the order (line 4's), the second reads. */
	assert_int_equal(ps.n, 3 + 3);
	for (size_t i = 1; i < ps.n; i++) {
		assert_true(ps.at[i] <= len);
		turns += ps.at[i] < ps.at[i - 1];
	}
	assert_int_equal(turns, 1);
	assert_int_equal(ps.at[2], len);
	assert_int_equal(ps.at[ps.n - 1], len);
	pw_diags_free(&problems);
	pw_diags_free(&notes);
}

static void
test_a_short_launch_date_is_read_within_its_field(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;

	(void)state;
	/* The preamble's values row is short: the date ends near its
	 * reader's buffer (found by the fuzzer: 64 bytes were copied). */
	assert_int_equal(read_text("Scan Results,x\nTitle,Launch Date\n"
	    "t,05/13/2021\n" HEAD "10.0.0.1,a.example,1001,t,Vuln,3,,,,,\n",
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), 0);
	assert_string_equal(g.lines.s, "a.example qualys:1001 3 patch 2021-05-13 5\n");
	done(&g, &problems, &notes);
}

static void
test_dates_keep_the_calendar(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	static const struct {
		long		 line;
		const char	*msg;
	} want[] = {
		{ 4, "First Detected '29/02/2026 10:00:00' is not a date" },
		{ 5, "First Detected '31/04/2026' is not a date" },
		{ 6, "Last Detected '00/01/2026' is not a date" },
		{ 7, "First Detected '01/01/1969' is not a date" },
		{ 10, "Last Detected '2026-02-29T10:00:00Z' is not a date" },
	};

	(void)state;
	/* Day first, a time after some: a leap day, the last of a month; ISO
	 * dates too. */
	assert_int_equal(read_text(HEAD
	    "10.0.0.1,a.example,1001,t,Vuln,3,29/02/2028 10:00:00,31/12/2028,,,\n"
	    "10.0.0.1,a.example,1002,t,Vuln,3,30/04/2026,01/01/1970 00:00:01,,,\n"
	    "10.0.0.1,a.example,1003,t,Vuln,3,29/02/2026 10:00:00,,,,\n"
	    "10.0.0.1,a.example,1004,t,Vuln,3,31/04/2026,,,,\n"
	    "10.0.0.1,a.example,1005,t,Vuln,3,,00/01/2026,,,\n"
	    "10.0.0.1,a.example,1006,t,Vuln,3,01/01/1969,,,,\n"
	    "10.0.0.1,a.example,1007,t,Vuln,3,,12/12/2026 23:59:59,,,\n"
	    "10.0.0.1,a.example,1008,t,Vuln,3,2028-02-29T10:00:00Z,,,,\n"
	    "10.0.0.1,a.example,1009,t,Vuln,3,,2026-02-29T10:00:00Z,,,\n",
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), 0);
	assert_string_equal(g.lines.s, "a.example qualys:1001 3 patch 2028-02-29 2\n"
	    "a.example qualys:1002 3 patch 2026-04-30 3\n"
	    "a.example qualys:1007 3 patch 2026-12-12 8\n"
	    "a.example qualys:1008 3 patch 2028-02-29 9\n");
	assert_int_equal(problems.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < problems.n; i++) {
		assert_int_equal(problems.v[i].line, want[i].line);
		assert_string_equal(problems.v[i].msg, want[i].msg);
	}
	done(&g, &problems, &notes);
}

static void
test_a_table_without_qualys_columns_is_refused(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;

	(void)state;
	assert_int_equal(read_text("hostname,advisory,severity,released\n"
	    "a,CVE-2026-1,high,2026-01-01\n", DATE_ORDER_AUTO, &g, &problems, &notes,
	    &fatal), -1);
	assert_int_equal(fatal.line, 0);
	assert_string_equal(fatal.msg, "no Qualys findings header (a row naming QID "
	    "and the host's IP, DNS or NetBIOS columns)");
	done(&g, &problems, &notes);

	assert_int_equal(read_text("\"Scan Results\"\n\n\"IP\",\"QID\",\"Title\"\n"
	    "\"10.0.0.1\",\"1001\",\"t\"\n", DATE_ORDER_AUTO, &g, &problems, &notes,
	    &fatal), -1);
	assert_int_equal(fatal.line, 3);
	assert_non_null(strstr(fatal.msg, "no Severity column"));
	done(&g, &problems, &notes);

	assert_int_equal(read_text("", DATE_ORDER_AUTO, &g, &problems, &notes,
	    &fatal), -1);
	done(&g, &problems, &notes);

	/* The header is looked for in the first 1000 rows (a preamble is some
	 * twenty): a file that is no Qualys table is not walked whole. */
	for (int rows = 999; rows <= 1000; rows++) {
		struct buf b = { 0 };
		for (int i = 0; i < rows; i++)
			buf_printf(&b, "\"Scan Results\",\"%d\"\n", i);
		buf_adds(&b, HEAD "10.0.0.1,a.example,1001,t,Vuln,3,,,,,\n");
		assert_int_equal(read_text(b.s, DATE_ORDER_AUTO, &g, &problems, &notes,
		    &fatal), rows == 999 ? 0 : -1);
		if (rows == 999)
			assert_string_equal(g.lines.s, "a.example qualys:1001 3 patch - "
			    "1001\n");
		else
			assert_string_equal(fatal.msg, "no Qualys findings header (a row "
			    "naming QID and the host's IP, DNS or NetBIOS columns) in its "
			    "first 1000 rows");
		done(&g, &problems, &notes);
		buf_free(&b);
	}
}

/* A PCI report's columns: HOSTNAME, Q_SEVERITY (not its word SEVERITY),
 * VULN TITLE, CVEID ("-": none), LAST SCAN day first; POTENTIAL skipped. */
static void
test_pci_report_columns_are_read_by_their_names(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;

	(void)state;
	assert_int_equal(read_text("IP,HOSTNAME,LAST SCAN,QID,VULN TITLE,TYPE,"
	    "SEVERITY,PORT,Q_SEVERITY,CVEID\n"
	    "192.0.2.1,www.example.net,22/09/2026 13:01,86476,Web Server Stopped "
	    "Responding,POTENTIAL,Medium,80,3,-\n"
	    "192.0.2.1,www.example.net,22/09/2026 13:01,11827,HTTP Security Header "
	    "Not Detected,VULN,Low,443,2,-\n", DATE_ORDER_AUTO, &g, &problems,
	    &notes, &fatal), 0);
	assert_string_equal(g.lines.s, "www.example.net qualys:11827 2 patch "
	    "2026-09-22 3\n");
	assert_string_equal(g.titles[0], "HTTP Security Header Not Detected");
	assert_int_equal(notes.n, 1);
	done(&g, &problems, &notes);
}

/* ---- the XML reader ------------------------------------------------------ */

static void
test_xml_reads_vulns_and_skips_the_rest(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	static const char text[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE SCAN SYSTEM \"https://qualysguard.example/scan-1.dtd\">\n"
	    "<SCAN value=\"scan/1.2\">\n"
	    "<HEADER><KEY value=\"DATE\">2026-11-20T10:00:00Z</KEY></HEADER>\n"
	    "<IP value=\"10.0.0.1\" name=\"No registered hostname\">\n"
	    " <INFOS><CAT value=\"TCP/IP\"><INFO number=\"82023\" severity=\"1\">"
	    "<TITLE>Open TCP Services List</TITLE></INFO></CAT></INFOS>\n"
	    " <SERVICES><CAT value=\"TCP/IP\"><SERVICE number=\"82023\"/></CAT>"
	    "</SERVICES>\n"
	    " <VULNS><CAT value=\"RedHat\">\n"
	    "  <VULN number=\"242601\" severity=\"4\">\n"
	    "   <TITLE>Red Hat Update for kernel</TITLE>\n"
	    "   <VENDOR_REFERENCE_LIST><VENDOR_REFERENCE><ID>RHSA-2026:0412</ID>"
	    "</VENDOR_REFERENCE></VENDOR_REFERENCE_LIST>\n"
	    "   <CVE_ID_LIST><CVE_ID><ID>CVE-2026-1001</ID></CVE_ID></CVE_ID_LIST>\n"
	    "   <BUGTRAQ_ID_LIST><BUGTRAQ_ID><ID>72137</ID></BUGTRAQ_ID>"
	    "</BUGTRAQ_ID_LIST>\n"
	    "  </VULN>\n"
	    "  <VULN number=\"X1\" severity=\"3\"/>\n"
	    "  <VULN number=\"105234\" severity=\"4\"><CVE_ID_LIST><CVE_ID><ID>"
	    "CVE-2026</ID></CVE_ID></CVE_ID_LIST></VULN>\n"
	    " </CAT><CAT value=\"Security Policy\">\n"
	    "  <VULN number=\"105235\" severity=\"3\"><VENDOR_REFERENCE_LIST>"
	    "<VENDOR_REFERENCE><ID>KB1</ID></VENDOR_REFERENCE><VENDOR_REFERENCE>"
	    "<ID>KB2</ID></VENDOR_REFERENCE></VENDOR_REFERENCE_LIST></VULN>\n"
	    " </CAT></VULNS>\n"
	    " <PRACTICES><CAT value=\"Web server\"><PRACTICE number=\"86476\" "
	    "severity=\"3\"/></CAT></PRACTICES>\n"
	    "</IP>\n"
	    "<IP value=\"\"><VULNS><CAT value=\"Local\"><VULN number=\"1\" "
	    "severity=\"2\"/></CAT></VULNS></IP>\n"
	    "</SCAN>\n<!-- CONFIDENTIAL AND PROPRIETARY INFORMATION. -->\n";

	(void)state;
	assert_int_equal(read_as("qualys-xml", text, sizeof text - 1,
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), 0);
	/* "No registered hostname": the IP names the host. */
	assert_string_equal(g.lines.s,
	    "10.0.0.1 RHSA-2026:0412 4 patch 2026-11-20 9\n"
	    "10.0.0.1 qualys:105235 3 finding 2026-11-20 18\n");
	assert_string_equal(g.cves[0], "CVE-2026-1001");
	assert_string_equal(g.titles[0], "Red Hat Update for kernel");
	assert_int_equal(problems.n, 3);
	assert_int_equal(problems.v[0].line, 15);
	assert_string_equal(problems.v[0].msg, "<VULN> number 'X1' is not a QID");
	assert_int_equal(problems.v[1].line, 16);
	assert_string_equal(problems.v[1].msg, "CVE id 'CVE-2026' is not a CVE id");
	assert_int_equal(problems.v[2].line, 22);
	assert_string_equal(problems.v[2].msg, "the <IP> at line 22 names no host "
	    "(no value or name)");
	assert_int_equal(notes.n, 1);
	assert_string_equal(notes.v[0].msg, "3 informational items skipped, not "
	    "pending patches (1 potential, 2 information gathered)");
	done(&g, &problems, &notes);
}

/* A scan report lists each host it scanned as an <IP>, those with nothing
 * pending too (information gathered only: a host patched in the window):
 * each is said scanned, at its <IP>'s line, and the file names every host
 * it scanned, so one it does not name was not scanned (as Nessus v2): a
 * clean rescan resolves its hosts' patches rather than being refused as a
 * scan of none of them. */
static void
test_xml_says_every_host_it_scanned_clean_ones_too(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	static const char text[] =
	    "<SCAN value=\"scan/1\">\n"
	    "<HEADER><KEY value=\"DATE\">2026-11-24T06:10:00Z</KEY></HEADER>\n"
	    "<IP value=\"10.0.0.1\" name=\"web-01.example\">\n"
	    " <INFOS><CAT value=\"TCP/IP\"><INFO number=\"82023\" severity=\"1\"/>"
	    "</CAT></INFOS>\n"
	    "</IP>\n"
	    "<IP value=\"10.0.0.2\">\n"
	    " <VULNS><CAT value=\"Local\"><VULN number=\"1\" severity=\"2\"/></CAT>"
	    "</VULNS>\n"
	    "</IP>\n"
	    "</SCAN>\n";

	(void)state;
	assert_int_equal(read_as("qualys-xml", text, sizeof text - 1,
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), 0);
	assert_string_equal(g.lines.s, "10.0.0.2 qualys:1 2 patch 2026-11-24 7\n");
	assert_string_equal(read_clean.s ? read_clean.s : "",
	    "web-01.example:3\n10.0.0.2:6\n");
	assert_true(read_every);
	done(&g, &problems, &notes);
	buf_free(&read_clean);
}

/* A host's findings carry the IP beside its DNS name, as its clean listing
 * does: an EC2 host named ip-10-...ec2.internal, which the inventory knows by
 * its IP only, was said scanned (matched by the IP) while its findings were
 * refused as no asset's, or under --skip-invalid dropped. */
static void
test_xml_findings_carry_the_ip_beside_the_name(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	static const char text[] =
	    "<SCAN value=\"scan/1\">\n"
	    "<HEADER><KEY value=\"DATE\">2026-11-24T06:10:00Z</KEY></HEADER>\n"
	    "<IP value=\"10.0.0.5\" name=\"ip-10-0-0-5.ec2.internal\">\n"
	    " <VULNS><CAT value=\"Local\"><VULN number=\"1\" severity=\"2\"/></CAT>"
	    "</VULNS>\n"
	    "</IP>\n"
	    "<IP value=\"10.0.0.6\">\n"
	    " <VULNS><CAT value=\"Local\"><VULN number=\"1\" severity=\"2\"/></CAT>"
	    "</VULNS>\n"
	    "</IP>\n"
	    "</SCAN>\n";

	(void)state;
	assert_int_equal(read_as("qualys-xml", text, sizeof text - 1,
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(put_ips.s ? put_ips.s : "",
	    "ip-10-0-0-5.ec2.internal 10.0.0.5\n");
	done(&g, &problems, &notes);
	buf_free(&read_clean);
}

/* A header DATE with a time and DURATION: taken at their sum; no DURATION
 * (or none that is H:MM:SS): at the DATE; a DATE without a time does not
 * say when (0: NULL in the store). */
static void
test_xml_scan_end_is_its_launch_and_duration(void **state)
{
	static const struct {
		const char	*date, *duration;
		int64_t		 want;
	} cases[] = {
		{ "2026-11-24T07:40:00Z", "00:10:00", 1795506600 },
		{ "2026-11-24T07:50:00Z", "never", 1795506600 },
		{ "2026-11-24", "00:10:00", 0 },
	};
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct buf text = { 0 };
		buf_printf(&text, "<SCAN>\n<HEADER>\n<KEY value=\"DATE\">%s</KEY>\n"
		    "<KEY value=\"DURATION\">%s</KEY></HEADER>\n<IP value=\"10.0.0.1\">"
		    "<VULNS><CAT value=\"Local\"><VULN number=\"1\" severity=\"2\"/>"
		    "</CAT></VULNS></IP></SCAN>\n", cases[i].date, cases[i].duration);
		assert_int_equal(read_as("qualys-xml", text.s, text.len,
		    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), 0);
		assert_int_equal(read_scanned, cases[i].want);
		done(&g, &problems, &notes);
		buf_free(&text);
	}
}

static void
test_xml_other_roots_and_ambiguous_dates_are_refused(void **state)
{
	struct got g;
	struct pw_diags problems, notes;
	struct pw_error fatal;
	static const char other[] = "<?xml version=\"1.0\"?>\n"
	    "<HOST_LIST_VM_DETECTION_OUTPUT/>\n";
	static const char dated[] = "<SCAN>\n<HEADER>\n"
	    "<KEY value=\"DATE\">03/04/2026</KEY></HEADER>\n"
	    "<IP value=\"10.0.0.1\"><VULNS><CAT value=\"Local\"><VULN number=\"1\" "
	    "severity=\"2\"/></CAT></VULNS></IP></SCAN>\n";
	static const char broken[] = "<SCAN><IP value=\"10.0.0.1\"><VULNS>\n"
	    "<VULN number=\"1\" severity=\"2\"><TITLE>t</TITLE>\n";

	(void)state;
	assert_int_equal(read_as("qualys-xml", other, sizeof other - 1,
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), -1);
	assert_int_equal(fatal.line, 2);
	assert_string_equal(fatal.msg, "not a Qualys scan report: the root element "
	    "is <HOST_LIST_VM_DETECTION_OUTPUT>, not <SCAN>");
	done(&g, &problems, &notes);

	assert_int_equal(read_as("qualys-xml", dated, sizeof dated - 1,
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), -1);
	assert_int_equal(fatal.line, 3);
	assert_string_equal(fatal.msg, "date 03/04/2026 could be 3 April or March 4: "
	    "give --date-order dmy or mdy");
	done(&g, &problems, &notes);
	assert_int_equal(read_as("qualys-xml", dated, sizeof dated - 1,
	    DATE_ORDER_DMY, &g, &problems, &notes, &fatal), 0);
	assert_string_equal(g.lines.s, "10.0.0.1 qualys:1 2 patch 2026-04-03 4\n");
	done(&g, &problems, &notes);

	assert_int_equal(read_as("qualys-xml", broken, sizeof broken - 1,
	    DATE_ORDER_AUTO, &g, &problems, &notes, &fatal), -1);
	assert_int_equal(g.n, 0);
	done(&g, &problems, &notes);
}

/* ---- what both readers share --------------------------------------------- */

static void
test_a_vendor_reference_names_the_advisory_only_when_it_is_one_id(void **state)
{
	static const struct {
		const char	*ref, *want;
	} cases[] = {
		{ "RHSA-2026:0412", "RHSA-2026:0412" },
		{ "KB5003169", "KB5003169" },
		{ "MS17-010", "MS17-010" },
		{ "USN-7001-1", "USN-7001-1" },
		{ "ALAS2-2021-1655", "ALAS2-2021-1655" },
		{ "KB500316x", "qualys:91762" },
		{ "Microsoft ASP.NET End of Life", "qualys:91762" },
		{ "RHSA-2026:0412 ", "qualys:91762" },
		{ "", "qualys:91762" },
		{ NULL, "qualys:91762" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *r = cases[i].ref;
		char *a = qualys_advisory("91762", r, r ? strlen(r) : 0);
		assert_string_equal(a, cases[i].want);
		free(a);
	}
}

/* Each once, in the order given, however long the list: past a few, ids
 * are looked up in a hash map rather than compared with every other. */
static void
test_cve_lists_keep_each_id_once_in_order(void **state)
{
	struct cve_set l = { 0 };
	struct buf in = { 0 };
	const char *bad;
	size_t bad_len, n = 0;
	char *s;

	(void)state;
	assert_int_equal(cve_set_add_cves(&l, "cve-2026-0002, CVE-2026-0001;"
	    "CVE-2026-0002\tCVE-2026-1000001", &bad, &bad_len), 0);
	s = cve_set_detach(&l);
	assert_string_equal(s, "CVE-2026-0002,CVE-2026-0001,CVE-2026-1000001");
	free(s);
	assert_null(cve_set_detach(&l));
	assert_int_equal(cve_set_add_cves(&l, "CVE-2026-0001, CVE-2026-01, x", &bad,
	    &bad_len), -1);
	assert_int_equal(bad_len, 11);
	assert_int_equal(strncmp(bad, "CVE-2026-01", 11), 0);
	free(cve_set_detach(&l));
	/* Past the few looked for in the list, the map holds those before. */
	assert_int_equal(cve_set_add_cves(&l, "CVE-2026-0001 CVE-2026-0002 "
	    "CVE-2026-0003 CVE-2026-0004 CVE-2026-0005 CVE-2026-0006 "
	    "CVE-2026-0007 CVE-2026-0008 cve-2026-0001 CVE-2026-0009 "
	    "CVE-2026-0009", &bad, &bad_len), 0);
	s = cve_set_detach(&l);
	assert_string_equal(s, "CVE-2026-0001,CVE-2026-0002,CVE-2026-0003,"
	    "CVE-2026-0004,CVE-2026-0005,CVE-2026-0006,CVE-2026-0007,"
	    "CVE-2026-0008,CVE-2026-0009");
	free(s);

	/* 60,000 ids (a 1 MiB field) written twice: 60,000 once. */
	for (int r = 0; r < 2; r++)
		for (int i = 0; i < 60000; i++)
			buf_printf(&in, "CVE-%d-%05d, ", 2000 + i % 26, i);
	assert_int_equal(cve_set_add_cves(&l, in.s, &bad, &bad_len), 0);
	s = cve_set_detach(&l);
	for (const char *p = s; p; p = strchr(p + 1, ','))
		n++;
	assert_int_equal(n, 60000);
	assert_int_equal(strncmp(s, "CVE-2000-00000,CVE-2001-00001,", 30), 0);
	free(s);
	buf_free(&in);
	cve_set_free(&l);
}

/* Each sniff on its own: YES on its mark, NO on what cannot be it. */
static void
test_sniffs_know_qualys_by_its_columns_and_root(void **state)
{
	static const struct {
		import_sniff	*sniff;
		const char	*text;
		enum sniff	 want;
	} cases[] = {
		{ patch_sniff_qualys_vmdr, "\"IP\",\"DNS\",\"QID\",\"Severity\"\n",
		    SNIFF_YES },
		{ patch_sniff_qualys_vmdr, "\xef\xbb\xbf\"Scan Results\",\"scan/1\"\r\n"
		    "\r\n\"IP\";\"QID\";\"Title\"\r\n", SNIFF_YES },
		{ patch_sniff_qualys_vmdr, "ip,qid,severity", SNIFF_YES },
		{ patch_sniff_qualys_vmdr, "\tNetBIOS\t QID \n", SNIFF_YES },
		{ patch_sniff_qualys_vmdr, "hostname,advisory,severity,released\n",
		    SNIFF_NO },
		{ patch_sniff_qualys_vmdr, "Host,Plugin ID,CVE,Risk,Name\n", SNIFF_NO },
		{ patch_sniff_qualys_vmdr, "\"IP Status\",\"QID\"\n", SNIFF_NO },
		{ patch_sniff_qualys_vmdr, "hostname,advisory,severity,qid\n", SNIFF_NO },
		{ patch_sniff_qualys_vmdr, "<SCAN>", SNIFF_NO },
		{ patch_sniff_qualys_vmdr, "", SNIFF_NO },
		{ patch_sniff_qualys_xml, "<?xml version=\"1.0\"?>\n<!-- c -->\n"
		    "<!DOCTYPE SCAN [\n<!ENTITY a \"b>\">\n]>\n<SCAN value=\"x\">",
		    SNIFF_YES },
		{ patch_sniff_qualys_xml, "\xef\xbb\xbf <SCAN/>", SNIFF_YES },
		{ patch_sniff_qualys_xml, "<SCANS/>", SNIFF_NO },
		{ patch_sniff_qualys_xml, "<?xml version=\"1.0\"?><NessusClientData_v2>",
		    SNIFF_NO },
		{ patch_sniff_qualys_xml, "\"IP\",\"QID\"", SNIFF_NO },
		{ patch_sniff_qualys_xml, "<?xml version=\"1.0\"?>", SNIFF_MAYBE },
		{ patch_sniff_qualys_xml, "<!-- never closed", SNIFF_MAYBE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (cases[i].sniff(cases[i].text, strlen(cases[i].text)) != cases[i].want)
			fail_msg("case %zu: not %d", i, (int)cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmdr_sample_gives_each_detection_by_its_dns_name),
		cmocka_unit_test(test_scan_xml_sample_gives_its_one_vuln),
		cmocka_unit_test(test_xml_scan_end_is_its_launch_and_duration),
		cmocka_unit_test(test_xml_says_every_host_it_scanned_clean_ones_too),
		cmocka_unit_test(test_xml_findings_carry_the_ip_beside_the_name),
		cmocka_unit_test(test_auto_picks_qualys_for_its_samples_only),
		cmocka_unit_test(test_scan_report_reads_the_same_in_either_order),
		cmocka_unit_test(test_ambiguous_scan_is_refused_unless_date_order_says),
		cmocka_unit_test(test_rows_no_date_settles_are_refused_at_the_first_ambiguous_one),
		cmocka_unit_test(test_a_file_mixing_both_orders_is_refused_where_it_turns),
		cmocka_unit_test(test_bad_rows_are_problems_at_their_lines),
		cmocka_unit_test(test_dates_keep_the_calendar),
		cmocka_unit_test(test_a_short_launch_date_is_read_within_its_field),
		cmocka_unit_test(test_the_reader_says_how_far_it_has_read),
		cmocka_unit_test(test_a_table_without_qualys_columns_is_refused),
		cmocka_unit_test(test_pci_report_columns_are_read_by_their_names),
		cmocka_unit_test(test_xml_reads_vulns_and_skips_the_rest),
		cmocka_unit_test(test_xml_other_roots_and_ambiguous_dates_are_refused),
		cmocka_unit_test(test_a_vendor_reference_names_the_advisory_only_when_it_is_one_id),
		cmocka_unit_test(test_cve_lists_keep_each_id_once_in_order),
		cmocka_unit_test(test_sniffs_know_qualys_by_its_columns_and_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
