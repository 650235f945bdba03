/* The package managers' and vendors' readers in memory, through recording
 * sinks: dnf4 and yum list-sec, dnf5 advisory list --json, apt list
 * --upgradable, CSAF and updateinfo.xml advisories. The real samples come
 * from ../shared/fixtures/real/formats (PW_FIXTURES overrides it; each test
 * that needs them skips, saying so, when they are absent); every refusal is
 * shown on a sample written here. Last, the matched pair in tests/data: what
 * dnf5 says of a repository's advisories agrees with its updateinfo.xml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>

#include "../import/formats.h"
#include "../import/import.h"
#include "../storage/store.h"
#include "../util/buf.h"
#include "patch_read.h"
#include "testutil.h"

/* ---- the recording sink --------------------------------------------------- */

/* Each record as one line: "ASSET ADVISORY sev=SOURCE_SEVERITY/SCALE
 * rel=RELEASED scan=SCANNED reboot=R line=L cves=CVES title=TITLE". */
static int
put_patch(struct patch_sink *s, struct patch *p)
{
	struct buf *b = s->arg;

	buf_printf(b, "%s %s sev=%s/%s rel=%s scan=%s reboot=%d line=%ld cves=%s "
	    "title=%s\n", p->asset ? p->asset : "-", p->advisory,
	    p->source_severity ? p->source_severity : "-", p->scale ? p->scale :
	    "-", p->released, p->scanned, p->reboot, p->line, p->cves ? p->cves :
	    "-", p->title ? p->title : "-");
	return 0;
}

/* Read text[0..len) with format name of kind into g (the caller frees). */
static void
read_as(enum import_kind kind, const char *name, const char *text, size_t len,
    struct got *g)
{
	assert_int_equal(got_read(g, kind, name, "p", text, len, DATE_ORDER_AUTO,
	    put_patch), 0);
}

static void
read_patches(const char *name, const char *text, struct got *g)
{
	read_as(IMPORT_PATCHES, name, text, strlen(text), g);
}

static void
read_advisories(const char *name, const char *text, struct got *g)
{
	read_as(IMPORT_ADVISORIES, name, text, strlen(text), g);
}

/* Assert the problem or note list d holds exactly one entry, at line, that
 * says what. */
static void
one_diag(const struct pw_diags *d, long line, const char *what)
{
	if (d->n != 1)
		fail_msg("%zu entries, not 1 (%s)", d->n, d->n ? d->v[0].msg : "");
	assert_int_equal(d->v[0].line, line);
	if (strstr(d->v[0].msg, what) == NULL)
		fail_msg("'%s' does not say '%s'", d->v[0].msg, what);
}

/* ---- the real samples ---------------------------------------------------- */

#define SAMPLE(var, rel, len) do {					\
	if (((var) = test_sample((rel), &(len))) == NULL) {		\
		fprintf(stderr, "skip: no real fixture formats/%s (a clone " \
		    "without ../shared)\n", (rel));			\
		skip();							\
	}								\
} while (0)

/* The docstrings of a behave .feature file that follow a step whose text
 * contains step ("stdout is"), indentation of their opening quotes removed
 * and dnf-behave's <REPOSYNC> placeholder left out: the commands' real
 * outputs. At most max, into out[] (the caller frees each); their count. */
static size_t
docstrings(const char *feature, const char *step, char **out, size_t max)
{
	const char *p = feature;
	size_t n = 0;
	int want = 0;

	while (*p && n < max) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p), ind = 0;
		while (ind < len && p[ind] == ' ')
			ind++;
		if (len - ind >= 3 && memcmp(p + ind, "\"\"\"", 3) == 0 && want) {
			struct buf b = { 0 };
			p = eol ? eol + 1 : p + len;
			for (;;) {
				const char *e = strchr(p, '\n');
				size_t l = e ? (size_t)(e - p) : strlen(p), k = 0;
				while (k < l && k < ind && p[k] == ' ')
					k++;
				if (l - k >= 3 && memcmp(p + k, "\"\"\"", 3) == 0)
					break;
				if (!(l - k == 10 && memcmp(p + k, "<REPOSYNC>", 10) == 0)) {
					buf_add(&b, p + k, l - k);
					buf_addc(&b, '\n');
				}
				if (e == NULL)
					break;
				p = e + 1;
			}
			out[n++] = b.s ? buf_detach(&b) : strdup("");
			want = 0;
		} else if (len - ind > 0)
			want = memmem(p, len, step, strlen(step)) != NULL;
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return n;
}

/* What each `stdout is` of the dnf4 feature file reads as: its records,
 * or "FATAL:" and what the refusal says. */
static const char *const dnf4_outputs[] = {
	/* updateinfo list: the pending advisories, each a patch, no
	 * severity written for a bugfix or an enhancement */
	"- FEDORA-2999:002-02 sev=-/redhat rel= scan= reboot=0 line=1 cves=- "
	    "title=flac\n"
	"- FEDORA-2018-318f184000 sev=-/redhat rel= scan= reboot=1 line=2 cves=- "
	    "title=glibc\n",
	"",		/* summary, nothing to report */
	"FATAL:not `dnf updateinfo list` output",	/* a summary */
	"",		/* info security, nothing to report */
	"- FEDORA-2999:002-02 sev=-/redhat rel= scan= reboot=0 line=1 cves=- "
	    "title=flac\n"
	"- FEDORA-2018-318f184000 sev=-/redhat rel= scan= reboot=1 line=2 cves=- "
	    "title=glibc\n",
	"",		/* list all security: its one advisory installed */
	/* list updates: two advisories of one package */
	"- FEDORA-2999:002-02 sev=-/redhat rel= scan= reboot=0 line=1 cves=- "
	    "title=flac\n"
	"- FEDORA-2018-318f184112 sev=-/redhat rel= scan= reboot=0 line=2 cves=- "
	    "title=flac\n",
	/* list installed (no mark: read as pending; docs/formats.md) */
	"- FEDORA-2018-318f184000 sev=-/redhat rel= scan= reboot=1 line=1 cves=- "
	    "title=glibc\n",
	"- FEDORA-2999:002-02 sev=-/redhat rel= scan= reboot=0 line=1 cves=- "
	    "title=flac\n"
	"- FEDORA-2018-318f184112 sev=-/redhat rel= scan= reboot=0 line=2 cves=- "
	    "title=flac\n",
	/* list all bugfix: "  " marks one not installed */
	"- FEDORA-2018-318f184000 sev=-/redhat rel= scan= reboot=1 line=1 cves=- "
	    "title=glibc\n",
	"- FEDORA-2018-318f184000 sev=-/redhat rel= scan= reboot=1 line=1 cves=- "
	    "title=glibc\n",
	"FATAL:'2999' is a CVE or bug id",	/* --with-cve */
	"FATAL:'222' is a CVE or bug id",	/* --with-bz */
	"- FEDORA-2019-348e185000 sev=-/redhat rel= scan= reboot=1 line=1 cves=- "
	    "title=kernel\n",
	"",		/* after the kernel update */
	"- FEDORA-2999:002-02 sev=-/redhat rel= scan= reboot=0 line=1 cves=- "
	    "title=flac\n"
	"- FEDORA-2018-318f184000 sev=-/redhat rel= scan= reboot=1 line=2 cves=- "
	    "title=glibc\n",
	"FATAL:not `dnf updateinfo list` output",	/* summary-updateinfo */
};

