/* Azure Update Manager's assessment of one VM (the Compute API's
 * virtualMachines/assessPatches result, as `az vm assess-patches` prints
 * it), or the API specification's example of it: {"parameters": {...
 * "vmName"}, "responses": {"200": {"body": RESULT}}}. The result names no
 * host; the example's vmName does. docs/formats.md has the mapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "json_records.h"
#include "patches.h"
#include "sniff.h"

struct azure_run {
	const char	*path;
	struct patch_sink *sink;
	struct pw_diags	*problems;
	const char	*vm;		/* the example's vmName, or NULL */
	char		 scanned[11];
	int		 reboot_pending;
	size_t		 not_available;
	char		 state[32];	/* the first assessmentState skipped */
};

/* rebootBehavior: what installing the patch does to the VM. */
static const struct {
	const char	*name;
	int		 reboot;
} behaviours[] = {
	{ "NeverReboots", 0 },
	{ "AlwaysRequiresReboot", 1 },
	{ "CanRequestReboot", 1 },	/* it may: plan one */
};

static int
reboot_of(const char *behaviour)
{
	for (size_t i = 0; behaviour && i < sizeof behaviours / sizeof *behaviours;
	    i++)
		if (strcasecmp(behaviour, behaviours[i].name) == 0)
			return behaviours[i].reboot;
	return -1;
}

/* The classification that says how urgent a patch without an MSRC rating
 * is: "Critical" before "Security" (or "Critical Updates", "Security
 * Updates"), as written; NULL when it has neither. */
static const char *
urgent_class(json_object *o)
{
	static const char *const order[] = { "critical", "security" };
	json_object *cl = json_doc_get(o, "classifications");

	if (!json_object_is_type(cl, json_type_array))
		return NULL;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < json_object_array_length(cl); i++) {
			json_object *e = json_object_array_get_idx(cl, i);
			const char *s = json_object_is_type(e, json_type_string) ?
			    json_object_get_string(e) : "";
			size_t n = strlen(order[k]);
			if (strncasecmp(s, order[k], n) == 0 &&
			    (s[n] == '\0' || s[n] == ' '))
				return s;
		}
	return NULL;
}

static int
one_patch(json_object *o, long line, void *arg)
{
	struct azure_run *r = arg;
	const char *kb = json_doc_str(o, "kbId"), *state, *msrc, *cls;
	struct patch p;
	struct buf b = { 0 };
	int rc;

	state = json_doc_str(o, "assessmentState");
	if (state && strcasecmp(state, "Available") != 0) {
		if (r->not_available++ == 0)
			snprintf(r->state, sizeof r->state, "%s", state);
		return 0;
	}
	patch_init(&p);
	p.line = line;
	if (r->vm)
		p.asset = xstrdup(r->vm);
	/* KBs as Microsoft and AWS write them (KB890830), so advisories and
	 * other sources meet them; a Linux package by its patchId. */
	if (kb) {
		buf_printf(&b, "%s%s", strncasecmp(kb, "KB", 2) == 0 ? "" : "KB", kb);
		p.advisory = buf_detach(&b);
	} else if ((kb = json_doc_str(o, "patchId")) != NULL ||
	    (kb = json_doc_str(o, "name")) != NULL)
		p.advisory = xstrdup(kb);
	else {
		pw_diags_add(r->problems, r->path, line, "a patch without its kbId, "
		    "patchId or name");
		patch_clear(&p);
		return 0;
	}
	if ((kb = json_doc_str(o, "name")) != NULL)
		p.title = xstrdup(kb);
	if ((msrc = json_doc_str(o, "msrcSeverity")) != NULL) {
		p.scale = xstrdup("msrc");
		p.source_severity = xstrdup(msrc);
	} else {
		/* A classification is no severity; Critical and Security mean
		 * something on the "azure" scale, the rest is the policy's
		 * default. */
		p.scale = xstrdup("azure");
		if ((cls = urgent_class(o)) != NULL)
			p.source_severity = xstrdup(cls);
	}
	if (json_doc_date(o, "publishedDate", p.released) < 0) {
		pw_diags_add(r->problems, r->path, line, "publishedDate '%.40s' is not "
		    "a date", json_doc_str(o, "publishedDate") ?
		    json_doc_str(o, "publishedDate") : "");
		patch_clear(&p);
		return 0;
	}
	memcpy(p.scanned, r->scanned, sizeof p.scanned);
	/* A VM that already waits for a reboot takes one with any patch. */
	p.reboot = r->reboot_pending ? 1 : reboot_of(json_doc_str(o,
	    "rebootBehavior"));
	rc = r->sink->put(r->sink, &p);
	patch_clear(&p);
	return rc != 0 ? -1 : 0;
}

