/* The cloud patch-state readers in memory, through a recording sink: AWS
 * Patch Manager (ssm-patches, ssm-states, ssm-compliance, and ssm-available
 * advisories), Azure Update Manager (azure-assess), OpenSCAP XCCDF results
 * (xccdf). Each real sample of ../shared/fixtures/real/formats (skipped
 * when absent), hand-made files for every refusal, and the sniffs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <dirent.h>

#include "../import/formats.h"
#include "../import/import.h"
#include "../storage/store.h"
#include "../util/buf.h"
#include "patch_read.h"
#include "testutil.h"

/* ---- the recording sink ---------------------------------------------------- */

/* Each record as one line: "asset advisory scale:severity released scanned
 * reboot kind line [cves] title". */
static int
put_patch(struct patch_sink *s, struct patch *p)
{
	struct buf *b = s->arg;

	buf_printf(b, "%s %s %s:%s %s %s %d %s %ld [%s] %s\n",
	    p->asset ? p->asset : "-", p->advisory, p->scale ? p->scale : "-",
	    p->source_severity ? p->source_severity : "-",
	    p->released[0] ? p->released : "-", p->scanned[0] ? p->scanned : "-",
	    p->reboot, p->kind == PK_FINDING ? "finding" : "patch", p->line,
	    p->cves ? p->cves : "", p->title ? p->title : "-");
	return 0;
}

/* Read text with the format called name of kind; what came out in g (the
 * caller frees it with got_free). */
static void
read_as(enum import_kind kind, const char *name, const char *text, size_t len,
    struct got *g)
{
	assert_int_equal(got_read(g, kind, name, "t", text, len, DATE_ORDER_AUTO,
	    put_patch), 0);
}

static void
read_patches(const char *name, const char *text, struct got *g)
{
	read_as(IMPORT_PATCHES, name, text, strlen(text), g);
}

/* All notes, one a line, for comparing. */
static const char *
notes_of(struct got *g)
{
	static struct buf b;

	buf_reset(&b);
	for (size_t i = 0; i < g->notes.n; i++)
		buf_printf(&b, "%s\n", g->notes.v[i].msg);
	return buf_str(&b);
}

/* ---- the real samples ------------------------------------------------------ */

#define FIXTURE(var, len, rel)						\
	size_t len;							\
	char *var = test_sample(rel, &len);					\
	if (var == NULL) {						\
		print_message("no %s (no ../shared/fixtures beside the "	\
		    "clone): skipped\n", rel);				\
		skip();							\
	}

/* The n-th (from 0) "Output::" block of an aws-cli .rst example as JSON: the
 * indented lines after it, less the docs' "..." elisions and the comma each
 * leaves before a closing bracket (as SOURCES.md says the .json files were
 * extracted). The caller frees it; NULL when there is no such block. */
static char *
rst_output(const char *rst, int n)
{
	const char *p = rst;
	struct buf b = { 0 }, out = { 0 };

	for (int i = 0; i <= n; i++)
		if ((p = strstr(p, "Output::")) == NULL)
			return NULL;
		else
			p += 8;
	p = strchr(p, '\n');
	for (p = p ? p + 1 : ""; *p; ) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		size_t ws = strspn(p, " \t\r"), text = len;
		while (text > ws && p[text - 1] == '\r')
			text--;		/* one example of the file has CRLF */
		if (ws == 0 && text > 0)
			break;		/* the prose after the block */
		if (!(text - ws == 3 && strncmp(p + ws, "...", 3) == 0)) {
			buf_add(&b, p, len);
			buf_addc(&b, '\n');
		}
		p = e ? e + 1 : p + len;
	}
	for (size_t i = 0; i < b.len; i++) {
		if (b.s[i] == ',') {
			size_t j = i + 1;
			while (j < b.len && strchr(" \t\r\n", b.s[j]))
				j++;
			if (j < b.len && (b.s[j] == ']' || b.s[j] == '}'))
				continue;
		}
		buf_addc(&out, b.s[i]);
	}
	buf_free(&b);
	return buf_detach(&out);
}

static void
test_ssm_patches_sample_has_nothing_pending_and_counts_each_state(void **state)
{
	struct got g;

	(void)state;
	FIXTURE(text, len, "aws-ssm-patch-compliance/describe-instance-patches.json");
	read_as(IMPORT_PATCHES, "ssm-patches", text, len, &g);
	assert_int_equal(g.rc, 0);
	assert_null(g.out.s);
	assert_int_equal(g.problems.n, 0);
	/* The sample is one page (a NextToken): said, nothing resolved. */
	assert_string_equal(notes_of(&g),
	    "a NextToken: this is one page of describe-instance-patches's output; what it "
	    "does not list is left as it was (give the whole output: no "
	    "--max-items)\n"
	    "1 patch in state Installed skipped: installed\n"
	    "1 patch in state InstalledOther skipped: installed, though the "
	    "baseline does not name them\n");
	got_free(&g);
	free(text);
}

static void
test_ssm_patches_missing_sample_is_one_patch_for_the_asset_option(void **state)
{
	struct got g;

	(void)state;
	FIXTURE(text, len, "aws-ssm-patch-compliance/describe-instance-patches-2.json");
	read_as(IMPORT_PATCHES, "ssm-patches", text, len, &g);
	assert_int_equal(g.rc, 0);
	/* No host in the file (the landing takes --asset), no release or scan
	 * date; the line is its first key's. */
	assert_string_equal(g.out.s, "- KB890830 ssm:Unspecified - - -1 patch 4 [] "
	    "Windows Malicious Software Removal Tool x64 - February 2019 "
	    "(KB890830)\n");
	assert_int_equal(g.notes.n, 1);		/* its NextToken */
	got_free(&g);
	free(text);
}

/* The third example exists only in the .rst: installed patches. */
static void
test_ssm_patches_rst_examples_read_as_their_json_does(void **state)
{
	struct got g;
	char *json;

	(void)state;
	FIXTURE(rst, len, "aws-ssm-patch-compliance/describe-instance-patches.rst");
	(void)len;
	assert_non_null(json = rst_output(rst, 2));
	read_patches("ssm-patches", json, &g);
	assert_int_equal(g.rc, 0);
	assert_null(g.out.s);
	assert_string_equal(notes_of(&g),
	    "a NextToken: this is one page of describe-instance-patches's output; what it "
	    "does not list is left as it was (give the whole output: no "
	    "--max-items)\n"
	    "1 patch in state Installed skipped: installed\n");
	got_free(&g);
	free(json);
	assert_non_null(json = rst_output(rst, 1));
	read_patches("ssm-patches", json, &g);
	assert_int_equal(g.rc, 0);
	assert_non_null(strstr(g.out.s, "- KB890830 ssm:Unspecified"));
	got_free(&g);
	free(json);
	free(rst);
}

