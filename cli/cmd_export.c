/* patchwave export: the CAB approval pack, and the provider moves. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../action/action.h"
#include "../export/export.h"
#include "../export/outdir.h"
#include "../storage/changes.h"
#include "../storage/exceptions.h"
#include "../util/clock.h"
#include "cli.h"

static const char usage[] =
    "usage: patchwave export [--to pack] [--approved | --change CHG ...]\n"
    "                        [--include-pending] [-o DIR] [--now TIME] [--mode MODE]\n"
    "       patchwave export --to provider-moves [-o FILE] [--now TIME] [--mode MODE]\n"    "       patchwave export --to ansible|ssm|awx [--approved | --change CHG ...]\n"
    "                        [-o PATH] [--now TIME] [--mode MODE]\n"
    "Write the CAB approval pack into DIR (default: cab-pack): index.html (one\n"
    "self-contained page that prints one change per page), CHG-*.md, changes.csv\n"
    "and changes.json for ITSM import, approved-windows.ics, and SHA256SUMS.\n"
    "Only approved (implemented, failed) changes go in, unless --include-pending\n"
    "adds drafts and submitted ones, marked NOT APPROVED on every page;\n"
    "implemented and failed ones carry a post-implementation review (patchwave\n"
    "verify). The pack's time is --now, else $SOURCE_DATE_EPOCH, else the clock:\n"
    "the same database and time give the same bytes. The files are readable by\n"
    "you only (0600, the folder 0700) unless --mode says otherwise, e.g.\n"
    "--mode 0644.\n"
    "The pack is built beside DIR and put in its place whole: the files of the\n"
    "previous pack (those its SHA256SUMS lists) go; DIR holding anything else,\n"
    "a link, or a folder not yours or writable by others is refused.\n"
    "--to provider-moves writes FILE (default provider-moves.sh): a shell script\n"
    "asking each provider to start its movable maintenance (EC2 events with a\n"
    "NotBeforeDeadline, GCE instances that can reschedule) that collides with a\n"
    "wave inside that wave's window after our work there (never a restart\n"
    "mid-patch), before the latest start it allows; the proposals of\n"
    "conflicts --new name the same moves.\n"

    "The approved changes' waves for the tools that carry them out: --to ansible\n"
    "writes a YAML inventory (default patchwave-inventory.yml) with a group per\n"
    "wave, patchwave_wave_ID, and per change, patchwave_change_CHG_YYYY_NNNN;\n"
    "--to ssm a folder (default ssm) of aws ssm --cli-input-json files per wave\n"
    "and run.sh making the maintenance windows; --to awx AWX schedules as JSON\n"
    "(default awx-schedules.json). Only approved changes; none is an error.\n"
    "SSM and AWX schedule the waves not yet started: each started one (its\n"
    "schedule would never run) is said on stderr and left out; none left is an\n"
    "error.\n";

/* export --to provider-moves: the stored plan checked, its moves written. */
static int
export_moves(struct cli *c, const char *path, int64_t now, unsigned mode)
{
	struct checked k;
	struct provider_move_row *rows;
	size_t *of, n;
	struct buf b = { 0 };
	struct pw_error e = { 0 };
	int rc = 1;

	store_set_now(c->store, now);	/* checked as of the export's now */
	rc = cli_check_stored(c, &k);
	cli_now_done(c);
	if (rc != 0)
		return 1;
	rc = 1;
	n = act_provider_moves(&k, &rows, &of);
	struct export_opts o = { .generated = now, .zone = cli_zone(c) };
	export_provider_moves(&b, rows, n, &o);
	if (outfile_write(path, b.s, b.len, mode, &e) != 0)
		cli_errorf("export: %s", e.msg);
	else {
		printf("wrote %zu provider move%s into %s\n", n, n == 1 ? "" : "s",
		    path);
		rc = 0;
	}
	buf_free(&b);
	free(rows);
	free(of);
	checked_free(&k);
	return rc;
}

