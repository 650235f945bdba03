/* AWS Systems Manager Patch Manager, as the AWS CLI writes it (JSON):
 *   ssm-patches     describe-instance-patches: one instance's patches and
 *                   their states; the file does not say which instance
 *                   (--asset);
 *   ssm-states      describe-instance-patch-states (-for-patch-group): counts
 *                   per instance, no patch named: one record per instance
 *                   that has patches to install or a reboot to take;
 *   ssm-compliance  list-compliance-items: the Patch items, per instance;
 *   ssm-available   describe-available-patches: patch metadata, no host (an
 *                   advisories format: release dates and severities of KBs).
 * Each is the CLI's object ({"Patches": [...]} ...) or its list alone (as
 * --query Patches prints it). docs/formats.md has the field mappings. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "cal_json.h"
#include "cve_set.h"
#include "json_records.h"
#include "patches.h"
#include "sniff.h"

/* ---- what all four share ------------------------------------------------- */

/* Patch Manager's patch states, as describe-instance-patches writes them and
 * as the API reference spells them; which are patches still to install, and
 * why the others are not (the note that counts them). */
static const struct ssm_state {
	const char	*name, *api;
	int		 pending;
	int		 reboot;	/* 1: installed, its reboot not taken */
	const char	*why;
} ssm_states[] = {
	{ "Missing", "MISSING", 1, -1, NULL },
	{ "Failed", "FAILED", 1, -1, NULL },
	{ "InstalledPendingReboot", "INSTALLED_PENDING_REBOOT", 1, 1, NULL },
	{ "Installed", "INSTALLED", 0, 0, "installed" },
	{ "InstalledOther", "INSTALLED_OTHER", 0, 0,
	    "installed, though the baseline does not name them" },
	{ "InstalledRejected", "INSTALLED_REJECTED", 0, 0,
	    "installed though the baseline rejects them: nothing to install" },
	{ "NotApplicable", "NOT_APPLICABLE", 0, 0, "not applicable to the instance" },
	{ "AvailableSecurityUpdate", "AVAILABLE_SECURITY_UPDATE", 0, 0,
	    "security updates the baseline does not approve: Patch Manager would "
	    "not install them" },
};

#define NSTATES	(sizeof ssm_states / sizeof ssm_states[0])

/* The state called s (either spelling, any case), or -1. */
static int
ssm_state(const char *s)
{
	for (size_t i = 0; i < NSTATES; i++)
		if (strcasecmp(s, ssm_states[i].name) == 0 ||
		    strcasecmp(s, ssm_states[i].api) == 0)
			return (int)i;
	return -1;
}

/* One note per state skipped: how many, and why they are not pending. */
static void
note_states(const char *path, struct pw_diags *notes, const size_t *skipped)
{
	for (size_t i = 0; i < NSTATES; i++)
		if (skipped[i] > 0 && notes)
			pw_diags_add(notes, path, 0, "%zu patch%s in state %s skipped: "
			    "%s", skipped[i], skipped[i] == 1 ? "" : "es",
			    ssm_states[i].name, ssm_states[i].why);
}

/* What one reader's records share while it runs. */
struct ssm_run {
	const char	*path;
	struct patch_sink *sink;
	struct pw_diags	*problems;
	struct pw_error	*fatal;
	struct cve_set	 cves;
	size_t		 skipped[NSTATES];
	size_t		 informational, compliant, other_types;
	char		 other_type[64];	/* the first other type seen */
};

/* Set a patch string from a member, "" as none. */
static void
take(char **slot, json_object *o, const char *key)
{
	const char *v = json_doc_str(o, key);

	patch_set(slot, v, v ? strlen(v) : 0);
}

/* CVE ids as a member holds them: a string listing them or a list. */
static void
take_cves(struct ssm_run *r, struct patch *p, json_object *o, const char *key)
{
	json_object *v = json_doc_get(o, key);

	if (v != NULL) {
		if (json_object_is_type(v, json_type_string))
			cve_set_add_list(&r->cves, json_object_get_string(v));
		else if (json_object_is_type(v, json_type_array))
			for (size_t i = 0; i < json_object_array_length(v); i++) {
				json_object *e = json_object_array_get_idx(v, i);
				if (json_object_is_type(e, json_type_string))
					cve_set_add_list(&r->cves,
					    json_object_get_string(e));
			}
	}
	cve_set_take(&r->cves, p);
}

