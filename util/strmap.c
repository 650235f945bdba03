/* Open-addressing hash map from strings to indexes, FNV-1a hashed, grown at 50%
 * load so probes stay short for million-host inventories. Each slot keeps its
 * key's hash beside the key, so a probe that meets another key costs one
 * compare of integers in the slot already fetched, not a trip to the string
 * (at a million keys that trip is a cache miss). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

struct strmap_slot {
	uint64_t	 hash;
	char		*key;		/* NULL: empty */
	size_t		 val;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot holding key, or the empty one where it would go. */
static struct strmap_slot *
find(const struct strmap *m, const char *key, uint64_t h)
{
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot *s = &m->v[i];
		if (s->key == NULL || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

size_t
strmap_get(const struct strmap *m, const char *key)
{
	if (m->cap == 0)
		return (size_t)-1;
	struct strmap_slot *s = find(m, key, hash(key));
	return s->key ? s->val : (size_t)-1;
}

static void
grow(struct strmap *m)
{
	struct strmap old = *m;

	m->cap = m->cap ? m->cap * 2 : 64;
	m->v = xcalloc(m->cap, sizeof *m->v);
	for (size_t i = 0; i < old.cap; i++)
		if (old.v[i].key)
			*find(m, old.v[i].key, old.v[i].hash) = old.v[i];
	free(old.v);
}

/* The slot for key, made (empty of a value) when missing; *fresh says so. */
static struct strmap_slot *
slot_for(struct strmap *m, const char *key, int *fresh)
{
	uint64_t h = hash(key);
	struct strmap_slot *s;

	if (m->cap) {
		s = find(m, key, h);
		if (s->key) {
			*fresh = 0;
			return s;
		}
	}
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	s = find(m, key, h);
	s->hash = h;
	s->key = arena_strndup(&m->keys, key, strlen(key));
	m->n++;
	*fresh = 1;
	return s;
}

void
strmap_put(struct strmap *m, const char *key, size_t val)
{
	int fresh;

	slot_for(m, key, &fresh)->val = val;
}

size_t
strmap_intern(struct strmap *m, const char *key, size_t val)
{
	int fresh;
	struct strmap_slot *s = slot_for(m, key, &fresh);

	if (fresh)
		s->val = val;
	return s->val;
}

void
strmap_free(struct strmap *m)
{
	arena_free(&m->keys);
	free(m->v);
	memset(m, 0, sizeof *m);
}
