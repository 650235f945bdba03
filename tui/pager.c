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
	list_set_rows(&p->ls, rows);
	long n = count >= 0 ? count : store_asset_count(s, &p->q, NULL, err);
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
	long n = count >= 0 ? count : store_asset_count(p->store, &p->q, NULL, err);

	rows_free(p);
	if (n < 0)
		return -1;
	list_set_count(&p->ls, (size_t)n);
	return 0;
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

int
pager_sync(struct pager *p, struct pw_error *err)
{
	size_t top = p->ls.top, rows = (size_t)p->ls.rows;
	char *anchor = NULL;
	int inclusive = 1, rc;
	long skip = 0;

	if (p->valid && p->at == top && (p->n == rows || p->at + p->n >= p->ls.count))
		return 0;
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
	} else if (top > 0)
		skip = (long)top;	/* far from anything known: rare */
	if (anchor && !anchor[0]) {
		/* No row there: the list changed under us. From the top. */
		free(anchor);
		anchor = NULL;
		inclusive = 1;
		skip = (long)top;
	}
	rows_free(p);
	rc = store_asset_rows(p->store, &p->q, anchor, inclusive, 0, skip, (int)rows, keep,
	    p, err);
	free(anchor);
	if (rc != 0)
		return -1;
	p->at = top;
	p->valid = 1;
	return 0;
}

const struct prow *
pager_row(const struct pager *p, size_t i)
{
	if (!p->valid || i < p->at || i >= p->at + p->n)
		return NULL;
	return &p->v[i - p->at];
}

int
pager_goto_key(struct pager *p, const char *key, struct pw_error *err)
{
	long before = store_asset_count(p->store, &p->q, key, err);

	if (before < 0)
		return -1;
	list_goto(&p->ls, (size_t)before);
	return pager_sync(p, err);
}

int
pager_find(struct pager *p, const char *text, int dir, struct pw_error *err)
{
	struct asset_query q = p->q;
	const struct prow *cur = pager_row(p, p->ls.cursor);
	struct pager hit = { 0 };
	int rc;

	if (text == NULL || !text[0] || p->ls.count == 0)
		return 0;
	q.search = text;
	/* After the cursor in that direction, then around from the other end. */
	rc = store_asset_rows(p->store, &q, cur ? cur->key : NULL, 0, dir < 0, 0, 1,
	    keep, &hit, err);
	if (rc == 0 && hit.n == 0)
		rc = store_asset_rows(p->store, &q, NULL, 0, dir < 0, 0, 1, keep, &hit,
		    err);
	if (rc == 0 && hit.n == 1)
		rc = pager_goto_key(p, hit.v[0].key, err) == 0 ? 1 : -1;
	rows_free(&hit);
	free(hit.v);
	return rc;
}
