/* The CVE ids of one record, each once, in the order found, in time linear
 * in their number (import-internal): patch_add_cve scans the list it builds,
 * so a record naming thousands of CVEs would cost their square. One set is
 * reused record after record: each take empties it. */
#ifndef PW_CVE_SET_H
#define PW_CVE_SET_H

#include <stddef.h>

#include "../model/patch.h"
#include "../util/buf.h"
#include "../util/strmap.h"

struct cve_set {
	struct strmap	seen;		/* upper-cased id -> index, past a few */
	struct buf	list;		/* "CVE-1,CVE-2" */
	struct buf	key;		/* the id being looked up, upper case */
	size_t		n;
};

/* Add id (white space around it dropped; empty ignored). Ids compare in any
 * case; the first spelling is kept. */
void	cve_set_add(struct cve_set *, const char *id, size_t len);
/* Add each id of a list separated by commas, semicolons or white space. */
void	cve_set_add_list(struct cve_set *, const char *list);
/* Add id, trimmed, when it is shaped CVE-YYYY-NNNN (kept as "CVE-..."); -1
 * when it is not. */
int	cve_set_add_cve(struct cve_set *, const char *id, size_t len);
/* cve_set_add_cve each id of a list separated by commas, semicolons or white
 * space ("-" alone means none); -1 with *bad, *bad_len at the first that is
 * not a CVE id (those before it are added). */
int	cve_set_add_cves(struct cve_set *, const char *list, const char **bad,
	    size_t *bad_len);
/* The ids as "CVE-1,CVE-2", NULL when none, and empty the set for the next
 * record. Caller frees. */
char	*cve_set_detach(struct cve_set *);
/* cve_set_detach into p->cves (replacing it). */
void	cve_set_take(struct cve_set *, struct patch *p);
void	cve_set_free(struct cve_set *);

#endif
