/* The key tables (see keys.h). Several keys may mean one command; help shows
 * the first binding of a command with its label naming the others. */
#include <curses.h>

#include "keys.h"

#define CTRL(c)	((c) & 0x1f)

static const struct key_binding global[] = {
	{ 'q', "q", CMD_QUIT, "back, or quit from the top level", "quit" },
	{ 27, "Esc", CMD_BACK, "back (close a pane or a prompt)", NULL },
	{ '?', "?", CMD_HELP, "this help", "help" },
	{ '\t', "Tab", CMD_NEXT_VIEW, "next view", "views" },
	{ KEY_BTAB, "S-Tab", CMD_PREV_VIEW, "previous view", NULL },
	{ '1', "1", CMD_VIEW_1, "Overview", NULL },
	{ '2', "2", CMD_VIEW_2, "Plan", NULL },
	{ '3', "3", CMD_VIEW_3, "Calendar", NULL },
	{ '4', "4", CMD_VIEW_4, "Assets", NULL },
	{ '5', "5", CMD_VIEW_5, "Conflicts", NULL },
	{ '6', "6", CMD_VIEW_6, "Changes", NULL },
	{ ':', ":", CMD_COMMAND, "command line: the CLI's commands (:help lists them; :verify, "
	    ":report sla ...)", "command" },
	{ 'z', "z", CMD_ZONE, "times in the operator's zone / UTC / the other zone",
	    NULL },
	{ 'Z', "Z", CMD_OTHER_ZONE, "times in another zone (asks which)", NULL },
	{ 'r', "r", CMD_RECHECK, "check the plan's conflicts again", NULL },
	{ 'u', "u", CMD_UNDO, "undo the last edit", "undo" },
	{ 'P', "P", CMD_REPLAN, "run the planner (says how many assets move first)", NULL },
	{ CTRL('l'), "C-l", CMD_REDRAW, "redraw the screen", NULL },
};

/* Movement shared by every list. */
#define LIST_KEYS \
	{ 'j', "j/Down", CMD_DOWN, "next row", NULL }, \
	{ KEY_DOWN, "Down", CMD_DOWN, NULL, NULL }, \
	{ 'k', "k/Up", CMD_UP, "previous row", NULL }, \
	{ KEY_UP, "Up", CMD_UP, NULL, NULL }, \
	{ KEY_NPAGE, "PgDn", CMD_PGDN, "page down", NULL }, \
	{ KEY_PPAGE, "PgUp", CMD_PGUP, "page up", NULL }, \
	{ CTRL('d'), "C-d", CMD_HALF_DOWN, "half a page down", NULL }, \
	{ CTRL('u'), "C-u", CMD_HALF_UP, "half a page up", NULL }, \
	{ 'g', "g/Home", CMD_TOP, "first row", NULL }, \
	{ KEY_HOME, "Home", CMD_TOP, NULL, NULL }, \
	{ 'G', "G/End", CMD_BOTTOM, "last row", NULL }, \
	{ KEY_END, "End", CMD_BOTTOM, NULL, 0 }

static const struct key_binding overview[] = {
	LIST_KEYS,
	{ '\n', "Enter", CMD_OPEN, "open the wave under the cursor in Plan", "open wave" },
	{ KEY_ENTER, "Enter", CMD_OPEN, NULL, NULL },
};

static const struct key_binding plan[] = {
	LIST_KEYS,
	{ '\n', "Enter", CMD_OPEN, "open the wave: its assets, deadlines, slack; in an "
	    "open wave, the asset's page (Assets)", "open" },
	{ KEY_ENTER, "Enter", CMD_OPEN, NULL, NULL },
	{ '/', "/", CMD_SEARCH, "search (in an open wave)", NULL },
	{ 'n', "n", CMD_SEARCH_NEXT, "next match", NULL },
	{ 'N', "N", CMD_SEARCH_PREV, "previous match", NULL },
	{ ' ', "Space", CMD_SELECT, "select / unselect an asset (open wave; marked *)",
	    NULL },
	{ 'm', "m", CMD_MOVE, "move the selected assets (or this one) to another wave",
	    "move" },
	{ 'w', "w", CMD_MOVE_WAVE, "move the wave to another window (conflict-free "
	    "ones marked, nearest first)", "window" },
	{ 's', "s", CMD_SPLIT, "split: the selected assets become a new wave", NULL },
	{ 'M', "M", CMD_MERGE, "merge the wave into another of its stage", NULL },
	{ 'p', "p", CMD_PIN, "pin / unpin the selected assets (or this one)", NULL },
	{ 'd', "d", CMD_REMOVE, "take the selected assets (or this one) out of the plan "
	    "(edit remove; the next plan places them again)", NULL },
	{ 'c', "c", CMD_CHANGE, "make a change record (draft) from the wave; asks for "
	    "a title", "change" },
};

