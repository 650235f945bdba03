/* Keyset paging of asset lists (see pager.h). */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "pager.h"

static char *
dup(const char *s)
{
	return xstrdup(s ? s : "");
}

static void
rows_free(struct pager *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct prow *r = &p->v[i];
		free(r->key);
		free(r->hostname);
		free(r->environment);
		free(r->service_model);
		free(r->cluster);
		free(r->owner);
		free(r->provider);
		free(r->region);
	}
	p->n = 0;
	p->valid = 0;
}

int
pager_open(struct pager *p, struct store *s, const struct asset_query *q, int rows,
    long count, struct pw_error *err)
{
	memset(p, 0, sizeof *p);
	p->store = s;
	p->q = *q;
	p->q.search = q->search ? xstrdup(q->search) : NULL;
	p->q.value = q->value ? xstrdup(q->value) : NULL;
	p->most = PAGER_COUNT_MOST;
	list_set_rows(&p->ls, rows);
	long n = count >= 0 ? count : store_asset_count(s, &p->q, NULL, NULL, 0, err);
	if (n < 0)
		return -1;
	list_set_count(&p->ls, (size_t)n);
	return 0;
}

void
pager_close(struct pager *p)
{
	rows_free(p);
	free(p->v);
	free((char *)p->q.search);
	free((char *)p->q.value);
	memset(p, 0, sizeof *p);
}

int
pager_refresh(struct pager *p, long count, struct pw_error *err)
{
	long n = count >= 0 ? count : store_asset_count(p->store, &p->q, NULL, NULL,
	    0, err);
	const struct prow *r = p->inexact ? pager_row(p, p->ls.cursor) : NULL;
	char *key = r ? xstrdup(r->key) : NULL;
	int rc = 0;

	rows_free(p);
	p->inexact = 0;
	if (n >= 0) {
		list_set_count(&p->ls, (size_t)n);
		/* An estimated index means nothing to the rows read again:
		 * the cursor's row does. */
		if (key)
			rc = pager_goto_key(p, key, err);
	}
	free(key);
	return n < 0 ? -1 : rc;
}

static int
keep(void *arg, const struct asset_row *r)
{
	struct pager *p = arg;

	p->v = xgrow(p->v, &p->cap, p->n, sizeof *p->v);
	p->v[p->n++] = (struct prow){ r->id, dup(r->key), dup(r->hostname),
	    dup(r->environment), dup(r->service_model), dup(r->cluster), dup(r->owner),
	    dup(r->provider), dup(r->region), r->wave, r->start_utc, r->end_utc,
	    r->pinned, r->pending, r->worst };
	return 0;
}

/* The key of one row: skip rows from `from` (NULL: an end) in a direction. */
static char *
key_at(struct pager *p, const char *from, int inclusive, int backward, long skip,
    struct pw_error *err)
{
	struct pager one = { 0 };
	char *key = NULL;

	if (store_asset_rows(p->store, &p->q, from, inclusive, backward, skip, 1, keep,
	    &one, err) != 0)
		return NULL;
	if (one.n == 1) {
		key = one.v[0].key;
		one.v[0].key = NULL;
	}
	rows_free(&one);
	free(one.v);
	return key ? key : xstrdup("");
}

static int pager_sync_from(struct pager *, size_t, struct pw_error *);

int
pager_sync(struct pager *p, struct pw_error *err)
{
	size_t top = p->ls.top, rows = (size_t)p->ls.rows;
	char *anchor = NULL;
	int inclusive = 1, rc, from_end = 0;
	long skip = 0;

	if (p->valid && p->at == top && (p->n == rows || p->at + p->n >= p->ls.count))
		return 0;
	/* Estimated indexes are set right at either end: from the first row,
	 * or counted back from the last. */
	if (p->inexact && (top == 0 || top + rows >= p->ls.count))
		p->valid = 0;
	/* An anchor near the new top: a cached row, or the end it is near. */
	if (p->valid && p->n > 0 && top >= p->at && top < p->at + p->n)
		anchor = xstrdup(p->v[top - p->at].key);
	else if (p->valid && p->n > 0 && top >= p->at + p->n && top - p->at < 4 * rows) {
		anchor = xstrdup(p->v[p->n - 1].key);
		inclusive = 0;
		skip = (long)(top - (p->at + p->n));
	} else if (p->valid && p->n > 0 && top < p->at && p->at - top <= 4 * rows) {
		if ((anchor = key_at(p, p->v[0].key, 0, 1, (long)(p->at - top - 1),
		    err)) == NULL)
			return -1;
	} else if (top > p->ls.count / 2) {
		/* Nearer the end: count back from the last row. */
		if ((anchor = key_at(p, NULL, 0, 1, (long)(p->ls.count - 1 - top),
		    err)) == NULL)
			return -1;
		from_end = 1;
	} else if (top > 0)
		skip = (long)top;	/* far from anything known: rare */
	if (anchor && !anchor[0] && p->inexact) {
		/* The first row is nearer than estimated. */
		free(anchor);
		return pager_sync_from(p, 0, err);
	}
	if (anchor && !anchor[0]) {
		/* No row there: the list changed under us. From the top. */
		free(anchor);
		anchor = NULL;
		inclusive = 1;
		skip = (long)top;
	}
	from_end |= anchor == NULL;
	rows_free(p);
	rc = store_asset_rows(p->store, &p->q, anchor, inclusive, 0, skip, (int)rows, keep,
	    p, err);
	free(anchor);
	if (rc != 0)
		return -1;
	if (p->inexact && p->n < rows && top + p->n < p->ls.count) {
		/* The last row is nearer than estimated. */
		return pager_sync_from(p, p->ls.count > rows ? p->ls.count - rows : 0,
		    err);
	}
	if (from_end)
		p->inexact = 0;	/* fetched from an end: exact */
	p->at = top;
	p->valid = 1;
	return 0;
}

