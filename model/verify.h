/* Verification after the window: whether the patches a change covered are
 * gone in the scans imported after its window ended. Pure: the store loads
 * an asset's patches and its sources' newest imports (storage/verify.c);
 * the rules are here (docs/formats.md, "verify"). */
#ifndef PW_VERIFY_H
#define PW_VERIFY_H

#include <stddef.h>
#include <stdint.h>

/* An asset's outcome. */
enum verify_outcome {
	VO_PATCHED,		/* every covered patch resolved, rescanned */
	VO_STILL_MISSING,	/* a covered patch still pending after it */
	VO_NOT_RESCANNED,	/* a covered patch's source not imported since */
	VO_COUNT
};
/* "patched", "still_missing", "not_rescanned". */
const char *verify_outcome_name(enum verify_outcome);

/* A change's: all patched, some still missing, or not yet known. */
enum verify_verdict { VV_PATCHED, VV_FAILED, VV_UNKNOWN };
const char *verify_verdict_name(enum verify_verdict);	/* "patched" ... */

/* One patch (or finding) of the asset as the store keeps it: import ids
 * (0: none) and their times (UTC seconds). */
struct verify_patch {
	const char	*advisory, *source;
	int		 finding;		/* listed, never planned */
	long long	 first_import, seen_import, resolved_import;
	int64_t		 first_at;
	const char	*cves;			/* "CVE-1,CVE-2", or NULL */
};

/* A patches import at or before now (every one: a source's newest is the
 * scan after the window, a patch's resolving import the scan it rests on). */
struct verify_import {
	long long	 id;
	const char	*source, *at, *digest;	/* at: ISO 8601 UTC */
	int64_t		 at_utc;
	const char	*path;			/* the file read, or "" */
	/* When its scan was taken (UTC s; 0: the file does not say): one
	 * taken by the window's end is no rescan of it, whenever imported. */
	int64_t		 scanned_utc;
};

/* What became of one patch. */
enum verify_patch_state {
	VP_OTHER,		/* not covered, not new: not judged */
	VP_FIXED,		/* covered, resolved, its source rescanned */
	VP_MISSING,		/* covered, listed by a scan after the window */
	VP_UNVERIFIED,		/* covered, its source not imported since, or
				 * its newest import did not look at the host,
				 * or its scan was taken by the window's end */
	VP_NEW			/* not covered, first seen after the window */
};

/* One asset of a change: its window's end, the newest import the change's
 * snapshot had seen (0: every patch the asset had was covered), its
 * patches, and the patches imports (any order). */
struct verify_asset_in {
	int64_t				 end_utc;
	long long			 snapshot;
	const struct verify_patch	*patches;
	size_t				 npatches;
	const struct verify_import	*imports;
	size_t				 nimports;
};

struct verify_asset_out {
	enum verify_outcome		 outcome;
	size_t				 covered, fixed, missing, unverified,
					 new_findings;
	/* The scan it rests on: for a missing patch the import that still
	 * lists the first one; else the newest of the imports that resolved
	 * its covered patches after the window (one resolved during it: its
	 * source's newest import). NULL when none (nothing covered, or none
	 * rescanned). */
	const struct verify_import	*evidence;
	/* Not rescanned because a source's newest import, though imported
	 * after the window, says its scan was taken by the window's end: the
	 * newest such import; NULL when none. */
	const struct verify_import	*stale;
};

/* The newest import of source among in's, or NULL. */
const struct verify_import *verify_source_import(const struct verify_asset_in *,
	    const char *source);
/* Is import x (a source's newest) a rescan after the window ending end_utc:
 * imported after it and, when it says when its scan was taken, taken
 * after it too? */
int	verify_rescan(const struct verify_import *x, int64_t end_utc);
/* Patch i's state. */
enum verify_patch_state verify_patch(const struct verify_asset_in *, size_t i);
/* The asset's outcome: still missing when any covered patch is missing,
 * else not rescanned when any is unverified, else patched (also when the
 * change covered none of its patches). */
void	verify_asset(const struct verify_asset_in *, struct verify_asset_out *);
/* A change's verdict from its assets' outcome counts: failed with any
 * still missing, else unknown with any not rescanned, else patched. */
enum verify_verdict verify_verdict(const size_t counts[VO_COUNT]);

#endif