/* The line of the result's member key (the envelope has no positions). */
static long
key_line(struct json_records *c, const char *key)
{
	const char *const names[] = { "responses", "200", "body", key, NULL };
	struct json_span v;

	if (json_doc_find(&c->doc, c->doc.root, c->which == 0 ? names :
	    names + 3, &v) != 0)
		return 1;
	return json_doc_line(&c->doc, v.s);
}

int
patch_read_azure(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	static const char *const wrapped[] = { "responses", "200", "body",
	    "availablePatches", NULL };
	static const char *const plain[] = { "availablePatches", NULL };
	static const char *const *const paths[] = { wrapped, plain, NULL };
	static const char *const body_at[] = { "responses", "200", "body", NULL };
	struct azure_run r = { .path = path, .sink = sink, .problems = problems };
	struct json_records c;
	json_object *env = NULL, *body, *v;
	const char *status, *msg;
	int rc = -1;

	if (json_records_open(&c, path, data, len, paths, fatal) != 0)
		goto out;
	if (c.list.s == NULL) {
		pw_error_set(fatal, path, 1, "not an Azure Update Manager assessment "
		    "(assessPatches): no \"availablePatches\" list");
		goto out;
	}
	if ((env = json_records_envelope(&c)) == NULL)
		goto out;
	body = c.which == 0 ? json_doc_at(env, body_at) : env;
	if (c.which == 0)
		r.vm = json_doc_str(json_doc_get(env, "parameters"), "vmName");
	if (r.vm && sink->host == NULL)
		sink->host = xstrdup(r.vm);
	msg = json_doc_str(json_doc_get(body, "error"), "message");
	/* A failed or unfinished assessment lists what it got to: landing it
	 * would mark every patch it missed installed. */
	status = json_doc_str(body, "status");
	if (status && (strcasecmp(status, "Failed") == 0 ||
	    strcasecmp(status, "InProgress") == 0)) {
		pw_error_set(fatal, path, key_line(&c, "status"), "the assessment's "
		    "status is %.20s: its patches are no result%s%.200s", status,
		    msg ? ": " : "", msg ? msg : "");
		goto out;
	}
	if (status && strcasecmp(status, "CompletedWithWarnings") == 0 &&
	    sink->notes)
		pw_diags_add(sink->notes, path, key_line(&c, "status"), "the "
		    "assessment completed with warnings%s%.200s", msg ? ": " : "",
		    msg ? msg : "");
	if (json_doc_date(body, "startDateTime", r.scanned) < 0) {
		pw_error_set(fatal, path, key_line(&c, "startDateTime"),
		    "startDateTime is not a date");
		goto out;
	}
	v = json_doc_get(body, "rebootPending");
	if (json_object_is_type(v, json_type_boolean))
		r.reboot_pending = json_object_get_boolean(v);
	if (json_records_each(&c, problems, one_patch, &r) != 0)
		goto out;
	if (r.not_available > 0 && sink->notes)
		pw_diags_add(sink->notes, path, 0, "%zu patch%s not Available "
		    "(assessmentState %s ...) skipped", r.not_available,
		    r.not_available == 1 ? "" : "es", r.state);
	rc = 0;
out:
	json_object_put(env);
	json_records_close(&c);
	return rc;
}

enum sniff
patch_sniff_azure(const char *data, size_t len)
{
	return sniff_json(data, len, '{', "\"availablePatches\"") ? SNIFF_YES :
	    SNIFF_NO;
}
