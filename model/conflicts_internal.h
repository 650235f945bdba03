/* Inside the conflict checker (model/conflicts.c, its pass files, and
 * conflict_text.c): what they share. Other modules use conflicts.h. */
#ifndef PW_CONFLICTS_INTERNAL_H
#define PW_CONFLICTS_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "civil.h"
#include "conflicts.h"

/* The checker's context, made once by conflicts_check() and read by every
 * pass; a pass's own working state stays in its file. */
struct ck {
	const struct plan_input	*in;
	unsigned char		*mcache;	/* plan_scope_match's */
	const struct plan	*plan;
	size_t			*wave_of, *first, nwaves;	/* plan_waves' */
	size_t			*ord;	/* placements wave by wave, each wave's
					   in asset order (see asset_order) */
	size_t			*by_asset, *asset_at;	/* asset a's placements
						   are by_asset[asset_at[a]]
						   up to asset_at[a + 1] (an
						   edited plan may have two) */
	struct conflict_list	*out;
};

/* A pass: one rule, or a few that read the same things, run once per check
 * (conflicts.c's table, in order). check appends to c->out; emits has
 * CONFLICT_BIT(code) for every code it may raise, and a unit test holds
 * each code to exactly one pass. */
struct conflict_pass {
	const char	*name;
	void		(*check)(struct ck *);
	uint32_t	 emits;
};

#define CONFLICT_BIT(code)	(UINT32_C(1) << (code))
_Static_assert(C_COUNT <= 32, "a pass's emits has a bit per code");

/* conflicts.c */
extern const struct conflict_pass conflict_passes[];
extern const size_t nconflict_passes;
/* conflicts_check() with these passes only, in this order (a test runs them
 * one at a time to see each raises only what it declares). */
int	conflicts_check_passes(const struct plan_input *, const struct plan *,
	    const struct conflict_pass *, size_t npasses, struct conflict_list *);

/* The passes, one file each. */
void	check_placements(struct ck *);	/* check_placements.c */
void	check_unplanned(struct ck *);	/* check_unplanned.c */
void	check_waves(struct ck *);	/* check_waves.c */
void	check_blocks(struct ck *);	/* check_blocks.c */
void	check_clusters(struct ck *);	/* check_clusters.c */
void	check_stages(struct ck *);	/* check_stages.c */
void	check_accepted(struct ck *);	/* check_accepted.c */
void	check_past(struct ck *);	/* check_past.c */

/* A new conflict in c->out (the list grows; pointers into it from before do
 * not survive): no assets yet, slot UINT_MAX when none, other "" when NULL.
 * Inline, as every pass calls it in its loops. */
static inline struct conflict *
add(struct ck *c, enum conflict_code code, int error, size_t wave, size_t slot,
    const char *other)
{
	struct conflict_list *l = c->out;
	struct conflict *k;

	l->v = xgrow(l->v, &l->cap, l->n, sizeof *l->v);
	k = &l->v[l->n++];
	memset(k, 0, sizeof *k);
	k->code = code;
	k->error = error;
	k->wave = wave;
	k->slot = slot < UINT_MAX ? (unsigned)slot : UINT_MAX;
	k->assets = arena_alloc(&l->strings, sizeof *k->assets);
	k->other = other ? other : "";
	return k;
}

/* Most conflicts name one asset: its slot comes from the arena with the
 * conflict; a second moves the list to the heap, grown by doubling. */
static inline void
add_asset(struct conflict *k, size_t asset)
{
	size_t n = k->nassets;

	if (n == 1) {
		size_t *v = xmalloc(4 * sizeof *v);
		v[0] = k->assets[0];
		k->assets = v;
	} else if (n >= 4 && (n & (n - 1)) == 0)
		k->assets = xrealloc(k->assets, 2 * n * sizeof *k->assets);
	k->assets[k->nassets++] = asset;
}

/* One past wave w's last placement (its first is c->first[w]). */
static inline size_t
wave_end(const struct ck *c, size_t w)
{
	return w + 1 < c->nwaves ? c->first[w + 1] : c->plan->n;
}

/* A code's sentence, which conflict_message() calls: one per code, named in
 * the code list (conflict_codes.h) and defined beside the pass that raises
 * the code. A row without its function does not link. */
typedef void conflict_say_fn(const struct plan_input *, const struct conflict *,
    struct buf *);
#define CONFLICT_SAY(code, say, meaning)	conflict_say_fn say;
CONFLICT_CODES(CONFLICT_SAY)
#undef CONFLICT_SAY

/* What sentences are made of: the first asset's hostname and deadline ("?"
 * and NULL when the conflict names no asset), its window occurrence (NULL,
 * its name "?", when none), and an instant as "YYYY-MM-DDTHH:MM:SSZ" written
 * into buf (32 bytes) and returned. */
static inline const char *
conflict_host(const struct plan_input *in, const struct conflict *k)
{
	return k->nassets ? in->assets[k->assets[0]].hostname : "?";
}

static inline const struct deadline *
conflict_deadline(const struct plan_input *in, const struct conflict *k)
{
	return k->nassets ? &in->deadlines[k->assets[0]] : NULL;
}

static inline const struct slot *
conflict_slot(const struct plan_input *in, const struct conflict *k)
{
	return k->slot < in->nslots ? &in->slots[k->slot] : NULL;
}

static inline const char *
conflict_window(const struct plan_input *in, const struct conflict *k)
{
	const struct slot *sl = conflict_slot(in, k);

	return sl ? sl->name : "?";
}

static inline const char *
conflict_when(int64_t t, char *buf)
{
	utc_format(t, buf);
	return buf;
}

#endif
