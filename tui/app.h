/* The terminal UI's frame (app.c): what the unit tests drive it through,
 * without a terminal, as the keys do. Internal to tui/. */
#ifndef PW_TUI_APP_H
#define PW_TUI_APP_H

#include "views.h"

/* A struct tui for env on a lines x cols screen: the shared state zeroed,
 * the operator's zone shown, each view's state made. */
void	tui_init(struct tui *, const struct tui_env *, int lines, int cols);
/* Load again what every view reads (with check, run the checker), then
 * settle: the views catch up. 0, or -1 with the message line set. */
int	tui_reload(struct tui *, int check);
/* A command, as a key in the current view means it (the picker takes it
 * while it is up); 1 when something used it. Then the frame settles: the
 * jump or command line asked for, the views caught up, their lists fitted. */
int	tui_command(struct tui *, enum tui_cmd);
/* The prompt (closed) was answered with input; then the frame settles. */
void	tui_prompt_done(struct tui *, enum prompt_kind, const char *input);
/* Everything a struct tui holds, the views' states too (tui_run ends with
 * it). */
void	tui_free(struct tui *);

#endif
