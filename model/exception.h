/* Exceptions: a risk accepted for a while. An exception names an asset, an
 * advisory or both; while it holds (to the end of its until day in the
 * policy's zone, unless revoked) the pending patches it covers are no
 * breach of their deadline but an ACCEPTED_RISK, and do not make an asset
 * UNPLANNED. Pure: the store keeps them (storage/exceptions.h). */
#ifndef PW_EXCEPTION_H
#define PW_EXCEPTION_H

#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/strmap.h"
#include "policy.h"

/* One exception; the strings are the owner's (the store's loader or a
 * caller's literals). asset and advisory are "" when not given. */
struct exception {
	long long	 id;
	const char	*asset;		/* an asset's key */
	const char	*advisory;
	const char	*until;		/* YYYY-MM-DD */
	const char	*reason;
	const char	*added_by, *added_at;
	const char	*revoked_by, *revoked_at;	/* "" when not revoked */
	int64_t		 end_utc;	/* exception_end_utc of until */
};

/* Exceptions as loaded, their strings in text; exception_list_free(). */
struct exception_list {
	struct exception	*v;
	size_t			 n, cap;
	struct arena		 text;
	struct strmap		 by_name;	/* exception_list_index's */
	size_t			*next;
};
void	exception_list_free(struct exception_list *);
/* Index them by the asset (else the advisory) each names, so that
 * exception_find looks at those alone: once v is complete. */
void	exception_list_index(struct exception_list *);
/* Of them, the first that holds at now and covers that patch, or NULL: one
 * hash probe per name when indexed (a million pending patches), else a walk. */
const struct exception *exception_find(const struct exception_list *,
	    int64_t now, const char *asset_key, const char *advisory);

/* The end of day until (YYYY-MM-DD) in the policy's zone: midnight starting
 * the next day, the first instant the exception no longer holds; -1 when
 * until is no date. */
int64_t	exception_end_utc(const struct policy *, const char *until);
/* Does it hold at now: not revoked, and now before its end? */
int	exception_valid(const struct exception *, int64_t now);
/* Does it cover the pending patch advisory of the asset with that key
 * (whether or not it holds)? */
int	exception_covers(const struct exception *, const char *asset_key,
	    const char *advisory);
/* May who add or revoke exceptions under p: a CAB approver or one of the
 * risk_owners. 0 when so; else -1 with why (whysz bytes) saying who may. */
int	exception_may_decide(const struct policy *p, const char *who, char *why,
	    size_t whysz);

#endif
