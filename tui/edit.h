/* The plan's edits from the terminal UI: the keys build the same requests
 * patchwave edit does and run the same actions (action/edit.c, plan.c,
 * change.c): one transaction each, the plan checked and its conflicts the
 * baseline before the screen says done, each undoable with u. The views
 * call these with what their keys point at; nothing here knows a view. */
#ifndef PW_TUI_EDIT_H
#define PW_TUI_EDIT_H

#include "state.h"

/* Assets: the selected ones (t->sel), else the one under p's cursor. */
/* Pin them, or unpin them when the one under the cursor is pinned. */
void	edit_pin(struct tui *, const struct pager *p);
/* Take them out of the plan (edit remove: the next plan places them again). */
void	edit_remove(struct tui *, const struct pager *p);
/* Split the selected assets off wave into a new wave (*made); 0 done, -1
 * not (wave 0: none open; the message line says why). */
int	edit_split(struct tui *, long long wave, const struct pager *p,
	    long long *made);
/* Move them to wave; 0 done (the selection is then cleared). */
int	edit_move(struct tui *, const struct pager *p, long long wave);

/* Open the picker for: the waves to move assets to (from: the wave they
 * are in, or 0), the waves of wave's stage to merge it into, the windows to
 * move wave to (those that take it without an error marked first). */
void	edit_pick_move(struct tui *, long long from);
void	edit_pick_merge(struct tui *, long long wave);
void	edit_pick_window(struct tui *, long long wave);
/* The picker of the proposals for the check's conflict i (act_proposals,
 * as conflicts --new): up to 3 windows, into *pr (*n of them; the picker's
 * ids index it). */
void	edit_pick_proposal(struct tui *, size_t i, struct proposal pr[3], size_t *n);
/* Apply one: its assets move into the wave of their stage there (edit move),
 * else their wave, or they split off it, moves there (edit move-wave). */
void	edit_proposal(struct tui *, size_t i, const struct proposal *);
/* What the pickers pick. */
int	edit_merge(struct tui *, long long wave, long long into);
void	edit_move_wave(struct tui *, long long wave, long long slot);

/* u: the newest undo step, whoever made it (the CLI's edit undo too). */
void	edit_undo(struct tui *);
/* P: make a plan and ask (PROMPT_CONFIRM) before it replaces the stored
 * one; edit_confirm_done has the answer. */
void	edit_replan(struct tui *);
/* The answer to PROMPT_CONFIRM: a replan, or an edit that sends a
 * submitted or approved change back to draft, done or dropped. */
void	edit_confirm_done(struct tui *, int yes);
/* Acknowledge the check's conflict i (a warning), as patchwave ack. */
void	edit_ack(struct tui *, size_t i, const char *reason);
/* A draft change record from wave, as patchwave change create. */
void	edit_change(struct tui *, long long wave, const char *title);
/* Free what a pending replan or edit holds. */
void	edit_free(struct tui *);

#endif
