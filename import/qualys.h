/* What the Qualys readers share (import-internal): which findings are
 * pending patches, the advisory id a QID lands under and the one note a
 * file gets for what was skipped (docs/formats.md, "Qualys"). */
#ifndef PW_QUALYS_H
#define PW_QUALYS_H

#include <stddef.h>

#include "../util/buf.h"
#include "patches.h"

/* What a finding is to patchwave: pending, or skipped and why. */
enum qualys_kind { QK_PENDING, QK_POTENTIAL, QK_INFO, QK_FIXED, QK_COUNT };

/* How many findings of a file were skipped, by why. */
struct qualys_skipped {
	size_t	n[QK_COUNT];
};

/* A Type as Qualys writes it ("Vuln", "Practice", "Ig", ...): QK_PENDING,
 * QK_POTENTIAL or QK_INFO; -1 when it is none Qualys writes. */
int	qualys_type(const char *);
/* A Vuln Status ("New", "Active", "Re-Opened", "Fixed"; empty): QK_PENDING
 * or QK_FIXED; -1 when unknown. */
int	qualys_status(const char *);
/* Add the file's one note saying what was skipped, if anything was. */
void	qualys_note_skipped(const struct qualys_skipped *, struct patch_sink *,
	    const char *path);

/* Is s[0..n) one advisory id a patch source or an advisory file would
 * also name (RHSA-2021:1234, KB5003169, USN-4991-1, ...)? */
int	qualys_is_advisory(const char *s, size_t n);
/* The advisory a finding lands under: its vendor reference when Qualys
 * gives exactly one and it is an advisory id, else "qualys:QID". ref may
 * be NULL. Caller frees. */
char	*qualys_advisory(const char *qid, const char *ref, size_t ref_len);
/* Set fatal for date s at line, which both orders read, differently, with
 * nothing in the file to settle which: "date 03/04/2026 could be 3 April or
 * March 4: give --date-order dmy or mdy". */
void	qualys_date_ambiguous(struct pw_error *fatal, const char *path, long line,
	    const char *s);
/* Is s a QID (1 to 10 digits)? */
int	qualys_is_qid(const char *s);

#endif
