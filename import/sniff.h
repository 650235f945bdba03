/* Format sniffing (import-internal): each format's sniff says from a file's
 * bytes how sure it is the file is in that format; formats.c takes the
 * surest, and only a tie goes to the file's name. */
#ifndef PW_SNIFF_H
#define PW_SNIFF_H

#include <stddef.h>

enum sniff {
	SNIFF_NO,	/* the bytes cannot be this format */
	SNIFF_MAYBE,	/* nothing in them says (a CSV, an empty file) */
	SNIFF_YES	/* they carry its mark (a top-level key, a root element) */
};

/* Look at data[0..len) (NUL-terminated) and say; NULL in the format table
 * is a sniff that always says SNIFF_MAYBE. */
typedef enum sniff import_sniff(const char *data, size_t len);

/* Helpers for sniffs (common.c). The first byte past a UTF-8 BOM and white
 * space, or NULL when there is none. */
const char *sniff_start(const char *data, size_t len);
/* Is data (past a BOM and white space) a JSON object or list (only open,
 * '{' or '[', when not 0) that holds the text mark (a key with its quotes,
 * as "\"Patches\"")? */
int	sniff_json(const char *data, size_t len, char open, const char *mark);
/* An AWS CLI listing: an object holding the list named key (quoted, as
 * "\"Patches\""), or the list alone (as --query prints it) whose records
 * hold both field marks. SNIFF_YES or SNIFF_NO. */
enum sniff sniff_aws_list(const char *data, size_t len, const char *key,
	    const char *field, const char *other);
/* A delimited text's sniff (a CSV, a command's output): SNIFF_NO for JSON
 * or XML, which no such reader can read, else SNIFF_MAYBE. */
import_sniff sniff_delimited;
/* The first line of data that says something: past a BOM, blank lines,
 * comments ('#') and YAML's directives and document starts ("%...", "---");
 * NULL when there is none. */
const char *sniff_first_line(const char *data, size_t len);

#endif
