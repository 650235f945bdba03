/* SHA-256 as lowercase hex, through Nettle (docs/dependencies.md). */
#ifndef PW_SHA256_H
#define PW_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN	64

/* The digest of n bytes as 64 hex digits and a NUL in out. */
void	sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN + 1]);
/* The same, step bytes at a time, telling done(arg, upto) (when not NULL)
 * how far it has read after each: a mapped file's pages can be dropped
 * behind it, not all kept until the end. */
void	sha256_hex_steps(const void *data, size_t n, size_t step,
	    void (*done)(void *, size_t), void *arg, char out[SHA256_HEX_LEN + 1]);

#endif
