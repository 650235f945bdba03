/* A modal list to pick one line from (a wave to move assets to, a window to
 * move a wave to): its lines, its cursor, and what it was opened for. The
 * frame draws it over the view and hands it the keys while it is up. */
#ifndef PW_TUI_PICKER_H
#define PW_TUI_PICKER_H

#include <stddef.h>

#include "draw.h"
#include "keys.h"
#include "list.h"

enum picker_kind { PICK_NONE, PICK_MOVE, PICK_MERGE, PICK_WINDOW, PICK_PROPOSAL };

struct picker {
	enum picker_kind kind;		/* PICK_NONE: not up */
	char		 title[160];
	char		 legend[160];	/* under the title: what its marks mean */
	char		**lines;	/* owned */
	long long	*ids;		/* each line's: a wave id, a slot index */
	size_t		 n;
	struct list_state ls;
	long long	 wave;		/* the wave being moved or merged */
};

/* What the picker's user picked (picker_key). */
struct pick {
	enum picker_kind kind;
	long long	 wave;		/* the picker's wave */
	long long	 id;		/* the line's id */
};

/* Empty it (it is no longer up); frees what it holds. */
void	picker_clear(struct picker *);
/* Add a line (copied) that picks id. */
void	picker_add(struct picker *, long long id, const char *line);
/* Its lines are all added: size its list for rows rows. */
void	picker_ready(struct picker *, int rows);
void	picker_draw(const struct picker *, const struct screen *);
/* A key while it is up: 1 and *out filled when Enter picked a line (the
 * picker is then cleared), 0 otherwise (Esc and q clear it). */
int	picker_key(struct picker *, enum tui_cmd, struct pick *out);

#endif
