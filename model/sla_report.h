/* The SLA report (report sla): how the organisation met its patch SLAs over
 * a period, per severity and per group, from each finding's first-seen and
 * resolved times. Pure: the store streams the findings (store_sla_each) and
 * sla_add takes them one at a time, in any order; the figures do not depend
 * on it. Every figure is defined in docs/formats.md, "report sla".
 *
 * A finding is a pending patch or scanner finding of an asset: the pair
 * (asset, advisory). It opens at the import that first listed it (its
 * first_import) and closes at the import of its source that no longer
 * listed it (resolved_import). One listed again after it was resolved is
 * the same finding, open again: the store keeps its first sighting and
 * forgets the resolution, so it counts as opened once, at its first
 * sighting, and as closed only when (and if) it is resolved for good. An
 * unresolved finding of a retired asset stops being open when the asset
 * was retired, but is never closed (it was not patched). */
#ifndef PW_SLA_REPORT_H
#define PW_SLA_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/strmap.h"
#include "exception.h"
#include "patch.h"
#include "policy.h"

/* One finding as the store reads it; the strings are the caller's, valid
 * during sla_add only. */
struct sla_finding {
	const char	*asset;		/* the asset's key */
	const char	*advisory;
	const char	*owner;		/* the asset's owner, "" when none */
	const char	*group;		/* the --by value, "" when none (or no --by) */
	enum severity	 severity;
	const char	*released;	/* YYYY-MM-DD */
	int64_t		 first_seen;	/* UTC s of the import that first listed it */
	int64_t		 resolved;	/* UTC s of the import that resolved it; 0 open */
	int64_t		 retired;	/* UTC s its asset was retired; 0 active */
};

/* The figures of one severity (of one group, or of all). */
struct sla_stats {
	long		 opened;	/* first seen in [from, to) */
	long		 closed;	/* resolved in [from, to) */
	long		 within;	/* of those, resolved by their deadline */
	long		 open;		/* open at now */
	long		 overdue;	/* open at now, past their deadline, and
					   no exception holding at now covers
					   them */
	long		 accepted;	/* open at now and covered by an exception
					   holding at now */
	int64_t		*ttp;		/* time to patch (s) of each closed one:
					   resolved - the start of its release
					   day; in no order */
	size_t		 nttp, cap;
	int64_t		 median, p90;	/* sla_percentile of ttp; -1 none */
};

struct sla_group {
	char		*name;
	struct sla_stats sev[SEV_COUNT];
	long		 overdue;	/* all severities */
};

/* One of the oldest open findings. */
struct sla_open {
	char		*asset, *advisory, *owner, *group;
	enum severity	 severity;
	int64_t		 first_seen, due;
	int		 overdue, accepted;
};

#define SLA_WEEK	(7 * 86400)

struct sla_report {
	/* In: set before the first sla_add (sla_init). */
	const struct policy		*policy;	/* SLA days and zone */
	const struct exception_list	*exceptions;	/* NULL: none */
	int64_t		 from, to;	/* the period [from, to) */
	int64_t		 now;		/* open, overdue and accepted at now */
	size_t		 oldest_max;	/* how many oldest open findings */
	int		 grouped;	/* figures per group too (--by) */

	/* Out. */
	struct sla_stats total[SEV_COUNT];
	struct sla_group *groups;	/* when grouped: sorted by name by
					   sla_finish */
	size_t		 ngroups, gcap;
	struct sla_group *owners;	/* overdue by owner, most overdue first
					   after sla_finish (only owners with
					   some) */
	size_t		 nowners, ocap;
	struct sla_open	*oldest;	/* oldest first */
	size_t		 noldest;
	/* Open findings by severity at each point: from, then every week
	 * after it while before min(to, now), then min(to, now). */
	int64_t		*at;
	long		(*open_at)[SEV_COUNT];
	size_t		 npoints;

	struct strmap	 gindex, oindex;
	/* A cache of deadlines by release day and severity. */
	struct sla_due { long key; int64_t due, release; } cache[1024];
};

/* Ready r for a period and a now (the other inputs are set by the caller
 * after it). */
void	sla_init(struct sla_report *, const struct policy *, int64_t from, int64_t to,
	    int64_t now);
void	sla_add(struct sla_report *, const struct sla_finding *);
/* Compute the percentiles; sort the groups and the owners. */
void	sla_finish(struct sla_report *);
void	sla_free(struct sla_report *);

/* The nearest-rank percentile pct (1-100) of n sorted values: the smallest
 * value at least pct% of them are at or below, v[ceil(pct * n / 100) - 1];
 * -1 when n is 0. The median is pct 50 (of an even count, the lower of the
 * two middle values). */
int64_t	sla_percentile(const int64_t *sorted, size_t n, int pct);
/* Within SLA: resolved at or before the deadline (deadline_of_patch). */
int	sla_within(int64_t resolved, int64_t due);
/* Of n values, the share (0-100) of k, one decimal, rounded half up; -1
 * when n is 0. */
double	sla_pct(long k, long n);

#endif
