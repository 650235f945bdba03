/* Patch-SLA deadlines: when each pending patch, and so each asset, must be
 * patched by under the policy. */
#ifndef PW_DEADLINE_H
#define PW_DEADLINE_H

#include <stdint.h>

#include "patch.h"
#include "policy.h"

/* The instant patch pt must be installed by: the end of the day that is
 * released + the policy's SLA days for its severity, in the policy's zone
 * (a critical patch released on the 17th with 7 days is due by the end of
 * the 24th). */
int64_t	deadline_of_patch(const struct policy *, const struct patch *);

/* The instant patch pt is out: 00:00 of its release day in the policy's
 * zone. Nothing that installs it may start earlier. */
int64_t	release_of_patch(const struct policy *, const struct patch *);

/* The other way: the release day ("YYYY-MM-DD", into out) of a patch due at
 * due_utc (deadline_of_patch's instant) with sla_days, in zone (NULL or
 * unknown: UTC), and 00:00 of that day there into *start_utc (when not
 * NULL). A change record keeps the deadline and the SLA days, not the date:
 * its pack says "released + N d" from them. */
void	deadline_release_day(const char *zone, int64_t due_utc, int sla_days,
	    char out[11], int64_t *start_utc);

/* Slack to a deadline, due_utc - end_utc, in whole units of unit seconds
 * rounded down (3600: hours; 360: tenths of an hour): work a minute late
 * has -1, never the 0 or "-0.0" that truncation or %.1f made of it. */
long	deadline_slack(int64_t due_utc, int64_t end_utc, int64_t unit);

/* An asset's deadline: the earliest of its pending patches', and when the
 * last of them is out (one placement installs them all: it starts then at
 * the earliest, docs/planner-design.md). */
struct deadline {
	int64_t		 due_utc;	/* INT64_MAX while no patch was seen */
	int64_t		 release_utc;	/* the latest release_of_patch;
					   INT64_MIN while no patch was seen */
	const char	*advisory;	/* the patch that sets it ("" before
					   any): its text, which the caller
					   keeps (see deadline_add) */
	enum severity	 severity;	/* of the patch that sets it */
	int		 patches;	/* pending patches seen */
	int		 reboot;	/* any of them needs a reboot */
	int		 assumed;	/* the patch that sets it has an assumed
					   release date (its source gave none) */
	int		 reboot_pending;	/* the asset's pending reboot is
					   due too (deadline_add_reboot) */
	/* Pending patches an exception covers (model/exception.h) are kept
	 * apart: not in patches nor due_utc, so they neither set the deadline
	 * nor make the asset UNPLANNED; their earliest deadline and its patch
	 * make an ACCEPTED_RISK instead. An asset with only such patches is
	 * still planned, to be done by the time the first exception ends. */
	int		 covered;	/* pending patches covered */
	int64_t		 covered_due_utc;	/* INT64_MAX while none */
	const char	*covered_advisory;	/* as advisory, "" before any */
	int64_t		 covered_until_utc;	/* the earliest end of the
						   exceptions covering them */
};

void	deadline_init(struct deadline *);
/* Take one more pending patch into account (its due and its release). Ties go to the more severe
 * patch, then the smaller advisory id, so the result never depends on order.
 * Returns 1 when this patch now sets the deadline: d->advisory is then the
 * patch's own text, to be kept alive or replaced by a copy (a pointer, not
 * 96 bytes inline: a million deadlines are 32 MB, not 120). */
int	deadline_add(struct deadline *, const struct policy *, const struct patch *);
/* The due and release instants of patches by release day and severity, as
 * deadline_of_patch and release_of_patch give them: a hundred thousand
 * patches released on a few dozen days need a few dozen zone conversions.
 * Zeroed before use; for one policy only. */
#define DEADLINE_MEMO_SIZE	256
struct deadline_memo {
	struct {
		char	 released[11];	/* "" : a free entry */
		enum severity severity;
		int64_t	 due_utc, release_utc;
	} v[DEADLINE_MEMO_SIZE];
};
/* deadline_add, its patch's instants looked up in (or added to) memo first. */
int	deadline_add_memo(struct deadline *, const struct policy *, const struct patch *,
	    struct deadline_memo *);
/* Take the asset's pending reboot into account: its work then reboots, and
 * the reboot is due at deadline_of_reboot(since, now): reboot_pending_days
 * after it became pending (asset.reboot_pending_since), not after now
 * (planned again tomorrow, it is due no later). Its own deadline when no patch is pending, else the earlier of
 * the two; the advisory is then DEADLINE_REBOOT, the severity stays the
 * patch's or SEV_COUNT. Returns 1 when the reboot now sets the deadline. */
int	deadline_add_reboot(struct deadline *, const struct policy *, int64_t since,
	    int64_t now);
/* The instant an asset's pending reboot is due: reboot_pending_days after
 * since (its reboot_pending_since; 0, not known: after now, as a database
 * from before schema 17 has it for a reboot pending then). */
int64_t	deadline_of_reboot(const struct policy *, int64_t since, int64_t now);
/* Does the asset need a window: a pending patch, or a pending reboot? */
int	deadline_wanted(const struct deadline *);

#define DEADLINE_REBOOT	"reboot pending"
/* Take one more pending patch that an exception ending at until_utc covers
 * into account (its reboot still counts: the asset's work installs it).
 * Returns 1 when it now sets covered_due_utc: d->covered_advisory is then
 * the patch's own text, as with deadline_add. */
int	deadline_cover(struct deadline *, const struct policy *, const struct patch *,
	    int64_t until_utc);
/* Pending patches, covered or not: the asset has work to plan when > 0. */
int	deadline_pending(const struct deadline *);
/* When the planner aims to have the asset done: its deadline, else (only
 * covered patches) the end of the first exception covering them. */
int64_t	deadline_plan_due(const struct deadline *);

#endif
