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

/* The command lines kept: a session's and, read back, earlier ones. */
#define HISTORY_KEEP	500

/* Command lines run, oldest first (owned), and where Up has got to. */
struct history {
	char	**v;
	size_t	  n, cap;
	size_t	  at;		/* n: the line being typed */
	char	 *draft;	/* that line, kept while Up looks back */
	size_t	  saved;	/* v[0..saved) came from the file (histfile.c) */
};

/* Remember a line run (not an empty one, nor the last one again); the next
 * Up starts from the newest; past HISTORY_KEEP the oldest goes. */
void	history_add(struct history *, const char *s);
/* Add the lines of text (len bytes, one a line, the oldest first), as a
 * history file holds them, before what h has: a line that is empty, longer
 * than a prompt's line or holds a control byte is skipped (it would be drawn
 * on the prompt). Counts them as saved. */
void	history_load(struct history *, const char *text, size_t len);
/* Up (dir -1) or Down (1) from the line l holds: l gets the older or newer
 * one (Down past the newest: what was being typed); 0 when none. */
int	history_move(struct history *, struct line *l, int dir);
void	history_free(struct history *);

#endif