static void
check_outputs(enum import_kind kind, const char *format, char **outs, size_t n,
    const char *const *want, size_t nwant)
{
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++) {
		struct got g;
		read_as(kind, format, outs[i], strlen(outs[i]), &g);
		if (strncmp(want[i], "FATAL:", 6) == 0) {
			if (g.rc != -1 || strstr(g.fatal.msg, want[i] + 6) == NULL)
				fail_msg("output %zu: rc %d, '%s', want '%s'", i, g.rc,
				    g.fatal.msg, want[i] + 6);
		} else if (g.rc != 0 || strcmp(buf_str(&g.out), want[i]) != 0 ||
		    g.problems.n != 0)
			fail_msg("output %zu (rc %d, %zu problems: %s):\n%s\nwant:\n%s",
			    i, g.rc, g.problems.n, g.fatal.msg, buf_str(&g.out),
			    want[i]);
		got_free(&g);
		free(outs[i]);
	}
}

static void
test_dnf4_reads_the_outputs_of_the_feature_file_as_dnf_printed_them(void **state)
{
	char *feature, *outs[32];
	size_t len, n;
	struct got g;

	(void)state;
	SAMPLE(feature, "dnf-updateinfo/updateinfo.feature.dnf4-2022", len);
	n = docstrings(feature, "stdout is", outs, 32);
	/* Before they go: the installed one of "list all security" is a
	 * note, not a patch. */
	read_patches("dnf4", outs[5], &g);
	assert_int_equal(g.rc, 0);
	one_diag(&g.notes, 0, "1 installed advisory lines skipped");
	got_free(&g);
	check_outputs(IMPORT_PATCHES, "dnf4", outs, n, dnf4_outputs,
	    sizeof dnf4_outputs / sizeof dnf4_outputs[0]);
	free(feature);
}

static void
test_yum_list_sec_sample_is_14_advisories_from_26_package_lines(void **state)
{
	char *s;
	size_t len;
	struct got g;

	(void)state;
	SAMPLE(s, "yum-list-sec/yum-list-sec-rhel6.txt", len);
	read_as(IMPORT_PATCHES, "yum-list-sec", s, len, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.notes.n, 0);
	/* In the order of their first lines; the kernel's need a reboot. */
	assert_string_equal(buf_str(&g.out),
	    "- RHSA-2013:0550 sev=Moderate/redhat rel= scan= reboot=0 line=1 cves=- "
	    "title=bind-libs, bind-utils\n"
	    "- RHSA-2013:0689 sev=Important/redhat rel= scan= reboot=0 line=2 cves=- "
	    "title=bind-libs, bind-utils\n"
	    "- RHSA-2013:0771 sev=Moderate/redhat rel= scan= reboot=0 line=5 cves=- "
	    "title=curl, libcurl\n"
	    "- RHSA-2013:0568 sev=Important/redhat rel= scan= reboot=0 line=6 cves=- "
	    "title=dbus-glib\n"
	    "- RHSA-2013:0567 sev=Important/redhat rel= scan= reboot=1 line=7 cves=- "
	    "title=kernel, kernel-firmware\n"
	    "- RHSA-2013:0630 sev=Important/redhat rel= scan= reboot=1 line=8 cves=- "
	    "title=kernel, kernel-firmware\n"
	    "- RHSA-2013:0744 sev=Important/redhat rel= scan= reboot=1 line=9 cves=- "
	    "title=kernel, kernel-firmware\n"
	    "- RHSA-2013:0656 sev=Moderate/redhat rel= scan= reboot=0 line=13 cves=- "
	    "title=krb5-libs\n"
	    "- RHSA-2013:0748 sev=Moderate/redhat rel= scan= reboot=0 line=14 cves=- "
	    "title=krb5-libs\n"
	    "- RHSA-2013:0581 sev=Moderate/redhat rel= scan= reboot=0 line=16 cves=- "
	    "title=libxml2, libxml2-python\n"
	    "- RHSA-2013:0219 sev=Moderate/redhat rel= scan= reboot=0 line=18 cves=- "
	    "title=mysql-libs\n"
	    "- RHSA-2013:0772 sev=Important/redhat rel= scan= reboot=0 line=19 cves=- "
	    "title=mysql-libs\n"
	    "- RHSA-2013:0587 sev=Moderate/redhat rel= scan= reboot=0 line=20 cves=- "
	    "title=openssl\n"
	    "- RHSA-2013:0685 sev=Moderate/redhat rel= scan= reboot=0 line=21 cves=- "
	    "title=perl, perl-Module-Pluggable, perl-Pod-Escapes, perl-Pod-Simple, "
	    "perl-libs, perl-version\n");
	/* The same lines read as dnf4 give the same patches. */
	struct got d;
	read_as(IMPORT_PATCHES, "dnf4", s, len, &d);
	assert_string_equal(buf_str(&d.out), buf_str(&g.out));
	got_free(&d);
	got_free(&g);
	free(s);
}

/* What each JSON docstring of the dnf5 feature file reads as. */
static const char *const dnf5_outputs[] = {
	"- FEDORA-2999:002-02 sev=Moderate/redhat rel= scan=2019-01-17 reboot=0 "
	    "line=3 cves=- title=flac\n"
	"- FEDORA-2018-318f184000 sev=none/redhat rel= scan=2019-01-17 reboot=1 "
	    "line=10 cves=- title=glibc\n",
	"FATAL:what --with-cve or --with-bz prints",
	/* custom types and severities are read as written: the landing
	 * refuses custom_severity unless the policy maps it */
	"- FEDORA-2019-57b5902ed1 sev=Critical/redhat rel= scan=2019-09-15 "
	    "reboot=0 line=3 cves=- title=labirinto\n"
	"- FEDORA-2022-2222222222 sev=custom_severity/redhat rel= scan=2019-09-15 "
	    "reboot=0 line=10 cves=- title=labirinto\n"
	"- FEDORA-2022-2222222223 sev=custom_severity/redhat rel= scan=2019-09-15 "
	    "reboot=0 line=17 cves=- title=labirinto\n"
	"- FEDORA-2022-2222222224 sev=Critical/redhat rel= scan=2019-09-15 "
	    "reboot=0 line=24 cves=- title=labirinto\n"
	"- FEDORA-2019-f4eb34cf4c sev=Moderate/redhat rel= scan=2019-05-12 "
	    "reboot=0 line=31 cves=- title=labirinto\n",
	"FATAL:`dnf5 advisory info --json`",
	"FATAL:`dnf5 advisory info --json`",
	"FATAL:`dnf5 advisory info --json`",
};

