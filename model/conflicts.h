/* The conflict checker: every way a plan, proposed or edited, is in trouble,
 * each with a reason code, a severity, who is involved and one sentence. */
#ifndef PW_CONFLICTS_H
#define PW_CONFLICTS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "conflict_codes.h"
#include "planner.h"

/* The codes, their names and meanings: conflict_codes.h, one list. */

/* 64 bytes: a million-asset plan has some 700,000 of them. */
struct conflict {
	enum conflict_code code;
	int		 error;		/* 1: error, 0: warning */
	size_t		 wave;		/* index into the plan's waves; SIZE_MAX: none */
	size_t		*assets;	/* asset indexes, ascending: one in the
					   list's arena, more on the heap */
	size_t		 nassets;
	const char	*other;		/* the event, cluster or deadline involved:
					   the input's text (a cluster's name in
					   the list's arena) */
	/* What its sentence is made of (conflict_message): values, not text, so
	 * that only the conflicts shown are ever written out. */
	int64_t		 at;		/* when (UTC); STAGE_ORDER: when the
					   earlier stage has soaked */
	unsigned	 slot;		/* the window occurrence; UINT_MAX: none */
	int		 count, limit;	/* at once, and lanes or members allowed;
					   STAGE_ORDER: the wave's stage and the
					   earlier one */
	int64_t		 until;		/* CLUSTER_DOWN: when the first of the
					   members down at once is up again;
					   STAGE_STRAGGLER: the stage's gate */
};

struct conflict_list {
	struct conflict	*v;
	size_t		 n, cap;
	struct arena	 strings;	/* one-asset lists, cluster names */
};

/* conflicts.c */
/* The waves of a plan: a wave is a run of placements with one (slot, stage);
 * wave_of[i] is placement i's wave, first[w] its first placement. Caller frees
 * both; returns the number of waves. */
size_t	plan_waves(const struct plan *, size_t **wave_of, size_t **first);
/* Check the plan against its input (block names from its labels). Conflicts
 * come sorted by code, wave, then first asset (by index: key order when the
 * assets come sorted by key, as storage gives them). */
int	conflicts_check(const struct plan_input *, const struct plan *,
	    struct conflict_list *);
void	conflict_list_free(struct conflict_list *);

/* conflict_text.c */
/* Append the conflict's one sentence to out, from the input it was checked
 * against (names, deadlines, the policy), which must still be alive. */
void	conflict_message(const struct plan_input *, const struct conflict *,
	    struct buf *out);
/* What a conflict is about, hashed (64-bit FNV-1a of its code, its wave's
 * window start and stage, its assets' keys and the other party, with the
 * times of a provider's event or a freeze), not its
 * wording: stable across reloads, so a baseline or an acknowledgement made
 * earlier still knows it. first: plan_waves()' first placements. */
int64_t	conflict_fingerprint(const struct plan_input *, const struct plan *,
	    const size_t *first, const struct conflict *);

/* proposals.c */
/* Where else these placed assets could go together (in->cancel stops the
 * search with what was found so far): up to max slots,
 * nearest in start time to the first one's, into which moving them
 * (everything else staying where it is) gives them no error (no more
 * deadline breaches than they have already) and nobody else a new one.
 * Windows that cannot take them at a glance (selector, reboots, capacity,
 * their freezes and provider maintenance) are skipped; each other candidate
 * is tried for real, at most tries of them: the plan is remade with every
 * placed asset pinned, these pinned to the candidate, then checked. Returns
 * how many were found, in *slots (nearest first). */
size_t	conflicts_proposals(const struct plan_input *, const struct plan *,
	    const size_t *assets, size_t nassets, size_t *slots, size_t max,
	    size_t tries);
/* A provider's event on an asset, movable (in->block_latest), that collides
 * with the asset's wave: where asking the provider to start it would put it
 * in one of our windows before its latest start. */
struct provider_move {
	size_t	conflict;	/* the PROVIDER_OVERLAP it answers (list index) */
	size_t	asset;
	size_t	block;		/* in->blocks: the occurrence on the asset */
	size_t	slot;		/* the window occurrence it would start in */
	int64_t	at;		/* the start to ask for (UTC) */
};
/* Every such move for the conflicts of cl, in conflict order, into *out
 * (caller frees); returns how many. */
size_t	conflicts_provider_moves(const struct plan_input *, const struct plan *,
	    const struct conflict_list *, struct provider_move **out);

#endif