static int
exportable(enum change_state s, int pending, int exec)
{
	if (exec)	/* carried out: approved, not yet done */
		return s == CS_APPROVED;
	return s == CS_APPROVED || s == CS_IMPLEMENTED || s == CS_FAILED ||
	    (pending && (s == CS_DRAFT || s == CS_SUBMITTED));
}

/* export --to ansible|ssm|awx: the waves of the approved changes v, read
 * in the caller's read transaction, which this ends. */
static int
export_exec(struct cli *c, const char *to, const char *path,
    const struct change_rec *v, size_t n, const struct export_opts *o)
{
	struct exec_wave *w;
	size_t nw, files, hosts = 0;
	struct buf b = { 0 };
	struct pw_error e = { 0 };
	int rc;

	rc = store_exec_waves(c->store, v, n, &w, &nw, &e);
	store_read_end(c->store);
	if (rc != 0) {
		cli_errorf("export --to %s: %s", to, e.msg);
		exec_waves_free(w, nw);
		return 1;
	}
	/* SSM and AWX schedule the waves still ahead; each started one is
	 * said and left out (its schedule would never run). */
	size_t ahead = nw;
	if (strcmp(to, "ansible") != 0) {
		ahead = exec_waves_ahead(w, nw, o, strcmp(to, "ssm") == 0 ? "SSM" :
		    "AWX", &b);
		for (char *p = b.s, *q; p && *p; p = q + 1) {
			q = strchr(p, '\n');
			*q = '\0';
			cli_errorf("export --to %s: %s", to, p);
		}
		buf_reset(&b);
		if (ahead == 0) {
			cli_errorf("export --to %s: no selected wave is still ahead: "
			    "nothing written", to);
			buf_free(&b);
			exec_waves_free(w, nw);
			return 1;
		}
	}
	for (size_t i = 0; i < ahead; i++)
		hosts += w[i].nhosts;
	if (strcmp(to, "ssm") == 0)
		rc = export_ssm(path, w, ahead, o, &files, &e);
	else {
		if (strcmp(to, "ansible") == 0)
			rc = export_ansible(&b, v, n, w, nw, o, &e);
		else
			rc = export_awx(&b, w, ahead, o, &e);
		if (rc == 0)
			rc = outfile_write(path, b.s, b.len, o->mode, &e);
	}
	if (rc != 0)
		cli_errorf("export --to %s: %s", to, e.msg);
	else
		printf("wrote %zu wave%s (%zu host%s) of %zu approved change%s into %s\n",
		    ahead, ahead == 1 ? "" : "s", hosts, hosts == 1 ? "" : "s", n, n == 1 ? "" :
		    "s", path);
	buf_free(&b);
	exec_waves_free(w, nw);
	return rc != 0;
}

