/* The headless CLI: shared state and the commands (one file per group). */
#ifndef PW_CLI_H
#define PW_CLI_H

#include <stdint.h>

#include "../action/action.h"
#include "../model/error.h"
#include "../storage/store.h"
#include "out.h"

#define EXIT_USAGE	2
#define EXIT_PARTIAL	3
#define EXIT_CONFLICTS	4	/* check: an error-level conflict */

struct cli {
	const char	*db_path;	/* NULL: the default */
	const char	*tz;		/* --tz, NULL when not given */
	const char	*as;		/* --as, NULL when not given */
	struct store	*store;		/* opened on first use */
	int		 existing;	/* open only an existing database */
	char		 zone[128];	/* resolved display zone */
	const char	*now_s;		/* --now taken by cli_take_now */
};

/* A command: argv[0] is the command's own name. Returns the exit code. */
typedef int cmd_fn(struct cli *, int argc, char **argv);

cmd_fn cmd_import;
cmd_fn cmd_assets;
cmd_fn cmd_calendars;
cmd_fn cmd_occurrences;
cmd_fn cmd_windows;
cmd_fn cmd_deadlines;
cmd_fn cmd_patches;
cmd_fn cmd_plan;
cmd_fn cmd_waves;
cmd_fn cmd_conflicts;
cmd_fn cmd_check;
cmd_fn cmd_why;
cmd_fn cmd_edit;
cmd_fn cmd_ack;
cmd_fn cmd_change;
cmd_fn cmd_audit;
cmd_fn cmd_export;
cmd_fn cmd_exception;
cmd_fn cmd_verify;
cmd_fn cmd_report;

/* Open the database (once); prints the error and returns -1 on failure. */
int	cli_store(struct cli *);
/* Who is running this: the real uid's passwd name, else "uid:N". */
const char *cli_user(void);
/* Who acts: --as NAME when given (main() has checked the policy allows it),
 * else the OS user. */
const char *cli_who(const struct cli *);
/* The actions' context: the open store, who acts, now (UTC seconds). */
struct act cli_act(struct cli *, int64_t now);
/* The stored plan loaded and checked into *k (problems printed): 0, or -1. */
int	cli_check_stored(struct cli *, struct checked *k);
/* The operator's zone: --tz, else the policy's, else UTC. */
const char *cli_zone(struct cli *);
/* Print a problem to stderr, escaped for the terminal ("warning: " if warn). */
void	cli_error(const struct pw_error *, int warn);
void	cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What a plan, an edit or an undo did to change records, on stderr: the
 * changes sent back to draft, and those left with no asset (cmd_edit.c). */
void	cli_say_redraft(const struct redraft *, int undo);
/* Is arg "--name" or "--name=..."? Then *val is the value (next arg or after =);
 * consumes the next argument through *i. Usage errors print and return -1. */
int	cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* Arguments of a command that takes only [--format table|csv|json] and, when
 * flag is not NULL, that one flag (*set becomes 1 when given): 0 to go on
 * (*fmt set), 1 when --help was printed, -1 after a usage error. */
int	cli_format_args(int argc, char **argv, const char *usage, enum out_format *fmt,
	    const char *flag, int *set);
/* --now TIME among a command's arguments (check, conflicts, why): taken out
 * of argv (*argc goes down), kept for cli_now. 0, or -1 after a usage error. */
int	cli_take_now(struct cli *, int *argc, char **argv);
/* After cli_store: the one now the stored plan is checked and explained at,
 * the --now taken (store_set_now; else as set, by default the clock). 0, or
 * -1 (printed) when --now is not a time. cli_now_done() unsets it: the clock
 * again (the TUI's prompt runs commands on the same store). */
int	cli_now(struct cli *);
void	cli_now_done(struct cli *);
/* A time for --from/--to: a date or date-time in zone (Z = UTC); "now" is
 * the clock (pw_clock: SOURCE_DATE_EPOCH when set). */
int	cli_parse_time(const char *s, const char *zone, int64_t *out);
/* Seconds on a monotonic clock, and a phase's time printed to stderr when
 * PATCHWAVE_TIMINGS is set (make bench reads them). */
double	cli_clock(void);
void	cli_timing(const char *phase, double since);
/* A deadline (an end of day) in zone: local midnight is the day before's
 * 24:00, "2026-11-24 24:00+01:00"; any other time as cli_format_local. */
void	cli_format_deadline(int64_t utc, const char *zone, char *out, size_t n);
/* text with every UTC time in it ("2026-11-24T23:00:00Z", as conflict
 * sentences say them) written in zone: as cli_format_deadline after the words
 * "deadline" and "due", else as cli_format_local. */
void	cli_local_times(struct buf *out, const char *text, const char *zone);
/* "2026-11-24 02:00 CET" in zone, for tables. */
void	cli_format_local(int64_t utc, const char *zone, char *out, size_t n);

#endif
