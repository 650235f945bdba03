/* What a change touches in a checked plan: its waves' windows and assets,
 * the conflicts involving it, the provider maintenance and freezes near its
 * windows, and the facts its suggested risk and impact and its submission
 * gate follow from. Domain work only: storage writes it as the change's
 * snapshot (storage/snapshot.c). */
#ifndef PW_CHANGE_TOUCH_H
#define PW_CHANGE_TOUCH_H

#include <stddef.h>
#include <stdint.h>

#include "change.h"
#include "conflicts.h"
#include "planner.h"

/* A checked plan as the touch reads it; all borrowed. */
struct touch_plan {
	const struct plan_input		*in;
	const struct plan		*p;
	const long long			*wave_ids;	/* per placement */
	const size_t			*first;		/* plan_waves() */
	size_t				 nwaves;
	const struct conflict_list	*cl;
};

struct touch_window {
	long long	 wave;
	const char	*stage, *window;	/* borrowed from the plan */
	int64_t		 start_utc, end_utc;
};

struct touch_conflict {
	size_t		 conflict;	/* index into cl */
	int64_t		 fingerprint;
	int		 acknowledged;
};

struct touch_block {
	const char	*kind;		/* "provider" or "freeze" */
	const char	*label;		/* borrowed */
	int64_t		 start_utc, end_utc;
};

struct change_touch {
	unsigned char		*in_change;	/* per asset index */
	struct touch_window	*windows;	/* one per wave, plan order */
	size_t			 nwindows;
	size_t			*placements;	/* the change's, plan order */
	size_t			 nplacements;
	struct touch_conflict	*conflicts;	/* in the list's order */
	size_t			 nconflicts;
	struct touch_block	*blocks;	/* a day either side, at most
						   TOUCH_MAX_BLOCKS */
	size_t			 nblocks;
	struct change_facts	 f;
	int64_t			 start_utc, end_utc;	/* 0 when nothing placed */
};

#define TOUCH_MAX_BLOCKS	200

/* What these waves of the plan touch. acked(arg, fingerprint) says whether
 * a warning was acknowledged (NULL: none was). The caller frees *t with
 * change_touch_free(). */
void	change_touch_make(const struct touch_plan *, const long long *waves,
	    size_t nwaves, int (*acked)(void *, int64_t fingerprint), void *arg,
	    struct change_touch *t);
void	change_touch_free(struct change_touch *);
/* Is wave id one of waves[0..n)? (A change names a handful.) */
int	change_waves_have(const long long *waves, size_t n, long long id);
/* SHA-256 (hex) over these waves as the plan has them: their windows and
 * members with their times, and with settings their windows' reboot,
 * concurrency and cutoff (0: as a patchwave before them took it).
 * Submitting keeps it; a change whose digest differs later has had its
 * waves changed. */
void	change_waves_digest(const struct touch_plan *, const long long *waves,
	    size_t nwaves, int settings, char out[65]);

#endif
