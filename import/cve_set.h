/* The CVE ids of one record, each once, in the order found, in time linear
 * in their number (import-internal): patch_add_cve scans the list it builds,
 * so a record naming thousands of CVEs would cost their square. */
#ifndef PW_CVE_SET_H
#define PW_CVE_SET_H

#include <stddef.h>

#include "../model/patch.h"
#include "../util/buf.h"
#include "../util/strmap.h"

struct cve_set {
	struct strmap	seen;
	struct buf	list;		/* "CVE-1,CVE-2" */
	struct buf	key;		/* the id being looked up, upper case */
	size_t		n;
};

/* Add id (white space around it dropped; empty ignored). */
void	cve_set_add(struct cve_set *, const char *id, size_t len);
/* Add each id of a list separated by commas, semicolons or white space. */
void	cve_set_add_list(struct cve_set *, const char *list);
/* Hand the list to p->cves (replacing it) and empty the set for the next
 * record. */
void	cve_set_take(struct cve_set *, struct patch *p);
void	cve_set_free(struct cve_set *);

#endif
