/* Escapers for untrusted text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "escape.h"

/* Bytes JSON must escape (RFC 8259 §7: '"', '\\', controls; and DEL). */
static int
json_special(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

/* Written in runs: the bytes between two that need escaping go at once. */
void
esc_json(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_addc(b, '"');
	for (;;) {
		const unsigned char *run = p;
		while (*p && !json_special(*p))
			p++;
		if (p > run)
			buf_add(b, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default: buf_printf(b, "\\u%04x", *p);
		}
		p++;
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
		/* Printable ASCII, one column a byte, goes in runs. */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x7f)
			p++;
		if (p > run) {
			if (b)
				buf_add(b, (const char *)run, (size_t)(p - run));
			if (width)
				*width += (int)(p - run);
			continue;
		}
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

void
esc_term_lines(struct buf *b, const char *s)
{
	for (const char *nl; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		char *line = xstrndup(s, (size_t)(nl - s));
		term_walk(line, b, NULL);
		free(line);
		buf_addc(b, '\n');
	}
	term_walk(s, b, NULL);
}

/* Each code point of s made clean for a document (see escape.h), handed
 * with its bytes to put. */
static void
doc_walk(const char *s, void (*put)(struct buf *, uint32_t cp, const char *bytes,
    int n, int arg), struct buf *b, int arg)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		int n = utf8_seq(p, &cp);
		if (n == 0) {
			put(b, 0xfffd, "\xef\xbf\xbd", 3, arg);
			p++;
			continue;
		}
		if (cp == '\t')
			put(b, ' ', " ", 1, arg);
		else if (cp == '\n' || !term_control(cp))
			put(b, cp, (const char *)p, n, arg);
		p += n;
	}
}

static void
put_html(struct buf *b, uint32_t cp, const char *bytes, int n, int arg)
{
	(void)arg;
	switch (cp) {
	case '&': buf_adds(b, "&amp;"); break;
	case '<': buf_adds(b, "&lt;"); break;
	case '>': buf_adds(b, "&gt;"); break;
	case '"': buf_adds(b, "&quot;"); break;
	case '\'': buf_adds(b, "&#39;"); break;
	default: buf_add(b, bytes, (size_t)n);
	}
}

void
esc_html(struct buf *b, const char *s)
{
	doc_walk(s, put_html, b, 0);
}

static void
put_md(struct buf *b, uint32_t cp, const char *bytes, int n, int inline_)
{
	if (cp == '&' || cp == '<' || cp == '>')
		put_html(b, cp, bytes, n, 0);
	else if (cp == '\n')
		buf_adds(b, inline_ ? " " : "  \n");	/* a hard line break */
	else if (cp < 0x80 && cp && (strchr("\\`*_{}[]|~", (int)cp) ||
	    ((b->len == 0 || b->s[b->len - 1] == '\n') && strchr("#+-=", (int)cp))))
		buf_printf(b, "\\%c", (char)cp);	/* markup, or a line's start */
	else
		buf_add(b, bytes, (size_t)n);
}

void
esc_md(struct buf *b, const char *s, int inline_)
{
	doc_walk(s, put_md, b, inline_);
}

static void
put_ics(struct buf *b, uint32_t cp, const char *bytes, int n, int arg)
{
	(void)arg;
	if (cp == '\\' || cp == ';' || cp == ',')
		buf_addc(b, '\\');
	if (cp == '\n')
		buf_adds(b, "\\n");
	else
		buf_add(b, bytes, (size_t)n);
}

void
esc_ics(struct buf *b, const char *s)
{
	doc_walk(s, put_ics, b, 0);
}

int
esc_term_width(const char *s)
{
	int w = 0;

	term_walk(s, NULL, &w);
	return w;
}

void
esc_csv(struct buf *b, const char *text)
{
	/* Control characters (but tab and line ends) and invalid UTF-8 first
	 * become visible \xNN, as for a terminal: a CSV file gets printed. */
	size_t plain = 0;
	for (char ch; (ch = text[plain]) >= 0x20 && ch < 0x7f && ch != ',' &&
	    ch != ';' && ch != '"';)
		plain++;
	if (text[plain] == '\0' && text[0] != '=' && text[0] != '+' &&
	    text[0] != '-' && text[0] != '@') {
		/* Printable ASCII that needs no quotes: as it is, at once. */
		buf_add(b, text, plain);
		return;
	}
	struct buf clean = { 0 };
	for (const char *nl, *p = text; *p; p = nl) {
		size_t k = strcspn(p, "\t\r\n");
		char *part = xstrndup(p, k);
		term_walk(part, &clean, NULL);
		free(part);
		nl = p + k;
		if (*nl)
			buf_addc(&clean, *nl++);
	}
	const char *s = buf_str(&clean);
	int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
	int quote = formula || strpbrk(s, ",;\"\n\r\t") != NULL;

	if (!quote) {
		buf_adds(b, s);
		buf_free(&clean);
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
	buf_free(&clean);
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

void
esc_sh(struct buf *b, const char *s)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,";

	/* An empty word would vanish: it gets quotes too. */
	if (*s != '\0' && s[strspn(s, plain)] == '\0') {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '\'');
	for (; *s; s++)
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *s);
	buf_addc(b, '\'');
}
