/* Schema migrations (storage-internal). */
#ifndef PW_SCHEMA_H
#define PW_SCHEMA_H

/* PRAGMA application_id of a patchwave database (from schema 8): "PWV1". */
#define SCHEMA_APPLICATION_ID	0x50575631u

int	 schema_version(void);			/* latest version */
const char *schema_migration(int to_version);	/* SQL that reaches it */
const char *schema_stats_sql(void);		/* recounts the stats table */
/* The same, the active and the customer-owned assets counted: ?1, ?2. */
const char *schema_stats_counted_sql(void);

/* A new database's schema at SCHEMA_FRESH_VERSION in one script: what
 * migrations 1 to SCHEMA_FRESH_VERSION make, for less work. */
#define SCHEMA_FRESH_VERSION	19
const char *schema_fresh(void);

#endif