/* Put p (cleared after); -1 when the sink stops. */
static int
put(struct ssm_run *r, struct patch *p)
{
	int rc = r->sink->put(r->sink, p);

	patch_clear(p);
	return rc != 0 ? -1 : 0;
}

/* A record's problem: reported at its line, the record dropped. */
static int
problem(struct ssm_run *r, struct patch *p, long line, const char *what,
    const char *value)
{
	if (value)
		pw_diags_add(r->problems, r->path, line, what, value);
	else
		pw_diags_add(r->problems, r->path, line, "%s", what);
	patch_clear(p);
	return 0;
}

/* Open data as the CLI's object with its list called key, or the list
 * alone; -1 with fatal set when it is neither (named as command). A
 * NextToken says the list is one page (--max-items, or an API call's
 * output): the sink is told, so the import resolves nothing it lacks. */
static int
ssm_open(struct json_records *c, const char *path, const char *data,
    size_t len, const char *key, const char *command, struct patch_sink *sink,
    struct pw_error *fatal)
{
	const char *const named[] = { key, NULL }, *const bare[] = { NULL };
	const char *const *const paths[] = { named, bare, NULL };
	const char *const token[] = { "NextToken", NULL };
	struct json_span t;

	if (json_records_open(c, path, data, len, paths, fatal) != 0)
		return -1;
	if (c->list.s == NULL) {
		pw_error_set(fatal, path, 1, "not %s output: no \"%s\" list", command,
		    key);
		json_records_close(c);
		return -1;
	}
	if (json_doc_is_object(c->doc.root) &&
	    json_doc_find(&c->doc, c->doc.root, token, &t) == 0 &&
	    !(t.n == 2 && memcmp(t.s, "\"\"", 2) == 0) &&
	    !(t.n == 4 && memcmp(t.s, "null", 4) == 0)) {
		sink->partial = 1;
		if (sink->notes)
			pw_diags_add(sink->notes, path, json_doc_line(&c->doc, t.s),
			    "a NextToken: this is one page of %s's output; what it "
			    "does not list is left as it was (give the whole "
			    "output: no --max-items)", command);
	}
	return 0;
}

/* One listing of the AWS CLI read whole: its list opened, each record to
 * each, and once all are read the notes the run counted. */
static int
ssm_read(const char *path, const char *data, size_t len, const char *key,
    const char *command, json_record_fn *each,
    void (*notes)(const struct ssm_run *), struct patch_sink *sink,
    struct pw_diags *problems, struct pw_error *fatal)
{
	struct ssm_run r = { .path = path, .sink = sink, .problems = problems,
	    .fatal = fatal };
	struct json_records c;
	int rc = -1;

	if (ssm_open(&c, path, data, len, key, command, sink, fatal) != 0)
		return -1;
	if (json_records_each(&c, problems, each, &r) == 0) {
		if (notes && sink->notes)
			notes(&r);
		rc = 0;
	}
	cve_set_free(&r.cves);
	json_records_close(&c);
	return rc;
}

/* ---- describe-instance-patches -------------------------------------------- */

