/* SHA-256 through Nettle. */
#include <stdint.h>

#include <nettle/sha2.h>

#include "sha256.h"

void
sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN + 1])
{
	sha256_hex_steps(data, n, n, NULL, NULL, out);
}

void
sha256_hex_steps(const void *data, size_t n, size_t step,
    void (*done)(void *, size_t), void *arg, char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = data;
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	size_t at = 0;
	do {
		size_t k = step > 0 && n - at > step ? step : n - at;
		sha256_update(&ctx, k, p + at);
		at += k;
		if (done)
			done(arg, at);
	} while (at < n);
	sha256_digest(&ctx, sizeof d, d);
	for (size_t i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}
