/* RFC 4180 CSV reading. The reader copies each record's unquoted fields into one
 * growing buffer and hands out pointers into it, so a 100k-row file costs no
 * per-field allocation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "csv.h"

struct csv_reader {
	const char	*p;	/* next unread byte */
	const char	*start;	/* data */
	const char	*end;
	long		 line;	/* physical line of *p */
	char		 delim;
	struct buf	 text;	/* unquoted fields, NUL-separated */
	long		 bad_line;	/* first line not UTF-8, 0: none yet */
	unsigned char	 cls[256];	/* byte classes, see csv_open */
	size_t		*offs;	/* field start offsets into text */
	size_t		 noffs, capoffs;
	char		**fields;
	size_t		 capfields;
};

size_t
utf8_bad_offset(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + len;

	while (s < e) {
		/* Eight bytes at a time while they are ASCII and none is NUL (a
		 * high bit, or a borrow out of a zero byte, stops it): most text. */
		uint64_t w;
		while (e - s >= 8) {
			memcpy(&w, s, 8);
			if (((w | (w - 0x0101010101010101u)) & 0x8080808080808080u) != 0)
				break;
			s += 8;
		}
		if (s == e)
			break;
		unsigned char c = *s;
		if (c < 0x80) {
			if (c == 0)
				break;
			s++;
			continue;
		}
		size_t n;
		unsigned int cp;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			break;
		if ((size_t)(e - s) <= n)
			break;
		size_t i;
		for (i = 1; i <= n && (s[i] & 0xc0) == 0x80; i++)
			cp = (cp << 6) | (s[i] & 0x3f);
		if (i <= n || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			break;
		s += n + 1;
	}
	return (size_t)(s - (const unsigned char *)str);
}

int
utf8_valid(const char *s, size_t len)
{
	return utf8_bad_offset(s, len) == len;
}

/* What a file in another encoding is told, by every reader. */
static const char not_utf8[] = "not UTF-8 text (convert the file, e.g. iconv "
    "-f WINDOWS-1252 -t UTF-8)";

int
utf8_text_check(const char *path, const char *data, size_t len, struct pw_error *fatal)
{
	size_t bad = utf8_bad_offset(data, len);
	long line = 1;

	if (bad == len)
		return 0;
	for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + bad - p)));
	    p++)
		line++;
	pw_error_set(fatal, path, line, "%s", not_utf8);
	return -1;
}

/* Pick the delimiter that occurs most often outside quotes on the first line. */
static char
detect_delimiter(const char *p, const char *end)
{
	const char cand[] = { ',', ';', '\t' };
	size_t count[3] = { 0, 0, 0 };
	int inq = 0;

	for (; p < end; p++) {
		if (*p == '"')
			inq = !inq;
		else if (!inq && (*p == '\n' || *p == '\r'))
			break;
		else if (!inq)
			for (int i = 0; i < 3; i++)
				if (*p == cand[i])
					count[i]++;
	}
	int best = 0;
	for (int i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return cand[best];
}

struct csv_reader *
csv_open(const char *data, size_t len, char delim)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);

	r->p = r->start = data;
	r->end = data + len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;
	r->line = 1;
	r->delim = delim ? delim : detect_delimiter(r->p, r->end);
	/* 1: ends an unquoted field; 2: needs a UTF-8 check (NUL, not ASCII);
	 * 4: ends a run of bytes inside quotes. */
	r->cls[(unsigned char)r->delim] = 1;
	r->cls['\n'] = r->cls['\r'] = r->cls['"'] = 1 | 4;
	r->cls[0] = 2;
	for (int c = 0x80; c < 256; c++)
		r->cls[c] = 2;
	return r;
}

long
csv_bad_encoding_line(const struct csv_reader *r)
{
	return r->bad_line;
}

int
csv_encoding_fatal(const struct csv_reader *r, const char *path, struct pw_error *fatal)
{
	if (r->bad_line == 0)
		return 0;
	pw_error_set(fatal, path, r->bad_line, "%s", not_utf8);
	return 1;
}

int
csv_row_width(const struct csv_record *rec, size_t ncols, const char *path,
    struct pw_diags *problems)
{
	if (rec->n == ncols)
		return 0;
	pw_diags_add(problems, path, rec->line, "%zu fields, but the header has %zu",
	    rec->n, ncols);
	return -1;
}

int
csv_next_row(struct csv_reader *r, const char *path, size_t ncols,
    struct csv_record *rec, struct pw_diags *problems, struct pw_error *fatal)
{
	struct pw_error e = { 0 };
	int rc;

	while ((rc = csv_next(r, rec, &e)) != 0) {
		if (rc < 0) {
			if (csv_encoding_fatal(r, path, fatal))
				return -1;
			pw_diags_add(problems, path, e.line, "%s", e.msg);
			continue;
		}
		if (ncols == 0 || csv_row_width(rec, ncols, path, problems) == 0)
			return 1;
	}
	return 0;
}

void
csv_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	buf_free(&r->text);
	free(r->offs);
	free(r->fields);
	free(r);
}

size_t
csv_offset(const struct csv_reader *r)
{
	return (size_t)(r->p - r->start);
}

/* Consume one line ending at r->p if there is one (CRLF, LF or CR). */
static int
eat_newline(struct csv_reader *r)
{
	if (r->p < r->end && *r->p == '\r') {
		r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		return 1;
	}
	if (r->p < r->end && *r->p == '\n') {
		r->p++;
		r->line++;
		return 1;
	}
	return 0;
}