static int
one_instance_patch(json_object *o, long line, void *arg)
{
	struct ssm_run *r = arg;
	struct patch p;
	const char *state = json_doc_str(o, "State");
	int s;

	if (state == NULL && json_object_object_get_ex(o, "KbNumber", NULL)) {
		pw_error_set(r->fatal, r->path, line, "this is describe-available-"
		    "patches output (what patches exist, on no instance): import it "
		    "with 'import advisories'");
		return -1;
	}
	patch_init(&p);
	p.line = line;
	if (state == NULL)
		return problem(r, &p, line, "a patch without its State", NULL);
	if ((s = ssm_state(state)) < 0)
		return problem(r, &p, line, "State '%.40s' is none of Patch Manager's "
		    "(Missing, Failed, InstalledPendingReboot, Installed, "
		    "InstalledOther, InstalledRejected, NotApplicable, "
		    "AvailableSecurityUpdate)", state);
	if (!ssm_states[s].pending) {
		r->skipped[s]++;
		return 0;
	}
	take(&p.advisory, o, "KBId");
	if (p.advisory == NULL)
		return problem(r, &p, line, "a patch without its KBId", NULL);
	take(&p.title, o, "Title");
	take(&p.source_severity, o, "Severity");
	p.scale = xstrdup("ssm");
	p.reboot = ssm_states[s].reboot;
	take_cves(r, &p, o, "CVEIds");
	return put(r, &p);
}

static void
patches_notes(const struct ssm_run *r)
{
	note_states(r->path, r->sink->notes, r->skipped);
}

int
patch_read_ssm_patches(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return ssm_read(path, data, len, "Patches", "describe-instance-patches", one_instance_patch,
	    patches_notes, sink, problems, fatal);
}

/* describe-available-patches' {"Patches": [...]} (KbNumber, MsrcSeverity)
 * is ssm-available's, not this: when both claimed it, an advisories import
 * of it that failed said to import it as patches, and import patches
 * without --asset asked for one. Now import patches names import
 * advisories, as for any file of another kind. */
enum sniff
patch_sniff_ssm_patches(const char *data, size_t len)
{
	if (patch_sniff_ssm_available(data, len) == SNIFF_YES)
		return SNIFF_NO;
	return sniff_aws_list(data, len, "\"Patches\"", "\"KBId\"",
	    "\"State\"");
}

/* ---- describe-instance-patch-states ---------------------------------------- */

/* A count member into *n; a problem (and -1) when it is not one. */
static int
count(struct ssm_run *r, json_object *o, const char *key, long line, long long *n)
{
	if (json_doc_count(o, key, n) == 0)
		return 0;
	pw_diags_add(r->problems, r->path, line, "%s is not a count", key);
	return -1;
}

static int
one_instance_state(json_object *o, long line, void *arg)
{
	struct ssm_run *r = arg;
	struct patch p;
	long long missing, failed, reboot, critical;
	const char *when = "OperationEndTime";
	struct buf t = { 0 };

	patch_init(&p);
	p.line = line;
	take(&p.asset, o, "InstanceId");
	if (p.asset == NULL)
		return problem(r, &p, line, "an instance's patch state without its "
		    "InstanceId", NULL);
	if (count(r, o, "MissingCount", line, &missing) != 0 ||
	    count(r, o, "FailedCount", line, &failed) != 0 ||
	    count(r, o, "InstalledPendingRebootCount", line, &reboot) != 0 ||
	    count(r, o, "CriticalNonCompliantCount", line, &critical) != 0) {
		patch_clear(&p);
		return 0;
	}
	/* When this instance's scan ended (its time, not only its date), clean
	 * or not: the file's latest is when the scan was taken. One with no
	 * end is the instance's by its start alone: the file's latest is
	 * another instance's, and dated it after a window its run began
	 * before. */
	json_object *end;
	int64_t ended;
	int said = 0;
	if (json_object_object_get_ex(o, "OperationEndTime", &end) &&
	    cal_json_time(end, &ended) == 0 && ended > 0)
		said = patch_sink_host_scanned(r->sink, p.asset, NULL, ended, line);
	else if (json_object_object_get_ex(o, "OperationStartTime", &end) &&
	    cal_json_time(end, &ended) == 0 && ended > 0 && r->sink->host_scanned)
		said = r->sink->host_scanned(r->sink, p.asset, NULL, ended, line);
	if (said != 0) {
		patch_clear(&p);
		return -1;
	}
	/* Each count alone: a file's counts may be as large as JSON holds,
	 * and their sum overflow (2^63-1 twice and 2 wrapped to a clean 0). */
	if (missing == 0 && failed == 0 && reboot == 0) {	/* rescanned: nothing to do */
		int rc = r->sink->clean ? r->sink->clean(r->sink, p.asset, NULL, line) : 0;
		r->compliant++;
		patch_clear(&p);
		return rc != 0 ? -1 : 0;
	}
	/* The scan's end is the scan's date; its start only when it is all
	 * the file gives. */
	if (!json_object_object_get_ex(o, when, NULL))
		when = "OperationStartTime";
	if (json_doc_date(o, when, p.scanned) < 0) {
		pw_diags_add(r->problems, r->path, line, "%s '%.40s' is not a date",
		    when, json_doc_str(o, when) ? json_doc_str(o, when) : "");
		patch_clear(&p);
		return 0;
	}
	/* No patch is named: one record stands for them all, named after
	 * what is left to do. */
	p.advisory = xstrdup(missing > 0 || failed > 0 ? "ssm:missing" :
	    "ssm:pending-reboot");
	buf_printf(&t, "Patch Manager's summary: %lld missing, %lld failed, %lld "
	    "installed pending reboot (describe-instance-patches names them)",
	    missing, failed, reboot);
	p.title = buf_detach(&t);
	p.scale = xstrdup("ssm");
	if (critical > 0)
		p.source_severity = xstrdup("Critical");
	p.reboot = reboot > 0 ? 1 : -1;
	return put(r, &p);
}

