/* An RFC 4180 CSV reader over a buffer: ',' ';' or tab (detected from the header),
 * quoted fields with doubled quotes and embedded newlines, CRLF, LF or bare CR,
 * an optional UTF-8 BOM. Every field must be valid UTF-8 without NUL bytes. */
#ifndef PW_CSV_H
#define PW_CSV_H

#include <stddef.h>

#include "../model/error.h"

struct csv_reader;

/* The longest field, in bytes once unquoted. Real fields are names, dates and
 * short notes; a longer one is a broken or hostile file, and SQLite would not
 * store a value past a billion bytes at all (docs/formats.md). */
#define CSV_FIELD_MAX	((size_t)1 << 20)

/* One record; fields point into the reader and live until the next csv_next(). */
struct csv_record {
	char	**fields;
	size_t	 n;
	long	 line;		/* physical line where the record starts */
};

/* Read data[0..len) (borrowed; must outlive the reader). delim 0 = detect. */
struct csv_reader *csv_open(const char *data, size_t len, char delim);
/* The line of the first record found not to be UTF-8 text (or to hold a NUL),
 * 0 while none has been: a file in another encoding is refused whole, at the
 * first bad record, not row by row. */
long	csv_bad_encoding_line(const struct csv_reader *);
/* When the last record failed for its encoding, fill fatal ("FILE:LINE: not
 * UTF-8 text ...") and return 1; else 0. */
int	csv_encoding_fatal(const struct csv_reader *, const char *path,
	    struct pw_error *fatal);
void	csv_free(struct csv_reader *);
/* How many bytes of data the records read so far took: nothing the reader
 * hands out points into data, so data[0..offset) is not needed again. */
size_t	csv_offset(const struct csv_reader *);
/* 1: a record was read; 0: end of input; -1: malformed (err says where and why;
 * reading may continue with the next line). Blank lines are skipped. A record
 * that is not UTF-8 is malformed and sets csv_bad_encoding_line; so is one
 * with a field longer than CSV_FIELD_MAX (read past, never copied). */
int	csv_next(struct csv_reader *, struct csv_record *, struct pw_error *);
/* The next data row of a file whose header has ncols fields (0: any count),
 * as every CSV reader reads it: 1 with rec filled; 0 at the end; -1 with
 * fatal set when the file is refused whole (csv_encoding_fatal). A malformed
 * record, or one of another width, is a problem at its line, passed over. */
int	csv_next_row(struct csv_reader *, const char *path, size_t ncols,
	    struct csv_record *, struct pw_diags *problems, struct pw_error *fatal);
/* 0 when rec has ncols fields; else -1 and a problem at its line ("3 fields,
 * but the header has 4"). */
int	csv_row_width(const struct csv_record *, size_t ncols, const char *path,
	    struct pw_diags *problems);

/* Is s[0..len) valid UTF-8 (no overlongs, no surrogates)? */
int	utf8_valid(const char *s, size_t len);
/* The offset of the first byte of s[0..len) that is not UTF-8 text (a NUL
 * counts as not text), or len when there is none. */
size_t	utf8_bad_offset(const char *s, size_t len);
/* 0 when data[0..len) is all UTF-8 text; else -1 with fatal set ("FILE:LINE:
 * not UTF-8 text ...", as csv_encoding_fatal) at the first bad byte's line.
 * For the JSON and YAML readers, which take a whole file at once. */
int	utf8_text_check(const char *path, const char *data, size_t len,
	    struct pw_error *fatal);

#endif
