/* Undo blobs (undo_pack.h). Members: a tag byte (1), the count and the time
 * unit (60 when every time is a whole minute, else 1) as varints, then the
 * members sorted by wave then asset, a wave at a time: the wave id's rise
 * from the previous wave's (at least 1: ids are above 0) and how many members
 * it has (at least 1), then per member the asset id's rise from the previous
 * member's of the wave (from 0: at least 1) shifted left once, pinned in its
 * low bit; the start's change from the previous member's, zigzagged; the
 * length (end - start). Times in units. Ids: a tag byte (2), the count, then
 * the rises (at least 1) of the sorted ids. Varints are LEB128, at most 10
 * bytes. At 100k assets in a few big waves a member takes under 4 bytes (a
 * row of undo_members took 38 with its index and undo_assets' row).
 * Arithmetic on times wraps in uint64_t, so every int64_t value comes back
 * exactly. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "undo_pack.h"

#define TAG_MEMBERS	1
#define TAG_IDS		2
#define MEMBER_MIN	3	/* bytes a member takes at least */

struct out {
	unsigned char	*b;
	size_t		 len, cap;
};

static void
put(struct out *o, uint64_t v)
{
	if (o->len + 10 > o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->b = xrealloc(o->b, o->cap);
	}
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		o->b[o->len++] = c | (v ? 0x80 : 0);
	} while (v);
}

static uint64_t
zig(uint64_t d)
{
	return (d << 1) ^ (uint64_t)-(int64_t)(d >> 63);
}

static uint64_t
unzig(uint64_t z)
{
	return (z >> 1) ^ (uint64_t)-(int64_t)(z & 1);
}

struct in {
	const unsigned char	*b;
	size_t			 len, at;
};

/* The next varint into *v; -1 at the end of the blob or on one longer than
 * 64 bits. */
static int
get(struct in *in, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (in->at >= in->len)
			return -1;
		unsigned char c = in->b[in->at++];
		if (shift == 63 && (c & 0x7e))
			return -1;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return 0;
	}
	return -1;
}

static int
by_wave_asset(const void *a, const void *b)
{
	const struct undo_member *x = a, *y = b;

	if (x->wave_id != y->wave_id)
		return x->wave_id < y->wave_id ? -1 : 1;
	return (x->asset_id > y->asset_id) - (x->asset_id < y->asset_id);
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Each asset once: an asset is in one wave. */
static int
assets_once(const struct undo_member *v, size_t n, struct pw_error *err)
{
	int64_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].asset_id;
	if (n > 1)
		qsort(ids, n, sizeof *ids, by_id);
	for (size_t i = 1; i < n && rc == 0; i++)
		if (ids[i] == ids[i - 1]) {
			pw_error_set(err, NULL, 0, "undo: asset %lld is in two waves",
			    (long long)ids[i]);
			rc = -1;
		}
	free(ids);
	return rc;
}

int
undo_pack_members(struct undo_member *v, size_t n, unsigned char **out,
    size_t *len, struct pw_error *err)
{
	struct out o = { 0 };
	uint64_t unit = 60, wave = 0, asset = 0, start = 0;

	*out = NULL;
	*len = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].asset_id <= 0 || v[i].wave_id <= 0 ||
		    (v[i].pinned != 0 && v[i].pinned != 1)) {
			pw_error_set(err, NULL, 0, "undo: cannot keep asset %lld in wave "
			    "%lld (pinned %d)", (long long)v[i].asset_id,
			    (long long)v[i].wave_id, v[i].pinned);
			return -1;
		}
		if (v[i].start_utc % 60 != 0 || v[i].end_utc % 60 != 0)
			unit = 1;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, by_wave_asset);
	if (assets_once(v, n, err) != 0)
		return -1;
	o.b = xmalloc(o.cap = 16 + n * 6);
	o.b[o.len++] = TAG_MEMBERS;
	put(&o, n);
	put(&o, unit);
	for (size_t i = 0; i < n; i++) {
		uint64_t w = (uint64_t)v[i].wave_id, a = (uint64_t)v[i].asset_id;
		uint64_t s = (uint64_t)(v[i].start_utc / (int64_t)unit);
		uint64_t e = (uint64_t)(v[i].end_utc / (int64_t)unit);

		if (w != wave) {
			size_t k = i + 1;
			while (k < n && v[k].wave_id == v[i].wave_id)
				k++;
			put(&o, w - wave);
			put(&o, k - i);
			asset = 0;
		}
		put(&o, (a - asset) << 1 | (uint64_t)v[i].pinned);
		put(&o, zig(s - start));
		put(&o, e - s);
		wave = w;
		asset = a;
		start = s;
	}
	*out = o.b;
	*len = o.len;
	return 0;
}

/* A malformed blob: say where, free what was read. */
static int
malformed(struct pw_error *err, const char *what, size_t at, void **v)
{
	pw_error_set(err, NULL, 0, "malformed undo blob: %s at byte %zu", what, at);
	free(*v);
	*v = NULL;
	return -1;
}

