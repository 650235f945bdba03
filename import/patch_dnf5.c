/* Pending advisories from dnf5's `dnf5 advisory list --json` (also
 * `updateinfo list --json`): an array with one object per advisory and
 * package,
 *
 *   {"name": "FEDORA-2019-57b5902ed1", "type": "security",
 *    "severity": "Critical", "nevra": "labirinto-1.56.2-6.fc30.x86_64",
 *    "buildtime": 1568511269}
 *
 * The file is one host's: --asset names it. The objects of one advisory
 * become one patch (pkg_common.h). --with-cve and --with-bz print other
 * objects ("advisory_name" ..., with the references): only the advisories
 * that have such references, so a file of them is refused rather than read
 * as all that is pending. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_records.h"
#include "patches.h"
#include "pkg_common.h"

/* An advisory id is short: a longer string is not one. */
#define ID_MAX	200

/* The reader's state across the array's objects. */
struct dnf5_read {
	struct pw_error	*fatal;
	struct rpm_advs	 advs;
};

/* One object of the array, at line: its advisory taken, a problem, or
 * (another command's output) the whole file refused. buildtime is epoch
 * seconds, or "YYYY-MM-DD HH:MM:SS" (UTC, libdnf5's format_epoch) from
 * dnf5 5.2 on. */
static int
take_object(json_object *o, long line, void *arg)
{
	struct dnf5_read *r = arg;
	struct rpm_advs *L = &r->advs;
	const char *id = json_doc_str(o, "name"), *type = json_doc_str(o, "type"),
	    *nevra = json_doc_str(o, "nevra"), *sev = json_doc_str(o, "severity");
	char day[11], what[120];
	size_t name_n;
	int bt;

	if (json_doc_get(o, "advisory_name")) {
		pw_error_set(r->fatal, L->path, line, "this is what --with-cve "
		    "or --with-bz prints: only the advisories with such references, "
		    "without severities; give the plain `dnf5 advisory list --json`");
		return -1;
	}
	if (json_doc_get(o, "Name") && !json_doc_get(o, "name")) {
		pw_error_set(r->fatal, L->path, line, "this is what `dnf5 "
		    "advisory info --json` prints: give `dnf5 advisory list --json`");
		return -1;
	}
	if (id == NULL || strlen(id) > ID_MAX) {
		pw_diags_add(L->problems, L->path, line, "no advisory name (\"name\" "
		    "of at most %d bytes)", ID_MAX);
		return 0;
	}
	if (nevra == NULL || (name_n = rpm_nevra_name(nevra, strlen(nevra), NULL,
	    NULL)) == 0) {
		pw_diags_add(L->problems, L->path, line, "advisory %s: no package "
		    "(\"nevra\": name-version-release.arch)", id);
		return 0;
	}
	if ((bt = json_doc_date(o, "buildtime", day)) < 0) {
		pw_diags_add(L->problems, L->path, line, "advisory %s: buildtime "
		    "'%.40s' is not a date", id, json_object_get_string(
		    json_doc_get(o, "buildtime")));
		return 0;
	}
	snprintf(what, sizeof what, "%.50s %.50s", type ? type : "?",
	    sev ? sev : "(no severity)");
	rpm_advs_add(L, id, what, strlen(what), sev, sev ? strlen(sev) : 0, nevra,
	    name_n, bt == 0 ? day : NULL, line);
	return 0;
}

int
patch_read_dnf5(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	static const char *const bare[] = { NULL };
	static const char *const *const paths[] = { bare, NULL };
	struct dnf5_read r = { .fatal = fatal, .advs = { .path = path,
	    .problems = problems } };
	struct json_records c;
	int ret = -1;

	if (json_records_open(&c, path, data, len, paths, fatal) != 0)
		goto out;
	if (c.list.s == NULL) {
		pw_error_set(fatal, path, json_doc_line(&c.doc, c.doc.root.s), "not "
		    "`dnf5 advisory list --json` output: that is an array of "
		    "advisories");
		goto out;
	}
	if (json_records_each(&c, problems, take_object, &r) == 0)
		ret = rpm_advs_put(&r.advs, sink);
out:
	json_records_close(&c);
	rpm_advs_free(&r.advs);
	return ret;
}

/* An array whose first object has dnf5's keys. */
enum sniff
patch_sniff_dnf5(const char *data, size_t len)
{
	const char *p = sniff_start(data, len), *obj;
	size_t n;

	if (p == NULL)
		return SNIFF_MAYBE;
	if (*p != '[')
		return SNIFF_NO;
	n = len - (size_t)(p - data);
	obj = memchr(p, '{', n);
	if (obj == NULL)
		return SNIFF_MAYBE;
	n = len - (size_t)(obj - data);
	const char *end = memchr(obj, '}', n);
	n = end ? (size_t)(end - obj) : n;
	return memmem(obj, n, "\"nevra\"", 7) && (memmem(obj, n, "\"buildtime\"",
	    11) || memmem(obj, n, "\"advisory_buildtime\"", 20)) ? SNIFF_YES :
	    SNIFF_MAYBE;
}