static void
test_ssm_states_samples_give_one_record_per_instance_with_work(void **state)
{
	static const struct {
		const char *file, *want;
		int64_t scanned;	/* the latest OperationEndTime, UTC */
	} cases[] = {
		{ "describe-instance-patch-states.json",
		    "i-1234567890abcdef0 ssm:missing ssm:Critical - 2021-05-03 -1 patch 4 "
		    "[] Patch Manager's summary: 1 missing, 2 failed, 0 installed "
		    "pending reboot (describe-instance-patches names them)\n",
		    1620064869 },	/* 2021-05-03T11:01:09-07:00 */
		{ "describe-instance-patch-states-for-patch-group.json",
		    "i-02573cafcfEXAMPLE ssm:missing ssm:- - 2021-08-04 -1 patch 4 [] "
		    "Patch Manager's summary: 2 missing, 0 failed, 0 installed pending "
		    "reboot (describe-instance-patches names them)\n"
		    "i-0471e04240EXAMPLE ssm:missing ssm:- - 2021-08-04 -1 patch 26 [] "
		    "Patch Manager's summary: 2 missing, 0 failed, 0 installed pending "
		    "reboot (describe-instance-patches names them)\n",
		    1628140031 },	/* the second's, 22:07:11.22-07:00 */
		{ "describe-instance-patch-states-for-patch-group-2.json",
		    "i-02573cafcfEXAMPLE ssm:missing ssm:- - 2021-08-04 1 patch 4 [] "
		    "Patch Manager's summary: 7 missing, 0 failed, 1 installed pending "
		    "reboot (describe-instance-patches names them)\n", 1628100261 },
		/* Its OperationStartTime "2021-08-046T..." is no date; the end
		 * time, the one read, is. */
		{ "describe-instance-patch-states-for-patch-group-3.json",
		    "i-02573cafcfEXAMPLE ssm:missing ssm:- - 2021-08-06 1 patch 4 [] "
		    "Patch Manager's summary: 2 missing, 0 failed, 4 installed pending "
		    "reboot (describe-instance-patches names them)\n", 1628273061 },
	};
	struct got g;
	char rel[200];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(rel, sizeof rel, "aws-ssm-patch-compliance/%s", cases[i].file);
		FIXTURE(text, len, rel);
		read_as(IMPORT_PATCHES, "ssm-states", text, len, &g);
		assert_int_equal(g.rc, 0);
		assert_int_equal(g.problems.n, 0);
		assert_string_equal(g.out.s, cases[i].want);
		assert_int_equal(g.notes.n, 0);
		assert_int_equal(g.scanned, cases[i].scanned);
		/* Each instance's own end: the patch group's two were scanned
		 * eleven hours apart (11:04 and 22:07 -07:00), and verify
		 * judges each by its own. */
		if (i == 1)
			assert_string_equal(g.hosts.s,
			    "i-02573cafcfEXAMPLE - 1628100261 4\n"
			    "i-0471e04240EXAMPLE - 1628140031 26\n");
		got_free(&g);
		free(text);
	}
}

/* list-compliance-items exists only as its .rst: Association items, all
 * compliant. */
static void
test_ssm_compliance_rst_example_has_no_patch_items(void **state)
{
	struct got g;
	char *json;

	(void)state;
	FIXTURE(rst, len, "aws-ssm-patch-compliance/list-compliance-items.rst");
	(void)len;
	assert_non_null(json = rst_output(rst, 0));
	read_patches("ssm-compliance", json, &g);
	assert_int_equal(g.rc, 0);
	assert_null(g.out.s);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(notes_of(&g),
	    "a NextToken: this is one page of list-compliance-items's output; what it "
	    "does not list is left as it was (give the whole output: no "
	    "--max-items)\n"
	    "2 compliance items not of type Patch "
	    "(Association ...) skipped: patchwave reads patches\n");
	assert_ptr_equal(import_format_sniff(IMPORT_PATCHES, "x.json", json,
	    strlen(json)), import_format_find(IMPORT_PATCHES, "ssm-compliance"));
	got_free(&g);
	free(json);
	free(rst);
}

static void
test_ssm_available_samples_are_advisories_with_release_dates(void **state)
{
	struct got g;

	(void)state;
	FIXTURE(text, len, "aws-ssm-patch-compliance/describe-available-patches.json");
	read_as(IMPORT_ADVISORIES, "ssm-available", text, len, &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s,
	    "- KB4470788 msrc:Critical 2018-12-05 - -1 patch 4 [] 2018-11 Update for "
	    "Windows Server 2019 for x64-based Systems (KB4470788)\n"
	    "- KB4487038 msrc:Critical 2019-02-12 - -1 patch 19 [] 2019-02 Security "
	    "Update for Adobe Flash Player for Windows Server 2019 for x64-based "
	    "Systems (KB4487038)\n");
	got_free(&g);
	free(text);
	FIXTURE(text2, len2, "aws-ssm-patch-compliance/describe-available-patches-2.json");
	read_as(IMPORT_ADVISORIES, "ssm-available", text2, len2, &g);
	assert_int_equal(g.rc, 0);
	assert_non_null(strstr(g.out.s, "- KB4480979 msrc:Critical 2019-01-08 - -1 "));
	got_free(&g);
	free(text2);
}

