/* SHA-256 as lowercase hex, through Nettle (docs/dependencies.md). */
#ifndef PW_SHA256_H
#define PW_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN	64

/* The digest of n bytes as 64 hex digits and a NUL in out. */
void	sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN + 1]);

#endif
