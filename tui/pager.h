/* An asset list paged through SQL by key (keyset), for lists of any size:
 * it holds the list state and the rows on screen, nothing more. */
#ifndef PW_TUI_PAGER_H
#define PW_TUI_PAGER_H

#include "../storage/browse.h"
#include "list.h"

/* A row as the pager keeps it (owned copies). */
struct prow {
	long long	 id;
	char		*key, *hostname, *environment, *service_model, *cluster,
			*owner, *provider, *region;
	long long	 wave;
	int64_t		 start_utc, end_utc;
	int		 pinned;
	long		 pending;
	int		 worst;
};

struct pager {
	struct store		*store;
	struct asset_query	 q;		/* its strings owned */
	struct list_state	 ls;
	struct prow		*v;		/* rows ls.top .. ls.top + n - 1 */
	size_t			 n, cap;
	size_t			 at;		/* the index of v[0] */
	int			 valid;		/* v matches at */
	long			 most;		/* rows a jump counts, at most */
	int			 inexact;	/* indexes are estimated since a
						   far jump (pager_goto_key),
						   until an end is fetched */
};

/* Rows pager_goto_key counts to find a key's index; past them it estimates
 * (counting a million rows takes a tenth of a second). */
#define PAGER_COUNT_MOST	10000

/* Open on a query (copied) of count rows (-1: count them). -1 on error. */
int	pager_open(struct pager *, struct store *, const struct asset_query *,
	    int rows, long count, struct pw_error *);
void	pager_close(struct pager *);
/* Count again (count -1) and drop the rows held: the data changed. */
int	pager_refresh(struct pager *, long count, struct pw_error *);
/* Fetch the rows for the current ls.top (after a move or resize): the
 * cached rows anchor the keyset, so a move costs a page, not a scan. */
int	pager_sync(struct pager *, struct pw_error *);
/* The row at list index i when on screen (after pager_sync), else NULL. */
const struct prow *pager_row(const struct pager *, size_t i);
/* Move the cursor to the next (dir 1) or previous (-1) row whose key or
 * hostname contains text, wrapping; 1 found, 0 none, -1 error. */
int	pager_find(struct pager *, const char *text, int dir, struct pw_error *);
/* Move the cursor to the row with this key (or the first after it). Its
 * index is counted from the cursor or an end when within p->most rows of
 * one, else estimated from the keys: the rows shown are right and paging
 * from them is, and the indexes are set right again at either end. */
int	pager_goto_key(struct pager *, const char *key, struct pw_error *);

#endif
