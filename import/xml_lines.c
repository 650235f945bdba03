/* Elements' lines from the file's bytes (xml_lines.h). In a well-formed file
 * a '<' outside comments, CDATA, processing instructions and the DOCTYPE is
 * markup (XML 1.0 §2.4: it may not appear raw in text or attribute values),
 * so the start tags met in byte order are the elements in document order. */
#include <string.h>

#include "xml_lines.h"

void
xml_lines_init(struct xml_lines *c, const char *data, size_t len)
{
	c->p = data;
	c->end = data + len;
	c->line = 1;
	c->cr = memchr(data, '\r', len) != NULL;
}

/* Move the cursor to to, counting the line breaks passed (LF, CRLF, a lone
 * CR). */
static void
advance(struct xml_lines *c, const char *to)
{
	const char *p = c->p;

	if (!c->cr) {
		while (p < to && (p = memchr(p, '\n', (size_t)(to - p))) != NULL) {
			c->line++;
			p++;
		}
	} else {
		for (; p < to; p++)
			if (*p == '\n' || (*p == '\r' && (p + 1 == c->end || p[1] != '\n')))
				c->line++;
	}
	c->p = to;
}

static int
starts(const struct xml_lines *c, const char *p, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(c->end - p) >= n && memcmp(p, s, n) == 0;
}

/* Past the first end after p (or to the end of the bytes). */
static void
skip_to(struct xml_lines *c, const char *p, const char *end)
{
	const char *e = memmem(p, (size_t)(c->end - p), end, strlen(end));

	advance(c, e ? e + strlen(end) : c->end);
}

/* Past a markup declaration: the DOCTYPE with its internal subset, whose
 * quoted values, comments and processing instructions may hold '<' and
 * '>'. */
static void
skip_declaration(struct xml_lines *c, const char *p)
{
	int depth = 0;
	char quote = 0;

	for (p += 2; p < c->end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (starts(c, p, "<!--") || starts(c, p, "<?")) {
			const char *e = memmem(p, (size_t)(c->end - p),
			    p[1] == '!' ? "-->" : "?>", p[1] == '!' ? 3 : 2);
			if (e == NULL)
				break;
			p = e + (p[1] == '!' ? 2 : 1);
		} else if (*p == '[') {
			depth++;
		} else if (*p == ']') {
			depth--;
		} else if (*p == '>' && depth <= 0) {
			advance(c, p + 1);
			return;
		}
	}
	advance(c, c->end);
}

long
xml_lines_find(struct xml_lines *c, const char *name)
{
	size_t n = strlen(name);
	const char *lt;

	while (c->p < c->end &&
	    (lt = memchr(c->p, '<', (size_t)(c->end - c->p))) != NULL) {
		advance(c, lt);
		if (starts(c, lt, "<!--"))
			skip_to(c, lt + 4, "-->");
		else if (starts(c, lt, "<![CDATA["))
			skip_to(c, lt + 9, "]]>");
		else if (starts(c, lt, "<?"))
			skip_to(c, lt + 2, "?>");
		else if (starts(c, lt, "<!"))
			skip_declaration(c, lt);
		else {
			const char *q = lt + 1, *e = q, *local = q;
			while (e < c->end && *e != '>' && *e != '/' && *e != ' ' &&
			    *e != '\t' && *e != '\n' && *e != '\r') {
				if (*e == ':')
					local = e + 1;
				e++;
			}
			c->p = lt + 1;
			if ((size_t)(e - local) == n && memcmp(local, name, n) == 0)
				return c->line;
		}
	}
	c->p = c->end;
	return -1;
}
