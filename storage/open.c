/* Opening a database: db.c's open and migrations, with the work a schema
 * version needs of C (the audit chain is hashed here, not in SQL) run
 * inside its migration. Above db.c, so db.c calls nothing above it. */
#include "../util/clock.h"
#include "internal.h"

/* 22: the acknowledgements made before they were logged get their entry
 * (migration 22 in schema.c says why). */
static int
migration_step(struct store *s, int version, struct pw_error *err)
{
	if (version == 22)
		return store_acks_adopt(s, store_record_time(s, pw_clock()), err);
	return 0;
}

int
store_open(const char *path, struct store **out, struct pw_error *err)
{
	return store_open_flags(path, STORE_CREATE, out, err);
}

int
store_open_flags(const char *path, int flags, struct store **out,
    struct pw_error *err)
{
	return db_open(path, flags, migration_step, out, err);
}
