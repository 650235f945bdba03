/* Growable byte buffers and small string helpers shared by every layer. */
#ifndef PW_BUF_H
#define PW_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A NUL-terminated byte string that grows by doubling; zero-initialise to use. */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

void	 buf_add(struct buf *, const char *, size_t);	/* append bytes */
void	 buf_adds(struct buf *, const char *);		/* append a C string */
void	 buf_addc(struct buf *, char);			/* append one byte */
void	 buf_printf(struct buf *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));	/* append formatted */
void	 buf_reset(struct buf *);			/* empty, keep memory */
void	 buf_free(struct buf *);			/* release memory */
const char *buf_str(const struct buf *);		/* "" when empty */
char	*buf_detach(struct buf *);			/* caller frees result */

void	*xmalloc(size_t);				/* abort on OOM */
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Grow *v (of *cap elements of size sz) so index n fits; doubles. */
void	*xgrow(void *v, size_t *cap, size_t n, size_t sz);
/* s without the white space around it: the end cut in place, the start
 * skipped (the result points into s). */
char	*str_trim(char *s);

#endif
