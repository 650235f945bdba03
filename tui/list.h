/* A list's cursor, scroll and selection: pure state, no terminal, so every
 * view's movement is unit-tested (tests/test_tui.c). */
#ifndef PW_TUI_LIST_H
#define PW_TUI_LIST_H

#include <stddef.h>

#include "keys.h"

struct list_state {
	size_t	count;		/* rows in the list */
	size_t	cursor;		/* the selected row (0 when empty) */
	size_t	top;		/* the first row shown */
	int	rows;		/* rows the screen shows (>= 1) */
};

enum list_move {
	LM_UP, LM_DOWN, LM_PGUP, LM_PGDN, LM_HALF_UP, LM_HALF_DOWN, LM_TOP, LM_BOTTOM
};

/* Each keeps the cursor inside the list and on screen. */
void	list_set_rows(struct list_state *, int rows);
void	list_set_count(struct list_state *, size_t count);
void	list_move(struct list_state *, enum list_move);
void	list_goto(struct list_state *, size_t index);
/* Scroll the view by delta rows (mouse wheel); the cursor follows if it
 * would leave the screen. */
void	list_scroll(struct list_state *, long delta);
/* The list moves the keys mean (j, k, PgDn ...): 1 when cmd was one. */
int	list_command(struct list_state *, enum tui_cmd);

/* A set of ids (assets, waves) picked with Space, kept sorted. */
struct selection {
	long long	*v;
	size_t		 n, cap;
};
void	sel_toggle(struct selection *, long long id);
int	sel_has(const struct selection *, long long id);
void	sel_clear(struct selection *);	/* empties and frees */

#endif