static const struct key_binding calendar[] = {
	{ 'h', "h/Left", CMD_PREV_PERIOD, "previous week or month", "earlier" },
	{ KEY_LEFT, "Left", CMD_PREV_PERIOD, NULL, NULL },
	{ 'l', "l/Right", CMD_NEXT_PERIOD, "next week or month", "later" },
	{ KEY_RIGHT, "Right", CMD_NEXT_PERIOD, NULL, NULL },
	{ 'm', "m", CMD_WEEK_MONTH, "week / month", "week/month" },
	{ 't', "t", CMD_TODAY, "back to today", NULL },
	LIST_KEYS,
};

static const struct key_binding assets[] = {
	LIST_KEYS,
	{ '\n', "Enter", CMD_OPEN, "the asset's page: vars, groups, deadline, slack, "
	    "conflicts, why, patches", "details" },
	{ KEY_ENTER, "Enter", CMD_OPEN, NULL, NULL },
	{ '/', "/", CMD_SEARCH, "search hostnames and keys", "search" },
	{ 'n', "n", CMD_SEARCH_NEXT, "next match", NULL },
	{ 'N', "N", CMD_SEARCH_PREV, "previous match", NULL },
	{ 'f', "f", CMD_FILTER, "filter: field=value (environment, stage, cluster, "
	    "owner, provider, region, conflict=CODE; any case, the importers' names "
	    "such as env= too); empty clears", "filter" },
	{ 'h', "h/Left", CMD_SCROLL_LEFT, "scroll the columns left", NULL },
	{ KEY_LEFT, "Left", CMD_SCROLL_LEFT, NULL, NULL },
	{ 'l', "l/Right", CMD_SCROLL_RIGHT, "scroll the columns right (those that do "
	    "not fit)", NULL },
	{ KEY_RIGHT, "Right", CMD_SCROLL_RIGHT, NULL, NULL },
	{ ' ', "Space", CMD_SELECT, "select / unselect the row (marked *)", NULL },
	{ 'm', "m", CMD_MOVE, "move the selected assets (or this one) to a wave", NULL },
	{ 'p', "p", CMD_PIN, "pin / unpin the selected assets (or this one)", NULL },
};

static const struct key_binding conflicts[] = {
	LIST_KEYS,
	{ '\n', "Enter", CMD_OPEN, "jump to the conflict's wave or asset", "jump" },
	{ KEY_ENTER, "Enter", CMD_OPEN, NULL, NULL },
	{ 'a', "a", CMD_ACK, "acknowledge a warning, with a justification", "ack" },
	{ 'f', "f", CMD_FILTER, "filter: new (as conflicts --new), code=CODE, wave=N; "
	    "empty clears", "filter" },
	{ 'w', "w", CMD_MOVE_WAVE, "where its assets could go (as conflicts --new "
	    "proposes); Enter applies one, u undoes", "where" },
};

static const struct key_binding changes[] = {
	LIST_KEYS,
	{ '\n', "Enter", CMD_OPEN, "the whole record (as change show)", "show" },
	{ KEY_ENTER, "Enter", CMD_OPEN, NULL, NULL },
	{ 's', "s", CMD_SUBMIT, "submit the change for CAB approval (asks for a "
	    "comment)", "submit" },
	{ 'a', "a", CMD_APPROVE, "approve it, as a CAB member (asks for a comment)",
	    "approve" },
	{ 'x', "x", CMD_REJECT, "reject it, as a CAB member (asks why)", "reject" },
	/* The outcome, as change implement|fail|rollback|cancel (verify --apply
	 * records implemented or failed from the rescans). */
	{ 'i', "i", CMD_IMPLEMENT, "record it implemented (asks for a comment)", NULL },
	{ 'f', "f", CMD_FAIL, "record it failed (asks for a comment)", NULL },
	{ 'b', "b", CMD_ROLLBACK, "record it rolled back (asks for a comment)", NULL },
	{ 'C', "C", CMD_CANCEL, "cancel it (asks for a comment)", NULL },
	/* After its windows: verify and verify --apply, the CLI's own. */
	{ 'v', "v", CMD_VERIFY, "verify it: each asset against the scans imported "
	    "since its window (as verify --change)", "verify" },
	{ 'V', "V", CMD_VERIFY_APPLY, "record the verdict of those scans: implemented "
	    "when all are patched, failed when one is still missing (as verify --apply; "
	    "asks first)", NULL },
};

/* A prompt's line, as readline edits it. Ctrl-C arrives as a signal, which
 * the frame takes for Esc while a prompt is open. */
