/* patchwave: entry point, global options and command dispatch. */
#include <ctype.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "../model/civil.h"
#include "../model/tz.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "../util/escape.h"
#include "../tui/tui.h"
#include "cli.h"

#define PATCHWAVE_VERSION	"0.1.0"

static const struct command {
	const char	*name;
	cmd_fn		*fn;
	const char	*summary;
	/* May it make a new database? "*": yes; a verb: only with it ("change
	 * create"); NULL: no, it only reads, and a mistyped --db is "no such
	 * database" rather than an empty one reported empty (or intact). */
	const char	*creates;
} commands[] = {
	{ "import", cmd_import, "import inventory|patches|advisories|policy|calendar FILE",
	    "*" },
	{ "assets", cmd_assets, "list assets [--format table|csv|json] [--all]", NULL },
	{ "calendars", cmd_calendars, "list imported calendars [--format table|csv|json]",
	    NULL },
	{ "occurrences", cmd_occurrences, "calendar events in a time range", NULL },
	{ "windows", cmd_windows, "maintenance window occurrences from the policy", NULL },
	{ "patches", cmd_patches, "pending patches and findings [--asset KEY] ...", NULL },
	{ "deadlines", cmd_deadlines, "SLA deadline of every asset with pending patches",
	    NULL },
	{ "plan", cmd_plan, "make and store the automatic plan [--now TIME]", "*" },
	{ "waves", cmd_waves, "the stored plan's waves [--format table|csv|json]", NULL },
	{ "conflicts", cmd_conflicts, "every conflict of the stored plan, and why", NULL },
	{ "check", cmd_check, "summary of conflicts; exit 4 on any error", NULL },
	{ "why", cmd_why, "why an asset is planned where it is", NULL },
	{ "edit", cmd_edit, "change the plan by hand: assets and waves", "*" },
	{ "ack", cmd_ack, "acknowledge a warning with a justification", "*" },
	{ "change", cmd_change, "change records: create, submit, approve ... (CAB)",
	    "create" },
	{ "audit", cmd_audit, "the audit log of change records; audit verify", NULL },
	{ "export", cmd_export, "write the CAB approval pack of approved changes", NULL },
	{ "exception", cmd_exception, "accept a risk until a date: add, list, revoke",
	    NULL },
	{ "verify", cmd_verify, "check approved changes after their windows [--apply]",
	    NULL },
	{ "report", cmd_report, "report sla: patch SLAs met per severity (and owner ...)",
	    NULL },
};

/* Letters to change, add or drop to make a into b, counted up to 3. */
static int
distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	int row[32], diag, up;

	if (na >= sizeof row / sizeof row[0] || nb >= sizeof row / sizeof row[0])
		return 3;
	for (size_t j = 0; j <= nb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb] < 3 ? row[nb] : 3;
}

/* "unknown command 'asset' (did you mean 'assets'?)": the command one or
 * two letters away, the nearest first. */
static void
say_unknown(const char *name)
{
	const char *near = NULL;
	int best = 3;

	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++) {
		int d = distance(name, commands[k].name);
		if (d < best) {
			best = d;
			near = commands[k].name;
		}
	}
	if (near && best <= (strlen(name) > 3 ? 2 : 1))
		cli_errorf("unknown command '%s' (did you mean '%s'?)", name, near);
	else
		cli_errorf("unknown command '%s'", name);
}

/* Whether command k, run with these arguments, may make a new database. */
static int
may_create(const struct command *k, int argc, char **argv)
{
	if (k->creates == NULL)
		return 0;
	return strcmp(k->creates, "*") == 0 ||
	    (argc > 1 && strcmp(argv[1], k->creates) == 0);
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: patchwave [--db FILE] [--tz ZONE] [--as NAME] COMMAND [ARGS]\n\n"
	    "commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'patchwave COMMAND --help' describes a command. The database is "
	    "--db, else $PATCHWAVE_DB,\nelse $XDG_DATA_HOME/patchwave/patchwave.db. "
	    "See patchwave(1).\n");
}

