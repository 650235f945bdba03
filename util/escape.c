/* Escapers for untrusted text. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "escape.h"

void
esc_json(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\u%04x", *p);
			else
				buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. Sets *cp. */
static int
utf8_seq(const unsigned char *p, uint32_t *cp)
{
	int n;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, *cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, *cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, *cp = p[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return n;
}

static int
term_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);	/* bidi overrides reorder text */
}

static void
term_walk(const char *s, struct buf *b, int *width)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		int n = utf8_seq(p, &cp);
		if (n == 0 || term_control(cp)) {
			int k = n ? n : 1;
			for (int i = 0; i < k; i++) {
				if (b)
					buf_printf(b, "\\x%02x", p[i]);
				if (width)
					*width += 4;
			}
			p += k;
			continue;
		}
		if (b)
			buf_add(b, (const char *)p, (size_t)n);
		if (width) {
			int w = wcwidth((wchar_t)cp);
			*width += w < 0 ? 1 : w;
		}
		p += n;
	}
}

void
esc_term(struct buf *b, const char *s)
{
	term_walk(s, b, NULL);
}

int
esc_term_width(const char *s)
{
	int w = 0;

	term_walk(s, NULL, &w);
	return w;
}

void
esc_csv(struct buf *b, const char *s)
{
	int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
	int quote = formula || strpbrk(s, ",;\"\n\r\t") != NULL;

	if (!quote) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

void
esc_term_fit(struct buf *b, const char *s, int width)
{
	struct buf t = { 0 };
	int used = 0;

	if (width <= 0)
		return;
	esc_term(&t, s ? s : "");
	const unsigned char *p = (const unsigned char *)(t.s ? t.s : "");
	int total = esc_term_width(s ? s : "");
	int room = total > width ? width - 1 : width;	/* 1 for the ellipsis */
	while (*p) {
		uint32_t cp;
		int n = utf8_seq(p, &cp), w;
		if (n == 0)
			break;		/* cannot happen: esc_term wrote it */
		w = wcwidth((wchar_t)cp);
		w = w < 0 ? 1 : w;
		if (used + w > room)
			break;
		buf_add(b, (const char *)p, (size_t)n);
		used += w;
		p += n;
	}
	if (total > width) {
		buf_adds(b, "\xe2\x80\xa6");	/* U+2026, an ellipsis */
		used++;
	}
	for (; used < width; used++)
		buf_addc(b, ' ');
	buf_free(&t);
}