int
undo_unpack_members(const unsigned char *b, size_t len, struct undo_member **out,
    size_t *n, struct pw_error *err)
{
	struct in in = { b, len, 1 };
	uint64_t count, unit, wave = 0, asset = 0, start = 0, left = 0, x;
	struct undo_member *v = NULL;

	*out = NULL;
	*n = 0;
	if (len < 1 || b[0] != TAG_MEMBERS)
		return malformed(err, "not a members blob", 0, (void **)&v);
	if (get(&in, &count) != 0 || get(&in, &unit) != 0)
		return malformed(err, "a header cut short", in.at, (void **)&v);
	if (unit != 1 && unit != 60)
		return malformed(err, "a time unit other than 1 or 60", in.at, (void **)&v);
	/* A count the bytes left cannot hold is refused before allocating. */
	if (count > (len - in.at) / MEMBER_MIN)
		return malformed(err, "more members than bytes", in.at, (void **)&v);
	v = xmalloc((count ? count : 1) * sizeof *v);
	for (size_t i = 0; i < count; i++) {
		uint64_t dw, da, ds, dl;

		/* A wave: its id rises and stays within int64_t, and it has
		 * members, no more than are left. */
		if (left == 0) {
			if (get(&in, &dw) != 0 || get(&in, &left) != 0)
				return malformed(err, "a wave cut short", in.at, (void **)&v);
			if (dw == 0 || dw > (uint64_t)INT64_MAX - wave)
				return malformed(err, "waves out of order", in.at, (void **)&v);
			if (left == 0 || left > count - i)
				return malformed(err, "a wave's count", in.at, (void **)&v);
			wave += dw;
			asset = 0;
		}
		left--;
		if (get(&in, &da) != 0 || get(&in, &ds) != 0 || get(&in, &dl) != 0)
			return malformed(err, "a member cut short", in.at, (void **)&v);
		v[i].pinned = (int)(da & 1);
		da >>= 1;
		if (da == 0 || da > (uint64_t)INT64_MAX - asset)
			return malformed(err, "ids out of order", in.at, (void **)&v);
		asset += da;
		start += unzig(ds);
		x = start + dl;
		v[i].wave_id = (int64_t)wave;
		v[i].asset_id = (int64_t)asset;
		v[i].start_utc = (int64_t)(start * unit);
		v[i].end_utc = (int64_t)(x * unit);
	}
	if (in.at != len)
		return malformed(err, "bytes past the last member", in.at, (void **)&v);
	if (assets_once(v, count, err) != 0) {
		free(v);
		return -1;
	}
	*out = v;
	*n = count;
	return 0;
}

int
undo_pack_ids(int64_t *v, size_t n, unsigned char **out, size_t *len,
    struct pw_error *err)
{
	struct out o = { 0 };
	uint64_t prev = 0;

	*out = NULL;
	*len = 0;
	if (n > 1)
		qsort(v, n, sizeof *v, by_id);
	for (size_t i = 0; i < n; i++)
		if (v[i] <= 0 || (i > 0 && v[i] == v[i - 1])) {
			pw_error_set(err, NULL, 0, "undo: cannot keep asset id %lld",
			    (long long)v[i]);
			return -1;
		}
	o.b = xmalloc(o.cap = 16 + n * 2);
	o.b[o.len++] = TAG_IDS;
	put(&o, n);
	for (size_t i = 0; i < n; i++) {
		put(&o, (uint64_t)v[i] - prev);
		prev = (uint64_t)v[i];
	}
	*out = o.b;
	*len = o.len;
	return 0;
}

int
undo_unpack_ids(const unsigned char *b, size_t len, int64_t **out, size_t *n,
    struct pw_error *err)
{
	struct in in = { b, len, 1 };
	uint64_t count, prev = 0, d;
	int64_t *v = NULL;

	*out = NULL;
	*n = 0;
	if (len < 1 || b[0] != TAG_IDS)
		return malformed(err, "not an ids blob", 0, (void **)&v);
	if (get(&in, &count) != 0)
		return malformed(err, "a header cut short", in.at, (void **)&v);
	if (count > len - in.at)
		return malformed(err, "more ids than bytes", in.at, (void **)&v);
	v = xmalloc((count ? count : 1) * sizeof *v);
	for (size_t i = 0; i < count; i++) {
		if (get(&in, &d) != 0)
			return malformed(err, "an id cut short", in.at, (void **)&v);
		if (d == 0 || d > (uint64_t)INT64_MAX - prev)
			return malformed(err, "ids out of order", in.at, (void **)&v);
		prev += d;
		v[i] = (int64_t)prev;
	}
	if (in.at != len)
		return malformed(err, "bytes past the last id", in.at, (void **)&v);
	*out = v;
	*n = count;
	return 0;
}
