/* Bump allocation in chunks; a reset keeps one chunk so a loop that resets per
 * record allocates nothing in the steady state. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

#define CHUNK_BYTES	8192

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used, size;
	char			 data[];
};

static struct arena_chunk *
chunk_new(size_t min, struct arena_chunk *next)
{
	size_t size = min > CHUNK_BYTES ? min : CHUNK_BYTES;
	struct arena_chunk *c = xmalloc(sizeof *c + size);

	c->next = next;
	c->used = 0;
	c->size = size;
	return c;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	struct arena_chunk *c = a->head;
	char *p;

	if (c == NULL || c->size - c->used < n + 1)
		c = a->head = chunk_new(n + 1, c);
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t at = c ? (c->used + 7) & ~(size_t)7 : 0;

	if (c == NULL || at > c->size || c->size - at < n) {
		c = a->head = chunk_new(n, c);
		at = 0;
	}
	c->used = at + n;
	return c->data + at;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *c = a->head, *keep = NULL;

	/* Keep the last (oldest) chunk: the first ever made, of the usual size. */
	while (c) {
		struct arena_chunk *next = c->next;
		if (next == NULL)
			keep = c;
		else
			free(c);
		c = next;
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}
