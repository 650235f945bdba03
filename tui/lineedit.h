/* The prompt's line as readline edits it: the cursor moves by character and
 * word, text goes in at the cursor, and the : prompt recalls this session's
 * command lines with Up and Down. Pure: no terminal. */
#ifndef PW_TUI_LINEEDIT_H
#define PW_TUI_LINEEDIT_H

#include <stddef.h>

#include "keys.h"

/* A line of at most 255 bytes (UTF-8) in s, len long, the cursor at byte
 * cur (on a character's first byte once a character is complete). */
struct line {
	char	 s[256];
	size_t	 len, cur;
};

/* Put a byte in at the cursor (UTF-8 arrives byte by byte); 0 if full. */
int	line_insert(struct line *, char c);
/* Edit by a prompt command (CMD_LINE_*); 1 if it was one. */
int	line_edit(struct line *, enum tui_cmd);
/* Replace the whole line, the cursor at its end. */
void	line_set(struct line *, const char *s);

/* Command lines run, oldest first (owned), and where Up has got to. */
struct history {
	char	**v;
	size_t	  n, cap;
	size_t	  at;		/* n: the line being typed */
	char	 *draft;	/* that line, kept while Up looks back */
};

/* Remember a line run (not an empty one, nor the last one again); the next
 * Up starts from the newest. */
void	history_add(struct history *, const char *s);
/* Up (dir -1) or Down (1) from the line l holds: l gets the older or newer
 * one (Down past the newest: what was being typed); 0 when none. */
int	history_move(struct history *, struct line *l, int dir);
void	history_free(struct history *);

#endif