static int
exec_target(const char *to)
{
	return strcmp(to, "ansible") == 0 || strcmp(to, "ssm") == 0 ||
	    strcmp(to, "awx") == 0;
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	const char *dir = NULL, *now_s = NULL, *mode_s = NULL, *to = "pack", *v;
	const char **wanted = NULL;
	size_t nwanted = 0, n = 0, files = 0;
	int pending = 0, rc = 1;
	struct change_rec *recs = NULL;
	struct pw_error e = { 0 };
	int64_t now;

	for (int i = 1; i < argc; i++) {
		int r;
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			free(wanted);
			return 0;
		} else if (strcmp(argv[i], "--approved") == 0)
			continue;
		else if (strcmp(argv[i], "--include-pending") == 0)
			pending = 1;
		else if ((r = cli_opt(argc, argv, &i, "--change", &v)) > 0) {
			wanted = realloc(wanted, (nwanted + 1) * sizeof *wanted);
			if (wanted == NULL)
				abort();
			wanted[nwanted++] = v;
		} else if (r == 0 && ((r = cli_opt(argc, argv, &i, "-o", &v)) > 0 ||
		    (r == 0 && (r = cli_opt(argc, argv, &i, "--output", &v)) > 0)))
			dir = v;
		else if (r == 0 && (r = cli_opt(argc, argv, &i, "--now", &v)) > 0)
			now_s = v;
		else if (r == 0 && (r = cli_opt(argc, argv, &i, "--mode", &v)) > 0)
			mode_s = v;
		else if (r == 0 && (r = cli_opt(argc, argv, &i, "--to", &v)) > 0 &&
		    (strcmp(v, "pack") == 0 || strcmp(v, "provider-moves") == 0 ||
		    exec_target(v)))
			to = v;
		else if (r > 0 && to != v) {
			cli_errorf("export --to %s: pack, provider-moves, ansible, ssm or awx",
			    v);
			free(wanted);
			return EXIT_USAGE;
		}
		else {
			if (r == 0)
				cli_errorf("export: unexpected argument %s", argv[i]);
			fputs(usage, stderr);
			free(wanted);
			return EXIT_USAGE;
		}
	}
	if (now_s) {
		if (cli_parse_time(now_s, "UTC", &now) != 0) {
			cli_errorf("--now %s: not a time", now_s);
			free(wanted);
			return EXIT_USAGE;
		}
	} else if ((v = getenv("SOURCE_DATE_EPOCH")) != NULL && *v) {
		char *end;
		errno = 0;
		long long t = strtoll(v, &end, 10);
		if (errno || *end || t < 0) {
			cli_errorf("SOURCE_DATE_EPOCH=%s: not a count of seconds", v);
			free(wanted);
			return EXIT_USAGE;
		}
		now = t;
	} else
		now = pw_clock();
	unsigned mode = 0600;
	if (mode_s) {
		char *end;
		unsigned long m = strtoul(mode_s, &end, 8);
		/* No write bit but yours: another user could rewrite run.sh or
		 * the inventory before it runs (and outdir refuses such a folder). */
		if (*end || end == mode_s || m > 0666 || !(m & 0400) || (m & 022)) {
			cli_errorf("--mode %s: an octal file mode such as 0640 (readable by "
			    "you, no x bits, writable by you alone)", mode_s);
			free(wanted);
			return EXIT_USAGE;
		}
		mode = (unsigned)m;
	}
	if (strcmp(to, "provider-moves") == 0) {
		if (nwanted > 0 || pending) {
			cli_errorf("export --to provider-moves: the moves are the whole "
			    "plan's (no --change, --include-pending)");
			free(wanted);
			return EXIT_USAGE;
		}
		free(wanted);
		return cli_store(c) != 0 ? 1 : export_moves(c, dir ? dir :
		    "provider-moves.sh", now, mode);
	}
	int exec = exec_target(to);
	if (exec && pending) {
		cli_errorf("export --to %s: only approved changes are carried out (no "
		    "--include-pending)", to);
		free(wanted);
		return EXIT_USAGE;
	}
	if (dir == NULL)
		dir = !exec ? "cab-pack" : strcmp(to, "ansible") == 0 ?
		    "patchwave-inventory.yml" : strcmp(to, "ssm") == 0 ? "ssm" :
		    "awx-schedules.json";
	if (cli_store(c) != 0) {
		free(wanted);
		return 1;
	}
	/* The records, in number order; asked-for ones must be exportable. All
	 * read in one transaction, so the pack is one state of the database
	 * even while others change it. */
	char **numbers = NULL;
	size_t count = 0;
	if (store_read_begin(c->store, &e) != 0) {
		cli_error(&e, 0);
		free(wanted);
		return 1;
	}
	/* A pack says what the CAB approved: only from a log that verifies
	 * in the same snapshot (a state or decision set behind patchwave's
	 * back is refused here). */
	long long entries, bad;
	if (store_audit_verify(c->store, &entries, &bad, &e) != 0) {
		cli_error(&e, 0);
		cli_errorf("export: the audit log does not verify (patchwave audit "
		    "verify): no pack written");
		goto out;
	}
	if (nwanted == 0 && store_change_numbers(c->store, -1, &numbers, &count, &e) != 0) {
		cli_error(&e, 0);
		goto out;
	}
	size_t total = nwanted ? nwanted : count;
	recs = calloc(total ? total : 1, sizeof *recs);
	if (recs == NULL)
		abort();
	for (size_t i = 0; i < total; i++) {
		const char *num = nwanted ? wanted[i] : numbers[i];
		size_t seen = 0;
		while (seen < n && strcmp(recs[seen].number, num) != 0)
			seen++;
		if (exec && seen < n)	/* named twice: one group a change */
			continue;
		int got = store_change_get(c->store, num, &recs[n], &e);
		if (got < 0) {
			cli_error(&e, 0);
			goto out;
		}
		if (got == 0) {
			cli_errorf("export: no change %s", num);
			goto out;
		}
		if (!exec && store_change_risks(c->store, &recs[n], now, &e) != 0) {
			change_rec_free(&recs[n]);
			cli_error(&e, 0);
			goto out;
		}
		if (!exec && store_change_record_logged(c->store, &recs[n], &e) != 0) {
			change_rec_free(&recs[n]);
			cli_error(&e, 0);
			goto out;
		}
		/* Carried out: the post-implementation review, as verify says. */
		if (!exec && (recs[n].state == CS_IMPLEMENTED ||
		    recs[n].state == CS_FAILED)) {
			recs[n].review = xcalloc(1, sizeof *recs[n].review);
			if (store_change_verify(c->store, num, now, recs[n].review, &e) != 1) {
				change_rec_free(&recs[n]);
				cli_error(&e, 0);
				goto out;
			}
		}
		if (!exportable(recs[n].state, pending, exec)) {
			if (nwanted) {
				cli_errorf(exec ? "export: %s is %s; only approved changes are "
				    "carried out" : "export: %s is %s; only approved changes are "
				    "exported (--include-pending adds drafts and submitted ones)",
				    num, change_state_name(recs[n].state));
				change_rec_free(&recs[n]);
				goto out;
			}
			change_rec_free(&recs[n]);
			continue;
		}
		n++;
	}
	if (exec) {
		struct export_opts xo = { .generated = now, .zone = cli_zone(c),
		    .mode = mode };
		if (n == 0) {
			cli_errorf("export --to %s: no approved change: nothing to carry out "
			    "(patchwave change list)", to);
			goto out;
		}
		rc = export_exec(c, to, dir, recs, n, &xo);
		goto out;
	}
	if (n == 0) {	/* an empty pack tells the CAB nothing */
		cli_errorf(pending ? "export: no change records to put in a pack "
		    "(patchwave change create)" : "export: no approved change to put in "
		    "a pack (patchwave change list; --include-pending adds drafts and "
		    "submitted ones)");
		goto out;
	}
	long long hseq;
	char hhash[65], head[96];
	if (store_audit_head(c->store, &hseq, hhash, &e) != 0) {
		cli_error(&e, 0);
		goto out;
	}
	snprintf(head, sizeof head, "%lld:%s", hseq, hhash);
	struct export_opts o = { now, cli_zone(c), NULL, head, mode, 0 };
	/* Under allow_as now or once: the names were typed then. */
	if (store_policy_allow_as_ever(c->store, &o.allow_as, &e) != 0) {
		cli_error(&e, 0);
		goto out;
	}
	store_read_end(c->store);
	if (export_pack(dir, recs, n, &o, &files, &e) != 0) {
		cli_errorf("export: %s", e.msg);
		goto out;
	}
	printf("wrote %zu files for %zu change%s into %s\n", files, n, n == 1 ? "" : "s",
	    dir);
	rc = 0;
out:
	store_read_end(c->store);
	for (size_t i = 0; i < n; i++)
		change_rec_free(&recs[i]);
	free(recs);
	for (size_t i = 0; i < count; i++)
		free(numbers[i]);
	free(numbers);
	free(wanted);
	return rc;
}