void
cli_error(const struct pw_error *e, int warn)
{
	char msg[1024];
	struct buf b = { 0 };

	pw_error_format(e, msg, sizeof msg);
	if (warn) {
		/* "FILE:LINE: warning: msg" */
		char where[512] = "";
		if (e->file && e->line > 0)
			snprintf(where, sizeof where, "%s:%ld: ", e->file, e->line);
		else if (e->file)
			snprintf(where, sizeof where, "%s: ", e->file);
		esc_term(&b, where);
		buf_adds(&b, "warning: ");
		esc_term(&b, e->msg);
	} else
		esc_term(&b, msg);
	fprintf(stderr, "%s\n", buf_str(&b));
	buf_free(&b);
}

void
cli_errorf(const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	struct buf b = { 0 };

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	esc_term(&b, msg);
	fprintf(stderr, "patchwave: %s\n", buf_str(&b));
	buf_free(&b);
}

int
cli_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_errorf("%s needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int
cli_format_args(int argc, char **argv, const char *usage, enum out_format *fmt,
    const char *flag, int *set)
{
	const char *v;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 1;
		}
		if (flag != NULL && strcmp(argv[i], flag) == 0) {
			*set = 1;
			continue;
		}
		if ((rc = cli_opt(argc, argv, &i, "--format", &v)) > 0) {
			int f = out_format_parse(v);
			if (f >= 0) {
				*fmt = (enum out_format)f;
				continue;
			}
			cli_errorf("--format %s: use table, csv or json", v);
		} else if (rc == 0)
			cli_errorf("%s: unexpected argument %s", argv[0], argv[i]);
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

int
cli_store(struct cli *c)
{
	struct pw_error e = { 0 };
	char path[4096];
	const char *p = c->db_path;

	if (c->store)
		return 0;
	if (p == NULL) {
		if (store_default_path(path, sizeof path, &e) != 0) {
			cli_error(&e, 0);
			return -1;
		}
		p = path;
	}
	if (store_open_flags(p, c->existing ? 0 : STORE_CREATE, &c->store, &e) != 0) {
		cli_error(&e, 0);
		return -1;
	}
	/* Warned, not refused: a shared file may be meant, but whoever can
	 * write it can change plans and approvals without the audit log. */
	if (store_exposed(c->store, &e))
		cli_error(&e, 1);
	store_actor(c->store, cli_who(c));
	return 0;
}

const char *
cli_who(const struct cli *c)
{
	return c->as ? c->as : cli_user();
}

struct act
cli_act(struct cli *c, int64_t now)
{
	struct act a = { c->store, cli_who(c), now, NULL, NULL, NULL };

	return a;
}

/* Who acts, settled once before any command or the terminal UI: the uid's
 * own name, or --as NAME only where the policy says cab: allow_as: true.
 * Both the CLI and the TUI (whose ':' prompt runs the same commands with the
 * same struct cli) act as the name this lets through. */
static int
cli_identify(struct cli *c)
{
	struct pw_error e = { 0 };
	struct policy p;
	int found;

	if (c->as == NULL)
		return 0;
	/* No control character: a newline would move text between the
	 * fields an audit entry's hash is made of (who, change, action). */
	int ctl = 0;
	for (const char *q = c->as; *q; q++)
		ctl |= (unsigned char)*q < 0x20 || *q == 0x7f;
	if (c->as[0] == '\0' || strlen(c->as) > 64 || ctl) {
		cli_errorf("--as: a user name of 1 to 64 characters, none of them a "
		    "control character");
		return -1;
	}
	if (cli_store(c) != 0)
		return -1;
	if (store_policy_load(c->store, &p, &found, &e) != 0) {
		cli_error(&e, 0);
		return -1;
	}
	int ok = p.allow_as;
	policy_free(&p);
	if (!ok) {
		cli_errorf("--as %s: the policy does not let anyone act as another user "
		    "(it has no cab: allow_as: true, which only a database's first "
		    "policy can bring, for demos and tests): run the command as that "
		    "user (sudo -u %s patchwave ...)", c->as, c->as);
		return -1;
	}
	/* allow_as as its last import logged it, not set by hand. */
	if ((ok = store_policy_cab_held(c->store, &e)) != 0) {
		cli_error(&e, 0);
		cli_errorf("--as %s: refused while the policy is not what the audit log "
		    "says (patchwave audit verify)", c->as);
		return -1;
	}
	return 0;
}

const char *
cli_zone(struct cli *c)
{
	if (c->zone[0])
		return c->zone;
	if (c->tz)
		snprintf(c->zone, sizeof c->zone, "%s", c->tz);
	else if (c->store) {
		struct policy p;
		int found = 0;
		struct pw_error e = { 0 };
		if (store_policy_load(c->store, &p, &found, &e) == 0 && found)
			snprintf(c->zone, sizeof c->zone, "%s", p.timezone);
		policy_free(&p);
	}
	if (!c->zone[0])
		snprintf(c->zone, sizeof c->zone, "UTC");
	return c->zone;
}

int
cli_take_now(struct cli *c, int *argc, char **argv)
{
	const char *v;
	int w = 1, rc;

	c->now_s = NULL;
	for (int i = 1; i < *argc; i++) {
		int at = i;
		if ((rc = cli_opt(*argc, argv, &i, "--now", &v)) < 0)
			return -1;
		if (rc > 0)
			c->now_s = v;
		else
			argv[w++] = argv[at];
	}
	argv[w] = NULL;
	*argc = w;
	return 0;
}

int
cli_now(struct cli *c)
{
	int64_t now = 0;

	if (c->now_s == NULL)
		return 0;	/* as set (export's now), else the clock */
	if (cli_parse_time(c->now_s, cli_zone(c), &now) != 0) {
		cli_errorf("--now %s: not a time (YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM] "
		    "or now)", c->now_s);
		return -1;
	}
	store_set_now(c->store, now);
	return 0;
}

void
cli_now_done(struct cli *c)
{
	c->now_s = NULL;
	if (c->store)
		store_set_now(c->store, 0);
}

/* A time's trailing UTC offset, as the tables print times ("2026-12-08
 * 02:00+01:00", what move-wave --at is given from patchwave windows): its
 * seconds east of UTC in *east and its length, 6; 0 when it has none. */
static size_t
time_offset(const char *s, size_t n, int *east)
{
	const char *o = s + n - 6;

	if (n < 17 || (o[0] != '+' && o[0] != '-') || o[3] != ':' ||
	    !isdigit((unsigned char)o[-1]) || !isdigit((unsigned char)o[1]) ||
	    !isdigit((unsigned char)o[2]) || !isdigit((unsigned char)o[4]) ||
	    !isdigit((unsigned char)o[5]))
		return 0;
	int h = (o[1] - '0') * 10 + o[2] - '0', m = (o[4] - '0') * 10 + o[5] - '0';
	if (h > 23 || m > 59)
		return 0;
	*east = (h * 3600 + m * 60) * (o[0] == '-' ? -1 : 1);
	return 6;
}

int
cli_parse_time(const char *s, const char *zone, int64_t *out)
{
	struct civil c;
	int has_time, east = 0;
	size_t n = strlen(s), off;
	char local[64];

	if (strcmp(s, "now") == 0) {
		*out = pw_clock();
		return 0;
	}
	if ((off = time_offset(s, n, &east)) > 0) {
		if (n - off >= sizeof local)
			return -1;
		memcpy(local, s, n - off);
		local[n - off] = '\0';
		if (civil_parse(local, &c, &has_time) != 0 || !has_time ||
		    local[n - off - 1] == 'Z')
			return -1;
		*out = civil_to_seconds(&c) - east;
		return 0;
	}
	if (civil_parse(s, &c, &has_time) != 0)
		return -1;
	if (n > 0 && s[n - 1] == 'Z')
		*out = civil_to_seconds(&c);
	else
		*out = tz_local_to_utc(tz_builtin(zone), &c);
	return 0;
}

/* The real uid's passwd name; a uid with none is "uid:N". Never the
 * environment: $USER and $LOGNAME are the caller's to set. */
const char *
cli_user(void)
{
	static char name[80];
	uid_t uid = getuid();
	struct passwd *pw = getpwuid(uid);

	if (name[0] == '\0') {
		if (pw && pw->pw_name && pw->pw_name[0])
			snprintf(name, sizeof name, "%.64s", pw->pw_name);
		else
			snprintf(name, sizeof name, "uid:%lu", (unsigned long)uid);
	}
	return name;
}

double
cli_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cli_timing(const char *phase, double since)
{
	if (getenv("PATCHWAVE_TIMINGS"))
		fprintf(stderr, "timing %s %.4f\n", phase, cli_clock() - since);
}

void
cli_format_local(int64_t utc, const char *zone, char *out, size_t n)
{
	tz_format(tz_builtin(zone), utc, 0, out, n);
}

void
cli_format_deadline(int64_t utc, const char *zone, char *out, size_t n)
{
	tz_format(tz_builtin(zone), utc, 1, out, n);
}

void
cli_local_times(struct buf *out, const char *text, const char *zone)
{
	tz_local_times(out, text, tz_builtin(zone));
}

/* After a command refused its arguments (exit 2): one of them a global
 * option (--tz, --as, --db), which goes before the command, says so, so
 * that "import patches FILE --tz UTC" says how to write it rather than only
 * that --tz is unknown. Only a hint: the command has already said what it
 * refused. In the terminal UI (tui set) the line is typed after ':' with no
 * "patchwave", and --db is not for it: the UI has its database open. */
static void
hint_global(int argc, char **argv, int rc, int tui)
{
	static const struct { const char *opt, *value; } g[] = {
		{ "--tz", "ZONE" }, { "--as", "NAME" }, { "--db", "FILE" } };

	if (rc != EXIT_USAGE)
		return;
	/* A command that took its --now out of argv ends it with NULL. */
	for (int i = 1; i < argc && argv[i]; i++)
		for (size_t k = 0; k < sizeof g / sizeof g[0]; k++) {
			size_t n = strlen(g[k].opt);
			if (strncmp(argv[i], g[k].opt, n) != 0 || (argv[i][n] != '\0' &&
			    argv[i][n] != '='))
				continue;
			if (tui && strcmp(g[k].opt, "--db") == 0)
				cli_errorf("--db is patchwave's own option, and the "
				    "terminal UI has its database open: quit it to "
				    "use another");
			else
				cli_errorf("%s is patchwave's own option: give it "
				    "before the command (%s%s %s %s ...)", g[k].opt,
				    tui ? ":" : "patchwave ", g[k].opt, g[k].value,
				    argv[0]);
			return;
		}
}

/* A global option at argv[*i] (--tz ZONE, --as NAME, --db FILE; with =
 * too) into c, *i past its value: 1; 0 when argv[*i] is none of them; -1
 * (said) when its value is missing or not a zone. */
static int
global_opt(struct cli *c, int argc, char **argv, int *i)
{
	const char *v;
	int r;

	if ((r = cli_opt(argc, argv, i, "--db", &v)) != 0) {
		if (r > 0)
			c->db_path = v;
	} else if ((r = cli_opt(argc, argv, i, "--tz", &v)) != 0) {
		if (r > 0 && tz_builtin(v) == NULL) {
			cli_errorf("--tz %s: not an IANA time zone", v);
			return -1;
		}
		if (r > 0)
			c->tz = v;
	} else if ((r = cli_opt(argc, argv, i, "--as", &v)) != 0) {
		if (r > 0)
			c->as = v;
	}
	return r;
}

/* The ':' prompt of the terminal UI runs a command as if typed here, with
 * the global options before it for this line only: --tz, and --as where
 * the policy allows it; not --db (the UI has its database open). */
static int
run_line(void *arg, int argc, char **argv)
{
	struct cli *c = arg, was = *c;
	int i = 0, r, rc = EXIT_USAGE;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if ((r = global_opt(c, argc, argv, &i)) == 0)
			cli_errorf("unknown option %s (before the command: --tz ZONE, "
			    "--as NAME)", argv[i]);
		else if (r > 0 && c->db_path != was.db_path)
			cli_errorf("--db: the terminal UI has its database open; quit it "
			    "to use another");
		if (r <= 0 || c->db_path != was.db_path)
			goto done;
	}
	if (i >= argc) {
		cli_errorf("no command after the options");
		goto done;
	}
	if (strcmp(argv[i], "help") == 0) {	/* which verbs there are */
		usage(stdout);
		rc = 0;
		goto done;
	}
	if (c->tz != was.tz)
		c->zone[0] = '\0';	/* cli_zone: --tz's */
	if (c->as != was.as) {
		if (cli_identify(c) != 0)
			goto done;
		store_actor(c->store, cli_who(c));
	}
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(argv[i], commands[k].name) == 0) {
			rc = commands[k].fn(c, argc - i, argv + i);
			hint_global(argc - i, argv + i, rc, 1);
			cli_now_done(c);	/* the TUI's now is the clock again */
			goto done;
		}
	say_unknown(argv[i]);
