/* A JSON document that is a list of records (import-internal): the AWS
 * CLI's and Azure's outputs, one object holding one list (or the list
 * alone, as --query prints it), dnf5's list. On json_doc.h: the text is
 * checked whole, the list found in it, and its records built one at a time,
 * each at the line of its first key. */
#ifndef PW_JSON_RECORDS_H
#define PW_JSON_RECORDS_H

#include "json_doc.h"

/* A record longer than this is refused at its line, unparsed; more than
 * this outside the list (the envelope) refuses the file. Real records are
 * a few hundred bytes, envelopes a NextToken or an API example's request;
 * json-c holds what it builds about ten times over. */
#define JSON_PART_MAX	((size_t)1 << 20)

struct json_records {
	struct json_doc	 doc;
	struct json_span list;		/* list.s NULL: none found */
	int		 which;		/* the index of its path, or -1 */
};

/* Check data[0..len) as json_doc_open does (borrowed: it must outlive r)
 * and find the list of records at one of paths (at most 8, NULL-ended):
 * each a NULL-ended list of member names from the top, an empty one the
 * document itself when that is a list. 0, found or not; -1 with fatal set
 * ("FILE:LINE: JSON: ...") for text that is no JSON, a second list at those
 * paths, a non-list there, or more than JSON_PART_MAX outside the list. */
int	json_records_open(struct json_records *r, const char *path,
	    const char *data, size_t len, const char *const *const *paths,
	    struct pw_error *fatal);
/* The document with its list (found) emptied, built: the caller puts it.
 * NULL with fatal set when json-c refuses it. */
json_object *json_records_envelope(struct json_records *r);
/* fn(record, line, arg) for each record that is an object, built alone and
 * put after fn returns; one that is not, or is longer than JSON_PART_MAX,
 * is a problem at its line. 0; -1 when fn returned non-zero (fatal set,
 * or the sink stopped) or json-c refused a record (fatal set). */
typedef int json_record_fn(json_object *rec, long line, void *arg);
int	json_records_each(struct json_records *r, struct pw_diags *problems,
	    json_record_fn *fn, void *arg);
/* Free what r holds (not the text); r may be one json_records_open
 * refused. */
void	json_records_close(struct json_records *r);

#endif
