/* Automatic planning: put every customer-owned asset with pending patches into
 * a slot, earliest deadline first, honouring stages and soak, cluster limits,
 * capacity, reboots, provider maintenance and freezes, then repair the plan
 * to miss fewer deadlines. Pure: the caller loads the inputs and stores the
 * result. */
#ifndef PW_PLANNER_H
#define PW_PLANNER_H

#include <stddef.h>
#include <stdint.h>

#include "asset.h"
#include "deadline.h"
#include "policy.h"
#include "slots.h"
#include "sweep.h"

/* Why a slot did not take an asset (named as the conflict codes are). */
enum plan_reason {
	PR_TAKEN,		/* the slot took it */
	PR_STAGE_ORDER,		/* before its stage may start */
	PR_OUTSIDE_WINDOW,	/* the window is not for this asset */
	PR_REBOOT_NOT_ALLOWED,
	PR_CAPACITY,		/* no lane starts it by the cutoff and finishes it
				   by the window's end */
	PR_PROVIDER_OVERLAP,	/* its provider maintenance is in the window */
	PR_DEPENDENCY_MAINTENANCE,	/* so is provider maintenance of what it
					   depends on */
	PR_FREEZE,
	PR_CLUSTER_DOWN,	/* too many of its cluster down already */
	PR_NOT_RELEASED,	/* it starts before the asset's last patch is out */
	PR_HELD_BACK,		/* it would fit, but the repair left the asset out:
				   placed, late anyway, it cost others more */
	PR_COUNT
};

/* planner.c */
/* The reason's name: its conflict code's (conflict_codes.h), or "TAKEN",
 * "HELD_BACK". */
const char *plan_reason_name(enum plan_reason);

/* Everything a plan is made from; all borrowed. */
struct plan_input {
	const struct policy	*policy;
	const struct asset	*assets;	/* every asset (storage: in key order) */
	const struct deadline	*deadlines;	/* per asset; no patches: none due */
	size_t			 nassets;
	const struct slot	*slots;		/* sorted by start (slots_build) */
	size_t			 nslots;
	/* When an asset may not be worked on: .tag is the asset index, or
	 * PLAN_EVERY_ASSET for a freeze; .group a PLAN_BLOCK_ kind. */
	const struct interval	*blocks;
	size_t			 nblocks;
	/* Calendar-wide blocks: .tag indexes scopes (the assets a calendar
	 * concerns), .group as above. The planner joins them to slots once and
	 * tests only those touching a slot, so a 10k-event calendar over a
	 * whole region costs events, not events x assets. */
	const struct interval	*sblocks;
	size_t			 nsblocks;
	const struct selector *const *scopes;
	size_t			 nscopes;
	/* Names for messages (may be NULL): per block and per calendar-wide block. */
	const char *const	*block_labels;
	const char *const	*sblock_labels;
	/* Per block: the latest start its provider lets it be moved to (an
	 * EC2 event's NotBeforeDeadline), 0 when it cannot move; may be NULL. */
	const int64_t		*block_latest;
	const long		*pinned;	/* per asset: a slot index or -1; may be NULL */
	/* Per asset (may be NULL): carried out, its wave covered by an
	 * implemented change and no patch pending the change did not cover
	 * (storage decides): history, not planned again, never UNPLANNED nor
	 * PAST_WINDOW. */
	const unsigned char	*done;
	int64_t			 now_utc;	/* nothing starts earlier */
	/* To explain one asset: explain(arg, slot, reason) for every slot the
	 * planner looked at for it, in order. explain NULL: no explaining. */
	size_t			 explain_asset;
	void			(*explain)(void *, size_t slot, enum plan_reason);
	void			*explain_arg;
	/* With explain, for a slot passed by as PR_CLUSTER_DOWN, called just
	 * before explain for it: the intervals the asset's other cluster
	 * members are down during that window (their work plus cluster_gap,
	 * their provider maintenance; .tag the member, one interval per member
	 * and stretch, by member then start; borrowed for the call) and the
	 * cluster's max_down. NULL: not said. */
	void			(*explain_cluster)(void *, size_t slot,
				    const struct interval *down, size_t n, int max_down);
	/* Looked at every 4096 assets: non-zero stops planning (plan_make
	 * returns -1 with an empty plan). NULL: never. */
	const volatile int	*cancel;
	/* Called at the same points with how many assets were looked at, of
	 * how many (a progress line); NULL: never. */
	void			(*progress)(void *, size_t done, size_t total);
	void			*progress_arg;
};