static void
test_dnf5_reads_the_lists_of_the_feature_file_and_refuses_the_rest(void **state)
{
	char *feature, *outs[16];
	size_t len, n;
	struct got g;
	struct policy pol;

	(void)state;
	SAMPLE(feature, "dnf-updateinfo/updateinfo-json.feature.dnf5", len);
	n = docstrings(feature, "stdout json matches", outs, 16);
	check_outputs(IMPORT_PATCHES, "dnf5", outs, n, dnf5_outputs,
	    sizeof dnf5_outputs / sizeof dnf5_outputs[0]);
	/* "[]" twice, with `stdout is`: nothing pending. */
	n = docstrings(feature, "stdout is", outs, 16);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		read_patches("dnf5", outs[i], &g);
		assert_int_equal(g.rc, 0);
		assert_int_equal(g.out.len, 0);
		got_free(&g);
		free(outs[i]);
	}
	policy_init(&pol);
	assert_int_equal(policy_severity(&pol, "redhat", "custom_severity"), -1);
	assert_int_equal(policy_severity(&pol, "redhat", "none"), SEV_LOW);
	policy_free(&pol);
	free(feature);
}

static void
test_apt_sample_is_four_packages_at_their_new_versions(void **state)
{
	char *s;
	size_t len;
	struct got g;

	(void)state;
	SAMPLE(s, "apt-upgradable/apt-list-upgradable.txt", len);
	read_as(IMPORT_PATCHES, "apt", s, len, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.notes.n, 0);
	assert_string_equal(buf_str(&g.out),
	    "- heroku=6.15.2-1 sev=-/apt rel= scan= reboot=0 line=2 cves=- "
	    "title=heroku 6.14.43-1 -> 6.15.2-1 (stable)\n"
	    "- resolvconf=1.79ubuntu4.1 sev=-/apt rel= scan= reboot=0 line=3 "
	    "cves=- title=resolvconf 1.79ubuntu4 -> 1.79ubuntu4.1 (zesty-updates)\n"
	    "- squashfs-tools=1:4.3-3ubuntu2.17.04.1 sev=-/apt rel= scan= reboot=0 "
	    "line=4 cves=- title=squashfs-tools 1:4.3-3ubuntu2 -> "
	    "1:4.3-3ubuntu2.17.04.1 (zesty-updates)\n"
	    "- unattended-upgrades=0.93.1ubuntu2.4 sev=-/apt rel= scan= reboot=0 "
	    "line=5 cves=- title=unattended-upgrades 0.93.1ubuntu2.3 -> "
	    "0.93.1ubuntu2.4 (zesty-updates)\n");
	got_free(&g);
	free(s);
}

static void
test_updateinfo_sample_is_four_advisories_with_their_cves(void **state)
{
	char *s;
	size_t len;
	struct got g;

	(void)state;
	SAMPLE(s, "dnf-updateinfo/updateinfo.xml", len);
	read_as(IMPORT_ADVISORIES, "updateinfo", s, len, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	/* "2999" titled "CVE-2999" and "CVE-2999" are one; an empty
	 * <reboot_suggested/> suggests nothing (libsolv's reading). */
	assert_string_equal(buf_str(&g.out),
	    "- FEDORA-2018-318f184000 sev=none/redhat rel=2019-01-17 scan= reboot=0 "
	    "line=3 cves=CVE-2999 title=glibc bug fix\n"
	    "- FEDORA-2999:002-02 sev=Moderate/redhat rel=2019-01-17 scan= reboot=0 "
	    "line=26 cves=- title=flac enhacements\n"
	    "- FEDORA-2999:003-03 sev=Moderate/redhat rel=2019-01-17 scan= reboot=1 "
	    "line=47 cves=- title=lz4 enhacements\n"
	    "- FEDORA-2019-348e185000 sev=Moderate/redhat rel=2019-01-17 scan= "
	    "reboot=0 line=68 cves=CVE-4321 title=kernel bug fix\n");
	got_free(&g);
	free(s);
}

static void
test_csaf_samples_are_one_advisory_and_one_informational_notice(void **state)
{
	char *s;
	size_t len;
	struct got g;

	(void)state;
	SAMPLE(s, "csaf-advisory/rhsa-2021_5217.json", len);
	read_as(IMPORT_ADVISORIES, "csaf", s, len, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_int_equal(g.notes.n, 0);
	assert_string_equal(buf_str(&g.out),
	    "- RHSA-2021:5217 sev=Important/redhat rel=2021-12-20 scan= reboot=-1 "
	    "line=2 cves=CVE-2021-4133 title=Red Hat Security Advisory: Red Hat "
	    "Single Sign-On 7.5.0 security update\n");
	got_free(&g);
	free(s);

	/* An end-of-life notice: nothing to install. */
	SAMPLE(s, "csaf-advisory/rhsa-2019_1862.json", len);
	read_as(IMPORT_ADVISORIES, "csaf", s, len, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.out.len, 0);
	one_diag(&g.notes, 2, "1 informational advisory skipped (RHSA-2019:1862: "
	    "no vendor_fix remediation");
	got_free(&g);
	free(s);
}

/* ---- dnf4 and yum on samples written here ---------------------------------- */

static void
test_dnf4_one_patch_an_advisory_its_date_scanned_installed_noted(void **state)
{
	struct got g;

	(void)state;
	read_patches("dnf4",
	    "Last metadata expiration check: 0:12:01 ago on Tue 05 Mar 2024.\n"
	    "RHSA-2024:1001 Important/Sec. kernel-5.14.0-362.24.1.el9_3.x86_64 "
	    "2024-03-04 10:00:00\n"
	    "i RHSA-2024:0900 Moderate/Sec. curl-7.76.1-26.el9_3.3.x86_64 "
	    "2024-02-01 09:00:00\n"
	    "RHBA-2024:1002 Unknown/Sec.  tzdata-2024a-1.el9.noarch 2024-03-01 "
	    "08:00:00\n"
	    "RHSA-2024:1001 Important/Sec. kernel-core-5.14.0-362.24.1.el9_3.x86_64 "
	    "2024-03-04 10:00:00\n"
	    "Security: kernel-core-5.14.0-362.18.1.el9_3.x86_64 is the currently "
	    "running version\n"
	    "some text a terminal left\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(buf_str(&g.out),
	    "- RHSA-2024:1001 sev=Important/redhat rel= scan=2024-03-04 reboot=1 "
	    "line=2 cves=- title=kernel, kernel-core\n"
	    "- RHBA-2024:1002 sev=-/redhat rel= scan=2024-03-01 reboot=0 line=4 "
	    "cves=- title=tzdata\n");
	assert_int_equal(g.notes.n, 2);
	assert_non_null(strstr(g.notes.v[0].msg, "1 installed advisory lines"));
	assert_int_equal(g.notes.v[1].line, 7);
	assert_non_null(strstr(g.notes.v[1].msg, "1 lines that are not advisory"));
	got_free(&g);
}

static void
test_dnf4_refuses_cve_lists_other_files_and_advisories_that_differ(void **state)
{
	struct got g;
	char *big;

	(void)state;
	read_patches("dnf4", "FEDORA-2024-1 bugfix glibc-2.38-16.fc39.x86_64\n"
	    "CVE-2024-1086 Important/Sec. kernel-6.7.7-200.fc39.x86_64\n", &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 2);
	assert_non_null(strstr(g.fatal.msg, "'CVE-2024-1086' is a CVE or bug id"));
	got_free(&g);

	read_patches("dnf4", "\nhostname,advisory,severity,released\n"
	    "web-1,RHSA-1,high,2026-01-01\n", &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 2);
	assert_non_null(strstr(g.fatal.msg, "not `dnf updateinfo list` output"));
	got_free(&g);

	read_as(IMPORT_PATCHES, "yum-list-sec", "Loaded plugins: security\n"
	    "Updates Information Summary: available\n", 64, &g);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "not `yum list-sec` output"));
	got_free(&g);

	/* One advisory, two severities: neither line is trusted. */
	read_patches("dnf4", "RHSA-1 Important/Sec. a-1-1.x86_64\n"
	    "RHSA-2 Low/Sec. b-1-1.x86_64\n"
	    "RHSA-1 Moderate/Sec. c-1-1.x86_64\n", &g);
	assert_int_equal(g.rc, 0);
	one_diag(&g.problems, 3, "advisory RHSA-1 is Moderate/Sec. here but "
	    "Important/Sec. at line 1");
	assert_string_equal(buf_str(&g.out), "- RHSA-2 sev=Low/redhat rel= scan= "
	    "reboot=0 line=2 cves=- title=b\n");
	got_free(&g);

	/* Not UTF-8: the whole file. */
	read_patches("dnf4", "RHSA-1 Low/Sec. a-1-1.x86_64\nRHSA-2 Low/Sec. "
	    "caf\xe9-1-1.x86_64\n", &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 2);
	assert_non_null(strstr(g.fatal.msg, "not UTF-8"));
	got_free(&g);

	/* An id longer than any advisory's is a problem at its line. */
	big = malloc(400);
	memset(big, 'A', 300);
	strcpy(big + 300, " bugfix a-1-1.x86_64\n");
	read_patches("dnf4", big, &g);
	one_diag(&g.problems, 1, "an advisory id of 300 bytes");
	assert_int_equal(g.out.len, 0);
	got_free(&g);
	free(big);

	/* Nothing pending, or only what dnf says around it: no patches. */
	read_patches("dnf4", "", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.out.len, 0);
	got_free(&g);
}

