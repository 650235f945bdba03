/* Open-addressing hash map from strings to indexes, FNV-1a hashed, grown at 50%
 * load so probes stay short for 100k-host inventories. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

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

size_t
strmap_get(const struct strmap *m, const char *key)
{
	if (m->cap == 0)
		return (size_t)-1;
	for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == NULL)
			return (size_t)-1;
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

static void
insert(struct strmap *m, char *key, size_t val)
{
	size_t i = hash(key) & (m->cap - 1);

	while (m->keys[i] != NULL)
		i = (i + 1) & (m->cap - 1);
	m->keys[i] = key;
	m->vals[i] = val;
}

void
strmap_put(struct strmap *m, const char *key, size_t val)
{
	if (m->cap) {
		for (size_t i = hash(key) & (m->cap - 1); m->keys[i];
		    i = (i + 1) & (m->cap - 1))
			if (strcmp(m->keys[i], key) == 0) {
				m->vals[i] = val;
				return;
			}
	}
	if ((m->n + 1) * 2 > m->cap) {
		struct strmap old = *m;
		m->cap = m->cap ? m->cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->vals = xcalloc(m->cap, sizeof *m->vals);
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i])
				insert(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	insert(m, xstrdup(key), val);
	m->n++;
}

void
strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
