/* The stored plan, loaded and checked: what conflicts, check, edits and the
 * terminal UI all start from. */
#include <string.h>
#include <stdlib.h>

#include "store.h"

int
store_plan_check(struct store *s, struct checked *k, struct pw_diags *warn,
    struct pw_error *err)
{
	memset(k, 0, sizeof *k);
	if (store_plan_load(s, &k->d, &k->p, &k->wave_ids, &k->found, warn, err) != 0)
		return -1;
	checked_run(k);
	return 0;
}

void
checked_run(struct checked *k)
{
	k->nwaves = plan_waves(&k->p, &k->wave_of, &k->first);
	conflicts_check(&k->d.in, &k->p, &k->cl);
}

void
checked_free(struct checked *k)
{
	conflict_list_free(&k->cl);
	free(k->wave_of);
	free(k->first);
	free(k->wave_ids);
	plan_free(&k->p);
	plan_data_free(&k->d);
	memset(k, 0, sizeof *k);
}