static void
states_notes(const struct ssm_run *r)
{
	if (r->compliant > 0)
		pw_diags_add(r->sink->notes, r->path, 0, "%zu instance%s with "
		    "nothing missing, failed or pending a reboot: no record",
		    r->compliant, r->compliant == 1 ? "" : "s");
}

int
patch_read_ssm_states(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	sink->every_host = 1;
	return ssm_read(path, data, len, "InstancePatchStates", "describe-instance-patch-states", one_instance_state,
	    states_notes, sink, problems, fatal);
}

enum sniff
patch_sniff_ssm_states(const char *data, size_t len)
{
	return sniff_aws_list(data, len, "\"InstancePatchStates\"",
	    "\"InstanceId\"", "\"MissingCount\"");
}

/* ---- list-compliance-items ------------------------------------------------- */

static int
one_compliance_item(json_object *o, long line, void *arg)
{
	struct ssm_run *r = arg;
	struct patch p;
	const char *type = json_doc_str(o, "ComplianceType");
	const char *sev = json_doc_str(o, "Severity"), *state, *status;
	json_object *details = json_doc_get(o, "Details");
	json_object *st = json_doc_get(o, "Status");
	int s = -1;

	/* Not json_doc_str: "" says something here (below). */
	status = json_object_is_type(st, json_type_string) ?
	    json_object_get_string(st) : NULL;
	patch_init(&p);
	p.line = line;
	if (type == NULL)
		return problem(r, &p, line, "a compliance item without its "
		    "ComplianceType", NULL);
	if (strcmp(type, "Patch") != 0) {
		if (r->other_types++ == 0)
			snprintf(r->other_type, sizeof r->other_type, "%s", type);
		return 0;
	}
	if (status == NULL)
		return problem(r, &p, line, "a compliance item without its Status",
		    NULL);
	/* "" is a Windows patch that does not apply. */
	if (strcmp(status, "COMPLIANT") == 0 || status[0] == '\0') {
		r->compliant++;
		return 0;
	}
	if (strcmp(status, "NON_COMPLIANT") != 0)
		return problem(r, &p, line, "Status '%.40s' is neither COMPLIANT nor "
		    "NON_COMPLIANT", status);
	if (sev && strcasecmp(sev, "INFORMATIONAL") == 0) {
		r->informational++;
		return 0;
	}
	if ((state = json_doc_str(details, "PatchState")) != NULL) {
		if ((s = ssm_state(state)) < 0)
			return problem(r, &p, line, "PatchState '%.40s' is none of "
			    "Patch Manager's", state);
		if (!ssm_states[s].pending) {
			r->skipped[s]++;
			return 0;
		}
	}
	take(&p.asset, o, "ResourceId");
	if (p.asset == NULL)
		return problem(r, &p, line, "a compliance item without its "
		    "ResourceId", NULL);
	take(&p.advisory, o, "Id");
	if (p.advisory == NULL)
		return problem(r, &p, line, "a compliance item without its Id",
		    NULL);
	take(&p.title, o, "Title");
	p.scale = xstrdup("ssm");
	if (sev)
		p.source_severity = xstrdup(sev);
	p.reboot = s >= 0 ? ssm_states[s].reboot : -1;
	if (json_doc_date(json_doc_get(o, "ExecutionSummary"), "ExecutionTime",
	    p.scanned) < 0)
		return problem(r, &p, line, "ExecutionSummary.ExecutionTime is not a "
		    "date", NULL);
	take_cves(r, &p, details, "CVEIds");
	return put(r, &p);
}

