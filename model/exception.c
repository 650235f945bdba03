/* Exceptions: when one holds, what it covers, who may make one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "civil.h"
#include "exception.h"
#include "tz.h"

int64_t
exception_end_utc(const struct policy *p, const char *until)
{
	struct civil c;
	int has_time, y, m, d;

	if (until == NULL || strlen(until) != 10 || civil_parse(until, &c, &has_time) != 0 ||
	    has_time || !civil_valid(&c))
		return -1;
	civil_from_days(days_from_civil(c.y, c.mo, c.d) + 1, &y, &m, &d);
	c = (struct civil){ y, m, d, 0, 0, 0 };
	return tz_local_to_utc(tz_builtin(p->timezone), &c);
}

int
exception_valid(const struct exception *x, int64_t now)
{
	return (x->revoked_by == NULL || x->revoked_by[0] == '\0') && now < x->end_utc;
}

int
exception_covers(const struct exception *x, const char *asset_key, const char *advisory)
{
	return (x->asset[0] == '\0' || strcmp(x->asset, asset_key) == 0) &&
	    (x->advisory[0] == '\0' || strcmp(x->advisory, advisory) == 0);
}

int
exception_may_decide(const struct policy *p, const char *who, char *why, size_t whysz)
{
	for (size_t i = 0; i < p->napprovers; i++)
		if (strcmp(p->approvers[i], who) == 0)
			return 0;
	for (size_t i = 0; i < p->nrisk_owners; i++)
		if (strcmp(p->risk_owners[i], who) == 0)
			return 0;
	snprintf(why, whysz, "%.64s is neither a CAB approver nor a risk owner of the "
	    "policy (cab: approvers, risk_owners): only they accept a risk or "
	    "revoke one", who);
	return -1;
}

void
exception_list_free(struct exception_list *l)
{
	free(l->v);
	arena_free(&l->text);
	strmap_free(&l->by_name);
	free(l->next);
	memset(l, 0, sizeof *l);
}

/* "a:KEY" for an exception naming an asset, else "v:ADVISORY", into out;
 * 0 when it does not fit. */
static int
index_name(char *out, size_t n, char kind, const char *name)
{
	int len = snprintf(out, n, "%c:%s", kind, name);

	return len >= 0 && (size_t)len < n;
}

void
exception_list_index(struct exception_list *l)
{
	char name[512];

	strmap_free(&l->by_name);
	free(l->next);
	l->next = xmalloc((l->n ? l->n : 1) * sizeof *l->next);
	/* Backwards, each put before the one after: chains in list order. */
	for (size_t i = l->n; i-- > 0;) {
		const struct exception *x = &l->v[i];
		if (!index_name(name, sizeof name, x->asset[0] ? 'a' : 'v', x->asset[0] ?
		    x->asset : x->advisory)) {
			strmap_free(&l->by_name);	/* too long a name: walk */
			free(l->next);
			l->next = NULL;
			return;
		}
		l->next[i] = strmap_get(&l->by_name, name);
		strmap_put(&l->by_name, name, i);
	}
}

/* The first in the chain from i that holds and covers, or (size_t)-1. */
static size_t
chain_find(const struct exception_list *l, size_t i, int64_t now, const char *asset_key,
    const char *advisory)
{
	for (; i != (size_t)-1; i = l->next[i])
		if (exception_valid(&l->v[i], now) &&
		    exception_covers(&l->v[i], asset_key, advisory))
			return i;
	return (size_t)-1;
}

const struct exception *
exception_find(const struct exception_list *l, int64_t now, const char *asset_key,
    const char *advisory)
{
	char a[512], v[512];

	if (l->next && index_name(a, sizeof a, 'a', asset_key) &&
	    index_name(v, sizeof v, 'v', advisory)) {
		size_t i = chain_find(l, strmap_get(&l->by_name, a), now, asset_key,
		    advisory);
		size_t j = chain_find(l, strmap_get(&l->by_name, v), now, asset_key,
		    advisory);
		i = i < j ? i : j;	/* the first of either: -1 is the largest */
		return i != (size_t)-1 ? &l->v[i] : NULL;
	}
	for (size_t i = 0; i < l->n; i++)
		if (exception_valid(&l->v[i], now) &&
		    exception_covers(&l->v[i], asset_key, advisory))
			return &l->v[i];
	return NULL;
}
