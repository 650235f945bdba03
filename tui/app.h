/* The terminal UI's frame and its views. Internal to tui/. */
#ifndef PW_TUI_APP_H
#define PW_TUI_APP_H

#include "state.h"

#define TUI_MIN_COLS	80
#define TUI_MIN_LINES	24
#define TUI_AUTOCHECK	100000	/* check conflicts at open up to this many assets */

/* app.c */
/* Everything a struct tui holds (tui_run ends with it). */
void	tui_free(struct tui *);
/* Load (again) what every view reads, and what the views made of it; with
 * check, run the checker too. */
int	tui_reload(struct tui *, int check);

/* The views: draw reads state, key changes it (1 when the key was used). */
void	overview_draw(struct tui *);
int	overview_key(struct tui *, enum tui_cmd);
void	plan_draw(struct tui *);
int	plan_key(struct tui *, enum tui_cmd);
void	plan_open_wave(struct tui *, long long id);
void	calendar_draw(struct tui *);
int	calendar_load(struct tui *);	/* the policy and calendars, once */
void	calendar_unload(struct tui *);	/* they changed: load again next time */
int	calendar_key(struct tui *, enum tui_cmd);
void	assets_draw(struct tui *);
int	assets_key(struct tui *, enum tui_cmd);
void	assets_search(struct tui *, const char *text, int dir);
void	assets_filter(struct tui *, const char *expr);
void	assets_goto(struct tui *, const char *key);
void	conflicts_draw(struct tui *);
int	conflicts_key(struct tui *, enum tui_cmd);
void	changes_draw(struct tui *);
int	changes_key(struct tui *, enum tui_cmd);
void	changes_unload(struct tui *);
const char *changes_prompt(const struct tui *);	/* PROMPT_DECIDE's words */
void	changes_decide(struct tui *, const char *comment);
/* Run a CLI command with the terminal handed to it (the : prompt, Enter on
 * a change), then reload what it may have changed. */
void	tui_run_cli(struct tui *, int argc, char **argv);
/* edit.c: the edits, each one transaction (store_plan_edit), undoable. */
int	edit_key(struct tui *, enum tui_cmd);	/* 1 when cmd was an edit */
void	edit_prompt_done(struct tui *, enum prompt_kind, const char *input);
void	edit_picked(struct tui *, const struct pick *);
void	edit_free(struct tui *);

#endif