static void
skip_to_next_line(struct csv_reader *r)
{
	while (r->p < r->end && *r->p != '\n' && *r->p != '\r')
		r->p++;
	eat_newline(r);
}

static void
field_start(struct csv_reader *r)
{
	if (r->noffs == r->capoffs)
		r->offs = xgrow(r->offs, &r->capoffs, r->noffs, sizeof *r->offs);
	r->offs[r->noffs++] = r->text.len;
}

/* End the field read: its NUL, without a call when there is room (once a
 * field, 37 million times in a 1M-row Qualys report). */
static void
field_end(struct csv_reader *r)
{
	struct buf *b = &r->text;

	if (b->len + 1 < b->cap)
		b->s[++b->len] = '\0';		/* s[len] is the NUL already */
	else
		buf_addc(b, '\0');
}

/* The next n bytes of a quoted field of which *flen came before: past
 * CSV_FIELD_MAX a field is read, not kept. */
static void
quoted_add(struct csv_reader *r, const char *s, size_t n, size_t *flen, int keep)
{
	size_t room = *flen < CSV_FIELD_MAX ? CSV_FIELD_MAX - *flen : 0;

	if (keep)
		buf_add(&r->text, s, n < room ? n : room);
	*flen += n;
}

int
csv_next(struct csv_reader *r, struct csv_record *rec, struct pw_error *err)
{
	/* Skip blank lines between records. */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r'))
		eat_newline(r);
	if (r->p >= r->end)
		return 0;

	unsigned char odd = 0;	/* a byte that needs the UTF-8 check */
	size_t toolong = 0;	/* the first field past CSV_FIELD_MAX (from 1) */
	long toolong_line = 0, fline;

	buf_reset(&r->text);
	buf_add(&r->text, "", 0);	/* fields point into it, even all-empty ones */
	r->noffs = 0;
	rec->line = fline = r->line;
	field_start(r);
	for (;;) {
		if (r->p >= r->end || *r->p == '\n' || *r->p == '\r') {
			eat_newline(r);
			break;
		}
		if (*r->p == r->delim) {
			r->p++;
			field_end(r);
			field_start(r);
			fline = r->line;
			continue;
		}
		size_t flen = r->text.len - r->offs[r->noffs - 1];
		if (*r->p == '"' && flen == 0) {
			/* After a field too long, the record's are read, not kept. */
			int keep = toolong == 0;
			r->p++;
			for (;;) {
				const char *s = r->p;
				char c;
				/* A run of plain bytes at once: in a report whose
				 * every value is quoted, most of the file. */
				while (r->p < r->end && !(r->cls[(unsigned char)*r->p] & 4))
					odd |= r->cls[(unsigned char)*r->p++] & 2;
				quoted_add(r, s, (size_t)(r->p - s), &flen, keep);
				if (r->p >= r->end) {
					pw_error_set(err, NULL, fline, "quoted field "
					    "never closed (a '\"' is missing)");
					return -1;
				}
				if (*r->p == '"') {
					if (r->p + 1 >= r->end || r->p[1] != '"') {
						r->p++;
						break;
					}
					c = '"';
					r->p += 2;
				} else {
					/* Newlines inside quotes are data; keep
					 * them as LF whatever the file used. */
					eat_newline(r);
					c = '\n';
				}
				quoted_add(r, &c, 1, &flen, keep);
			}
			if (flen > CSV_FIELD_MAX && toolong == 0) {
				toolong = r->noffs;
				toolong_line = fline;
			}
			if (r->p < r->end && *r->p != r->delim && *r->p != '\n' &&
			    *r->p != '\r') {
				pw_error_set(err, NULL, r->line, "text after the "
				    "closing quote of a field");
				skip_to_next_line(r);
				return -1;
			}
			continue;
		}
		const char *s = r->p;
		while (r->p < r->end && !(r->cls[(unsigned char)*r->p] & 1))
			odd |= r->cls[(unsigned char)*r->p++];
		if (r->p < r->end && *r->p == '"') {
			pw_error_set(err, NULL, r->line, "a '\"' inside an unquoted "
			    "field (quote the field and double the quote)");
			skip_to_next_line(r);
			return -1;
		}
		if (flen + (size_t)(r->p - s) > CSV_FIELD_MAX) {
			if (toolong == 0) {
				toolong = r->noffs;
				toolong_line = fline;
			}
		} else if (!toolong)
			buf_add(&r->text, s, (size_t)(r->p - s));
	}
	if (toolong) {
		pw_error_set(err, NULL, toolong_line, "field %zu is longer than %zu "
		    "bytes (1 MiB)", toolong, CSV_FIELD_MAX);
		return -1;
	}
	/* Only a record with a NUL or a non-ASCII byte needs the UTF-8 check. */
	if (odd) {
		/* Fields are NUL-separated in text; an input NUL fails utf8_valid. */
		for (size_t i = 0; i < r->noffs; i++) {
			size_t flen = (i + 1 < r->noffs ? r->offs[i + 1] - 1 :
			    r->text.len) - r->offs[i];
			if (!utf8_valid(r->text.s + r->offs[i], flen)) {
				if (r->bad_line == 0)
					r->bad_line = rec->line;
				pw_error_set(err, NULL, rec->line, "field %zu is not "
				    "valid UTF-8 text (or holds a NUL byte)", i + 1);
				return -1;
			}
		}
	}
	r->fields = xgrow(r->fields, &r->capfields, r->noffs, sizeof *r->fields);
	for (size_t i = 0; i < r->noffs; i++)
		r->fields[i] = r->text.s + r->offs[i];
	rec->fields = r->fields;
	rec->n = r->noffs;
	return 1;
}
