/* An RFC 4180 CSV reader over a buffer: ',' ';' or tab (detected from the header),
 * quoted fields with doubled quotes and embedded newlines, CRLF, LF or bare CR,
 * an optional UTF-8 BOM. Every field must be valid UTF-8 without NUL bytes. */
#ifndef PW_CSV_H
#define PW_CSV_H

#include <stddef.h>

#include "../model/error.h"

struct csv_reader;

/* One record; fields point into the reader and live until the next csv_next(). */
struct csv_record {
	char	**fields;
	size_t	 n;
	long	 line;		/* physical line where the record starts */
};

/* Read data[0..len) (borrowed; must outlive the reader). delim 0 = detect.
 * The whole buffer is checked for UTF-8 once, here. */
struct csv_reader *csv_open(const char *data, size_t len, char delim);
/* The first line that is not UTF-8 text (or holds a NUL), 0 when all is. A
 * file in another encoding is refused whole, not row by row. */
long	csv_bad_encoding_line(const struct csv_reader *);
void	csv_free(struct csv_reader *);
/* 1: a record was read; 0: end of input; -1: malformed (err says where and why;
 * reading may continue with the next line). Blank lines are skipped. Records
 * on lines that are not UTF-8 (see csv_bad_encoding_line) are malformed. */
int	csv_next(struct csv_reader *, struct csv_record *, struct pw_error *);
char	csv_delimiter(const struct csv_reader *);

/* The line (counting CRLF, LF and bare CR) of the first byte that is not valid
 * UTF-8 or is NUL; 0 when the whole buffer is valid. */
long	utf8_first_bad_line(const char *s, size_t len);
/* Is s[0..len) valid UTF-8 (no overlongs, no surrogates)? */
int	utf8_valid(const char *s, size_t len);

#endif
