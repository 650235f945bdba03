/* Interval sweeps: who overlaps whom, and how many are down at once, by sorting
 * and sweeping instead of comparing every pair (the conflict checker's core). */
#ifndef PW_SWEEP_H
#define PW_SWEEP_H

#include <stddef.h>
#include <stdint.h>

/* A half-open interval [start, end) of UTC seconds with a caller's tag. An
 * empty interval (end <= start) covers its start instant only. */
struct interval {
	int64_t	start, end;
	size_t	tag;		/* the caller's index: an asset, a wave, an event */
	size_t	group;		/* sweep_groups(): a cluster, say */
};

/* Sort v[0..n) stably by before (a strict order: is a before b?). A merge
 * sort that moves intervals whole: qsort moves 32-byte elements a byte copy
 * at a time, which at 100k intervals costs more than the comparisons. */
void	interval_sort(struct interval *v, size_t n,
	    int (*before)(const struct interval *, const struct interval *));

/* Call pair(arg, i, j) for every i in a[] and j in b[] that overlap, a's order
 * of i then j unspecified; a non-zero return stops. Sorts a and b in place.
 * Cost: sorting plus the pairs found. */
int	sweep_pairs(struct interval *a, size_t na, struct interval *b, size_t nb,
	    int (*pair)(void *, const struct interval *, const struct interval *),
	    void *arg);

/* For each group (intervals sharing .group), find every episode in which more
 * than limit(arg, group) of its intervals are active together, and call
 * over(arg, group, at, members, n) once per episode, at the moment it begins,
 * with the intervals active then; a non-zero return stops. Sorts v in place. */
int	sweep_groups(struct interval *v, size_t n,
	    int (*limit)(void *, size_t group),
	    int (*over)(void *, size_t group, int64_t at, const struct interval *const *,
	    size_t), void *arg);

/* Sort the keys v[0..n) by their low bits (a stable LSD radix sort; the
 * fields of a packed key at most that wide), v[n..2n) the room it takes:
 * no comparisons, a few passes over memory where qsort's n log n
 * comparisons and moves miss the caches at a million keys. */
void	key_sort(uint64_t *v, size_t n, unsigned bits);

#endif
