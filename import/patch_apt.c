/* Pending updates from apt's `apt list --upgradable`, one line a package:
 *
 *   resolvconf/zesty-updates,zesty-updates 1.79ubuntu4.1 all [upgradable from: 1.79ubuntu4]
 *
 * (`apt list --installed` and plain `apt list` lines are read too: those
 * that say "[installed,upgradable to: V]" are pending, the rest are not).
 * apt names no advisory, severity or date: a patch is the package at its
 * new version ("resolvconf=1.79ubuntu4.1", as `apt-get install` writes
 * it), its severity the policy's default and its release first seen, both
 * assumed. The file is one host's: --asset names it. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "csv.h"
#include "patches.h"
#include "pkg_common.h"

/* A package name or version is short: a longer word is not one. */
#define WORD_MAX	200

/* What apt prints besides packages; "E:" is an error, handled apart. */
static const char *const chatter[] = { "Listing...", "WARNING: ", "N: ", "W: ",
	NULL };

/* One package line's parts, borrowed from the line. */
struct apt_line {
	struct text_word name, suites, version, arch, from, to;
	int		 flags;		/* a [...] after the arch */
	int		 pending;
};

/* Read l as NAME/SUITES VERSION ARCH [FLAGS]: 1 when it is one (pending
 * when the flags say upgradable), else 0. */
static int
parse_line(const struct text_line *l, struct apt_line *a)
{
	struct text_word w[4];
	size_t n = text_words(l, w, 3);
	const char *slash, *br, *end, *k;

	memset(a, 0, sizeof *a);
	if (n < 3 || (slash = memchr(w[0].s, '/', w[0].n)) == NULL ||
	    slash == w[0].s || slash == w[0].s + w[0].n - 1)
		return 0;
	a->name = (struct text_word){ w[0].s, (size_t)(slash - w[0].s) };
	a->suites = (struct text_word){ slash + 1, w[0].n - a->name.n - 1 };
	a->version = w[1];
	a->arch = w[2];
	if (n == 3)
		return 1;	/* a package of `apt list`, not installed */
	br = w[2].s + w[2].n;
	end = l->s + l->n;
	while (br < end && (*br == ' ' || *br == '\t'))
		br++;
	while (end > br && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end - br < 2 || *br != '[' || end[-1] != ']')
		return 0;
	br++, end--;
	a->flags = 1;
	if ((size_t)(end - br) > 17 && memcmp(br, "upgradable from: ", 17) == 0) {
		a->from = (struct text_word){ br + 17, (size_t)(end - br - 17) };
		a->to = a->version;
		a->pending = 1;
	} else if ((k = memmem(br, (size_t)(end - br), "upgradable to: ", 15))) {
		a->to = (struct text_word){ k + 15, (size_t)(end - k - 15) };
		a->from = a->version;
		a->pending = 1;
	}
	if (a->pending && (a->to.n == 0 || memchr(a->to.s, ' ', a->to.n) ||
	    a->from.n == 0 || memchr(a->from.s, ' ', a->from.n)))
		return 0;
	return 1;
}

/* The suites, each once: "zesty-updates,zesty-updates" is one. */
static void
add_suites(struct buf *b, const struct text_word *s)
{
	size_t start = b->len;
	const char *p = s->s, *end = s->s + s->n;

	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		size_t n = c ? (size_t)(c - p) : (size_t)(end - p), seen = 0;
		for (const char *q = b->s ? b->s + start : NULL; q && *q;) {
			const char *e = strchr(q, ',');
			size_t k = e ? (size_t)(e - q) : strlen(q);
			if (k == n && memcmp(q, p, n) == 0)
				seen = 1;
			q = e ? e + 1 : q + k;
		}
		if (n > 0 && !seen) {
			if (b->len > start)
				buf_addc(b, ',');
			buf_add(b, p, n);
		}
		p += n + 1;
	}
}

