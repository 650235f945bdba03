/* Keys to commands: one table per view plus the global one, so the status
 * line and the ? help are generated from the same tables the keys are
 * looked up in and can never disagree with them. */
#ifndef PW_TUI_KEYS_H
#define PW_TUI_KEYS_H

#include <stddef.h>

enum tui_view {
	VIEW_OVERVIEW, VIEW_PLAN, VIEW_CALENDAR, VIEW_ASSETS, VIEW_CONFLICTS,
	VIEW_CHANGES, VIEW_COUNT
};

enum tui_cmd {
	CMD_NONE,
	/* everywhere */
	CMD_QUIT, CMD_BACK, CMD_HELP, CMD_NEXT_VIEW, CMD_PREV_VIEW,
	/* the number keys: one per view, in the order of enum tui_view */
	CMD_VIEW_1, CMD_VIEW_2, CMD_VIEW_3, CMD_VIEW_4, CMD_VIEW_5, CMD_VIEW_6,
	CMD_COMMAND,
	CMD_ZONE,
	CMD_OTHER_ZONE,
	CMD_RECHECK, CMD_REDRAW,
	/* lists */
	CMD_UP, CMD_DOWN, CMD_PGUP, CMD_PGDN, CMD_HALF_UP, CMD_HALF_DOWN, CMD_TOP,
	CMD_BOTTOM, CMD_OPEN, CMD_SELECT, CMD_SEARCH, CMD_SEARCH_NEXT,
	CMD_SEARCH_PREV, CMD_FILTER, CMD_SCROLL_LEFT, CMD_SCROLL_RIGHT,
	/* calendar */
	CMD_PREV_PERIOD, CMD_NEXT_PERIOD, CMD_WEEK_MONTH, CMD_TODAY,
	/* edits */
	CMD_MOVE, CMD_MOVE_WAVE, CMD_SPLIT, CMD_MERGE, CMD_PIN, CMD_REPLAN, CMD_UNDO,
	CMD_ACK, CMD_CHANGE, CMD_REMOVE,
	/* change records */
	CMD_SUBMIT, CMD_APPROVE, CMD_REJECT, CMD_IMPLEMENT, CMD_FAIL, CMD_ROLLBACK,
	CMD_CANCEL, CMD_VERIFY, CMD_VERIFY_APPLY,
	/* the prompt's line (lineedit.h) */
	CMD_LINE_LEFT, CMD_LINE_RIGHT, CMD_LINE_HOME, CMD_LINE_END,
	CMD_LINE_BACKSPACE, CMD_LINE_DELETE, CMD_LINE_KILL_WORD, CMD_LINE_KILL_START,
	CMD_HISTORY_PREV, CMD_HISTORY_NEXT,
	CMD_COUNT
};

struct key_binding {
	int		 key;		/* a curses key code or character */
	const char	*label;		/* how help shows it: "j/Down" */
	enum tui_cmd	 cmd;
	const char	*help;		/* what it does, one line */
	const char	*brief;		/* on the status line as "label brief"; NULL: not */
};

/* The command a key means in a view (view keys first, then global). */
enum tui_cmd keys_lookup(enum tui_view, int key);
/* A view's own bindings, and the global ones. */
const struct key_binding *keys_view(enum tui_view, size_t *n);
const struct key_binding *keys_global(size_t *n);
/* The keys of a prompt (editing its line), and of the help or a command's
 * output (scrolling it): their commands, and their tables for help. */
enum tui_cmd keys_prompt_lookup(int key);
const struct key_binding *keys_prompt(size_t *n);
enum tui_cmd keys_pane_lookup(int key);
const struct key_binding *keys_pane(size_t *n);

#endif
