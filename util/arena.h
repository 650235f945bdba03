/* A bump allocator for many small strings that die together (one record's
 * fields): no per-string malloc or free. */
#ifndef PW_ARENA_H
#define PW_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;	/* the chunk being filled; older ones after */
};

/* A copy of s[0..n) with a NUL, owned by the arena. */
char	*arena_strndup(struct arena *, const char *s, size_t n);
/* n bytes aligned for any scalar, owned by the arena (not zeroed). */
void	*arena_alloc(struct arena *, size_t n);
/* Forget every string (keep the first chunk for reuse). */
void	arena_reset(struct arena *);
void	arena_free(struct arena *);

#endif
