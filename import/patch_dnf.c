/* Pending advisories from dnf4's `dnf updateinfo list` and from yum's `yum
 * list-sec` (RHEL 5 to 7; `yum updateinfo list` on RHEL 7): the same lines,
 * one per advisory and package,
 *
 *   RHSA-2013:0689 Important/Sec. bind-libs-32:9.8.2-0.17.rc1.el6_4.4.x86_64
 *   FEDORA-2018-318f184000 bugfix glibc-2.28-26.fc29.x86_64
 *
 * under `list all` with "i " before the installed ones ("  " before the
 * others), under -v with the advisory's date after the package. The file is
 * one host's: it never names it, --asset does. The lines of one advisory
 * (one a package, not next to each other: dnf sorts by package) become one
 * patch, put once the whole file is read. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "patches.h"
#include "pkg_common.h"

/* An advisory id is short (RHSA-2013:0689, FEDORA-2018-318f184000): a longer
 * word is not one. */
#define ID_MAX		200

/* The types dnf and yum write for advisories that are not security ones
 * (dnf's TYPE2LABEL); a security advisory is written SEVERITY/Sec. */
static const char *const types[] = {
	"bugfix", "enhancement", "security", "newpackage", "unknown", NULL
};

/* What the tools print around the list on stdout: skipped without a word.
 * The first two say which tool wrote the file (the sniff). */
static const char *const dnf_mark = "Last metadata expiration check:";
static const char *const yum_marks[] = { "Loaded plugins:",
	"Loading mirror speeds", NULL };
static const char *const chatter[] = {
	"Last metadata expiration check:", "Loaded plugins:",
	"Loading mirror speeds", "* ", "Updating Subscription Management",
	"Unable to read consumer identity", "This system is not registered",
	"This system is receiving updates", "Security: ", "updateinfo list done",
	"list-sec done", "Waiting for process with pid", NULL
};

/* One line's words, once read as an advisory line. */
struct rpm_line {
	struct text_word id, label, nevra;
	const char	*date;		/* -v: "2019-01-17 00:00:00", or NULL */
	int		 installed;
	size_t		 name_n;
	char		 day[11];
};

static int
known_label(const struct text_word *w)
{
	if (w->n > 5 && memcmp(w->s + w->n - 5, "/Sec.", 5) == 0)
		return 1;
	for (const char *const *t = types; *t; t++)
		if (text_word_is(w, *t, 0))
			return 1;
	return 0;
}

/* Read l as ID LABEL PACKAGE [DATE TIME], an "i" before it or not: 1 when
 * it is one, with r filled. */
static int
parse_line(const struct text_line *l, struct rpm_line *r)
{
	struct text_word w[7];
	size_t n = text_words(l, w, 7), k = 0;
	char date[32];

	memset(r, 0, sizeof *r);
	if (n >= 4 && text_word_is(&w[0], "i", 0)) {
		r->installed = 1;
		k = 1;
	}
	if (n - k != 3 && n - k != 5)
		return 0;
	r->id = w[k];
	r->label = w[k + 1];
	r->nevra = w[k + 2];
	if (!known_label(&r->label) ||
	    (r->name_n = rpm_nevra_name(r->nevra.s, r->nevra.n, NULL, NULL)) == 0)
		return 0;
	if (n - k == 5) {
		if (w[k + 3].n >= sizeof date)
			return 0;
		memcpy(date, w[k + 3].s, w[k + 3].n);
		date[w[k + 3].n] = '\0';
		if (date_parse_any(date, DATE_ORDER_AUTO, r->day) != 0)
			return 0;
		r->date = r->day;
	}
	return 1;
}

/* A bug or CVE id where the advisory's goes: --with-bz or --with-cve. */
static int
not_an_advisory(const struct text_word *id)
{
	size_t i = 0;

	while (i < id->n && id->s[i] >= '0' && id->s[i] <= '9')
		i++;
	return i == id->n || (id->n > 4 && strncasecmp(id->s, "CVE-", 4) == 0);
}

/* The line's advisory, new or of earlier lines, which must say the same
 * type and severity. "Important/Sec." says Important; "Unknown/Sec." and
 * the other types say none: the policy's default, assumed. */
static void
take_line(struct rpm_advs *L, const struct text_line *l, const struct rpm_line *r)
{
	char id[ID_MAX + 1];
	const struct text_word *w = &r->label;
	int sec = w->n > 5 && memcmp(w->s + w->n - 5, "/Sec.", 5) == 0 &&
	    !(w->n == 12 && memcmp(w->s, "Unknown", 7) == 0);

	memcpy(id, r->id.s, r->id.n);
	id[r->id.n] = '\0';
	rpm_advs_add(L, id, w->s, w->n, sec ? w->s : NULL, sec ? w->n - 5 : 0,
	    r->nevra.s, r->name_n, r->date, l->line);
}