static void
test_dnf4_titles_name_eight_packages_then_count_the_rest(void **state)
{
	struct buf in = { 0 };
	struct got g;

	(void)state;
	for (int i = 0; i < 12; i++)
		buf_printf(&in, "RHSA-9 Low/Sec. pkg%d-1.0-1.el9.x86_64\n", i);
	buf_adds(&in, "RHSA-9 Low/Sec. pkg0-1.0-1.el9.i686\n");
	read_patches("dnf4", in.s, &g);
	assert_string_equal(buf_str(&g.out), "- RHSA-9 sev=Low/redhat rel= scan= "
	    "reboot=0 line=1 cves=- title=pkg0, pkg1, pkg2, pkg3, pkg4, pkg5, "
	    "pkg6, pkg7 and 4 more\n");
	got_free(&g);
	buf_free(&in);
}

/* ---- dnf5 on samples written here ----------------------------------------- */

static void
test_dnf5_refuses_what_is_not_its_list_and_records_at_their_lines(void **state)
{
	struct got g;

	(void)state;
	read_patches("dnf5", "{\"name\": \"X\"}", &g);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "an array of advisories"));
	got_free(&g);

	read_patches("dnf5", "[\n  {\"name\": \"X\",\n", &g);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "JSON: unexpected end of file"));
	got_free(&g);

	read_patches("dnf5", "[\n {\"name\": \"A\", \"type\": \"security\", "
	    "\"severity\": \"Low\", \"nevra\": \"a-1-1.x86_64\", \"buildtime\": "
	    "1700000000},\n {\"advisory_name\": \"B\",\n  \"nevra\": "
	    "\"b-1-1.x86_64\"}]\n", &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 3);
	assert_non_null(strstr(g.fatal.msg, "--with-cve or --with-bz"));
	got_free(&g);

	/* Each record's problem at its first key's line; the string form of
	 * buildtime (dnf5 5.2 on) read too. */
	read_patches("dnf5", "[\n"
	    "  {\n    \"name\": \"A\", \"type\": \"security\", \"severity\": "
	    "\"Important\",\n    \"nevra\": \"kernel-6.1-1.fc39.x86_64\", "
	    "\"buildtime\": \"2024-03-05 17:30:00\"\n  },\n"
	    "  {\n    \"name\": \"B\", \"nevra\": \"b-1-1.x86_64\", \"buildtime\": "
	    "\"soon\"\n  },\n"
	    "  {\"name\": \"C\", \"type\": \"bugfix\"},\n"
	    "  7,\n"
	    "  {\"name\": \"A\", \"type\": \"security\", \"severity\": \"Low\", "
	    "\"nevra\": \"kernel-core-6.1-1.fc39.x86_64\"}\n"
	    "]\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 4);
	assert_int_equal(g.problems.v[0].line, 7);
	assert_non_null(strstr(g.problems.v[0].msg, "buildtime 'soon' is not a "
	    "date"));
	assert_int_equal(g.problems.v[1].line, 9);
	assert_non_null(strstr(g.problems.v[1].msg, "advisory C: no package"));
	assert_int_equal(g.problems.v[2].line, 10);
	assert_non_null(strstr(g.problems.v[2].msg, "a record that is not an "
	    "object"));
	assert_int_equal(g.problems.v[3].line, 11);
	assert_non_null(strstr(g.problems.v[3].msg, "advisory A is security Low "
	    "here but security Important at line 3"));
	assert_int_equal(g.out.len, 0);
	got_free(&g);
}

/* The JSON readers' scanner is strict (RFC 8259) and says where: each of
 * these is refused at the line given, whole. */
