/* JSON documents for the cloud patch readers (import-internal): the AWS CLI's
 * and Azure's outputs are one object holding one list of records. The whole
 * text is checked as strict JSON in one pass that also finds that list and
 * each record's place (json-c keeps no positions); the records are then parsed
 * one at a time, so a file of 100,000 records never becomes one tree. */
#ifndef PW_CLOUD_JSON_H
#define PW_CLOUD_JSON_H

#include <stddef.h>

#include <json-c/json.h>

#include "../model/error.h"

/* Nesting deeper than this refuses the file (json-c's own default depth). */
#define CJSON_DEPTH	32
/* A record longer than this is refused at its line, unparsed; the file
 * outside its list of records (the envelope) longer than this refuses the
 * file. Real records are a few hundred bytes, envelopes a NextToken or the
 * API example's request; json-c holds what it parses several times over. */
#define CJSON_PART_MAX	((size_t)1 << 20)

/* One record of the list: its bytes and the line of its first key. */
struct cjson_rec {
	size_t	off, len;
	long	line;
};

struct cjson {
	const char	*data;		/* the text past a BOM (borrowed) */
	size_t		 len;
	json_object	*envelope;	/* the document with the list emptied;
					   NULL when the list was not found */
	int		 which;		/* the index of the path that found it */
	long		 list_line;	/* the line of the list's '[' */
	struct cjson_rec *recs;
	size_t		 n, cap;
	json_tokener	*tok;
};

/* Check data[0..len) (borrowed) as strict JSON text: UTF-8, no \u0000, at
 * most CJSON_DEPTH deep, nothing after the value; and find the list of
 * records at the first of paths that the document has (each a NULL-ended
 * list of member names from the top; an empty one is the document itself as
 * a list). A second list at those paths, or a non-list there, is a file
 * problem. -1 with fatal set ("FILE:LINE: JSON: ..."); 0 else, found or not
 * (envelope NULL). */
int	cjson_open(struct cjson *, const char *path, const char *data, size_t len,
	    const char *const *const *paths, struct pw_error *fatal);
/* Each record that is an object, parsed, to fn with its line (put after
 * fn returns); one that is not an object, or is longer than
 * CJSON_PART_MAX, is a problem at its line. fn
 * returns -1 to stop (fatal set, or the sink stopped): cjson_each returns
 * -1 then, or when json-c cannot parse a record (fatal set); else 0. */
typedef int cjson_fn(json_object *rec, long line, void *arg);
int	cjson_each(struct cjson *, const char *path, struct pw_diags *problems,
	    cjson_fn *, void *arg, struct pw_error *fatal);
void	cjson_close(struct cjson *);

/* The member key of o when it is a string, else NULL; "" as NULL too when
 * empty is 1 (the AWS CLI writes "" for what it does not know). */
const char *cjson_str(json_object *o, const char *key, int empty);
/* The object at the member names (NULL-ended) below o, or NULL. */
json_object *cjson_at(json_object *o, const char *const *names);
/* A date member: an ISO 8601 string (a time after it ignored) or epoch
 * seconds (a number, as the APIs write them without --cli-timestamp-format),
 * into out (YYYY-MM-DD). 0 read; 1 absent, null or ""; -1 not a date. */
int	cjson_date(json_object *o, const char *key, char out[11]);
/* A count member (a non-negative integer): 0 read (absent or null: 0 in
 * *n); -1 when it is something else. */
int	cjson_count(json_object *o, const char *key, long long *n);
/* Is data (past a BOM and white space) a JSON object or list that holds
 * the text "mark" (a key with its quotes, as "\"Patches\"")? */
int	cjson_sniff(const char *data, size_t len, char open, const char *mark);

#endif