static void
test_azure_example_names_its_vm_and_maps_no_classification(void **state)
{
	struct got g;

	(void)state;
	FIXTURE(text, len, "azure-update-manager/VirtualMachine_AssessPatches.json");
	read_as(IMPORT_PATCHES, "azure-assess", text, len, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	/* rebootPending: every patch takes the reboot the VM waits for;
	 * "Definition Updates" and "Update Rollups" say nothing of urgency. */
	assert_string_equal(g.out.s,
	    "myVMName KB2267602 azure:- 2018-11-07 2020-04-24 1 patch 19 [] "
	    "Definition Update for Windows Defender Antivirus - KB2267602 "
	    "(Definition 1.279.1373.0)\n"
	    "myVMName KB890830 azure:- 2018-11-07 2020-04-24 1 patch 33 [] Windows "
	    "Malicious Software Removal Tool x64 - October 2018 (KB890830)\n");
	assert_int_equal(g.notes.n, 0);
	got_free(&g);
	free(text);
}

static void
test_xccdf_sample_is_one_failed_rhsa_on_its_target(void **state)
{
	struct got g;

	(void)state;
	FIXTURE(text, len, "openscap-oval/xccdf-from-oval-rhsa-one-vuln.xml");
	read_as(IMPORT_PATCHES, "xccdf", text, len, &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	/* Seven rules passed: no record, no note. */
	assert_string_equal(g.out.s, "sample.system RHSA-2006:0117 redhat:Low - "
	    "2019-03-04 -1 patch 160 [CVE-2005-1038] RHSA-2006:0117: vixie-cron "
	    "security update (Low)\n");
	assert_int_equal(g.notes.n, 0);
	got_free(&g);
	free(text);
}

/* Auto-detection picks each sample's format. */
static void
test_auto_picks_each_cloud_sample_format(void **state)
{
	static const struct {
		enum import_kind kind;
		const char *file, *format;
	} cases[] = {
		{ IMPORT_PATCHES, "aws-ssm-patch-compliance/describe-instance-patches.json",
		    "ssm-patches" },
		{ IMPORT_PATCHES, "aws-ssm-patch-compliance/describe-instance-patches-2.json",
		    "ssm-patches" },
		{ IMPORT_PATCHES, "aws-ssm-patch-compliance/describe-instance-patch-states.json",
		    "ssm-states" },
		{ IMPORT_PATCHES, "aws-ssm-patch-compliance/describe-instance-patch-states-for-patch-group.json",
		    "ssm-states" },
		{ IMPORT_PATCHES, "aws-ssm-patch-compliance/describe-instance-patch-states-for-patch-group-2.json",
		    "ssm-states" },
		{ IMPORT_PATCHES, "aws-ssm-patch-compliance/describe-instance-patch-states-for-patch-group-3.json",
		    "ssm-states" },
		{ IMPORT_PATCHES, "azure-update-manager/VirtualMachine_AssessPatches.json",
		    "azure-assess" },
		{ IMPORT_PATCHES, "openscap-oval/xccdf-from-oval-rhsa-one-vuln.xml",
		    "xccdf" },
		{ IMPORT_ADVISORIES, "aws-ssm-patch-compliance/describe-available-patches.json",
		    "ssm-available" },
		{ IMPORT_ADVISORIES, "aws-ssm-patch-compliance/describe-available-patches-2.json",
		    "ssm-available" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		FIXTURE(text, len, cases[i].file);
		const struct import_format *f = import_format_sniff(cases[i].kind,
		    cases[i].file, text, len);
		if (strcmp(f->name, cases[i].format) != 0)
			fail_msg("%s: %s, not %s", cases[i].file, f->name,
			    cases[i].format);
		free(text);
	}
}

/* Over every sample of ../shared/fixtures/real/formats: each of these
 * sniffs claims only the samples listed for it (describe-available-patches
 * as ssm-available alone: import patches then names import advisories). */
static void
test_cloud_sniffs_claim_only_their_samples(void **state)
{
	static const struct {
		const char *name;
		import_sniff *sniff;
	} mine[] = {
		{ "ssm-patches", patch_sniff_ssm_patches },
		{ "ssm-states", patch_sniff_ssm_states },
		{ "ssm-compliance", patch_sniff_ssm_compliance },
		{ "azure-assess", patch_sniff_azure },
		{ "xccdf", patch_sniff_xccdf },
		{ "ssm-available", patch_sniff_ssm_available },
	};
	static const struct {
		const char *prefix, *formats;
	} claims[] = {
		{ "aws-ssm-patch-compliance/describe-instance-patches", " ssm-patches " },
		{ "aws-ssm-patch-compliance/describe-instance-patch-states",
		    " ssm-states " },
		{ "aws-ssm-patch-compliance/describe-available-patches",
		    " ssm-available " },
		{ "azure-update-manager/VirtualMachine_AssessPatches", " azure-assess " },
		{ "openscap-oval/", " xccdf " },
	};
	const char *root = getenv("PW_FIXTURES");
	char top[256];
	size_t seen = 0;
	DIR *d, *sub;
	struct dirent *f, *g;

	(void)state;
	snprintf(top, sizeof top, "%s/formats", root ? root :
	    "../shared/fixtures/real");
	if ((d = opendir(top)) == NULL) {
		print_message("no %s: skipped\n", top);
		skip();
	}
	while ((f = readdir(d)) != NULL) {
		char dir[512];
		if (f->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof dir, "%s/%s", top, f->d_name);
		if ((sub = opendir(dir)) == NULL)
			continue;
		while ((g = readdir(sub)) != NULL) {
			char rel[512], want[16];
			const char *formats = " ";
			size_t len;
			char *text;
			if (g->d_name[0] == '.')
				continue;
			snprintf(rel, sizeof rel, "%s/%s", f->d_name, g->d_name);
			/* the .rst files are prose with JSON inside: no format */
			if (strstr(rel, ".rst") == NULL)
				for (size_t i = 0; i < sizeof claims / sizeof *claims; i++)
					if (strncmp(rel, claims[i].prefix,
					    strlen(claims[i].prefix)) == 0)
						formats = claims[i].formats;
			if ((text = test_sample(rel, &len)) == NULL)
				continue;
			seen++;
			for (size_t k = 0; k < sizeof mine / sizeof *mine; k++) {
				snprintf(want, sizeof want, " %s ", mine[k].name);
				int claimed = mine[k].sniff(text, len) == SNIFF_YES;
				if (claimed != (strstr(formats, want) != NULL))
					fail_msg("%s %s %s", mine[k].name, claimed ?
					    "claims" : "does not claim", rel);
			}
			free(text);
		}
		closedir(sub);
	}
	closedir(d);
	assert_true(seen > 20);
}

/* ---- hand-made files: what is read ------------------------------------------ */

static void
test_ssm_patches_pending_states_cves_and_a_bare_list(void **state)
{
	struct got g;

	(void)state;
	read_patches("ssm-patches", "[\n"
	    " {\"Title\": \"t1\", \"KBId\": \"KB1\", \"Severity\": \"Important\",\n"
	    "  \"State\": \"INSTALLED_PENDING_REBOOT\", \"CVEIds\": \"CVE-2021-1, "
	    "CVE-2021-2,cve-2021-1\"},\n"
	    " {\"KBId\": \"kernel.x86_64\", \"Severity\": \"\", \"State\": \"Failed\"},\n"
	    " {\"KBId\": \"KB3\", \"State\": \"NotApplicable\"},\n"
	    " {\"KBId\": \"KB4\", \"State\": \"AvailableSecurityUpdate\"}\n"
	    "]\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s,
	    "- KB1 ssm:Important - - 1 patch 2 [CVE-2021-1,CVE-2021-2] t1\n"
	    "- kernel.x86_64 ssm:- - - -1 patch 4 [] -\n");
	assert_string_equal(notes_of(&g),
	    "1 patch in state NotApplicable skipped: not applicable to the instance\n"
	    "1 patch in state AvailableSecurityUpdate skipped: security updates the "
	    "baseline does not approve: Patch Manager would not install them\n");
	assert_ptr_equal(import_format_sniff(IMPORT_PATCHES, "p", "[{\"KBId\": 1, "
	    "\"State\": 2}]", 26), import_format_find(IMPORT_PATCHES, "ssm-patches"));
	got_free(&g);
}

static void
test_ssm_states_reboot_only_and_compliant_instances(void **state)
{
	struct got g;

	(void)state;
	read_patches("ssm-states", "{\"InstancePatchStates\": [\n"
	    "{\"InstanceId\": \"i-1\", \"MissingCount\": 0, \"FailedCount\": 0,\n"
	    " \"InstalledPendingRebootCount\": 3, \"OperationEndTime\": 1620064869.0},\n"
	    "{\"InstanceId\": \"i-2\", \"MissingCount\": 0, \"FailedCount\": 0,\n"
	    " \"InstalledPendingRebootCount\": 0, \"OperationEndTime\": 1620068469},\n"
	    "{\"InstanceId\": \"i-3\", \"MissingCount\": 0, \"FailedCount\": 0}\n"
	    "]}\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, "i-1 ssm:pending-reboot ssm:- - 2021-05-03 1 "
	    "patch 2 [] Patch Manager's summary: 0 missing, 0 failed, 3 installed "
	    "pending reboot (describe-instance-patches names them)\n");
	assert_string_equal(notes_of(&g), "2 instances with nothing missing, "
	    "failed or pending a reboot: no record\n");
	/* Rescanned, though: each said scanned clean (verify's evidence). */
	assert_string_equal(g.clean.s, "i-2:4\ni-3:6\n");
	assert_true(g.every_host);	/* one it does not name was not scanned */
	/* The scan was taken when the latest instance's ended, a clean one's
	 * too (epoch seconds, as the API writes them). */
	assert_int_equal(g.scanned, 1620068469);
	got_free(&g);
}

/* An instance whose patching run gave no end (OperationStartTime alone) is
 * the instance's by its start: the file's latest end is another's, and
 * dated it after a window its run began before (verify: patched). */
static void
test_ssm_states_an_instance_with_no_end_is_dated_by_its_start(void **state)
{
	struct got g;

	(void)state;
	read_patches("ssm-states", "{\"InstancePatchStates\": [\n"
	    "{\"InstanceId\": \"i-1\", \"MissingCount\": 0, \"FailedCount\": 0,\n"
	    " \"InstalledPendingRebootCount\": 0, \"OperationStartTime\": 1620000000},\n"
	    "{\"InstanceId\": \"i-2\", \"MissingCount\": 0, \"FailedCount\": 0,\n"
	    " \"InstalledPendingRebootCount\": 0, \"OperationEndTime\": 1620068469}\n"
	    "]}\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.hosts.s, "i-1 - 1620000000 2\ni-2 - 1620068469 4\n");
	assert_int_equal(g.scanned, 1620068469);	/* ends only */
	got_free(&g);
}

static void
test_ssm_compliance_reads_non_compliant_patch_items(void **state)
{
	struct got g;

	(void)state;
	read_patches("ssm-compliance", "{\"ComplianceItems\": [\n"
	    "{\"ComplianceType\": \"Patch\", \"ResourceId\": \"i-1\", \"Id\": \"KB1\",\n"
	    " \"Title\": \"one\", \"Status\": \"NON_COMPLIANT\", \"Severity\": "
	    "\"CRITICAL\",\n"
	    " \"ExecutionSummary\": {\"ExecutionTime\": 1550408470.0},\n"
	    " \"Details\": {\"PatchState\": \"Missing\", \"Classification\": "
	    "\"SecurityUpdates\"}},\n"
	    "{\"ComplianceType\": \"Patch\", \"ResourceId\": \"i-1\", \"Id\": \"KB2\",\n"
	    " \"Status\": \"NON_COMPLIANT\", \"Severity\": \"UNSPECIFIED\",\n"
	    " \"ExecutionSummary\": {\"ExecutionTime\": \"2019-02-17T13:01:10Z\"},\n"
	    " \"Details\": {\"PatchState\": \"InstalledPendingReboot\"}},\n"
	    "{\"ComplianceType\": \"Patch\", \"ResourceId\": \"i-1\", \"Id\": \"KB3\",\n"
	    " \"Status\": \"NON_COMPLIANT\", \"Severity\": \"INFORMATIONAL\"},\n"
	    "{\"ComplianceType\": \"Patch\", \"ResourceId\": \"i-1\", \"Id\": \"KB4\",\n"
	    " \"Status\": \"COMPLIANT\", \"Severity\": \"HIGH\"},\n"
	    "{\"ComplianceType\": \"Patch\", \"ResourceId\": \"i-1\", \"Id\": \"KB5\",\n"
	    " \"Status\": \"NON_COMPLIANT\", \"Severity\": \"HIGH\",\n"
	    " \"Details\": {\"PatchState\": \"InstalledRejected\"}},\n"
	    "{\"ComplianceType\": \"Custom:Antivirus\", \"ResourceId\": \"i-1\"}\n"
	    "]}\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(g.out.s,
	    "i-1 KB1 ssm:CRITICAL - 2019-02-17 -1 patch 2 [] one\n"
	    "i-1 KB2 ssm:UNSPECIFIED - 2019-02-17 1 patch 6 [] -\n");
	assert_string_equal(notes_of(&g),
	    "1 compliance item not of type Patch (Custom:Antivirus ...) skipped: "
	    "patchwave reads patches\n"
	    "1 compliant Patch item skipped: nothing to install\n"
	    "1 informational item skipped (Severity INFORMATIONAL: the baseline "
	    "reports them as no finding)\n"
	    "1 patch in state InstalledRejected skipped: installed though the "
	    "baseline rejects them: nothing to install\n");
	got_free(&g);
}

/* tests/data/ssm-compliance-items.json, the fuzz target's seed (the real
 * example has no Patch item), reads as the CLI's shape should. */
static void
test_ssm_compliance_seed_file_reads(void **state)
{
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	struct got g;
	FILE *f = fopen("tests/data/ssm-compliance-items.json", "rb");

	(void)state;
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	read_patches("ssm-compliance", b.s, &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s,
	    "i-1234567890abcdef0 KB4480979 ssm:CRITICAL - 2019-02-17 -1 patch 4 [] "
	    "2019-01 Security Update for Adobe Flash Player for Windows Server 2016 "
	    "for x64-based Systems (KB4480979)\n"
	    "i-1234567890abcdef0 KB890830 ssm:UNSPECIFIED - 2019-02-17 1 patch 22 "
	    "[CVE-2019-0001] Windows Malicious Software Removal Tool x64 - February "
	    "2019 (KB890830)\n");
	assert_string_equal(notes_of(&g),
	    "1 compliance item not of type Patch (Association ...) skipped: "
	    "patchwave reads patches\n"
	    "1 compliant Patch item skipped: nothing to install\n");
	got_free(&g);
	buf_free(&b);
}

static void
test_azure_plain_result_maps_msrc_then_classification(void **state)
{
	struct got g;

	(void)state;
	read_patches("azure-assess", "{\"status\": \"Succeeded\",\n"
	    " \"rebootPending\": false, \"startDateTime\": \"2024-03-01T02:00:00Z\",\n"
	    " \"availablePatches\": [\n"
	    "  {\"kbId\": \"5034127\", \"name\": \"2024-01 Cumulative Update\",\n"
	    "   \"msrcSeverity\": \"Important\", \"classifications\": [\"Security\"],\n"
	    "   \"rebootBehavior\": \"AlwaysRequiresReboot\", \"publishedDate\": "
	    "\"2024-01-09T00:00:00Z\"},\n"
	    "  {\"patchId\": \"openssl_3.0.2-0ubuntu1.14\", \"name\": \"openssl\",\n"
	    "   \"classifications\": [\"Other\", \"Security\"], \"rebootBehavior\": "
	    "\"NeverReboots\"},\n"
	    "  {\"kbId\": \"KB890830\", \"classifications\": [\"Critical Updates\"],\n"
	    "   \"rebootBehavior\": \"CanRequestReboot\"},\n"
	    "  {\"kbId\": \"1\", \"assessmentState\": \"Unknown\"}\n"
	    " ]}\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(g.out.s,
	    "- KB5034127 msrc:Important 2024-01-09 2024-03-01 1 patch 4 [] 2024-01 "
	    "Cumulative Update\n"
	    "- openssl_3.0.2-0ubuntu1.14 azure:Security - 2024-03-01 0 patch 7 [] "
	    "openssl\n"
	    "- KB890830 azure:Critical Updates - 2024-03-01 1 patch 9 [] -\n");
	assert_string_equal(notes_of(&g), "1 patch not Available (assessmentState "
	    "Unknown ...) skipped\n");
	got_free(&g);
}

static void
test_xccdf_configuration_rules_are_findings_and_unknown_severity_none(void **state)
{
	struct got g;

	(void)state;
	read_patches("xccdf", "<?xml version=\"1.0\"?>\n"
	    "<xccdf:Benchmark xmlns:xccdf=\"http://checklists.nist.gov/xccdf/1.2\">\n"
	    " <xccdf:Group id=\"g\">\n"
	    "  <xccdf:Rule id=\"sshd_root\" severity=\"high\">\n"
	    "   <xccdf:title xml:lang=\"en\">\n    Disable SSH root login\n   "
	    "</xccdf:title>\n"
	    "   <xccdf:title xml:lang=\"de\">SSH-Anmeldung als root "
	    "verbieten</xccdf:title>\n"
	    "  </xccdf:Rule>\n"
	    "  <xccdf:Rule id=\"tmp\" severity=\"unknown\"/>\n"
	    " </xccdf:Group>\n"
	    " <xccdf:TestResult id=\"r\" start-time=\"2024-05-06T07:08:09+02:00\">\n"
	    "  <xccdf:target>\n   web01.example.com\n  </xccdf:target>\n"
	    "  <xccdf:rule-result idref=\"sshd_root\">\n"
	    "   <xccdf:result> fail </xccdf:result>\n"
	    "  </xccdf:rule-result>\n"
	    "  <xccdf:rule-result idref=\"tmp\"><xccdf:result>fail</xccdf:result>"
	    "</xccdf:rule-result>\n"
	    "  <xccdf:rule-result idref=\"x\"><xccdf:result>informational"
	    "</xccdf:result></xccdf:rule-result>\n"
	    "  <xccdf:rule-result idref=\"y\" severity=\"info\"><xccdf:result>fail"
	    "</xccdf:result></xccdf:rule-result>\n"
	    "  <xccdf:rule-result idref=\"z\"><xccdf:result>error</xccdf:result>"
	    "</xccdf:rule-result>\n"
	    " </xccdf:TestResult>\n"
	    "</xccdf:Benchmark>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_int_equal(g.problems.n, 0);
	assert_string_equal(g.out.s,
	    "web01.example.com sshd_root xccdf:high - 2024-05-06 -1 finding 16 [] "
	    "Disable SSH root login\n"
	    "web01.example.com tmp xccdf:- - 2024-05-06 -1 finding 19 [] -\n");
	assert_string_equal(notes_of(&g),
	    "2 informational items skipped (result informational, or severity info)\n"
	    "1 rule not evaluated (result error, unknown or notchecked): no record, "
	    "the scan could not tell\n");
	got_free(&g);
}

/* A TestResult alone (no Benchmark, so no titles): Red Hat's OVAL id names
 * the advisory; no target: the landing's --asset. */
static void
test_xccdf_bare_test_result_takes_the_advisory_from_the_oval_id(void **state)
{
	struct got g;

	(void)state;
	read_patches("xccdf", "<TestResult xmlns=\"http://checklists.nist.gov/xccdf/"
	    "1.1\" id=\"r\">\n"
	    "<rule-result idref=\"oval-com.redhat.rhsa-def-20231234\" "
	    "severity=\"medium\">\n"
	    " <result>fail</result>\n"
	    " <ident system=\"http://cve.mitre.org\">CVE-2023-1</ident>\n"
	    " <ident system=\"http://cve.mitre.org\">CVE-2023-2</ident>\n"
	    " <check system=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\">\n"
	    "  <check-content-ref name=\"oval:com.redhat.rhsa:def:20231234\"/>\n"
	    " </check>\n"
	    "</rule-result>\n"
	    "</TestResult>\n", &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, "- RHSA-2023:1234 xccdf:medium - - -1 patch 2 "
	    "[CVE-2023-1,CVE-2023-2] -\n");
	got_free(&g);
}

/* ---- hand-made files: what is refused ------------------------------------- */

/* A record's problem is at its line and costs only that record. */
static void
test_record_problems_are_at_their_lines(void **state)
{
	static const struct {
		const char *format, *text, *msg;
		long line;
	} cases[] = {
		{ "ssm-patches", "{\"Patches\": [\n{\"KBId\": \"KB1\", \"State\": "
		    "\"Missing\"},\n{\"KBId\": \"KB2\",\n \"State\": \"Pending\"}]}",
		    "State 'Pending' is none of Patch Manager's", 3 },
		{ "ssm-patches", "{\"Patches\": [{\"KBId\": \"KB1\", \"State\": "
		    "\"Missing\"},\n\n{\"Title\": \"t\", \"State\": \"Missing\"}]}",
		    "a patch without its KBId", 3 },
		{ "ssm-patches", "{\"Patches\": [{\"KBId\": \"KB1\", \"State\": "
		    "\"Missing\"},\n 7]}", "a record that is not an object", 2 },
		{ "ssm-states", "{\"InstancePatchStates\": [{\"InstanceId\": \"i-0\", "
		    "\"MissingCount\": 1},\n{\"InstanceId\": \"i-1\", \"MissingCount\": 1,"
		    " \"OperationEndTime\": \"2021-08-046T11:03:50\"}]}",
		    "OperationEndTime '2021-08-046T11:03:50' is not a date", 2 },
		{ "ssm-states", "{\"InstancePatchStates\": [{\"InstanceId\": \"i-0\", "
		    "\"MissingCount\": 1},\n{\"InstanceId\": \"i-1\", \"MissingCount\": "
		    "\"2\"}]}", "MissingCount is not a count", 2 },
		{ "ssm-states", "{\"InstancePatchStates\": [{\"InstanceId\": \"i-0\", "
		    "\"MissingCount\": 1},\n{\"MissingCount\": 1}]}",
		    "without its InstanceId", 2 },
		{ "ssm-compliance", "{\"ComplianceItems\": [{\"ComplianceType\": "
		    "\"Patch\", \"ResourceId\": \"i-1\", \"Id\": \"KB1\", \"Status\": "
		    "\"NON_COMPLIANT\"},\n{\"ComplianceType\": \"Patch\", \"ResourceId\": "
		    "\"i-1\", \"Id\": \"KB2\", \"Status\": \"NON_COMPLIANT\",\n"
		    "\"ExecutionSummary\": {\"ExecutionTime\": \"yesterday\"}}]}",
		    "ExecutionSummary.ExecutionTime is not a date", 2 },
		{ "ssm-compliance", "{\"ComplianceItems\": [{\"ComplianceType\": "
		    "\"Patch\", \"ResourceId\": \"i-1\", \"Id\": \"KB1\", \"Status\": "
		    "\"NON_COMPLIANT\"},\n{\"ComplianceType\": \"Patch\", \"Id\": \"KB2\","
		    " \"Status\": \"NON_COMPLIANT\"}]}", "without its ResourceId", 2 },
		{ "azure-assess", "{\"availablePatches\": [{\"kbId\": \"1\"},\n"
		    "{\"kbId\": \"2\", \"publishedDate\": \"07/11/2018\"}]}",
		    "publishedDate '07/11/2018' is not a date", 2 },
		{ "xccdf", "<TestResult xmlns=\"http://checklists.nist.gov/xccdf/1.2\">"
		    "\n<rule-result idref=\"a\"><result>fail</result></rule-result>\n"
		    "<rule-result idref=\"b\"><result>broken</result></rule-result>\n"
		    "</TestResult>", "result 'broken' is none of XCCDF's", 3 },
	};
	struct got g;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		read_patches(cases[i].format, cases[i].text, &g);
		if (g.rc != 0 || g.problems.n != 1 || g.out.s == NULL ||
		    strstr(g.problems.v[0].msg, cases[i].msg) == NULL ||
		    g.problems.v[0].line != cases[i].line)
			fail_msg("case %zu (%s): rc %d, %zu problems, first %ld: %s", i,
			    cases[i].format, g.rc, g.problems.n, g.problems.n ?
			    g.problems.v[0].line : 0, g.problems.n ?
			    g.problems.v[0].msg : (g.fatal.msg[0] ? g.fatal.msg : "-"));
		got_free(&g);
	}
}

/* A problem with the file refuses it whole, at its line. */
static void
test_file_problems_refuse_the_file_at_their_line(void **state)
{
	static const struct {
		enum import_kind kind;
		const char *format, *text, *msg;
		long line;
	} cases[] = {
		{ IMPORT_PATCHES, "ssm-patches", "{\"NextToken\": \"x\"}",
		    "not describe-instance-patches output: no \"Patches\" list", 1 },
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\": [\n{\"KbNumber\": "
		    "\"KB1\", \"ReleaseDate\": 1544047205.0}]}",
		    "describe-available-patches output (what patches exist, on no "
		    "instance): import it with 'import advisories'", 2 },
		{ IMPORT_ADVISORIES, "ssm-available", "{\"Patches\": [\n{\"KBId\": "
		    "\"KB1\", \"State\": \"Missing\"}]}",
		    "describe-instance-patches output (one instance's patches): import "
		    "it with 'import patches --asset KEY'", 2 },
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\": [\n{\"KBId\": \"KB1\","
		    "\n \"State\": \"Missing\",}]}", "JSON: expected a key in quotes", 3 },
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\": [\n{\"KBId\": \"KB\\u"
		    "0000\"}]}", "a NUL character (\\u0000) inside a string", 2 },
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\": [],\n\"Patches\": []}",
		    "a second list of records (the first at line 1)", 2 },
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\":\n {}}",
		    "\"Patches\" is not a list of records", 2 },
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\": []}\n{}",
		    "text after the end of the document", 2 },
		/* found by fuzzing: the records found before the error leaked */
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\": [{}, {}],\n}",
		    "expected a key in quotes", 2 },
		{ IMPORT_PATCHES, "ssm-patches", "[{}, {}]\n]", "text after the end "
		    "of the document", 2 },
		{ IMPORT_PATCHES, "ssm-patches", "{\"Patches\": [\"caf\xc3\"]}",
		    "not UTF-8", 1 },
		{ IMPORT_PATCHES, "ssm-patches", "", "an empty file", 1 },
		{ IMPORT_PATCHES, "ssm-states", "{\"Patches\": []}",
		    "not describe-instance-patch-states output", 1 },
		{ IMPORT_PATCHES, "ssm-compliance", "{\"Items\": []}\n",
		    "not list-compliance-items output", 1 },
		{ IMPORT_PATCHES, "azure-assess", "{\"status\": \"Failed\",\n"
		    "\"error\": {\"message\": \"VM agent not ready\"},\n"
		    "\"availablePatches\": []}", "the assessment's status is Failed: "
		    "its patches are no result: VM agent not ready", 1 },
		{ IMPORT_PATCHES, "azure-assess", "{\"startDateTime\": \"soon\",\n"
		    "\"availablePatches\": []}", "startDateTime is not a date", 1 },
		{ IMPORT_PATCHES, "azure-assess", "{\"value\": []}",
		    "no \"availablePatches\" list", 1 },
		{ IMPORT_PATCHES, "xccdf", "<Benchmark xmlns=\"http://checklists.nist."
		    "gov/xccdf/1.2\">\n<Rule id=\"a\"/>\n</Benchmark>",
		    "no TestResult: not the results of a scan", 1 },
		/* at the line its start tag opens on (xml_line) */
		{ IMPORT_PATCHES, "xccdf", "<TestResult xmlns=\"http://checklists.nist."
		    "gov/xccdf/1.2\"\n start-time=\"04/03/2019\">\n</TestResult>",
		    "TestResult start-time '04/03/2019' is not a date", 1 },
		/* at the line the parser found it on, not its element's */
		{ IMPORT_PATCHES, "xccdf", "<TestResult>\n<rule-result>\n</TestResult>",
		    "not well-formed XML", 3 },
	};
	struct got g;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		read_as(cases[i].kind, cases[i].format, cases[i].text,
		    strlen(cases[i].text), &g);
		if (g.rc != -1 || strstr(g.fatal.msg, cases[i].msg) == NULL ||
		    g.fatal.line != cases[i].line || g.out.s != NULL)
			fail_msg("case %zu (%s): rc %d, line %ld: %s", i,
			    cases[i].format, g.rc, g.fatal.line, g.fatal.msg);
		got_free(&g);
	}
}

