/* Schema migrations (storage-internal). */
#ifndef PW_SCHEMA_H
#define PW_SCHEMA_H

/* PRAGMA application_id of a patchwave database (from schema 8): "PWV1". */
#define SCHEMA_APPLICATION_ID	0x50575631u

int	 schema_version(void);			/* latest version */
const char *schema_migration(int to_version);	/* SQL that reaches it */
const char *schema_stats_sql(void);		/* recounts the stats table */

#endif
