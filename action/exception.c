/* Exceptions as actions: add and revoke, each one transaction with its audit
 * entry, the same for `patchwave exception ...` and the terminal UI. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../model/change.h"
#include "../storage/exceptions.h"
#include "action.h"

/* One transaction: STORE_OK, STORE_REFUSED or STORE_FAILED (rolled back). */
static int
settle(const struct act *a, int rc, struct pw_error *err)
{
	if (rc == 0 && store_commit(a->store, err) == 0)
		return STORE_OK;
	store_rollback(a->store);
	return rc > 0 ? STORE_REFUSED : STORE_FAILED;
}

int
act_exception_add(const struct act *a, const char *asset, const char *advisory,
    const char *until, const char *reason, long long *id, struct pw_error *err)
{
	const char *r = reason ? reason : "";
	size_t n;

	/* The reason as said, without the white space around it. */
	while (isspace((unsigned char)*r))
		r++;
	for (n = strlen(r); n > 0 && isspace((unsigned char)r[n - 1]); n--)
		;
	char bound[256];
	if (change_text_fits("reason", r, CHANGE_COMMENT_MAX, bound, sizeof bound)) {
		pw_error_set(err, NULL, 0, "%s", bound);
		*id = 0;
		return STORE_REFUSED;
	}
	char *why = xstrndup(r, n);
	struct exception x = { 0, asset ? asset : "", advisory ? advisory : "",
	    until ? until : "", why, "", "", "", "", 0 };
	int rc;

	*id = 0;
	if (store_begin(a->store, err) != 0) {
		free(why);
		return STORE_FAILED;
	}
	rc = settle(a, store_exception_add(a->store, &x, a->who, a->now, id, err), err);
	free(why);
	return rc;
}

int
act_exception_revoke(const struct act *a, long long id, struct pw_error *err)
{
	if (store_begin(a->store, err) != 0)
		return STORE_FAILED;
	return settle(a, store_exception_revoke(a->store, id, a->who, a->now, err), err);
}