/* Deeper than 64 levels (every JSON reader's bound) is refused before
 * json-c sees it. */
static void
test_json_nested_past_the_bound_is_refused(void **state)
{
	struct buf b = { 0 };
	struct got g;

	(void)state;
	buf_adds(&b, "{\"Patches\": [");
	for (int i = 0; i < 70; i++)
		buf_addc(&b, '[');
	for (int i = 0; i < 70; i++)
		buf_addc(&b, ']');
	buf_adds(&b, "]}");
	read_patches("ssm-patches", b.s, &g);
	assert_int_equal(g.rc, -1);
	assert_non_null(strstr(g.fatal.msg, "nested deeper than 64 levels"));
	got_free(&g);
	buf_free(&b);
}

/* A record past 1 MiB is refused at its line unparsed (json-c would hold
 * it several times over); more than 1 MiB outside the records, the file. */
static void
test_json_parts_past_one_mib_are_refused(void **state)
{
	struct buf b = { 0 };
	struct got g;

	(void)state;
	buf_adds(&b, "{\"Patches\": [{\"KBId\": \"KB1\", \"State\": \"Missing\"},\n"
	    "{\"KBId\": \"KB2\", \"State\": \"Missing\", \"Title\": \"");
	for (int i = 0; i < (1 << 20); i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}]}");
	read_patches("ssm-patches", b.s, &g);
	assert_int_equal(g.rc, 0);
	assert_string_equal(g.out.s, "- KB1 ssm:- - - -1 patch 1 [] -\n");
	assert_int_equal(g.problems.n, 1);
	assert_int_equal(g.problems.v[0].line, 2);
	assert_string_equal(g.problems.v[0].msg, "a record of more than 1048576 "
	    "bytes (1 MiB)");
	got_free(&g);
	buf_reset(&b);
	buf_adds(&b, "{\"Patches\": [], \"NextToken\": \"");
	for (int i = 0; i < (1 << 20); i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}");
	read_patches("ssm-patches", b.s, &g);
	assert_int_equal(g.rc, -1);
	assert_string_equal(g.fatal.msg, "JSON: more than 1048576 bytes (1 MiB) "
	    "outside the list of records");
	got_free(&g);
	buf_free(&b);
}

