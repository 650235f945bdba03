/* Drawing helpers (see draw.h). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/escape.h"
#include "draw.h"

static const short fg[COL_COUNT] = {
	[COL_NORMAL] = -1, [COL_TITLE] = COLOR_WHITE, [COL_CURSOR] = COLOR_BLACK,
	[COL_ERROR] = COLOR_RED, [COL_WARN] = COLOR_YELLOW, [COL_OK] = COLOR_GREEN,
	[COL_WAVE] = COLOR_CYAN, [COL_PROVIDER] = COLOR_MAGENTA,
	[COL_FREEZE] = COLOR_BLUE, [COL_WINDOW] = COLOR_GREEN, [COL_DIM] = -1,
};

void
draw_colors_init(struct screen *s)
{
	s->color = has_colors() && getenv("NO_COLOR") == NULL;
	if (!s->color)
		return;
	start_color();
	use_default_colors();
	for (int c = 1; c < COL_COUNT; c++)
		init_pair((short)c, fg[c], c == COL_TITLE || c == COL_CURSOR ? -1 : -1);
}

void
draw_put(int y, int x, int width, const char *s)
{
	struct buf b = { 0 };

	if (width <= 0)
		return;
	esc_term_fit(&b, s, width);
	mvaddstr(y, x, b.s ? b.s : "");
	buf_free(&b);
}

/* Without colour every role still reads: reverse for the cursor and title,
 * bold for what needs attention. */
static attr_t
mono(enum tui_color c)
{
	switch (c) {
	case COL_TITLE: case COL_CURSOR: return A_REVERSE;
	case COL_ERROR: case COL_WARN: case COL_WAVE: return A_BOLD;
	case COL_DIM: return A_DIM;
	default: return A_NORMAL;
	}
}

static attr_t
attr(const struct screen *s, enum tui_color c)
{
	if (!s->color)
		return mono(c);
	if (c == COL_CURSOR || c == COL_TITLE)
		return COLOR_PAIR(c) | A_REVERSE;
	return COLOR_PAIR(c) | (c == COL_ERROR || c == COL_WAVE ? A_BOLD : 0) |
	    (c == COL_DIM ? A_DIM : 0);
}

void
draw_attr_on(const struct screen *s, enum tui_color c)
{
	attron(attr(s, c));
}

void
draw_attr_off(const struct screen *s, enum tui_color c)
{
	attroff(attr(s, c));
}

void
draw_time(const struct screen *s, int64_t utc, char *out, size_t n)
{
	char t[64];

	tz_format(s->zone, utc, 0, t, sizeof t);
	snprintf(out, n, "%.16s", t);	/* the offset is the header's */
}

void
draw_deadline(const struct screen *s, int64_t utc, char *out, size_t n)
{
	char t[64];

	tz_format(s->zone, utc, 1, t, sizeof t);
	snprintf(out, n, "%.16s", t);
}

void
draw_columns(const struct screen *s, int y, const char *const *titles,
    const int *widths, int n, int x0, int w, int *x)
{
	draw_attr_on(s, COL_DIM);
	for (int c = 0, at = x0; c < n; c++) {
		x[c] = at + widths[c] <= w ? at : -1;
		if (x[c] >= 0) {
			draw_put(y, x[c], widths[c], titles[c]);
			at += widths[c] + 1;
		}
	}
	draw_attr_off(s, COL_DIM);
}

int
draw_body_rows(const struct screen *s)
{
	return s->lines - 3;	/* title, message line, status line */
}

int
draw_rows_below(const struct screen *s, int y)
{
	return s->lines - 2 - y;
}

/* The start of the character byte cut of m is in: a cut inside a UTF-8
 * sequence would show both halves as U+FFFD. */
static int
char_start(const char *m, int cut)
{
	while (cut > 0 && ((unsigned char)m[cut] & 0xc0) == 0x80)
		cut--;
	return cut;
}

/* Where m's line of w bytes at most ends: at its last space, unless that
 * leaves less than half the line (a long word, a title with no space,
 * behind a short number: it would hide the word), then mid-word, on a
 * character. */
static int
line_cut(const char *m, int w)
{
	int cut;

	for (cut = w; cut > 0 && m[cut] != ' '; cut--)
		;
	if (cut >= w / 2)
		return cut;
	cut = char_start(m, w);
	return cut > 0 ? cut : w;	/* no character starts there: not UTF-8 */
}

int
draw_text_rows(int y, int w, const char *m, int max)
{
	int l = 0;

	if (w < 4)
		return 0;
	for (; l < max && *m; l++) {
		int len = (int)strlen(m), cut = len > w ? line_cut(m, w) : len;
		char part[1024];
		if (l + 1 == max && cut < len) {	/* more than fits */
			if (cut > w - 2)
				cut = line_cut(m, w - 2);
			snprintf(part, sizeof part, "%.*s …", cut, m);
		} else
			snprintf(part, sizeof part, "%.*s", cut, m);
		draw_put(y + l, 1, w, part);
		m += cut;
		while (*m == ' ')
			m++;
	}
	return l;
}