static void
test_json_that_is_not_strictly_json_is_refused_at_its_line(void **state)
{
	static const struct {
		const char	*text, *says;
		long		 line;
	} cases[] = {
		{ "", "an empty file", 1 },
		{ "[\n{\"name\": \"A\",}\n]", "expected a key in quotes", 2 },
		{ "[\n1,\n]", "not a value", 3 },
		{ "[01]", "expected , or ] in an array", 1 },
		{ "[1.]", "without digits after its point", 1 },
		{ "[\"a\\x\"]", "an unknown escape", 1 },
		{ "[\"a\tb\"]", "a control character inside a string", 1 },
		{ "[\n\n\"\\u0000\"]", "a NUL character", 3 },
		{ "[\"\\u12\"]", "four hex digits", 1 },
		{ "[true, nul]", "not a value", 1 },
		{ "[] []", "text after the end of the document", 1 },
		{ "{\"a\" 1}", "expected : after a key", 1 },
		{ "[}", "a bracket that closes nothing", 1 },
		{ "[\n\"open", "a string that never ends", 2 },
		{ "\xef\xbb\xbf [\n{\"a\": [1, 2}\n]", "expected , or ] in an array",
		    2 },
	};
	struct got g;
	struct buf deep = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		read_patches("dnf5", cases[i].text, &g);
		if (g.rc != -1 || strstr(g.fatal.msg, cases[i].says) == NULL ||
		    g.fatal.line != cases[i].line)
			fail_msg("case %zu: rc %d, line %ld: %s", i, g.rc, g.fatal.line,
			    g.fatal.msg);
		got_free(&g);
	}
	/* 64 levels are read; 65 are not. */
	for (int i = 0; i < 64; i++)
		buf_addc(&deep, '[');
	for (int i = 0; i < 64; i++)
		buf_addc(&deep, ']');
	read_patches("dnf5", deep.s, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 1);	/* its one element is no object */
	got_free(&g);
	buf_reset(&deep);
	for (int i = 0; i < 65; i++)
		buf_addc(&deep, '[');
	read_patches("dnf5", deep.s, &g);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "nested deeper than 64"));
	got_free(&g);
	buf_free(&deep);
}

/* A record's end is found in checked text without checking it again
 * (json_doc.c's skip_value): quotes escaped or not after runs of
 * backslashes, brackets inside strings. Each record stays whole, at its
 * first key's line. */
static void
test_json_records_end_where_they_end_past_escapes_and_brackets(void **state)
{
	struct got g;

	(void)state;
	read_patches("dnf5", "[\n"
	    " {\"x\": \"]}\\\"],\", \"name\": \"A\", \"nevra\": \"a-1-1.x86_64\"},\n"
	    " {\"x\\\\\": \"\\\\\", \"name\": \"B\", \"nevra\": \"b-1-1.x86_64\",\n"
	    "  \"y\": [\"\\\\\\\\\\\\\\\"}\", {\"z\": \"[\"}]},\n"
	    " {\"name\": \"C\", \"nevra\": \"c-1-1.x86_64\"}\n"
	    "]\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(buf_str(&g.out),
	    "- A sev=-/redhat rel= scan= reboot=0 line=2 cves=- title=a\n"
	    "- B sev=-/redhat rel= scan= reboot=0 line=3 cves=- title=b\n"
	    "- C sev=-/redhat rel= scan= reboot=0 line=5 cves=- title=c\n");
	got_free(&g);
}

/* ---- apt on samples written here ------------------------------------------ */

static void
test_apt_reads_upgradable_lines_of_any_apt_list_and_notes_the_rest(void **state)
{
	struct got g;

	(void)state;
	read_patches("apt", "WARNING: apt does not have a stable CLI interface. "
	    "Use with caution in scripts.\n\n"
	    "Listing... Done\n"
	    "bash/jammy,now 5.1-6ubuntu1 amd64 [installed]\n"
	    "libc6/jammy-updates,jammy-security,now 2.35-0ubuntu3.1 amd64 "
	    "[installed,upgradable to: 2.35-0ubuntu3.6]\n"
	    "linux-image-5.15.0-101-generic/jammy-updates 5.15.0-101.111 amd64 "
	    "[upgradable from: 5.15.0-100.110]\n"
	    "libc6/jammy-updates 2.35-0ubuntu3.6 amd64 [upgradable from: "
	    "2.35-0ubuntu3.1]\n"
	    "zip/jammy 3.0-12build2 amd64\n"
	    "N: There is 1 additional version. Please use the '-a' switch to see "
	    "it\n"
	    "what is this\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(buf_str(&g.out),
	    "- libc6=2.35-0ubuntu3.6 sev=-/apt rel= scan= reboot=1 line=5 cves=- "
	    "title=libc6 2.35-0ubuntu3.1 -> 2.35-0ubuntu3.6 (jammy-updates,"
	    "jammy-security,now)\n"
	    "- linux-image-5.15.0-101-generic=5.15.0-101.111 sev=-/apt rel= scan= "
	    "reboot=1 line=6 cves=- title=linux-image-5.15.0-101-generic "
	    "5.15.0-100.110 -> 5.15.0-101.111 (jammy-updates)\n");
	assert_int_equal(g.notes.n, 2);
	assert_non_null(strstr(g.notes.v[0].msg, "2 packages that are not "
	    "upgradable skipped"));
	assert_int_equal(g.notes.v[1].line, 10);
	assert_non_null(strstr(g.notes.v[1].msg, "1 lines that are not package "
	    "lines"));
	got_free(&g);
}

static void
test_apt_refuses_an_error_and_a_file_that_is_not_its_list(void **state)
{
	struct got g;

	(void)state;
	read_patches("apt", "Listing...\nE: Could not get lock /var/lib/dpkg/lock\n",
	    &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 2);
	assert_non_null(strstr(g.fatal.msg, "apt reported an error"));
	got_free(&g);

	read_patches("apt", "RHSA-2013:0550 Moderate/Sec. bind-9.8.2-0.17.el6.x86_64\n",
	    &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 1);
	assert_non_null(strstr(g.fatal.msg, "not `apt list --upgradable` output"));
	got_free(&g);

	read_patches("apt", "Listing... Done\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.out.len, 0);
	got_free(&g);
}

/* ---- CSAF and updateinfo.xml on samples written here ----------------------- */

static void
test_csaf_reads_a_fix_its_restart_and_refuses_what_is_not_csaf(void **state)
{
	struct got g;

	(void)state;
	read_advisories("csaf", "{\n  \"document\": {\"csaf_version\": \"2.0\", "
	    "\"title\": \"Fix\",\n    \"publisher\": {\"namespace\": "
	    "\"https://psirt.example.com\"},\n    \"aggregate_severity\": "
	    "{\"text\": \"High\"},\n    \"tracking\": {\"id\": \"EX-2024-7\", "
	    "\"initial_release_date\": \"2024-05-06T07:00:00Z\"}},\n"
	    "  \"vulnerabilities\": [\n"
	    "    {\"cve\": \"CVE-2024-1\", \"remediations\": [{\"category\": "
	    "\"workaround\"}]},\n"
	    "    {\"cve\": \"CVE-2024-2\", \"remediations\": [{\"category\": "
	    "\"vendor_fix\", \"restart_required\": {\"category\": \"service\"}}]},\n"
	    "    {\"cve\": \"cve-2024-1\", \"remediations\": [{\"category\": "
	    "\"vendor_fix\", \"restart_required\": {\"category\": \"machine\"}}]}\n"
	    "  ]\n}\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	/* Another publisher's severity is on no known scale: csaf, for the
	 * policy's severity_map. */
	assert_string_equal(buf_str(&g.out), "- EX-2024-7 sev=High/csaf "
	    "rel=2024-05-06 scan= reboot=1 line=2 cves=CVE-2024-1,CVE-2024-2 "
	    "title=Fix\n");
	got_free(&g);

	read_advisories("csaf", "{\"document\": {\"csaf_version\": \"2.0\", "
	    "\"tracking\": {\"id\": \"X\", \"initial_release_date\": \"May\"}},\n"
	    "\"vulnerabilities\": [{\"remediations\": [{\"category\": "
	    "\"vendor_fix\"}]}]}", &g);
	assert_int_equal(g.rc, 0);
	one_diag(&g.problems, 1, "initial_release_date 'May' is not an ISO date");
	assert_int_equal(g.out.len, 0);
	got_free(&g);

	read_advisories("csaf", "{\"document\": {\"csaf_version\": \"2.0\", "
	    "\"tracking\": {}}}", &g);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "without document.tracking.id"));
	got_free(&g);

	read_advisories("csaf", "{\"document\": {\"title\": \"x\"}}", &g);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "not a CSAF 2.0 document"));
	got_free(&g);
}

