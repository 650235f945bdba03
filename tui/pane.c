/* A scrolling page of text (see pane.h). */
#include <ctype.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/escape.h"
#include "pane.h"

static void
rows_free(struct pane *p)
{
	free(p->rows);
	p->rows = NULL;
	p->nrows = p->rcap = 0;
}

void
pane_close(struct pane *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->hang);
	free(p->title);
	free(p->foot);
	rows_free(p);
	memset(p, 0, sizeof *p);
}

void
pane_open(struct pane *p, const char *title, const char *foot)
{
	int width = p->width, height = p->height;

	pane_close(p);
	p->up = 1;
	p->title = xstrdup(title ? title : "");
	p->foot = xstrdup(foot ? foot : "");
	p->width = width;
	p->height = height;
}

void
pane_add(struct pane *p, int hang, const char *text)
{
	const char *s = text ? text : "";

	do {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		struct buf b = { 0 };
		/* Tabs to the next multiple of 8; a CR of CRLF dropped. */
		for (size_t i = 0; i < len; i++)
			if (s[i] == '\t')
				do
					buf_addc(&b, ' ');
				while (b.len % 8);
			else if (!(s[i] == '\r' && i + 1 == len))
				buf_addc(&b, s[i]);
		size_t had = p->cap;
		p->lines = xgrow(p->lines, &p->cap, p->n, sizeof *p->lines);
		if (p->cap != had)
			p->hang = xrealloc(p->hang, p->cap * sizeof *p->hang);
		p->hang[p->n] = hang;
		p->lines[p->n++] = b.s ? buf_detach(&b) : xstrdup("");
		s = e ? e + 1 : NULL;
	} while (s && *s);
}

/* The columns the bytes s[0 .. len) take on the terminal, escaped. */
static int
width_of(const char *s, size_t len)
{
	char tmp[16];

	if (len < sizeof tmp) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		return esc_term_width(tmp);
	}
	char *d = xstrndup(s, len);
	int w = esc_term_width(d);
	free(d);
	return w;
}

/* The bytes of the character at s (UTF-8), at least 1. */
static size_t
char_len(const char *s)
{
	size_t n = 1;

	while (s[n] && ((unsigned char)s[n] & 0xc0) == 0x80 && n < 4)
		n++;
	return n;
}

static int
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* May a line break at the space s[i]? Not between a date and its time
 * ("2026-11-24 02:00"): a timestamp is one token. */
static int
breakable(const char *s, size_t i)
{
	if (s[i] != ' ')
		return 0;
	if (i >= 10 && digits(s + i - 10, 4) && s[i - 6] == '-' &&
	    digits(s + i - 5, 2) && s[i - 3] == '-' && digits(s + i - 2, 2) &&
	    strlen(s + i + 1) >= 5 && digits(s + i + 1, 2) && s[i + 3] == ':')
		return 0;
	return 1;
}

static void
row_add(struct pane *p, size_t line, size_t off, size_t len, int indent)
{
	p->rows = xgrow(p->rows, &p->rcap, p->nrows, sizeof *p->rows);
	p->rows[p->nrows++] = (struct pane_row){ line, off, len, indent };
}

/* Line i as rows of at most width columns: broken at the last space that
 * fits, or inside a word only when a word alone is wider than the row. */
static void
wrap_line(struct pane *p, size_t i, int width)
{
	const char *s = p->lines[i];
	size_t off = 0, n = strlen(s);
	int indent = 0;

	do {
		int avail = width - indent, w = 0;
		size_t at = off, brk = 0;
		while (at < n) {
			size_t cl = char_len(s + at);
			int cw = width_of(s + at, cl);
			if (w + cw > avail)
				break;
			if (at > off && breakable(s, at))
				brk = at;
			w += cw;
			at += cl;
		}
		if (at < n && brk > off && !(s[at] == ' ' && breakable(s, at)))
			at = brk;	/* the last space that fits */
		if (at == off && at < n)	/* an empty line is one empty row */
			at += char_len(s + at);	/* one wide character */
		row_add(p, i, off, at - off, indent);
		while (at < n && s[at] == ' ')
			at++;
		off = at;
		if (p->hang[i] < width / 2)
			indent = p->hang[i];
	} while (off < n);
}

void
pane_layout(struct pane *p, int width, int height)
{
	p->width = width > 1 ? width : 1;
	p->height = height > 1 ? height : 1;
	p->nrows = 0;
	for (size_t i = 0; i < p->n; i++)
		wrap_line(p, i, p->width);
	pane_scroll(p, CMD_NONE);	/* top in range */
}

int
pane_scroll(struct pane *p, enum tui_cmd cmd)
{
	size_t h = (size_t)p->height, last = p->nrows > h ? p->nrows - h : 0;
	int used = 1;

	switch (cmd) {
	case CMD_DOWN: p->top++; break;
	case CMD_UP: p->top = p->top > 0 ? p->top - 1 : 0; break;
	case CMD_PGDN: p->top += h > 1 ? h - 1 : 1; break;
	case CMD_PGUP: p->top = p->top > h - 1 ? p->top - (h - 1) : 0; break;
	case CMD_HALF_DOWN: p->top += h / 2 ? h / 2 : 1; break;
	case CMD_HALF_UP: p->top = p->top > h / 2 ? p->top - h / 2 : 0; break;
	case CMD_TOP: p->top = 0; break;
	case CMD_BOTTOM: p->top = last; break;
	default: used = 0; break;
	}
	if (p->top > last)
		p->top = last;
	return used;
}

void
pane_draw(const struct pane *p, const struct screen *scr, int y, int x)
{
	char where[64];

	draw_attr_on(scr, COL_TITLE);
	mvhline(y, x, ' ', p->width);
	draw_put(y, x, p->width, p->title);
	draw_attr_off(scr, COL_TITLE);
	for (int r = 0; r < p->height; r++) {
		size_t i = p->top + (size_t)r;
		mvhline(y + 1 + r, x, ' ', p->width);
		if (i >= p->nrows)
			continue;
		const struct pane_row *w = &p->rows[i];
		char *s = xstrndup(p->lines[w->line] + w->off, w->len);
		draw_put(y + 1 + r, x + w->indent, p->width - w->indent, s);
		free(s);
	}
	if (p->nrows > (size_t)p->height)
		snprintf(where, sizeof where, "rows %zu-%zu of %zu  ", p->top + 1,
		    p->top + (size_t)p->height < p->nrows ? p->top + (size_t)p->height :
		    p->nrows, p->nrows);
	else
		where[0] = '\0';
	struct buf b = { 0 };
	buf_printf(&b, "%s%s", where, p->foot);
	draw_attr_on(scr, COL_TITLE);
	mvhline(y + 1 + p->height, x, ' ', p->width);
	draw_put(y + 1 + p->height, x, p->width, buf_str(&b));
	draw_attr_off(scr, COL_TITLE);
	buf_free(&b);
}