/* Show the list from index top, found again from an end, the cursor kept as
 * far down the screen as it was (an estimate met an end: pager_sync). */
static int
pager_sync_from(struct pager *p, size_t top, struct pw_error *err)
{
	size_t down = p->ls.cursor >= p->ls.top ? p->ls.cursor - p->ls.top : 0;

	p->inexact = 0;
	p->valid = 0;
	p->ls.top = top;
	list_goto(&p->ls, top + down < p->ls.count ? top + down : p->ls.count - 1);
	p->ls.top = top;
	return pager_sync(p, err);
}

const struct prow *
pager_row(const struct pager *p, size_t i)
{
	if (!p->valid || i < p->at || i >= p->at + p->n)
		return NULL;
	return &p->v[i - p->at];
}

/* Where key falls between lo and hi (0 to 1), reading the bytes after their
 * common prefix as a number: an estimate of its index between theirs. */
static double
key_share(const char *lo, const char *hi, const char *key)
{
	size_t k = 0;
	double a = 0, b = 0, x = 0;

	while (lo[k] && lo[k] == hi[k])
		k++;
	size_t nlo = strlen(lo), nhi = strlen(hi), nkey = strlen(key);
	for (size_t i = k; i < k + 6; i++) {
		a = a * 256 + (i < nlo ? (unsigned char)lo[i] : 0);
		b = b * 256 + (i < nhi ? (unsigned char)hi[i] : 0);
		x = x * 256 + (i < nkey ? (unsigned char)key[i] : 0);
	}
	if (b <= a)
		return 0.5;
	return x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a);
}

/* The index of key (the rows before it): estimated from the keys between
 * the first and last rows, then counted from the nearest of the cursor's row
 * and the ends when that is within p->most rows; else the estimate stands
 * (*estimated set), kept past the rows counted and p->most from either end
 * (pager_sync sets the indexes right at an end). */
static long
index_of(struct pager *p, const char *key, int *estimated, struct pw_error *err)
{
	const struct prow *cur = pager_row(p, p->ls.cursor);
	long most = p->most, count = (long)p->ls.count, at, n, est;
	char *first = NULL, *last = NULL;

	*estimated = 0;
	if (count <= 2 * most + 1)
		return store_asset_count(p->store, &p->q, NULL, key, 0, err);
	if ((first = key_at(p, NULL, 1, 0, 0, err)) == NULL ||
	    (last = key_at(p, NULL, 0, 1, 0, err)) == NULL) {
		free(first);
		return -1;
	}
	est = (long)((double)(count - 1) * key_share(first, last, key));
	free(first);
	free(last);
	at = cur ? (long)p->ls.cursor : -1;
	if (at >= 0 && labs(est - at) <= most) {
		int after = strcmp(cur->key, key) <= 0;
		n = after ? store_asset_count(p->store, &p->q, cur->key, key, most, err) :
		    store_asset_count(p->store, &p->q, key, cur->key, most, err);
		if (n < 0 || n < most)
			return n < 0 ? -1 : after ? at + n : at - n;
		est = after ? at + most : at - most;
	} else if (est <= most) {
		if ((n = store_asset_count(p->store, &p->q, NULL, key, most, err)) < most)
			return n;
	} else if (count - 1 - est <= most) {
		if ((n = store_asset_count(p->store, &p->q, key, NULL, most, err)) < most)
			return n < 0 ? -1 : count - n;
	}
	*estimated = 1;
	return est < most ? most : est > count - 1 - most ? count - 1 - most : est;
}

int
pager_goto_key(struct pager *p, const char *key, struct pw_error *err)
{
	int estimated;
	long before = index_of(p, key, &estimated, err);
	size_t up;
	char *anchor;

	if (before < 0)
		return -1;
	list_goto(&p->ls, (size_t)before);
	if (!estimated)
		return pager_sync(p, err);
	/* The screen from key itself, not from an index nothing anchors. */
	up = p->ls.cursor - p->ls.top;
	anchor = up ? key_at(p, key, 0, 1, (long)up - 1, err) : xstrdup(key);
	if (anchor == NULL)
		return -1;
	if (!anchor[0]) {
		free(anchor);	/* fewer rows before key than shown above it */
		return pager_sync_from(p, 0, err);
	}
	rows_free(p);
	int rc = store_asset_rows(p->store, &p->q, anchor, 1, 0, 0, p->ls.rows, keep,
	    p, err);
	free(anchor);
	if (rc != 0)
		return -1;
	p->at = p->ls.top;
	p->valid = 1;
	p->inexact = 1;
	return 0;
}

int
pager_find(struct pager *p, const char *text, int dir, struct pw_error *err)
{
	const struct prow *cur = pager_row(p, p->ls.cursor);
	char *key = NULL;
	int rc;

	if (text == NULL || !text[0] || p->ls.count == 0)
		return 0;
	/* After the cursor in that direction, then around from the other end. */
	rc = store_asset_find(p->store, &p->q, text, cur ? cur->key : NULL, dir < 0,
	    &key, err);
	if (rc == 0)
		rc = store_asset_find(p->store, &p->q, text, NULL, dir < 0, &key, err);
	if (rc == 1)
		rc = pager_goto_key(p, key, err) == 0 ? 1 : -1;
	free(key);
	return rc;
}
