/* A string-to-index hash map (open addressing); keys are copied (into the
 * map's arena: no malloc per key). */
#ifndef PW_STRMAP_H
#define PW_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct strmap_slot;

struct strmap {
	struct strmap_slot	*v;
	size_t			 n, cap;
	struct arena		 keys;
};

/* Index stored for key, or (size_t)-1. */
size_t	strmap_get(const struct strmap *, const char *key);
/* Store val for key (replacing). */
void	strmap_put(struct strmap *, const char *key, size_t val);
/* The index stored for key; when there is none, store val and return it:
 * numbering names as they come in one probe instead of a get and a put. */
size_t	strmap_intern(struct strmap *, const char *key, size_t val);
void	strmap_free(struct strmap *);

#endif
