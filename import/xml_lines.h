/* The line an XML element starts on (xml.c's, for xml_line: readers
 * report records at their element's line). libxml2's streaming reader knows
 * only the parser's line, which runs ahead of the current node by up to a
 * read-ahead chunk (ten lines and more), and a node's own line stops at
 * 65535; so the start tags are found again in the file's bytes, in document
 * order, by a cursor that only moves forward (linear in the file). */
#ifndef PW_XML_LINES_H
#define PW_XML_LINES_H

#include <stddef.h>

struct xml_lines {
	const char	*p, *end;	/* the unread bytes */
	long		 line;		/* the line p is on */
	int		 cr;		/* the bytes hold a CR: count CRLF and
					   lone CRs, not just LFs */
};

/* Start at data[0..len) (borrowed: the bytes xml_open reads). */
void	xml_lines_init(struct xml_lines *, const char *data, size_t len);
/* The line of the next start tag named name (its local name, any prefix)
 * from the cursor on, which moves past it: called for each start element
 * the reader reports (a name at a time in document order), it is that
 * element's line. Comments, CDATA, processing instructions and the DOCTYPE
 * are skipped. -1 when there is none (a file in UTF-16): the caller falls
 * back to xml_line(). */
long	xml_lines_find(struct xml_lines *, const char *name);

#endif