/* The patch of a pending line: NAME=TO, titled "NAME FROM -> TO (SUITES)". */
static int
put_line(const struct apt_line *a, long line, struct patch_sink *sink)
{
	struct buf b = { 0 };
	struct patch p;
	int rc;

	patch_init(&p);
	buf_printf(&b, "%.*s=%.*s", (int)a->name.n, a->name.s, (int)a->to.n,
	    a->to.s);
	p.advisory = buf_detach(&b);
	buf_printf(&b, "%.*s %.*s -> %.*s (", (int)a->name.n, a->name.s,
	    (int)a->from.n, a->from.s, (int)a->to.n, a->to.s);
	add_suites(&b, &a->suites);
	buf_addc(&b, ')');
	p.title = buf_detach(&b);
	/* No severity: the scale is named so the record is complete; the
	 * policy's default stands, marked assumed. */
	p.scale = xstrdup("apt");
	p.reboot = deb_needs_reboot(a->name.s, a->name.n);
	p.line = line;
	rc = sink->put(sink, &p);
	patch_clear(&p);
	return rc != 0 ? -1 : 0;
}

int
patch_read_apt(const char *path, const char *data, size_t len,
    struct patch_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct strmap seen = { 0 };
	struct text_line l;
	struct apt_line a;
	struct buf key = { 0 };
	long npending = 0, current = 0, unknown = 0, first_unknown = 0;
	size_t off = 0;
	int ret = -1;

	if (utf8_text_check(path, data, len, fatal) != 0)
		return -1;
	while (text_next_line(data, len, &off, &l)) {
		if (text_words(&l, NULL, 0) == 0 ||
		    text_starts_any(&l, chatter))
			continue;
		if (text_starts(&l, "E: ")) {
			pw_error_set(fatal, path, l.line, "apt reported an error: the "
			    "list may be incomplete (%.*s)", (int)(l.n > 120 ? 120 :
			    l.n), l.s);
			goto out;
		}
		if (!parse_line(&l, &a)) {
			if (unknown++ == 0)
				first_unknown = l.line;
			continue;
		}
		if (!a.pending) {
			current++;
			continue;
		}
		if (a.name.n > WORD_MAX || a.to.n > WORD_MAX || a.from.n > WORD_MAX) {
			pw_diags_add(problems, path, l.line, "a package name or version "
			    "longer than %d bytes", WORD_MAX);
			continue;
		}
		buf_reset(&key);
		buf_printf(&key, "%.*s=%.*s", (int)a.name.n, a.name.s, (int)a.to.n,
		    a.to.s);
		size_t before = seen.n;
		strmap_intern(&seen, key.s, 0);
		if (seen.n == before)
			continue;	/* the same package and version again */
		npending++;
		if (put_line(&a, l.line, sink) != 0)
			goto out;
	}
	if (npending == 0 && current == 0 && unknown > 0) {
		pw_error_set(fatal, path, first_unknown, "not `apt list --upgradable` "
		    "output: no line reads NAME/SUITE VERSION ARCH [upgradable from: "
		    "VERSION]");
		goto out;
	}
	if (current)
		pw_diags_add(sink->notes, path, 0, "%ld packages that are not "
		    "upgradable skipped (installed at their newest version, or not "
		    "installed)", current);
	if (unknown)
		pw_diags_add(sink->notes, path, first_unknown, "%ld lines that are "
		    "not package lines skipped (the first at line %ld)", unknown,
		    first_unknown);
	ret = 0;
out:
	buf_free(&key);
	strmap_free(&seen);
	return ret;
}

/* "Listing..." first, or a first line that reads as a package's with its
 * flags ("[upgradable from: ...]", "[installed]"). */
enum sniff
patch_sniff_apt(const char *data, size_t len)
{
	struct text_line l;
	struct apt_line a;
	size_t off = 0;
	int lines = 0;

	while (text_next_line(data, len, &off, &l) && lines++ < 50) {
		if (text_words(&l, NULL, 0) == 0)
			continue;
		if (text_starts(&l, "Listing..."))
			return SNIFF_YES;
		if (text_starts_any(&l, chatter))
			continue;
		if (!parse_line(&l, &a))
			return SNIFF_NO;
		return a.flags ? SNIFF_YES : SNIFF_MAYBE;
	}
	return SNIFF_MAYBE;
}
