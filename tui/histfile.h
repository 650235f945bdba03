/* The : prompt's command lines kept between sessions, as shells keep theirs:
 * in $PATCHWAVE_HISTFILE ("-" or empty: none), else
 * $XDG_STATE_HOME/patchwave/history, else ~/.local/state/patchwave/history.
 * The file is the user's alone (mode 0600 in a folder of mode 0700); one
 * that is not a regular file of theirs is not read, and is not replaced. */
#ifndef PW_TUI_HISTFILE_H
#define PW_TUI_HISTFILE_H

#include "../model/error.h"
#include "lineedit.h"

/* Read the file's lines in before h's (a missing file is none). */
void	histfile_load(struct history *h);
/* Write the file's lines as they are now (another session may have added
 * some) and h's not yet written after them, the newest HISTORY_KEEP; h's
 * lines are then all written. 1 when there is nothing to write, -1 with err
 * when it could not be written. */
int	histfile_save(struct history *h, struct pw_error *err);

#endif