#define PLAN_EVERY_ASSET	((size_t)-1)

/* What a block is (its .group): a freeze; provider maintenance of the asset
 * (which also takes it down, for its cluster); provider maintenance of
 * something the asset depends on (a database: the asset is not down, but
 * work on it then would meet a dependency going away). */
#define PLAN_BLOCK_FREEZE	0
#define PLAN_BLOCK_PROVIDER	1
#define PLAN_BLOCK_DEPENDENCY	2

/* Where one asset goes. */
struct placement {
	size_t	asset;
	size_t	slot;
	size_t	stage;		/* index into policy stages; nstages: none */
	int64_t	start_utc;	/* on its lane */
	int64_t	end_utc;
	int	breach;		/* ends after the asset's deadline */
	int	pinned;
	unsigned part;		/* 0; a wave split by hand: which part */
};

struct plan {
	struct placement *v;	/* in slot, stage, start, then asset key order:
				   a wave is a run of one (slot, stage, part) */
	size_t	 n, cap;
	size_t	*unplaced;	/* assets no slot in the horizon could take */
	size_t	 nunplaced, capunplaced;
	size_t	 nheld;		/* of those, left out on purpose by the repair
				   (HELD_BACK): placed, they would make others
				   miss their deadlines */
};

/* Does scope k of the input select asset a? Answers are cached in *cache
 * (nassets x nscopes bytes, zeroed by the caller). */
int	plan_scope_match(const struct plan_input *, unsigned char *cache, size_t a,
	    size_t k);
/* A cache for plan_scope_match (the caller frees it), every asset's
 * matches made at once, in asset order, when there are calendar-wide
 * blocks to test: at a million assets, each asset's fields read as the
 * planner meets it (deadline order) missed the caches. */
unsigned char *plan_scope_cache(const struct plan_input *);
/* plan_scope_match without a call where the answer is cached already (as
 * plan_scope_cache leaves it). */
static inline int
plan_scope_cached(const struct plan_input *in, unsigned char *cache, size_t a, size_t k)
{
	unsigned char m = cache[a * in->nscopes + k];

	return m ? m == 1 : plan_scope_match(in, cache, a, k);
}
/* The calendar-wide blocks overlapping each slot: per slot, indexes into
 * in->sblocks (caller frees each list and both arrays). */
void	plan_slot_blocks(const struct plan_input *, size_t ***lists, size_t **counts);

/* The clusters of the input's assets, numbered in asset order, with their
 * members side by side: cluster id's are member[first[id] .. first[id + 1]). */
struct plan_clusters {
	size_t		  n;
	size_t		 *of;		/* per asset: its cluster, or SIZE_MAX */
	int		 *max_down;	/* per cluster, from the policy */
	const char	**name;		/* per cluster (an asset's string) */
	size_t		 *first;	/* n + 1 */
	size_t		 *member;	/* asset indexes, ascending per cluster */
};

void	plan_clusters_make(const struct plan_input *, struct plan_clusters *);
void	plan_clusters_free(struct plan_clusters *);

/* Do two placements (neighbours in a plan) belong to one wave? */
int	plan_same_wave(const struct placement *, const struct placement *);
/* Does b (of in->blocks), one asset's, lie wholly inside [s, e), a window
 * occurrence? Of its own provider maintenance (PLAN_BLOCK_PROVIDER: the
 * caller checks), that is downtime the window has anyway: the provider's
 * restart and ours are one (a moved EC2 event, say). The planner lets such
 * a window take the asset and the checker says it as a warning. */
int	plan_block_inside(const struct interval *b, int64_t s, int64_t e);
void	plan_free(struct plan *);
/* Minutes an asset's placement takes: its patching, and its reboot when it
 * must reboot; with no patch pending but a pending reboot, the reboot alone. */
int	plan_work_minutes(const struct asset *, const struct deadline *);
/* The stage an asset belongs to: the first whose selector matches; nstages
 * when none does. */
size_t	plan_stage_of(const struct policy *, const struct asset *);

/* repair.c */
/* Make a plan: the greedy, then a bounded local search that repairs it
 * (docs/planner-design.md, "Repair"). Same input, same plan. -1 when
 * cancelled (in->cancel). */
int	plan_make(const struct plan_input *, struct plan *);

#endif
