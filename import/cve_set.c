/* A record's CVE ids, each once (cve_set.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cve_set.h"

void
cve_set_add(struct cve_set *c, const char *id, size_t len)
{
	while (len > 0 && isspace((unsigned char)*id))
		id++, len--;
	while (len > 0 && isspace((unsigned char)id[len - 1]))
		len--;
	if (len == 0 || memchr(id, ',', len) != NULL)
		return;	/* a comma would split the id in the list */
	/* Ids compare in any case, as patch_add_cve compares them. */
	buf_reset(&c->key);
	for (size_t i = 0; i < len; i++)
		buf_addc(&c->key, (char)toupper((unsigned char)id[i]));
	if (strmap_get(&c->seen, c->key.s) != (size_t)-1)
		return;
	strmap_put(&c->seen, c->key.s, c->n++);
	if (c->list.len)
		buf_addc(&c->list, ',');
	buf_add(&c->list, id, len);
}

void
cve_set_add_list(struct cve_set *c, const char *list)
{
	const char *sep = ",; \t\r\n";

	for (const char *p = list; *p;) {
		size_t n = strcspn(p, sep);
		cve_set_add(c, p, n);
		p += n;
		p += strspn(p, sep);
	}
}

void
cve_set_take(struct cve_set *c, struct patch *p)
{
	free(p->cves);
	p->cves = c->list.len ? buf_detach(&c->list) : NULL;
	buf_free(&c->list);
	if (c->n > 0) {
		strmap_free(&c->seen);
		memset(&c->seen, 0, sizeof c->seen);
	}
	c->n = 0;
}

void
cve_set_free(struct cve_set *c)
{
	strmap_free(&c->seen);
	buf_free(&c->list);
	buf_free(&c->key);
	memset(c, 0, sizeof *c);
}
