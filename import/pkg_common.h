/* What the package-manager and vendor-advisory readers share (import-
 * internal): text read a line and a word at a time, CVE ids gathered once
 * each in constant time, and which packages' updates need a reboot. */
#ifndef PW_PKG_COMMON_H
#define PW_PKG_COMMON_H

#include <stddef.h>

#include "../model/patch.h"
#include "../util/arena.h"
#include "../util/buf.h"
#include "../util/strmap.h"
#include "cve_set.h"	/* the readers' CVE ids, each once */
#include "patches.h"

/* One physical line: s[0..n) without its line end (LF or CR LF). */
struct text_line {
	const char	*s;
	size_t		 n;
	long		 line;	/* 1-based */
};

/* A UTF-8 BOM skipped, the line after *off (which starts at 0) into *l:
 * 1, or 0 at the end of data[0..len). */
int	text_next_line(const char *data, size_t len, size_t *off,
	    struct text_line *l);

/* A word of a line (between blanks), borrowed from the line. */
struct text_word {
	const char	*s;
	size_t		 n;
};

/* Up to max words of l into w[]; the count, or max + 1 when there are
 * more. */
size_t	text_words(const struct text_line *l, struct text_word *w, size_t max);
/* Is the word exactly s (any case when nocase)? */
int	text_word_is(const struct text_word *, const char *s, int nocase);
/* Does the line start with s (after blanks)? */
int	text_starts(const struct text_line *, const char *s);
/* Does it start with one of the NULL-ended prefixes (after blanks)? */
int	text_starts_any(const struct text_line *, const char *const *prefixes);

/* The length of the name of an RPM package written name-[epoch:]version-
 * release.arch, 0 when s[0..n) is not written so; *release (may be NULL)
 * points at its release, *release_n its length. */
size_t	rpm_nevra_name(const char *s, size_t n, const char **release,
	    size_t *release_n);
/* Was the release built for RHEL 5, 6 or 7 (".el5", ".el6_4" ...), the
 * releases yum ran on before dnf replaced it in RHEL 8? */
int	rpm_release_is_yum_era(const char *release, size_t n);
/* Does an update of the RPM package called name[0..n) need a reboot? The
 * list `dnf needs-restarting -r` reboots for (docs/formats.md). */
int	rpm_needs_reboot(const char *name, size_t n);
/* Does an update of the Debian package name[0..n) (":arch" allowed) need a
 * reboot? A short list: kernels, microcode, libc, the init system, D-Bus. */
int	deb_needs_reboot(const char *name, size_t n);

/* The advisories of one host's package list (dnf, yum, dnf5), gathered
 * from their lines: one a package, not next to each other (the tools sort
 * by package), each advisory one patch. Zero-initialise with path and
 * problems set; rpm_advs_free() releases it. */
struct rpm_adv;
struct rpm_advs {
	const char	*path;
	struct pw_diags	*problems;
	struct strmap	 ids;
	struct arena	 text;
	struct rpm_adv	*v;
	size_t		 n, cap;
};

/* A line of advisory id (NUL-terminated) for the package nevra (its name
 * the first name_n bytes): taken into the advisory, new or of earlier lines.
 * what is how the line describes the advisory (type, severity), which
 * every line of it must say alike (a problem at line otherwise, and the
 * advisory is not put); severity is its severity as written (NULL: none);
 * scanned the date the line gives, or NULL. */
void	rpm_advs_add(struct rpm_advs *, const char *id,
	    const char *what, size_t what_n, const char *severity,
	    size_t severity_n, const char *nevra, size_t name_n,
	    const char *scanned, long line);
/* Put each advisory read (asset NULL, scale redhat; the title its packages,
 * reboot as rpm_needs_reboot says of them), in the order of their first
 * lines: 0, or -1 when the sink says stop. */
int	rpm_advs_put(struct rpm_advs *, struct patch_sink *);
void	rpm_advs_free(struct rpm_advs *);

#endif
