/* Exceptions in the store: added and revoked by a CAB approver or a risk
 * owner of the policy, each an audit entry (storage/audit.c) in the same
 * transaction; read back for the planner, the checker, why and the pack. */
#ifndef PW_STORAGE_EXCEPTIONS_H
#define PW_STORAGE_EXCEPTIONS_H

#include "../model/exception.h"
#include "store.h"

/* Every exception, oldest first (revoked ones too, with revoked_by set;
 * with valid_only those that hold at now alone), each's end_utc in the
 * stored policy's zone, into *l (the caller frees it: exception_list_free,
 * also after a failure). */
int	store_exceptions_load(struct store *, const struct policy *, int valid_only,
	    int64_t now, struct exception_list *l, struct pw_error *);
/* The exceptions holding at now that cover a pending patch of one of r's
 * assets, into r->risks (change_rec_free frees them), oldest first. */
struct change_rec;
int	store_change_risks(struct store *, struct change_rec *r, int64_t now,
	    struct pw_error *);
/* Record x (asset and/or advisory, until, reason) as added by who at now,
 * inside the caller's transaction, and its audit entry: *id its number.
 * Refused (1, err says why) when who may not (exception_may_decide), when
 * it names neither an asset nor an advisory, an asset that is not active
 * or an advisory no patch of it has, until is no date or already past, or
 * the reason is blank. -1 on a database error. */
int	store_exception_add(struct store *, const struct exception *x, const char *who,
	    int64_t now, long long *id, struct pw_error *);
/* Revoke exception id as who at now, with its audit entry: refused (1) when
 * who may not, no such exception, or it is revoked already. */
int	store_exception_revoke(struct store *, long long id, const char *who,
	    int64_t now, struct pw_error *);

#endif
