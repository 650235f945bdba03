/* Vendor advisories from CSAF 2.0 (OASIS Common Security Advisory
 * Framework) JSON: one document, one advisory, as Red Hat publishes them
 * (security.access.redhat.com/data/csaf/v2/advisories/). What it is:
 * document.tracking.id, its title, initial release date, aggregate severity,
 * the vulnerabilities' CVEs. Whether it is a patch: a vulnerability's
 * remediation of category vendor_fix; a document with none (an end-of-life
 * notice, a csaf_informational_advisory) has nothing to install and is
 * skipped, said in a note. */
#include <stdlib.h>
#include <string.h>

#include "json_doc.h"
#include "patches.h"
#include "pkg_common.h"

/* Whether a remediation's restart_required category (CSAF 2.0 §3.2.3.12.7)
 * restarts the host: the machine, its zone, or the whole system. The rest
 * restart a component, a service or what depends on it. */
static const struct {
	const char	*category;
	int		 reboot;
} restarts[] = {
	{ "none", 0 }, { "vulnerable_component", 0 }, { "service", 0 },
	{ "parent", 0 }, { "child", 0 }, { "dependencies", 0 },
	{ "connected", 0 }, { "machine", 1 }, { "zone", 1 }, { "system", 1 },
};

static int
restart_reboots(const char *category)
{
	for (size_t i = 0; i < sizeof restarts / sizeof restarts[0]; i++)
		if (strcmp(restarts[i].category, category) == 0)
			return restarts[i].reboot;
	return -1;
}

/* The reader's state: the document's "document" built (it is small), the
 * vulnerabilities one at a time (there may be thousands). Not a list of
 * records (json_records.h): the document is one advisory, its product tree
 * is checked and never built, and a large advisory's tree and each of its
 * vulnerabilities list every product several times over, so the 1 MiB
 * bound of records and envelopes is not theirs. */
struct csaf_read {
	struct json_doc	 doc;
	json_object	*document;
	struct cve_set	 cves;
	int		 fix, reboot;	/* a vendor_fix; what its restart says
					   (-1: nothing) */
};

/* A vulnerability: its CVE; whether a remediation is a vendor_fix and what
 * the fixes' restart_required says. */
static int
each_vulnerability(void *arg, struct json_span s, long line)
{
	struct csaf_read *c = arg;
	json_object *v, *rems;
	const char *cve;

	(void)line;
	if (!json_doc_is_object(s))
		return 0;
	if ((v = json_doc_build(&c->doc, s)) == NULL)
		return -1;
	if ((cve = json_doc_str(v, "cve")) != NULL)
		cve_set_add(&c->cves, cve, strlen(cve));
	rems = json_doc_get(v, "remediations");
	if (rems && json_object_is_type(rems, json_type_array))
		for (size_t j = 0; j < json_object_array_length(rems); j++) {
			json_object *r = json_object_array_get_idx(rems, j);
			const char *cat = json_doc_str(r, "category"), *rc;
			if (cat == NULL || strcmp(cat, "vendor_fix") != 0)
				continue;
			c->fix = 1;
			rc = json_doc_str(json_doc_get(r, "restart_required"),
			    "category");
			int b = rc ? restart_reboots(rc) : -1;
			if (b > c->reboot)
				c->reboot = b;
		}
	json_object_put(v);
	return 0;
}

/* The root's members: "document" kept, "vulnerabilities" walked; the
 * product tree and the rest were checked by the scanner and are not
 * built. */
static int
each_member(void *arg, const char *key, size_t n, struct json_span v)
{
	struct csaf_read *c = arg;

	if (n == 8 && memcmp(key, "document", 8) == 0 && json_doc_is_object(v)) {
		json_object_put(c->document);
		return (c->document = json_doc_build(&c->doc, v)) ? 0 : -1;
	}
	if (n == 15 && memcmp(key, "vulnerabilities", 15) == 0)
		return json_doc_each_element(&c->doc, v, each_vulnerability, c);
	return 0;
}

/* Red Hat's severities are the redhat scale; another publisher's have no
 * defaults (scale csaf: the policy's severity_map says what they mean). */
static const char *
scale_of(json_object *doc)
{
	const char *ns = json_doc_str(json_doc_get(doc, "aggregate_severity"),
	    "namespace"), *pub = json_doc_str(json_doc_get(doc, "publisher"),
	    "namespace");

	return (ns && strstr(ns, "redhat.com")) || (pub && strstr(pub,
	    "redhat.com")) ? "redhat" : "csaf";
}

int
advisory_read_csaf(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct csaf_read c = { .reboot = -1 };
	json_object *doc, *tracking;
	const char *id, *version, *date, *sev, *title;
	struct patch p;
	long line;
	int ret = -1;

	patch_init(&p);
	if (json_doc_open(&c.doc, path, data, len, fatal) != 0)
		goto out;
	line = json_doc_record_line(&c.doc, c.doc.root);
	if (json_doc_each_member(&c.doc, c.doc.root, each_member, &c) != 0)
		goto out;
	doc = c.document;
	version = json_doc_str(doc, "csaf_version");
	if (doc == NULL || version == NULL || strncmp(version, "2.", 2) != 0) {
		pw_error_set(fatal, path, line, "not a CSAF 2.0 document: no "
		    "document.csaf_version 2.x");
		goto out;
	}
	tracking = json_doc_get(doc, "tracking");
	if ((id = json_doc_str(tracking, "id")) == NULL) {
		pw_error_set(fatal, path, line, "a CSAF document without "
		    "document.tracking.id: the advisory has no id");
		goto out;
	}
	if (!c.fix) {
		pw_diags_add(sink->notes, path, line, "1 informational advisory "
		    "skipped (%.80s: no vendor_fix remediation, nothing to install)",
		    id);
		ret = 0;
		goto out;
	}
	p.line = line;
	date = json_doc_str(tracking, "initial_release_date");
	if (date && date_parse_iso(date, p.released) != 0) {
		pw_diags_add(problems, path, line, "advisory %.80s: "
		    "initial_release_date '%.40s' is not an ISO date", id, date);
		ret = 0;
		goto out;
	}
	p.advisory = xstrdup(id);
	if ((title = json_doc_str(doc, "title")) != NULL)
		p.title = xstrdup(title);
	sev = json_doc_str(json_doc_get(doc, "aggregate_severity"), "text");
	p.scale = xstrdup(scale_of(doc));
	if (sev)
		p.source_severity = xstrdup(sev);
	cve_set_take(&c.cves, &p);
	p.reboot = c.reboot;
	ret = sink->put(sink, &p) != 0 ? -1 : 0;
out:
	patch_clear(&p);
	cve_set_free(&c.cves);
	json_object_put(c.document);
	json_doc_close(&c.doc);
	return ret;
}

/* A JSON object naming csaf_version. */
enum sniff
advisory_sniff_csaf(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);

	if (p == NULL)
		return SNIFF_MAYBE;
	if (*p != '{')
		return SNIFF_NO;
	return memmem(p, len - (size_t)(p - data), "\"csaf_version\"", 14) ?
	    SNIFF_YES : SNIFF_MAYBE;
}
