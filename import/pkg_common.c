/* What the package-manager and vendor-advisory readers share (pkg_common.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pkg_common.h"

int
text_next_line(const char *data, size_t len, size_t *off, struct text_line *l)
{
	const char *p, *eol;

	if (*off == 0) {
		l->line = 0;
		if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
			*off = 3;
	}
	if (*off >= len)
		return 0;
	p = data + *off;
	eol = memchr(p, '\n', len - *off);
	l->s = p;
	l->n = eol ? (size_t)(eol - p) : len - *off;
	*off += l->n + (eol != NULL);
	if (l->n > 0 && p[l->n - 1] == '\r')
		l->n--;
	l->line++;
	return 1;
}

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

size_t
text_words(const struct text_line *l, struct text_word *w, size_t max)
{
	size_t i = 0, k = 0;

	while (i < l->n) {
		while (i < l->n && blank(l->s[i]))
			i++;
		if (i == l->n)
			break;
		if (k == max)
			return max + 1;
		w[k].s = l->s + i;
		while (i < l->n && !blank(l->s[i]))
			i++;
		w[k].n = (size_t)(l->s + i - w[k].s);
		k++;
	}
	return k;
}

int
text_word_is(const struct text_word *w, const char *s, int nocase)
{
	size_t n = strlen(s);

	return w->n == n && (nocase ? strncasecmp(w->s, s, n) :
	    memcmp(w->s, s, n)) == 0;
}

int
text_starts(const struct text_line *l, const char *s)
{
	size_t i = 0, n = strlen(s);

	while (i < l->n && blank(l->s[i]))
		i++;
	return l->n - i >= n && memcmp(l->s + i, s, n) == 0;
}

int
text_starts_any(const struct text_line *l, const char *const *prefixes)
{
	for (const char *const *c = prefixes; *c; c++)
		if (text_starts(l, *c))
			return 1;
	return 0;
}

/* ---- packages ------------------------------------------------------------ */

size_t
rpm_nevra_name(const char *s, size_t n, const char **release, size_t *release_n)
{
	const char *dot = NULL, *rel = NULL, *ver = NULL;

	for (size_t i = n; i > 0; i--)
		if (s[i - 1] == '.') {
			dot = s + i - 1;
			break;
		}
	if (dot == NULL || dot == s + n - 1)
		return 0;
	for (const char *q = dot; q > s; q--)
		if (q[-1] == '-') {
			rel = q;
			break;
		}
	if (rel == NULL || rel == dot)
		return 0;
	for (const char *q = rel - 1; q > s; q--)
		if (q[-1] == '-') {
			ver = q;
			break;
		}
	if (ver == NULL || ver == rel - 1 || ver - 1 == s)
		return 0;
	if (release) {
		*release = rel;
		*release_n = (size_t)(dot - rel);
	}
	return (size_t)(ver - 1 - s);
}

int
rpm_release_is_yum_era(const char *release, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++)
		if (memcmp(release + i, ".el", 3) == 0 && release[i + 3] >= '5' &&
		    release[i + 3] <= '7' && (i + 4 == n || release[i + 4] == '_' ||
		    release[i + 4] == '.'))
			return 1;
	return 0;
}

/* One name a line, "prefix*" for a prefix: rpm's are dnf-plugins-core's
 * needs-restarting NEED_REBOOT, plus kernel-core (Fedora's and RHEL 8's
 * kernel image, updated with kernel). */
static const char *const rpm_reboot[] = {
	"kernel", "kernel-core", "kernel-rt", "glibc", "linux-firmware", "systemd",
	"dbus", "dbus-broker", "dbus-daemon", NULL
};
static const char *const deb_reboot[] = {
	"linux-image-*", "linux-firmware", "intel-microcode", "amd64-microcode",
	"libc6", "dbus", NULL
};

static int
listed(const char *const *names, const char *name, size_t n)
{
	for (; *names; names++) {
		size_t m = strlen(*names);
		if ((*names)[m - 1] == '*' ? n >= m && memcmp(name, *names, m - 1) == 0 :
		    n == m && memcmp(name, *names, n) == 0)
			return 1;
	}
	return 0;
}

