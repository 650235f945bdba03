/* The planner's greedy, for the search that repairs its plans (repair.c):
 * the inputs joined once, then any number of runs over orders of the
 * candidates. Internal to model/: planner.h is the contract. */
#ifndef PW_PLANNER_RUN_H
#define PW_PLANNER_RUN_H

#include "planner.h"

/* An asset to plan. */
struct cand {
	size_t	asset;
	size_t	stage;
	int64_t	due;
	int64_t	release;	/* no slot starting earlier takes it */
	int	reboot;
	int	work;		/* plan_work_minutes: made with the rest in
				   asset order, not read as the planner meets
				   the asset (at a million, a cache miss) */
};

struct planner;

/* planner.c */
struct planner *planner_new(const struct plan_input *);
void	planner_free(struct planner *);
/* The candidates in stage, deadline, key order (the caller frees them). */
size_t	planner_cands(const struct planner *, struct cand **);
/* How one run goes; all may be zero. */
struct run_opts {
	/* held[q]: cands[q] is left out on purpose. */
	const unsigned char *held;
	/* Per stage (policy stages, and one past them for assets in none): no
	 * asset of it may end later (the repair ends a stage early so the next
	 * opens earlier); NULL: no such limit. */
	const int64_t	*stage_end;
	/* Two passes per stage (see planner.c): late[q] (nc of them) set for
	 * an asset the first pass deferred, and *redo when that may have cost
	 * an asset its window. */
	int		 mh;
	size_t		*late;
	int		*redo;
};

/* One plan, candidates taken in the order given (grouped by stage, stages
 * ascending). The plan is sorted as planner.h says. -1 when cancelled. */
int	planner_run(struct planner *, const struct cand *cands, size_t nc,
	    const struct run_opts *, struct plan *out);
/* Slot tests made by every run so far, and cluster members' intervals
 * walked for them: the search's budget is counted in them, so the same
 * input spends the same work, whatever the machine. */
unsigned long planner_tests(const struct planner *);

/* repair.c: plan_make (planner.h) is the greedy and then this search. */

#endif
