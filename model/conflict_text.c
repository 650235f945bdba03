/* What a conflict says: its sentence, written only for the conflicts shown,
 * and its fingerprint, what it is about whatever the wording. */
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "conflicts_internal.h"

/* Each code's sentence, from the code list. */
static conflict_say_fn *const sentences[C_COUNT] = {
#define CONFLICT_SENTENCE(code, say, meaning)	[C_##code] = say,
	CONFLICT_CODES(CONFLICT_SENTENCE)
#undef CONFLICT_SENTENCE
};

void
conflict_message(const struct plan_input *in, const struct conflict *k, struct buf *out)
{
	if ((unsigned)k->code < C_COUNT)
		sentences[k->code](in, k, out);
}

/* FNV-1a, 64 bits: a million fingerprints collide with odds near 1e-8. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t
fnv_str(uint64_t h, const char *s)
{
	return fnv(h, s, strlen(s) + 1);	/* the NUL separates fields */
}

/* What a conflict is about, not its wording: its code, the start of its
 * wave's window occurrence and the wave's stage, its assets' keys and the
 * other party (a provider's event or a freeze with its times), hashed.
 * Stable across a reload, so a baseline made when the plan was saved still
 * knows the conflict later. */
int64_t
conflict_fingerprint(const struct plan_input *in, const struct plan *p, const size_t *first,
    const struct conflict *x)
{
	uint64_t h = fnv_str(0xcbf29ce484222325ULL, conflict_code_name(x->code));

	if (x->wave != SIZE_MAX) {
		const struct placement *pl = &p->v[first[x->wave]];
		int64_t start = in->slots[pl->slot].start_utc;
		uint64_t stage = pl->stage;
		h = fnv(h, &start, sizeof start);
		h = fnv(h, &stage, sizeof stage);
	}
	h = fnv(h, "", 1);
	for (size_t j = 0; j < x->nassets; j++)
		h = fnv_str(h, in->assets[x->assets[j]].key);
	h = fnv(h, "", 1);
	h = fnv_str(h, x->other ? x->other : "");
	/* A provider's event or a freeze is also when it falls: two alike in
	 * words (EC2 says "scheduled reboot" of every reboot) on one asset in
	 * one wave are two conflicts, and one the provider moved is another
	 * (an acknowledgement said when it fell). */
	if (x->code == C_PROVIDER_OVERLAP || x->code == C_DEPENDENCY_MAINTENANCE ||
	    x->code == C_FREEZE) {
		h = fnv(h, &x->at, sizeof x->at);
		h = fnv(h, &x->until, sizeof x->until);
	}
	return (int64_t)h;
}
