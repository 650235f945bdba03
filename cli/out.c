/* Output writers. Tables are buffered to align columns; CSV and JSON stream. */
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/escape.h"
#include "out.h"

struct out {
	enum out_format		 fmt;
	FILE			*f;
	const struct out_col	*cols;
	size_t			 ncols;
	size_t			 rows;
	char			**cells;	/* table: escaped cells, row-major */
	size_t			 ncells, capcells;
	struct buf		 line;
};

int
out_format_parse(const char *s)
{
	if (strcmp(s, "table") == 0)
		return OUT_TABLE;
	if (strcmp(s, "csv") == 0)
		return OUT_CSV;
	if (strcmp(s, "json") == 0)
		return OUT_JSON;
	return -1;
}

struct out *
out_new(enum out_format fmt, FILE *f, const struct out_col *cols, size_t ncols)
{
	struct out *o = xcalloc(1, sizeof *o);

	o->fmt = fmt;
	o->f = f;
	o->cols = cols;
	o->ncols = ncols;
	if (fmt == OUT_CSV) {
		for (size_t i = 0; i < ncols; i++) {
			if (i)
				buf_addc(&o->line, ',');
			esc_csv(&o->line, cols[i].name);
		}
		fprintf(f, "%s\r\n", o->line.s);
	} else if (fmt == OUT_JSON)
		fputc('[', f);
	return o;
}

/* A number patchwave wrote (an OT_INT or OT_RAW column): an optional '-',
 * digits, an optional fraction. esc_csv would make a negative one text
 * ("'-430.3") for the formula it is not. */
static int
plain_number(const char *s)
{
	const char *p = s + (*s == '-');
	size_t n = strspn(p, "0123456789");

	if (n == 0)
		return 0;
	p += n;
	if (*p == '.') {
		n = strspn(++p, "0123456789");
		if (n == 0)
			return 0;
		p += n;
	}
	return *p == '\0';
}

void
out_row(struct out *o, const char *const *v)
{
	buf_reset(&o->line);
	switch (o->fmt) {
	case OUT_CSV:
		for (size_t i = 0; i < o->ncols; i++) {
			if (i)
				buf_addc(&o->line, ',');
			if (o->cols[i].type == OT_BOOL && v[i])
				buf_adds(&o->line, strcmp(v[i], "0") && *v[i] ? "true" : "false");
			else if (o->cols[i].type != OT_STR && v[i] && plain_number(v[i]))
				buf_adds(&o->line, v[i]);	/* -430.3 runs nothing */
			else
				esc_csv(&o->line, v[i] ? v[i] : "");
		}
		fprintf(o->f, "%s\r\n", o->line.s);
		break;
	case OUT_JSON:
		buf_adds(&o->line, o->rows ? ",\n{" : "\n{");
		for (size_t i = 0; i < o->ncols; i++) {
			if (i)
				buf_addc(&o->line, ',');
			esc_json(&o->line, o->cols[i].name);
			buf_addc(&o->line, ':');
			if (v[i] == NULL)
				buf_adds(&o->line, "null");
			else if (o->cols[i].type == OT_STR)
				esc_json(&o->line, v[i]);
			else if (o->cols[i].type == OT_BOOL)
				buf_adds(&o->line, strcmp(v[i], "0") && *v[i] ? "true" : "false");
			else
				buf_adds(&o->line, *v[i] ? v[i] : "null");
		}
		buf_addc(&o->line, '}');
		fputs(o->line.s, o->f);
		break;
	case OUT_TABLE:
		for (size_t i = 0; i < o->ncols; i++) {
			if (!o->cols[i].in_table)
				continue;
			struct buf cell = { 0 };
			if (o->cols[i].type == OT_BOOL && v[i])
				buf_adds(&cell, strcmp(v[i], "0") && *v[i] ? "yes" : "no");
			else
				esc_term(&cell, v[i] ? v[i] : "");
			o->cells = xgrow(o->cells, &o->capcells, o->ncells, sizeof *o->cells);
			o->cells[o->ncells++] = buf_detach(&cell);
		}
		break;
	}
	o->rows++;
}

void
out_end(struct out *o)
{
	out_end_none(o, NULL);
}

void
out_end_none(struct out *o, const char *none)
{
	if (o->fmt == OUT_JSON)
		fputs(o->rows ? "\n]\n" : "]\n", o->f);
	if (o->fmt == OUT_TABLE && o->ncells == 0 && none)
		fprintf(o->f, "%s\n", none);	/* not a header alone */
	else if (o->fmt == OUT_TABLE) {
		size_t nshow = 0;
		int *w;
		for (size_t i = 0; i < o->ncols; i++)
			nshow += o->cols[i].in_table != 0;
		w = xcalloc(nshow, sizeof *w);
		for (size_t i = 0, k = 0; i < o->ncols; i++)
			if (o->cols[i].in_table)
				w[k++] = (int)strlen(o->cols[i].name);
		for (size_t c = 0; c < o->ncells; c++) {
			int cw = esc_term_width(o->cells[c]);
			if (cw > w[c % nshow])
				w[c % nshow] = cw;
		}
		for (size_t i = 0, k = 0; i < o->ncols; i++) {
			if (!o->cols[i].in_table)
				continue;
			fprintf(o->f, "%s%-*s", k ? "  " : "", k + 1 < nshow ? w[k] : 0,
			    o->cols[i].name);
			k++;
		}
		fputc('\n', o->f);
		/* A row is padded to its columns, and ends at its last text: empty
		 * cells at the end leave no trailing blanks. */
		struct buf row = { 0 };
		for (size_t c = 0; c < o->ncells; c++) {
			size_t k = c % nshow;
			int pad = k + 1 < nshow ? w[k] - esc_term_width(o->cells[c]) : 0;
			buf_printf(&row, "%s%s%*s", k ? "  " : "", o->cells[c], pad, "");
			if (k + 1 == nshow) {
				while (row.len > 0 && row.s[row.len - 1] == ' ')
					row.len--;
				fprintf(o->f, "%.*s\n", (int)row.len, row.len ? row.s : "");
				row.len = 0;
			}
			free(o->cells[c]);
		}
		buf_free(&row);
		free(w);
		free(o->cells);
	}
	buf_free(&o->line);
	free(o);
}
