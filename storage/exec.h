/* What carrying out approved changes needs beyond their records (export
 * --to ansible|ssm|awx): each wave's reboot, lanes, cutoff and zone from
 * the plan, each host's address and cloud instance id from the inventory. */
#ifndef PW_STORAGE_EXEC_H
#define PW_STORAGE_EXEC_H

#include <stddef.h>
#include <stdint.h>

#include "changes.h"

struct exec_host {
	char		*key, *hostname;
	char		*address;	/* ansible_host: the asset's ip, else its
					   vars' ansible_host; NULL unknown */
	char		*instance_id;	/* NULL: none */
};

struct exec_wave {
	long long	 id;
	const char	*change;	/* the first change (by number) holding
					   it: a record's number, not copied */
	char		*stage, *window, *zone;	/* zone: the window's (IANA) */
	int64_t		 start_utc, end_utc;	/* as the change recorded them */
	int64_t		 last_start_utc;	/* end - cutoff */
	int		 reboot, concurrency;
	struct exec_host *hosts;	/* by key */
	size_t		 nhosts;
};

/* Every wave of the changes v (each once, by start then id), with its hosts
 * from the change's snapshot. A wave no longer in the plan is refused (1,
 * err names it and its change); -1 on a database error. The caller frees
 * *waves with exec_waves_free(), whatever is returned. */
int	store_exec_waves(struct store *, const struct change_rec *v, size_t n,
	    struct exec_wave **waves, size_t *nwaves, struct pw_error *);
void	exec_waves_free(struct exec_wave *, size_t n);

#endif
