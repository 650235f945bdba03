/* XML for the readers that need it (import-internal), through libxml2's
 * streaming reader: a file is read a node at a time, never held as a tree.
 * Every file is opened the one safe way: no network, no external DTD or
 * entity, entities not substituted, libxml2's depth and amplification
 * limits on; the first error is kept with its line. */
#ifndef PW_XML_H
#define PW_XML_H

#include <stddef.h>

#include <libxml/xmlreader.h>

#include "../model/error.h"
#include "xml_lines.h"

struct xml {
	xmlTextReaderPtr	 r;
	const char		*path;
	char			 error[200];	/* libxml2's first complaint */
	long			 error_line;
	struct xml_lines	 lines;		/* start tags found in the bytes */
	long			 line;		/* the current start tag's, or 0 */
};

/* Open data[0..len) (borrowed; outlives the reader). -1 with fatal set when
 * libxml2 cannot start on it. */
int	xml_open(struct xml *, const char *path, const char *data, size_t len,
	    struct pw_error *fatal);
void	xml_close(struct xml *);
/* The next node: 1, 0 at the end, -1 on malformed XML (fatal set: FILE:LINE
 * and what libxml2 says). */
int	xml_next(struct xml *, struct pw_error *fatal);
/* The current node: an element's start? Its local name (no prefix). */
int	xml_is_start(const struct xml *, const char *name);
int	xml_is_end(const struct xml *, const char *name);
const char *xml_name(const struct xml *);
int	xml_depth(const struct xml *);
/* The line of the current element's start tag, found in the file's bytes
 * (xml_lines.h), not the parser's, which reads ahead of it; at another
 * node, the node's line below 65535, else the parser's. */
long	xml_line(const struct xml *);
/* An attribute of the current element (caller frees), or NULL. */
char	*xml_attr(const struct xml *, const char *name);
/* The text inside the current element, read up to its end (caller frees;
 * "" for an empty element): leaves the reader at the element's end. NULL
 * with fatal set on malformed XML or text past max bytes. */
char	*xml_text(struct xml *, size_t max, struct pw_error *fatal);

#endif
