/* Paged reads for the terminal UI: lists come from SQL a screen at a time, in
 * key order by keyset (never "load everything, then draw"). */
#ifndef PW_BROWSE_H
#define PW_BROWSE_H

#include <stdint.h>

#include "store.h"

/* Which active assets a list shows; zero/NULL fields narrow nothing. */
enum browse_field {
	BF_NONE, BF_ENVIRONMENT, BF_CLUSTER, BF_OWNER, BF_PROVIDER, BF_REGION,
	BF_STAGE,		/* the stage of the wave it is planned in */
	BF_PICKED,		/* the assets store_pick() set (value unused) */
	BF_COUNT
};
struct asset_query {
	long long		 wave;		/* only this wave's assets */
	int			 by_key;	/* the wave holds a good part of all
						   assets: walk them in key order and
						   look each up, instead of sorting
						   the wave's for every page */
	const char		*search;	/* in key or hostname, ASCII case folded */
	enum browse_field	 field;		/* and field = value (any case) */
	const char		*value;
};

/* One row of an asset list; strings valid during the callback only. */
struct asset_row {
	long long	 id;
	const char	*key, *hostname, *environment, *service_model, *cluster,
			*owner, *provider, *region;
	long long	 wave;			/* 0: in no wave */
	int64_t		 start_utc, end_utc;	/* planned, when in a wave */
	int		 pinned;
	long		 pending;		/* pending patches */
	int		 worst;			/* their worst severity; -1: none */
};

const char *browse_field_name(enum browse_field);
/* The assets BF_PICKED shows, by id (a temporary table of this connection):
 * the terminal UI's "conflict=CODE" filter, say. */
int	store_pick(struct store *, const long long *ids, size_t n, struct pw_error *);

/* How many assets the query shows, or with below set how many of them sort
 * before that key (and with from set, not before from); most > 0 counts at
 * most that many. -1 on error. */
long	store_asset_count(struct store *, const struct asset_query *,
	    const char *from, const char *below, long most, struct pw_error *);
/* The query's next row after key from (backward: before it; NULL: from an
 * end) whose key or hostname holds text (ASCII case folded; q->search is
 * ignored): an index seek, not a scan, for three characters or more. 1 and
 * its key in *key (the caller frees), 0 none, -1 on error. */
int	store_asset_find(struct store *, const struct asset_query *, const char *text,
	    const char *from, int backward, char **key, struct pw_error *);
/* Up to limit rows in key order after key from (from included when
 * inclusive; NULL: from the first), skipping skip; backward: descending,
 * before from. each() returning non-zero stops. */
int	store_asset_rows(struct store *, const struct asset_query *, const char *from,
	    int inclusive, int backward, long skip, int limit,
	    int (*each)(void *, const struct asset_row *), void *arg,
	    struct pw_error *);

/* A stored wave, counted (no hostnames: a wave may hold 450k). */
struct wave_sum {
	long long	 id;
	const char	*stage, *window;
	int64_t		 start_utc, end_utc;
	long		 nassets;
	int64_t		 last_start_utc;	/* end less its window's cutoff */
};
int	store_wave_sums(struct store *, int (*each)(void *, const struct wave_sum *),
	    void *arg, struct pw_error *);
/* Active assets: all, and customer-owned (iaas, onprem). */
int	store_asset_totals(struct store *, long *all, long *owned, struct pw_error *);

#endif