static void
compliance_notes(const struct ssm_run *r)
{
	struct pw_diags *notes = r->sink->notes;

	if (r->other_types > 0)
		pw_diags_add(notes, r->path, 0, "%zu compliance item%s not of type "
		    "Patch (%s ...) skipped: patchwave reads patches", r->other_types,
		    r->other_types == 1 ? "" : "s", r->other_type);
	if (r->compliant > 0)
		pw_diags_add(notes, r->path, 0, "%zu compliant Patch item%s skipped: "
		    "nothing to install", r->compliant, r->compliant == 1 ? "" : "s");
	if (r->informational > 0)
		pw_diags_add(notes, r->path, 0, "%zu informational item%s skipped "
		    "(Severity INFORMATIONAL: the baseline reports them as no "
		    "finding)", r->informational, r->informational == 1 ? "" : "s");
	note_states(r->path, notes, r->skipped);
}

int
patch_read_ssm_compliance(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return ssm_read(path, data, len, "ComplianceItems", "list-compliance-items", one_compliance_item,
	    compliance_notes, sink, problems, fatal);
}

enum sniff
patch_sniff_ssm_compliance(const char *data, size_t len)
{
	return sniff_aws_list(data, len, "\"ComplianceItems\"",
	    "\"ComplianceType\"", "\"ResourceId\"");
}

/* ---- describe-available-patches (advisories) ------------------------------- */

static int
one_available_patch(json_object *o, long line, void *arg)
{
	struct ssm_run *r = arg;
	struct patch p;
	const char *msrc = json_doc_str(o, "MsrcSeverity");

	if (json_object_object_get_ex(o, "State", NULL) &&
	    json_object_object_get_ex(o, "KBId", NULL)) {
		pw_error_set(r->fatal, r->path, line, "this is describe-instance-"
		    "patches output (one instance's patches): import it with "
		    "'import patches --asset KEY'");
		return -1;
	}
	patch_init(&p);
	p.line = line;
	take(&p.advisory, o, "KbNumber");
	if (p.advisory == NULL)
		take(&p.advisory, o, "Id");
	if (p.advisory == NULL)
		return problem(r, &p, line, "a patch without its KbNumber or Id", NULL);
	take(&p.title, o, "Title");
	/* Windows patches carry Microsoft's rating, Linux ones their
	 * distribution's severity. */
	if (msrc) {
		p.scale = xstrdup("msrc");
		p.source_severity = xstrdup(msrc);
	} else {
		p.scale = xstrdup("ssm");
		take(&p.source_severity, o, "Severity");
	}
	if (json_doc_date(o, "ReleaseDate", p.released) < 0)
		return problem(r, &p, line, "ReleaseDate is not a date", NULL);
	take_cves(r, &p, o, "CVEIds");
	return put(r, &p);
}

int
patch_read_ssm_available(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return ssm_read(path, data, len, "Patches", "describe-available-patches", one_available_patch,
	    NULL, sink, problems, fatal);
}

enum sniff
patch_sniff_ssm_available(const char *data, size_t len)
{
	if (sniff_json(data, len, 0, "\"KbNumber\"") ||
	    sniff_json(data, len, 0, "\"MsrcSeverity\""))
		return SNIFF_YES;
	return SNIFF_NO;
}