static int
read_rpm_list(const char *tool, const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct rpm_advs L = { .path = path, .problems = problems };
	struct text_line l;
	long installed = 0, unknown = 0, first_unknown = 0;
	struct rpm_line r;
	size_t off = 0;
	int ret = -1;

	if (utf8_text_check(path, data, len, fatal) != 0)
		return -1;
	while (text_next_line(data, len, &off, &l)) {
		if (text_words(&l, NULL, 0) == 0 ||
		    text_starts_any(&l, chatter))
			continue;
		if (!parse_line(&l, &r)) {
			if (unknown++ == 0)
				first_unknown = l.line;
			continue;
		}
		if (not_an_advisory(&r.id)) {
			pw_error_set(fatal, path, l.line, "'%.*s' is a CVE or bug id, not "
			    "an advisory: this is the list --with-cve or --with-bz "
			    "prints; give the plain `%s` output", (int)(r.id.n > 60 ?
			    60 : r.id.n), r.id.s, tool);
			goto out;
		}
		if (r.id.n > ID_MAX) {
			pw_diags_add(problems, path, l.line, "an advisory id of %zu "
			    "bytes: ids are at most %d", r.id.n, ID_MAX);
			continue;
		}
		if (r.installed) {
			installed++;
			continue;
		}
		take_line(&L, &l, &r);
	}
	if (L.n == 0 && installed == 0 && unknown > 0) {
		pw_error_set(fatal, path, first_unknown, "not `%s` output: no line "
		    "reads ADVISORY TYPE PACKAGE (RHSA-2024:0001 Important/Sec. "
		    "kernel-5.14.0-1.el9.x86_64)", tool);
		goto out;
	}
	if (installed)
		pw_diags_add(sink->notes, path, 0, "%ld installed advisory lines "
		    "skipped (marked 'i' by list all: installed, not pending)",
		    installed);
	if (unknown)
		pw_diags_add(sink->notes, path, first_unknown, "%ld lines that are "
		    "not advisory lines skipped (the first at line %ld)", unknown,
		    first_unknown);
	ret = rpm_advs_put(&L, sink);
out:
	rpm_advs_free(&L);
	return ret;
}

int
patch_read_dnf4(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return read_rpm_list("dnf updateinfo list", path, data, len, sink,
	    problems, fatal);
}

int
patch_read_yum_list_sec(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	return read_rpm_list("yum list-sec", path, data, len, sink, problems,
	    fatal);
}

/* ---- sniffs --------------------------------------------------------------- */

enum rpm_sniff { RS_NONE, RS_DNF, RS_YUM, RS_NOT };

/* Who wrote data, from its first lines: dnf's or yum's own chatter says;
 * else the first advisory line's package, built for RHEL 5 to 7 (yum's) or
 * not (dnf's: RHEL 8 on, Fedora); a first line that is neither says it is
 * no such list. */
static enum rpm_sniff
rpm_sniff(const char *data, size_t len)
{
	struct text_line l;
	struct rpm_line r;
	size_t off = 0;
	int lines = 0;

	while (text_next_line(data, len, &off, &l) && lines++ < 50) {
		const char *rel;
		size_t reln;
		if (text_words(&l, NULL, 0) == 0)
			continue;
		if (text_starts(&l, dnf_mark))
			return RS_DNF;
		for (const char *const *m = yum_marks; *m; m++)
			if (text_starts(&l, *m))
				return RS_YUM;
		if (text_starts_any(&l, chatter))
			continue;
		if (!parse_line(&l, &r))
			return RS_NOT;
		rpm_nevra_name(r.nevra.s, r.nevra.n, &rel, &reln);
		return rpm_release_is_yum_era(rel, reln) ? RS_YUM : RS_DNF;
	}
	return RS_NONE;
}

enum sniff
patch_sniff_dnf4(const char *data, size_t len)
{
	enum rpm_sniff s = rpm_sniff(data, len);

	return s == RS_DNF ? SNIFF_YES : s == RS_NOT ? SNIFF_NO : SNIFF_MAYBE;
}

enum sniff
patch_sniff_yum_list_sec(const char *data, size_t len)
{
	enum rpm_sniff s = rpm_sniff(data, len);

	return s == RS_YUM ? SNIFF_YES : s == RS_NOT ? SNIFF_NO : SNIFF_MAYBE;
}