static const struct key_binding prompt[] = {
	{ '\n', "Enter", CMD_OPEN, "run the command line, or take the answer", NULL },
	{ KEY_ENTER, "Enter", CMD_OPEN, NULL, NULL },
	{ 27, "Esc/C-c", CMD_BACK, "cancel the prompt (not the program)", NULL },
	{ CTRL('c'), "C-c", CMD_BACK, NULL, NULL },
	{ KEY_LEFT, "Left", CMD_LINE_LEFT, "cursor one character left", NULL },
	{ KEY_RIGHT, "Right", CMD_LINE_RIGHT, "cursor one character right", NULL },
	{ KEY_HOME, "Home/C-a", CMD_LINE_HOME, "cursor to the start", NULL },
	{ CTRL('a'), "C-a", CMD_LINE_HOME, NULL, NULL },
	{ KEY_END, "End/C-e", CMD_LINE_END, "cursor to the end", NULL },
	{ CTRL('e'), "C-e", CMD_LINE_END, NULL, NULL },
	{ KEY_BACKSPACE, "BSpace", CMD_LINE_BACKSPACE, "delete the character before "
	    "the cursor", NULL },
	{ 127, "BSpace", CMD_LINE_BACKSPACE, NULL, NULL },
	{ 8, "C-h", CMD_LINE_BACKSPACE, NULL, NULL },
	{ KEY_DC, "Del", CMD_LINE_DELETE, "delete the character under the cursor",
	    NULL },
	{ CTRL('w'), "C-w", CMD_LINE_KILL_WORD, "delete the word before the cursor",
	    NULL },
	{ CTRL('u'), "C-u", CMD_LINE_KILL_START, "delete from the start to the cursor",
	    NULL },
	{ KEY_UP, "Up", CMD_HISTORY_PREV, "(:) the previous command line (kept "
	    "between sessions)", NULL },
	{ KEY_DOWN, "Down", CMD_HISTORY_NEXT, "(:) the next one", NULL },
};

/* The help and a command's output scroll like less; other keys close them. */
static const struct key_binding pane[] = {
	LIST_KEYS,
	{ ' ', "Space", CMD_PGDN, NULL, NULL },
	{ 'q', "q/Esc", CMD_BACK, "close (so does any other key)", NULL },
	{ 27, "Esc", CMD_BACK, NULL, NULL },
};

static enum tui_cmd
lookup(const struct key_binding *k, size_t n, int key)
{
	for (size_t i = 0; i < n; i++)
		if (k[i].key == key)
			return k[i].cmd;
	return key == '\r' ? lookup(k, n, '\n') : CMD_NONE;
}

enum tui_cmd
keys_prompt_lookup(int key)
{
	return lookup(prompt, sizeof prompt / sizeof prompt[0], key);
}

const struct key_binding *
keys_prompt(size_t *n)
{
	*n = sizeof prompt / sizeof prompt[0];
	return prompt;
}

enum tui_cmd
keys_pane_lookup(int key)
{
	return lookup(pane, sizeof pane / sizeof pane[0], key);
}

const struct key_binding *
keys_pane(size_t *n)
{
	*n = sizeof pane / sizeof pane[0];
	return pane;
}

static const struct {
	const struct key_binding *v;
	size_t			  n;
} views[VIEW_COUNT] = {
	[VIEW_OVERVIEW] = { overview, sizeof overview / sizeof overview[0] },
	[VIEW_PLAN] = { plan, sizeof plan / sizeof plan[0] },
	[VIEW_CALENDAR] = { calendar, sizeof calendar / sizeof calendar[0] },
	[VIEW_ASSETS] = { assets, sizeof assets / sizeof assets[0] },
	[VIEW_CONFLICTS] = { conflicts, sizeof conflicts / sizeof conflicts[0] },
	[VIEW_CHANGES] = { changes, sizeof changes / sizeof changes[0] },
};

enum tui_cmd
keys_lookup(enum tui_view v, int key)
{
	for (size_t i = 0; v < VIEW_COUNT && i < views[v].n; i++)
		if (views[v].v[i].key == key)
			return views[v].v[i].cmd;
	if (key == '\r')
		return keys_lookup(v, '\n');
	for (size_t i = 0; i < sizeof global / sizeof global[0]; i++)
		if (global[i].key == key)
			return global[i].cmd;
	return CMD_NONE;
}

const struct key_binding *
keys_view(enum tui_view v, size_t *n)
{
	*n = v < VIEW_COUNT ? views[v].n : 0;
	return v < VIEW_COUNT ? views[v].v : NULL;
}

const struct key_binding *
keys_global(size_t *n)
{
	*n = sizeof global / sizeof global[0];
	return global;
}