done:
	if (c->as != was.as && c->store)
		store_actor(c->store, cli_who(&was));
	*c = was;
	return rc;
}

/* patchwave with no command: the terminal UI on the database. */
static int
interactive(struct cli *c)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_errorf("no command given and not on a terminal: see patchwave --help");
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	struct tui_env env = { c->store, cli_zone(c), c->db_path, cli_who(c), run_line, c };
	int rc = tui_run(&env);
	store_close(c->store);
	return rc;
}

int
main(int argc, char **argv)
{
	struct cli c = { 0 };
	int i, rc;

#ifdef __GLIBC__
	/* A run builds big tables one after another (a million assets, their
	 * deadlines, key maps, plans, conflicts) and frees each when done:
	 * keep freed memory for the next one rather than handing it back to
	 * the kernel and faulting it in again page by page, and grow the heap
	 * in 64 MB steps. A 1M-asset check: 0.63 -> 0.45 s (docs/bench.md). */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	mallopt(M_TOP_PAD, 64 << 20);
#endif
	/* A file size limit (or a full quota) makes writes fail with EFBIG,
	 * which SQLite reports and rolls back, rather than killing us. */
	signal(SIGXFSZ, SIG_IGN);
	/* wcwidth() needs a UTF-8 locale to measure names in tables. */
	if (setlocale(LC_CTYPE, "") == NULL || MB_CUR_MAX == 1)
		setlocale(LC_CTYPE, "C.UTF-8");
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		int r;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("patchwave %s\n", PATCHWAVE_VERSION);
			return 0;
		}
		if ((r = global_opt(&c, argc, argv, &i)) < 0)
			return EXIT_USAGE;
		if (r == 0) {
			cli_errorf("unknown option %s", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		if (cli_identify(&c) != 0) {
			store_close(c.store);
			return EXIT_USAGE;
		}
		return interactive(&c);
	}
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(argv[i], commands[k].name) == 0) {
			c.existing = !may_create(&commands[k], argc - i, argv + i);
			if (cli_identify(&c) != 0) {
				store_close(c.store);
				return EXIT_USAGE;
			}
			rc = commands[k].fn(&c, argc - i, argv + i);
			hint_global(argc - i, argv + i, rc, 0);
			store_close(c.store);
			return rc;
		}
	if (strcmp(argv[i], "help") == 0) {	/* as --help, and :help in the TUI */
		usage(stdout);
		return 0;
	}
	say_unknown(argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
