/* Listings as an aligned table (escaped for the terminal), CSV (RFC 4180, formula
 * cells neutralised) or JSON (an array of objects). */
#ifndef PW_OUT_H
#define PW_OUT_H

#include <stdio.h>

enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON };
enum out_type { OT_STR, OT_INT, OT_BOOL, OT_RAW };	/* OT_RAW: JSON text */

struct out_col {
	const char	*name;
	enum out_type	 type;
	int		 in_table;	/* show in the table format */
};

struct out;

/* Parse "table", "csv" or "json"; -1 when none. */
int	out_format_parse(const char *);
struct out *out_new(enum out_format, FILE *, const struct out_col *, size_t ncols);
/* One row: a value per column (NULL prints as empty / null). */
void	out_row(struct out *, const char *const *values);
/* Finish (a table is aligned and printed here) and free. */
void	out_end(struct out *);
/* As out_end, but a table without rows prints the line none (when not
 * NULL) instead of a header alone. */
void	out_end_none(struct out *, const char *none);

#endif
