/* The terminal UI: `patchwave` with no command. A thin layer: every action
 * is a storage or model call the CLI also makes. */
#ifndef PW_TUI_H
#define PW_TUI_H

#include "../storage/store.h"

struct tui_env {
	struct store	*store;
	const char	*zone;		/* the operator's zone (IANA) */
	const char	*db_path;	/* shown in the title */
	const char	*who;		/* the operator, for acknowledgements */
	/* Run a CLI command line (the ':' prompt) with the terminal handed
	 * back to it; returns its exit code. */
	int		(*run_cli)(void *arg, int argc, char **argv);
	void		*cli_arg;
};

/* Run until the user quits; 0, or 1 when the terminal cannot be used. */
int	tui_run(const struct tui_env *);

#endif
