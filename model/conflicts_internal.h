/* Inside the conflict checker (model/conflicts.c, its pass files, and
 * conflict_text.c): what they share. Other modules use conflicts.h. */
#ifndef PW_CONFLICTS_INTERNAL_H
#define PW_CONFLICTS_INTERNAL_H

#include "civil.h"
#include "conflicts.h"

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
