/* A string-to-index hash map (open addressing); keys are copied. */
#ifndef PW_STRMAP_H
#define PW_STRMAP_H

#include <stddef.h>

struct strmap {
	char	**keys;
	size_t	 *vals;
	size_t	  n, cap;
};

/* Index stored for key, or (size_t)-1. */
size_t	strmap_get(const struct strmap *, const char *key);
/* Store val for key (replacing). */
void	strmap_put(struct strmap *, const char *key, size_t val);
void	strmap_free(struct strmap *);

#endif