/* A record listing a CVE many times costs their number, not its square:
 * 60,000 ids (under 1 MiB) kept once each. patch_add_cve, which scans the
 * list it builds, takes 25 s over them (optimised; milliseconds here); the
 * alarm is a generous guard. */
static void
test_many_cves_in_one_record_stay_linear(void **state)
{
	struct buf b = { 0 };
	struct got g;

	(void)state;
	buf_adds(&b, "[{\"KBId\": \"KB1\", \"State\": \"Missing\", \"CVEIds\": \"");
	for (int i = 0; i < 60000; i++)
		buf_printf(&b, "CVE-2024-%d,", i % 20000);
	buf_adds(&b, "\"}]");
	alarm(30);
	read_patches("ssm-patches", b.s, &g);
	alarm(0);
	assert_int_equal(g.rc, 0);
	assert_non_null(strstr(g.out.s, ",CVE-2024-19999] -\n"));
	assert_null(strstr(g.out.s, "CVE-2024-0,CVE-2024-1,CVE-2024-0"));
	got_free(&g);
	buf_free(&b);
}

/* ---- through the store: import advisories lands ------------------------------ */

/* A new database in a new folder dir (64 bytes), and text written there as
 * name, its path in path (128 bytes); closed_with() undoes both. */
static struct store *
store_with_file(char *dir, const char *name, const char *text, char *path)
{
	char db[128];
	struct store *st;
	struct pw_error e;
	FILE *f;

	test_tmpdir(dir, 64, "pw-cloud");
	snprintf(path, 128, "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	snprintf(db, sizeof db, "%s/t.db", dir);
	assert_int_equal(store_open(db, &st, &e), 0);
	return st;
}

static void
closed_with(struct store *st, const char *dir)
{
	store_close(st);
	assert_int_equal(test_rmdir(dir), 0);
}

/* The advisories kind has no finish step: the skeleton once called it
 * anyway, a NULL function, on every advisories import. */
static void
test_import_advisories_lands_ssm_available(void **state)
{
	static const char text[] = "{\"Patches\": [{\"KbNumber\": \"KB1\", "
	    "\"ReleaseDate\": 1544047205.0, \"MsrcSeverity\": \"Important\"}]}\n";
	char dir[64], path[128];
	struct store *st = store_with_file(dir, "a.json", text, path);
	struct pw_error e;
	struct import_report r;
	struct import_opts o = { .path = path };

	(void)state;
	assert_int_equal(import_advisories(st, &o, &r, &e), 0);
	assert_int_equal(r.records, 1);
	assert_string_equal(r.format, "ssm-available");
	import_report_free(&r);
	closed_with(st, dir);
}

/* Each of SSM's two {"Patches": ...} outputs given to the other import.
 * describe-available-patches to import patches asked for --asset, not for
 * import advisories, and to import advisories with a bad record, its note
 * said to import it as patches (ssm-patches claimed every {"Patches"}).
 * describe-instance-patches to import advisories was read as CSAF (its guess
 * for any JSON object) and refused as no CSAF document, the import that
 * reads it only in a warning. Now each is refused at line 1, naming it. */
static void
test_ssm_outputs_given_to_the_other_import_name_it(void **state)
{
	static const char available[] = "{\"Patches\": [\n{\"KbNumber\": "
	    "\"KB1\", \"ReleaseDate\": \"soon\", \"MsrcSeverity\": \"Important\"}]}\n",
	    instance[] = "{\"Patches\": [\n{\"KBId\": \"KB1\", \"State\": "
	    "\"Missing\"}]}\n";
	char dir[64], path[128];
	struct store *st = store_with_file(dir, "available.json", available, path);
	struct pw_error e;
	struct import_report r;
	struct import_opts o = { .path = path };
	FILE *f;

	(void)state;
	assert_int_equal(import_patches(st, &o, &r, &e), -1);
	assert_non_null(strstr(e.msg, "no patches format reads this file: it is "
	    "ssm-available, which import advisories reads"));
	assert_int_equal(e.line, 1);
	import_report_free(&r);
	assert_int_equal(import_advisories(st, &o, &r, &e), -1);
	assert_string_equal(r.format, "ssm-available");
	assert_int_equal(r.problems.n, 1);
	assert_int_equal(r.problems.v[0].line, 2);
	for (size_t i = 0; i < r.notes.n; i++)
		assert_null(strstr(r.notes.v[i].msg, "ssm-patches"));
	import_report_free(&r);

	assert_non_null(f = fopen(path, "w"));
	fputs(instance, f);
	fclose(f);
	assert_int_equal(import_advisories(st, &o, &r, &e), -1);
	assert_int_equal(e.line, 1);
	assert_non_null(strstr(e.msg, "no advisories format reads this file: it "
	    "is ssm-patches, which import patches reads"));
	import_report_free(&r);
	/* named, the format reads it, and refuses it at its record */
	o.format = "ssm-available";
	assert_int_equal(import_advisories(st, &o, &r, &e), -1);
	assert_int_equal(e.line, 2);
	assert_non_null(strstr(e.msg, "describe-instance-patches output"));
	import_report_free(&r);
	closed_with(st, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssm_patches_sample_has_nothing_pending_and_counts_each_state),
		cmocka_unit_test(test_ssm_patches_missing_sample_is_one_patch_for_the_asset_option),
		cmocka_unit_test(test_ssm_patches_rst_examples_read_as_their_json_does),
		cmocka_unit_test(test_ssm_states_samples_give_one_record_per_instance_with_work),
		cmocka_unit_test(test_ssm_compliance_rst_example_has_no_patch_items),
		cmocka_unit_test(test_ssm_available_samples_are_advisories_with_release_dates),
		cmocka_unit_test(test_azure_example_names_its_vm_and_maps_no_classification),
		cmocka_unit_test(test_xccdf_sample_is_one_failed_rhsa_on_its_target),
		cmocka_unit_test(test_auto_picks_each_cloud_sample_format),
		cmocka_unit_test(test_cloud_sniffs_claim_only_their_samples),
		cmocka_unit_test(test_ssm_patches_pending_states_cves_and_a_bare_list),
		cmocka_unit_test(test_ssm_states_reboot_only_and_compliant_instances),
		cmocka_unit_test(
		    test_ssm_states_an_instance_with_no_end_is_dated_by_its_start),
		cmocka_unit_test(test_ssm_compliance_reads_non_compliant_patch_items),
		cmocka_unit_test(test_ssm_compliance_seed_file_reads),
		cmocka_unit_test(test_azure_plain_result_maps_msrc_then_classification),
		cmocka_unit_test(test_xccdf_configuration_rules_are_findings_and_unknown_severity_none),
		cmocka_unit_test(test_xccdf_bare_test_result_takes_the_advisory_from_the_oval_id),
		cmocka_unit_test(test_record_problems_are_at_their_lines),
		cmocka_unit_test(test_file_problems_refuse_the_file_at_their_line),
		cmocka_unit_test(test_json_nested_past_the_bound_is_refused),
		cmocka_unit_test(test_json_parts_past_one_mib_are_refused),
		cmocka_unit_test(test_many_cves_in_one_record_stay_linear),
		cmocka_unit_test(test_import_advisories_lands_ssm_available),
		cmocka_unit_test(test_ssm_outputs_given_to_the_other_import_name_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
