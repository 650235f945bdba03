/* A page of text over the view body that scrolls like less: the ? help and
 * what a command run from the : prompt printed. Lines wrap at spaces to the
 * width laid out (never inside a date and its time), continuation rows
 * indented by the line's hang. The pane owns copies of its text. */
#ifndef PW_TUI_PANE_H
#define PW_TUI_PANE_H

#include <stddef.h>

#include "draw.h"
#include "keys.h"

/* One screen row of a wrapped line: bytes off .. off + len of line. */
struct pane_row {
	size_t	 line, off, len;
	int	 indent;
};

struct pane {
	int		 up;		/* shown (and taking the keys) */
	char		*title, *foot;	/* the first and last rows */
	char	       **lines;		/* logical lines, tabs expanded */
	int		*hang;		/* per line: continuation indent */
	size_t		 n, cap;
	struct pane_row	*rows;		/* wrapped at width */
	size_t		 nrows, rcap;
	int		 width, height;	/* the text's columns and rows */
	size_t		 top;		/* the first row shown */
};

/* Empty the pane and show it with this title and foot line (copied). */
void	pane_open(struct pane *, const char *title, const char *foot);
/* Add text (copied): a line per newline; continuation rows indented hang. */
void	pane_add(struct pane *, int hang, const char *text);
/* Wrap to width columns, height rows of text shown; keeps top in range. */
void	pane_layout(struct pane *, int width, int height);
/* Scroll by a list command (j/k, PgUp/PgDn, C-d/C-u, g/G); 1 if it was one. */
int	pane_scroll(struct pane *, enum tui_cmd);
/* Draw at (y, x): the title, height rows of text, the foot. */
void	pane_draw(const struct pane *, const struct screen *, int y, int x);
/* Hide it and free its text. */
void	pane_close(struct pane *);

#endif
