/* Export-internal helpers shared by the pack's writers. */
#ifndef PW_EXPORT_INTERNAL_H
#define PW_EXPORT_INTERNAL_H

#include <stdint.h>

#include "export.h"

/* "2026-11-24T01:00:00Z". */
void	ex_utc(int64_t, char out[32]);
/* "2026-11-24 02:00 +01:00" in zone (UTC when NULL or unknown). */
void	ex_local(int64_t, const char *zone, char *out, size_t n);
/* A time kept as text ("2026-11-24T01:00:00Z": when a record was created or
 * updated, a decision or an acknowledgement made, a scan taken) appended as
 * ex_local writes it; text in any other form appended as it is. */
void	ex_local_text(struct buf *, const char *stamp, const char *zone);
/* Slack in whole hours (deadline - planned end), rounded down. */
long	ex_slack_hours(const struct change_asset *);
/* Hostnames of a change's assets joined by sep. */
void	ex_hosts(struct buf *, const struct change_rec *, const char *sep);
/* How many of its conflicts are errors, warnings, acknowledged warnings. */
void	ex_conflict_counts(const struct change_rec *, size_t *errors, size_t *warnings,
	    size_t *acked);
/* One accepted risk in words, after sep (for a CSV cell). */
void	ex_risk(struct buf *, const struct change_risk *, const char *sep);
/* Approvals and rejections of its latest submission. */
void	ex_decision_counts(const struct change_rec *, size_t *approvals,
	    size_t *rejections);

/* The files' mode (o->mode, else 0600) and *dir_mode, their folder's: x
 * where the files have r (pack.c). */
unsigned ex_modes(const struct export_opts *o, unsigned *dir_mode);

#endif
