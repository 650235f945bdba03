/* Drawing on the terminal: untrusted text put in its columns, the colour
 * roles, times in the shown zone. Below every view; it knows nothing of the
 * app's state, only the screen it draws on. */
#ifndef PW_TUI_DRAW_H
#define PW_TUI_DRAW_H

#include <stddef.h>
#include <stdint.h>

enum tui_color {
	COL_NORMAL, COL_TITLE, COL_CURSOR, COL_ERROR, COL_WARN, COL_OK, COL_WAVE,
	COL_PROVIDER, COL_FREEZE, COL_WINDOW, COL_DIM, COL_COUNT
};

struct _icaltimezone;

/* What drawing needs to know: the terminal's size, whether it has colours,
 * and the zone times are shown in. The frame keeps it current. */
struct screen {
	int			 lines, cols;
	int			 color;	/* 0: monochrome (NO_COLOR, no colours) */
	struct _icaltimezone	*zone;	/* NULL: UTC */
};

/* Start the colours (curses is up): none when the terminal has none or
 * NO_COLOR is set; scr->color says which. */
void	draw_colors_init(struct screen *);
/* Put untrusted text at (y, x) in exactly width columns, escaped. */
void	draw_put(int y, int x, int width, const char *s);
void	draw_attr_on(const struct screen *, enum tui_color);
void	draw_attr_off(const struct screen *, enum tui_color);
/* "2026-11-24 02:00" in the shown zone. */
void	draw_time(const struct screen *, int64_t utc, char *out, size_t n);
/* A deadline so: the end of its day, local midnight the day before's 24:00. */
void	draw_deadline(const struct screen *, int64_t utc, char *out, size_t n);
/* Lay out n columns of the given widths from x0 within w: x[i] is where
 * column i goes, or -1 when it does not fit (left to right, so the first
 * columns are the ones kept). The titles (dim) go on row y. */
void	draw_columns(const struct screen *, int y, const char *const *titles,
	    const int *widths, int n, int x0, int w, int *x);
/* Rows the view body has (between the title and the message line). */
int	draw_body_rows(const struct screen *);
/* Rows from row y down to the message line: a list drawn from y has these. */
int	draw_rows_below(const struct screen *, int y);
/* Up to max rows of text from row y (column 1), w columns, cut at spaces
 * (the text is escaped when put); the last row ends in "…" when text is
 * left. Returns the rows it took. */
int	draw_text_rows(int y, int w, const char *text, int max);

#endif
