/* XML through libxml2's streaming reader, opened one safe way (xml.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "../util/buf.h"
#include "xml.h"

/* libxml2 reports through this; the first error is what the user sees, at
 * its line, and nothing is printed. The error's own line is where the
 * parser found it; the reader's locator would give the line of the element
 * being read, which may be far above. */
static void
on_error(void *arg, xmlErrorPtr e)
{
	struct xml *x = arg;

	if (x->error[0] || e == NULL || e->level < XML_ERR_ERROR)
		return;
	snprintf(x->error, sizeof x->error, "%s", e->message ? e->message :
	    "malformed XML");
	size_t n = strlen(x->error);
	while (n > 0 && (x->error[n - 1] == '\n' || x->error[n - 1] == ' '))
		x->error[--n] = '\0';
	x->error_line = e->line > 0 ? e->line : 0;
}

/* Attributes one start tag may have: libxml2 2.9 appends each to the
 * element's list from its head, and an element of 40,000 attributes (600
 * KB) took 32 s. Real elements have a few. */
#define XML_ATTRS_MAX	256

/* Past the end marker after p, or at the end. */
static const char *
past(const char *p, const char *e, const char *end)
{
	const char *q = memmem(p, (size_t)(e - p), end, strlen(end));

	return q ? q + strlen(end) : e;
}

/* The line of the first start tag with more than XML_ATTRS_MAX attributes
 * ('=' outside quotes), or 0. Comments, CDATA and processing instructions
 * are passed over; a '<' anywhere else opens markup (XML 1.0 §2.4). */
static long
too_many_attributes(const char *p, const char *e)
{
	long line = 1;

	while (p < e) {
		if (*p == '\n')
			line++;
		if (*p++ != '<')
			continue;
		const char *end = (size_t)(e - p) >= 3 && memcmp(p, "!--", 3) == 0 ?
		    "-->" : (size_t)(e - p) >= 8 && memcmp(p, "![CDATA[", 8) == 0 ?
		    "]]>" : p < e && *p == '?' ? "?>" : NULL;
		if (end) {
			const char *q = past(p, e, end);
			for (; p < q; p++)
				line += *p == '\n';
			continue;
		}
		long at = line;
		int n = 0;
		char quote = 0;
		for (; p < e && (quote || *p != '>'); p++) {
			if (*p == '\n')
				line++;
			else if (quote) {
				if (*p == quote)
					quote = 0;
			} else if (*p == '"' || *p == '\'')
				quote = *p;
			else if (*p == '=' && ++n > XML_ATTRS_MAX)
				return at;
		}
	}
	return 0;
}

int
xml_open(struct xml *x, const char *path, const char *data, size_t len,
    struct pw_error *fatal)
{
	memset(x, 0, sizeof *x);
	x->path = path;
	if (len > (size_t)0x7fffffff) {
		pw_error_set(fatal, path, 0, "larger than libxml2 reads (2 GiB)");
		return -1;
	}
	long many = too_many_attributes(data, data + len);
	if (many) {
		pw_error_set(fatal, path, many, "an element with more than %d "
		    "attributes", XML_ATTRS_MAX);
		return -1;
	}
	/* No XML_PARSE_NOENT (entities stay references), no DTDLOAD or
	 * DTDATTR (nothing fetched), no HUGE (libxml2's size limits stay). */
	x->r = xmlReaderForMemory(data, (int)len, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
	    XML_PARSE_BIG_LINES);
	if (x->r == NULL) {
		pw_error_set(fatal, path, 0, "not XML libxml2 can read");
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	xml_lines_init(&x->lines, data, len);
	return 0;
}

void
xml_close(struct xml *x)
{
	if (x->r)
		xmlFreeTextReader(x->r);
	x->r = NULL;
}

static const char *local_name(const struct xml *);

static int
failed(struct xml *x, struct pw_error *fatal)
{
	pw_error_set(fatal, x->path, x->error_line ? x->error_line : xml_line(x),
	    "not well-formed XML: %s", x->error[0] ? x->error : "libxml2 stopped");
	return -1;
}

int
xml_next(struct xml *x, struct pw_error *fatal)
{
	int rc = xmlTextReaderRead(x->r);

	if (rc < 0 || x->error[0])
		return failed(x, fatal);
	x->line = 0;
	if (rc == 1 && xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT)
		x->line = xml_lines_find(&x->lines, local_name(x));
	return rc;
}

static const char *
local_name(const struct xml *x)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x->r);

	return n ? (const char *)n : "";
}

const char *
xml_name(const struct xml *x)
{
	return local_name(x);
}

int
xml_is_start(const struct xml *x, const char *name)
{
	return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT &&
	    strcmp(local_name(x), name) == 0;
}

int
xml_is_end(const struct xml *x, const char *name)
{
	return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_END_ELEMENT &&
	    strcmp(local_name(x), name) == 0;
}

int
xml_depth(const struct xml *x)
{
	return xmlTextReaderDepth(x->r);
}

long
xml_line(const struct xml *x)
{
	/* Not the parser's line: it is wherever it has read ahead to (lines
	 * later). A node's own line libxml2's reader stops at 65535. */
	xmlNodePtr n;
	long line;

	if (x->line > 0 && xmlTextReaderNodeType(x->r) ==
	    XML_READER_TYPE_ELEMENT)
		return x->line;
	n = xmlTextReaderCurrentNode(x->r);
	line = n ? xmlGetLineNo(n) : -1;
	return line > 0 && line < 65535 ? line :
	    (long)xmlTextReaderGetParserLineNumber(x->r);
}

char *
xml_attr(const struct xml *x, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

char *
xml_text(struct xml *x, size_t max, struct pw_error *fatal)
{
	struct buf b = { 0 };
	int depth = xml_depth(x), rc;
	long line = xml_line(x);

	if (xmlTextReaderIsEmptyElement(x->r))
		return xstrdup("");
	while ((rc = xml_next(x, fatal)) == 1) {
		int t = xmlTextReaderNodeType(x->r);
		if (t == XML_READER_TYPE_END_ELEMENT && xml_depth(x) == depth)
			break;
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
		    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			const xmlChar *v = xmlTextReaderConstValue(x->r);
			if (v)
				buf_adds(&b, (const char *)v);
			if (b.len > max) {
				pw_error_set(fatal, x->path, line, "<%s> holds more than %zu "
				    "bytes of text", local_name(x), max);
				buf_free(&b);
				return NULL;
			}
		}
	}
	if (rc != 1) {
		if (rc == 0)
			pw_error_set(fatal, x->path, line, "the file ends inside an element");
		buf_free(&b);
		return NULL;
	}
	return b.s ? buf_detach(&b) : xstrdup("");
}