int
rpm_needs_reboot(const char *name, size_t n)
{
	return listed(rpm_reboot, name, n);
}

int
deb_needs_reboot(const char *name, size_t n)
{
	const char *colon = memchr(name, ':', n);

	return listed(deb_reboot, name, colon ? (size_t)(colon - name) : n);
}

/* ---- the advisories of a package list ------------------------------------ */

/* Packages named in a patch's title; the rest are counted. */
#define TITLE_PACKAGES	8

struct rpm_adv {
	const char	*id, *what, *severity;	/* in the arena */
	long		 line;			/* its first line */
	int		 reboot, bad;
	char		 scanned[11];
	struct buf	 names;		/* the first packages' names */
	size_t		 nshown, more;	/* names in it, package lines not */
};

/* Name the package in the title: the first few, each once (an i686 and an
 * x86_64 build are one name), the rest counted. */
static void
add_name(struct rpm_adv *a, const char *name, size_t n)
{
	for (const char *p = a->names.s; p && *p;) {
		const char *e = strstr(p, ", ");
		size_t k = e ? (size_t)(e - p) : strlen(p);
		if (k == n && memcmp(p, name, n) == 0)
			return;
		p = e ? e + 2 : p + k;
	}
	if (a->nshown == TITLE_PACKAGES) {
		a->more++;
		return;
	}
	if (a->names.len)
		buf_adds(&a->names, ", ");
	buf_add(&a->names, name, n);
	a->nshown++;
}

void
rpm_advs_add(struct rpm_advs *L, const char *id, const char *what,
    size_t what_n, const char *severity, size_t severity_n, const char *nevra,
    size_t name_n, const char *scanned, long line)
{
	size_t i = strmap_intern(&L->ids, id, L->n);
	struct rpm_adv *a;

	if (i == L->n) {
		L->v = xgrow(L->v, &L->cap, L->n, sizeof *L->v);
		a = &L->v[L->n++];
		memset(a, 0, sizeof *a);
		a->id = arena_strndup(&L->text, id, strlen(id));
		a->what = arena_strndup(&L->text, what, what_n);
		a->severity = severity ? arena_strndup(&L->text, severity,
		    severity_n) : NULL;
		a->line = line;
		if (scanned)
			snprintf(a->scanned, sizeof a->scanned, "%s", scanned);
	} else {
		a = &L->v[i];
		if ((strlen(a->what) != what_n || memcmp(a->what, what, what_n) != 0)
		    && !a->bad) {
			pw_diags_add(L->problems, L->path, line, "advisory %s is %.*s "
			    "here but %s at line %ld", a->id, (int)what_n, what,
			    a->what, a->line);
			a->bad = 1;
		}
	}
	if (rpm_needs_reboot(nevra, name_n))
		a->reboot = 1;
	add_name(a, nevra, name_n);
}

int
rpm_advs_put(struct rpm_advs *L, struct patch_sink *sink)
{
	for (size_t i = 0; i < L->n; i++) {
		struct rpm_adv *a = &L->v[i];
		struct patch p;
		int rc;
		if (a->bad)
			continue;
		patch_init(&p);
		p.advisory = xstrdup(a->id);
		p.scale = xstrdup("redhat");
		p.source_severity = a->severity ? xstrdup(a->severity) : NULL;
		if (a->more)
			buf_printf(&a->names, " and %zu more", a->more);
		p.title = a->names.len ? xstrdup(a->names.s) : NULL;
		p.reboot = a->reboot;
		memcpy(p.scanned, a->scanned, sizeof p.scanned);
		p.line = a->line;
		rc = sink->put(sink, &p);
		patch_clear(&p);
		if (rc != 0)
			return -1;
	}
	return 0;
}

void
rpm_advs_free(struct rpm_advs *L)
{
	for (size_t i = 0; i < L->n; i++)
		buf_free(&L->v[i].names);
	free(L->v);
	strmap_free(&L->ids);
	arena_free(&L->text);
	L->v = NULL;
	L->n = L->cap = 0;
}
