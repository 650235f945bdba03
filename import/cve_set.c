/* A record's CVE ids, each once (cve_set.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cve_set.h"

/* Up to this many ids are looked for in the list itself, more in the map: a
 * record names one to a handful, and a map built and freed for each would
 * cost more than reading them. */
#define CVE_FEW	8

/* Is id[0..len) in the list (any case)? */
static int
list_has(const struct buf *list, const char *id, size_t len)
{
	const char *p = list->s;

	while (p != NULL && *p != '\0') {
		size_t n = strcspn(p, ",");
		if (n == len && strncasecmp(p, id, len) == 0)
			return 1;
		p += n;
		p += *p == ',';
	}
	return 0;
}

/* Set key to id[0..len) upper-cased, as the map holds it. */
static void
set_key(struct cve_set *c, const char *id, size_t len)
{
	buf_reset(&c->key);
	for (size_t i = 0; i < len; i++)
		buf_addc(&c->key, (char)toupper((unsigned char)id[i]));
}

/* Is id new to the set? Past CVE_FEW ids the map answers (filled from the
 * list the first time), and remembers id. */
static int
is_new(struct cve_set *c, const char *id, size_t len)
{
	if (c->n < CVE_FEW)
		return !list_has(&c->list, id, len);
	if (c->seen.n == 0) {
		size_t i = 0;
		for (const char *p = c->list.s; *p != '\0'; i++) {
			size_t n = strcspn(p, ",");
			set_key(c, p, n);
			strmap_put(&c->seen, c->key.s, i);
			p += n;
			p += *p == ',';
		}
	}
	set_key(c, id, len);
	return strmap_intern(&c->seen, c->key.s, c->n) == c->n;
}

/* id[0..*len) without the white space around it. */
static const char *
trim(const char *id, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)*id))
		id++, (*len)--;
	while (*len > 0 && isspace((unsigned char)id[*len - 1]))
		(*len)--;
	return id;
}

/* Append id unless the set has it; a CVE id (cve) is written "CVE-..." in
 * whatever case it came. */
static void
append(struct cve_set *c, const char *id, size_t len, int cve)
{
	if (!is_new(c, id, len))
		return;
	c->n++;
	if (c->list.len)
		buf_addc(&c->list, ',');
	if (cve) {
		buf_adds(&c->list, "CVE-");
		id += 4;
		len -= 4;
	}
	buf_add(&c->list, id, len);
}

void
cve_set_add(struct cve_set *c, const char *id, size_t len)
{
	id = trim(id, &len);
	if (len == 0 || memchr(id, ',', len) != NULL)
		return;	/* a comma would split the id in the list */
	append(c, id, len, 0);
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

/* CVE-YYYY-NNNN with four or more digits at the end (MITRE's syntax since
 * 2014), in any case. */
static int
cve_shaped(const char *s, size_t n)
{
	size_t d;

	if (n < 13 || n > 32 || strncasecmp(s, "CVE-", 4) != 0 || s[8] != '-')
		return 0;
	for (size_t i = 4; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	for (d = 9; d < n && isdigit((unsigned char)s[d]); d++)
		;
	return d == n && n - 9 >= 4;
}

int
cve_set_add_cve(struct cve_set *c, const char *id, size_t len)
{
	id = trim(id, &len);
	if (!cve_shaped(id, len))
		return -1;
	append(c, id, len, 1);
	return 0;
}

int
cve_set_add_cves(struct cve_set *c, const char *s, const char **bad,
    size_t *bad_len)
{
	static const char sep[] = ",; \t\r\n";

	for (;;) {
		s += strspn(s, sep);
		if (*s == '\0')
			return 0;
		size_t n = strcspn(s, sep);
		if (!(n == 1 && *s == '-') && cve_set_add_cve(c, s, n) != 0) {
			*bad = s;
			*bad_len = n;
			return -1;
		}
		s += n;
	}
}

char *
cve_set_detach(struct cve_set *c)
{
	char *s = c->list.len ? buf_detach(&c->list) : NULL;

	buf_free(&c->list);
	if (c->seen.n > 0)
		strmap_free(&c->seen);
	c->n = 0;
	return s;
}

void
cve_set_take(struct cve_set *c, struct patch *p)
{
	free(p->cves);
	p->cves = cve_set_detach(c);
}

void
cve_set_free(struct cve_set *c)
{
	strmap_free(&c->seen);
	buf_free(&c->list);
	buf_free(&c->key);
	memset(c, 0, sizeof *c);
}