static void
test_updateinfo_refuses_other_xml_and_problems_stay_at_their_update(void **state)
{
	struct got g;

	(void)state;
	read_advisories("updateinfo", "<?xml version=\"1.0\"?>\n<repomd>\n"
	    "</repomd>\n", &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 2);
	assert_non_null(strstr(g.fatal.msg, "the root element is <repomd>"));
	got_free(&g);

	read_advisories("updateinfo", "<updates>\n"
	    "  <update type=\"security\">\n    <title>no id</title>\n  </update>\n"
	    "  <update type=\"bugfix\">\n    <id>B-1</id>\n"
	    "    <issued date=\"soon\"/>\n  </update>\n"
	    "  <update type=\"security\"><id> S-1 </id><severity></severity>\n"
	    "    <issued date=\"1700000000\"/>\n"
	    "    <references><reference type=\"cve\" id=\"CVE-2024-9\"/>"
	    "<reference type=\"bugzilla\" id=\"CVE-2024-8\"/></references>\n"
	    "  </update>\n</updates>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 2);
	assert_int_equal(g.problems.v[0].line, 2);
	assert_non_null(strstr(g.problems.v[0].msg, "an <update> without its <id>"));
	assert_int_equal(g.problems.v[1].line, 5);
	assert_non_null(strstr(g.problems.v[1].msg, "issued date 'soon'"));
	assert_string_equal(buf_str(&g.out), "- S-1 sev=-/redhat rel=2023-11-14 "
	    "scan= reboot=0 line=9 cves=CVE-2024-9 title=-\n");
	got_free(&g);

	read_advisories("updateinfo", "<updates>\n<update>\n<id>A</id>\n"
	    "<title>x</titel>\n</update>\n</updates>\n", &g);
	assert_int_equal(g.rc, -1);
	assert_int_equal(g.fatal.line, 4);
	assert_non_null(strstr(g.fatal.msg, "not well-formed XML"));
	got_free(&g);
}

/* ---- auto-detection ------------------------------------------------------- */

/* The format auto takes for text named path. */
static const char *
sniffed(enum import_kind kind, const char *path, const char *text, size_t len)
{
	const struct import_format *f = import_format_sniff(kind, path, text, len);

	return f ? f->name : "none";
}

static void
test_auto_picks_each_sample_and_nothing_else(void **state)
{
	static const struct {
		enum import_kind kind;
		const char	*path, *text, *format;
	} cases[] = {
		/* dnf and yum lines: dnf's unless yum's own mark, or the
		 * packages are for RHEL 5 to 7 */
		{ IMPORT_PATCHES, "h.txt", "FEDORA-2018-318f184000 bugfix      "
		    "glibc-2.28-26.fc29.x86_64\n", "dnf4" },
		{ IMPORT_PATCHES, "h", "i FEDORA-2018-318f184113 Moderate/Sec. "
		    "CQRlib-1.1.2-16.fc29.x86_64\n", "dnf4" },
		{ IMPORT_PATCHES, "h.csv", "Last metadata expiration check: 1:00:00 "
		    "ago\nRHSA-2013:0550 Moderate/Sec. bind-9.8.2-0.17.el6.x86_64\n",
		    "dnf4" },
		{ IMPORT_PATCHES, "h", "RHSA-2013:0550 Moderate/Sec.  "
		    "bind-libs-32:9.8.2-0.17.rc1.el6.3.x86_64\n", "yum-list-sec" },
		{ IMPORT_PATCHES, "h", "Loaded plugins: security\nRHSA-2024:1 "
		    "Low/Sec. a-1-1.el9.x86_64\n", "yum-list-sec" },
		{ IMPORT_PATCHES, "h.json", "[{\"name\": \"A\", \"type\": \"bugfix\", "
		    "\"severity\": \"\", \"nevra\": \"a-1-1.x86_64\", \"buildtime\": "
		    "1}]", "dnf5" },
		{ IMPORT_PATCHES, "h", "Listing... Done\n", "apt" },
		{ IMPORT_PATCHES, "h", "heroku/stable 6.15.2-1 amd64 [upgradable "
		    "from: 6.14.43-1]\n", "apt" },
		/* patchwave's own, and near misses */
		{ IMPORT_PATCHES, "p.csv", "hostname,advisory,severity,released\n"
		    "web-1,RHSA-1,high,2026-01-01\n", "csv" },
		{ IMPORT_PATCHES, "p.txt", "host;CVE;priority;date\n", "csv" },
		{ IMPORT_PATCHES, "p", "patches:\n  - {asset: a}\n", "yaml" },
		{ IMPORT_PATCHES, "p.yml", "- {asset: a}\n", "yaml" },
		{ IMPORT_PATCHES, "p", "web-1/x 1 2\n", "csv" },
		{ IMPORT_PATCHES, "p", "RHSA-1 Important/Sec. not-a-package\n", "csv" },
		{ IMPORT_PATCHES, "p.json", "[]", "dnf5" },
		/* advisories */
		{ IMPORT_ADVISORIES, "a", "{\"document\": {\"csaf_version\": "
		    "\"2.0\"}}", "csaf" },
		{ IMPORT_ADVISORIES, "a.json", "<updates/>", "updateinfo" },
		{ IMPORT_ADVISORIES, "a.xml", "\xef\xbb\xbf<?xml version=\"1.0\"?>\n"
		    "<updates></updates>", "updateinfo" },
		{ IMPORT_ADVISORIES, "a.xml", "{\"document\": {}}", "csaf" },
		{ IMPORT_ADVISORIES, "a", "<?xml version=\"1.0\"?><repomd/>",
		    "updateinfo" },
	};
	static const struct {
		enum import_kind kind;
		const char	*rel, *format;
	} samples[] = {
		{ IMPORT_PATCHES, "yum-list-sec/yum-list-sec-rhel6.txt",
		    "yum-list-sec" },
		{ IMPORT_PATCHES, "apt-upgradable/apt-list-upgradable.txt", "apt" },
		{ IMPORT_ADVISORIES, "dnf-updateinfo/updateinfo.xml", "updateinfo" },
		{ IMPORT_ADVISORIES, "csaf-advisory/rhsa-2019_1862.json", "csaf" },
		{ IMPORT_ADVISORIES, "csaf-advisory/rhsa-2021_5217.json", "csaf" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *f = sniffed(cases[i].kind, cases[i].path, cases[i].text,
		    strlen(cases[i].text));
		if (strcmp(f, cases[i].format) != 0)
			fail_msg("case %zu (%s): %s, not %s", i, cases[i].path, f,
			    cases[i].format);
	}
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		size_t len;
		char *s = test_sample(samples[i].rel, &len);
		if (s == NULL)
			continue;	/* a clone without ../shared */
		const char *f = sniffed(samples[i].kind, samples[i].rel, s, len);
		if (strcmp(f, samples[i].format) != 0)
			fail_msg("%s: %s, not %s", samples[i].rel, f,
			    samples[i].format);
		free(s);
	}
	/* The outputs inside the behave files. */
	size_t len, n;
	char *feature, *outs[32];
	if ((feature = test_sample(
	    "dnf-updateinfo/updateinfo.feature.dnf4-2022", &len)) != NULL) {
		n = docstrings(feature, "stdout is", outs, 32);
		assert_string_equal(sniffed(IMPORT_PATCHES, "o", outs[0],
		    strlen(outs[0])), "dnf4");
		assert_string_equal(sniffed(IMPORT_PATCHES, "o", outs[5],
		    strlen(outs[5])), "dnf4");
		for (size_t i = 0; i < n; i++)
			free(outs[i]);
		free(feature);
	}
	if ((feature = test_sample(
	    "dnf-updateinfo/updateinfo-json.feature.dnf5", &len)) != NULL) {
		n = docstrings(feature, "stdout json matches", outs, 32);
		assert_string_equal(sniffed(IMPORT_PATCHES, "o", outs[0],
		    strlen(outs[0])), "dnf5");
		assert_string_equal(sniffed(IMPORT_PATCHES, "o", outs[2],
		    strlen(outs[2])), "dnf5");
		for (size_t i = 0; i < n; i++)
			free(outs[i]);
		free(feature);
	}
}

/* None of the family's sniffs claims another family's sample: in the table
 * their own sniffs' SNIFF_YES then wins (and no MAYBE of ours beats theirs
 * by table order: ours come after csv and yaml). */
static void
test_no_sniff_of_ours_claims_another_familys_sample(void **state)
{
	static import_sniff *const ours[] = { patch_sniff_dnf4,
		patch_sniff_yum_list_sec, patch_sniff_dnf5, patch_sniff_apt,
		advisory_sniff_csaf, advisory_sniff_updateinfo };
	static const char *const mine[] = { "dnf-updateinfo", "yum-list-sec",
		"apt-upgradable", "csaf-advisory" };
	const char *root = getenv("PW_FIXTURES");
	char dir[512];
	DIR *top, *d;
	struct dirent *t, *e;
	int seen = 0;

	(void)state;
	snprintf(dir, sizeof dir, "%s/formats", root ? root :
	    "../shared/fixtures/real");
	if ((top = opendir(dir)) == NULL) {
		fprintf(stderr, "skip: no real fixtures at %s\n", dir);
		skip();
	}
	while ((t = readdir(top)) != NULL) {
		int ours_dir = t->d_name[0] == '.';
		for (size_t i = 0; i < sizeof mine / sizeof *mine; i++)
			ours_dir |= strcmp(t->d_name, mine[i]) == 0;
		char sub[1024];
		snprintf(sub, sizeof sub, "%s/%s", dir, t->d_name);
		if (ours_dir || (d = opendir(sub)) == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			char rel[1024];
			size_t len;
			char *s;
			if (e->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof rel, "%s/%s", t->d_name, e->d_name);
			if ((s = test_sample(rel, &len)) == NULL)
				continue;
			for (size_t i = 0; i < sizeof ours / sizeof *ours; i++)
				if (ours[i](s, len) == SNIFF_YES)
					fail_msg("sniff %zu claims %s", i, rel);
			free(s);
			seen++;
		}
		closedir(d);
	}
	closedir(top);
	assert_true(seen > 10);
}

/* ---- the matched pair: dnf5 and updateinfo.xml agree ------------------------ */

static char *
data_file(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	char *s;
	long n;

	snprintf(path, sizeof path, "tests/data/%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	s[n] = '\0';
	*len = (size_t)n;
	return s;
}

/* The records a reader put, kept whole. */
struct kept {
	struct patch	 v[16];
	size_t		 n;
};

static int
keep_patch(struct patch_sink *s, struct patch *p)
{
	struct kept *k = s->arg;

	assert_true(k->n < 16);
	k->v[k->n++] = *p;
	patch_init(p);		/* now owned here */
	return 0;
}

static void
kept_read(enum import_kind kind, const char *format, const char *file,
    struct kept *k)
{
	const struct import_format *f = import_format_find(kind, format);
	struct pw_diags problems = { 0 }, notes = { 0 };
	struct patch_sink sink = { .put = keep_patch, .arg = k,
	    .notes = &notes };
	struct pw_error fatal = { 0 };
	size_t len;
	char *s = data_file(file, &len);

	memset(k, 0, sizeof *k);
	assert_int_equal(f->read.patches(file, s, len, &sink, &problems, &fatal), 0);
	assert_int_equal(problems.n, 0);
	assert_int_equal(notes.n, 0);
	free(s);
}

static void
kept_free(struct kept *k)
{
	for (size_t i = 0; i < k->n; i++)
		patch_clear(&k->v[i]);
}

/* dnf5's severities are updateinfo's as written; its buildtime is the
 * later of the advisory's issued and updated dates (libsolv), so never
 * before the release and after it when the advisory was revised: it is read
 * as scanned, never as released (docs/formats.md). */
static void
test_dnf5_and_updateinfo_agree_on_severities_and_dates(void **state)
{
	/* Reboots are not the same question: updateinfo says what its
	 * packager suggests (the kernel), dnf5's reader what needs-restarting
	 * would (glibc too). */
	static const struct {
		const char	*id, *released, *scanned;
		int		 reboot_updateinfo, reboot_dnf5;
	} want[] = {
		{ "FEDORA-2024-0a1b2c3d4e", "2024-03-01", "2024-03-01", 0, 0 },
		{ "FEDORA-2024-5f6e7d8c9b", "2024-02-10", "2024-03-05", 1, 1 },
		{ "FEDORA-2024-1122334455", "2024-02-20", "2024-02-20", 0, 1 },
		{ "FEDORA-2024-99aabbccdd", "2024-01-15", "2024-01-16", 0, 0 },
	};
	struct kept adv, pend;
	struct policy pol;

	(void)state;
	policy_init(&pol);
	kept_read(IMPORT_ADVISORIES, "updateinfo", "dnf-pair-updateinfo.xml", &adv);
	kept_read(IMPORT_PATCHES, "dnf5", "dnf-pair-advisory-list.json", &pend);
	assert_int_equal(adv.n, 4);
	assert_int_equal(pend.n, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct patch *a = &adv.v[i], *p = NULL;
		for (size_t j = 0; j < pend.n; j++)
			if (strcmp(pend.v[j].advisory, a->advisory) == 0)
				p = &pend.v[j];
		assert_non_null(p);
		assert_string_equal(a->advisory, want[i].id);
		assert_string_equal(p->source_severity, a->source_severity);
		assert_string_equal(p->scale, a->scale);
		assert_true(policy_severity(&pol, p->scale, p->source_severity) >= 0);
		assert_int_equal(policy_severity(&pol, p->scale, p->source_severity),
		    policy_severity(&pol, a->scale, a->source_severity));
		assert_string_equal(a->released, want[i].released);
		assert_string_equal(p->released, "");
		assert_string_equal(p->scanned, want[i].scanned);
		assert_true(strcmp(p->scanned, a->released) >= 0);
		assert_int_equal(a->reboot, want[i].reboot_updateinfo);
		assert_int_equal(p->reboot, want[i].reboot_dnf5);
	}
	policy_free(&pol);
	kept_free(&adv);
	kept_free(&pend);
}

/* Each row as "ADVISORY SEVERITY RELEASED RELEASED_ASSUMED SEVERITY_ASSUMED". */
static int
list_row(void *arg, const struct patch_row *r)
{
	buf_printf(arg, "%s %s %s %d %d\n", r->advisory,
	    severity_name(r->p.severity), r->p.released, r->p.released_assumed,
	    r->p.severity_assumed);
	return 0;
}

/* The pair imported into a database: the advisories land, and the patches
 * dnf5 listed take their release dates from them (assumed no more) and keep
 * the same severities. */
static void
test_the_pair_imported_gives_patches_updateinfo_dates(void **state)
{
	char dir[64], db[128], inv[128];
	struct store *st;
	struct pw_error e;
	struct import_report r;
	FILE *f;
	struct import_opts o;

	(void)state;
	test_tmpdir(dir, sizeof dir, "pw-dnf");
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(inv, sizeof inv, "%s/hosts.csv", dir);
	f = fopen(inv, "w");
	assert_non_null(f);
	fputs("hostname,environment\nfedora39-ws,dev\n", f);
	fclose(f);
	assert_int_equal(store_open(db, &st, &e), 0);

	memset(&o, 0, sizeof o);
	o.path = inv;
	memset(&r, 0, sizeof r);
	assert_int_equal(import_run(st, IMPORT_INVENTORY, &o, &r, &e), 0);
	import_report_free(&r);

	memset(&o, 0, sizeof o);
	o.path = "tests/data/dnf-pair-updateinfo.xml";
	memset(&r, 0, sizeof r);
	if (import_run(st, IMPORT_ADVISORIES, &o, &r, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(r.records, 4);
	assert_string_equal(r.format, "updateinfo");
	import_report_free(&r);

	memset(&o, 0, sizeof o);
	o.path = "tests/data/dnf-pair-advisory-list.json";
	o.asset = "fedora39-ws";
	memset(&r, 0, sizeof r);
	if (import_run(st, IMPORT_PATCHES, &o, &r, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(r.records, 4);
	assert_string_equal(r.format, "dnf5");
	import_report_free(&r);

	struct buf got = { 0 };
	assert_int_equal(store_patches_each(st, NULL, NULL, NULL, 0, list_row, &got,
	    &e), 0);
	assert_string_equal(buf_str(&got),
	    "FEDORA-2024-0a1b2c3d4e critical 2024-03-01 0 0\n"
	    "FEDORA-2024-1122334455 low 2024-02-20 0 0\n"
	    "FEDORA-2024-5f6e7d8c9b high 2024-02-10 0 0\n"
	    "FEDORA-2024-99aabbccdd medium 2024-01-15 0 0\n");
	buf_free(&got);
	store_close(st);
	assert_int_equal(test_rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dnf4_reads_the_outputs_of_the_feature_file_as_dnf_printed_them),
		cmocka_unit_test(test_yum_list_sec_sample_is_14_advisories_from_26_package_lines),
		cmocka_unit_test(test_dnf5_reads_the_lists_of_the_feature_file_and_refuses_the_rest),
		cmocka_unit_test(test_apt_sample_is_four_packages_at_their_new_versions),
		cmocka_unit_test(test_updateinfo_sample_is_four_advisories_with_their_cves),
		cmocka_unit_test(test_csaf_samples_are_one_advisory_and_one_informational_notice),
		cmocka_unit_test(test_dnf4_one_patch_an_advisory_its_date_scanned_installed_noted),
		cmocka_unit_test(test_dnf4_refuses_cve_lists_other_files_and_advisories_that_differ),
		cmocka_unit_test(test_dnf4_titles_name_eight_packages_then_count_the_rest),
		cmocka_unit_test(test_dnf5_refuses_what_is_not_its_list_and_records_at_their_lines),
		cmocka_unit_test(test_json_that_is_not_strictly_json_is_refused_at_its_line),
		cmocka_unit_test(test_json_records_end_where_they_end_past_escapes_and_brackets),
		cmocka_unit_test(test_apt_reads_upgradable_lines_of_any_apt_list_and_notes_the_rest),
		cmocka_unit_test(test_apt_refuses_an_error_and_a_file_that_is_not_its_list),
		cmocka_unit_test(test_csaf_reads_a_fix_its_restart_and_refuses_what_is_not_csaf),
		cmocka_unit_test(test_updateinfo_refuses_other_xml_and_problems_stay_at_their_update),
		cmocka_unit_test(test_auto_picks_each_sample_and_nothing_else),
		cmocka_unit_test(test_no_sniff_of_ours_claims_another_familys_sample),
		cmocka_unit_test(test_dnf5_and_updateinfo_agree_on_severities_and_dates),
		cmocka_unit_test(test_the_pair_imported_gives_patches_updateinfo_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
