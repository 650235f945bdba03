/* patchwave exception ...: risks accepted until a date (model/exception.h),
 * added and revoked by a CAB approver or a risk owner, each audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../storage/exceptions.h"
#include "cli.h"
#include "out.h"

static const char usage[] =
    "usage: patchwave exception add (--asset KEY | --advisory ID | both) --until DATE\n"
    "                               --reason TEXT\n"
    "       patchwave exception list [--format table|csv|json]\n"
    "       patchwave exception revoke ID\n"
    "An exception accepts the risk of pending patches past their deadline: of an\n"
    "asset, of an advisory on every asset, or of that advisory on that asset, to\n"
    "the end of DATE (YYYY-MM-DD) in the policy's zone. While it holds, what it\n"
    "covers is ACCEPTED_RISK (a warning needing no acknowledgement) instead of\n"
    "SLA_BREACH, and an asset all of whose pending patches it covers is not\n"
    "UNPLANNED; once it ends or is revoked they are breaches again. Only a CAB\n"
    "approver or one of the policy's risk_owners adds or revokes one (who acts is\n"
    "the OS user, or --as NAME where the policy allows it); each is an entry of\n"
    "the audit log (patchwave audit).\n";

/* An action's refusal or failure, printed: exit 1. */
static int
failed(const struct pw_error *e)
{
	cli_error(e, 0);
	return 1;
}

static int
add(struct cli *c, int argc, char **argv)
{
	const char *asset = NULL, *advisory = NULL, *until = NULL, *reason = NULL, *v;
	struct pw_error e = { 0 };
	long long id;
	int rc;

	for (int i = 2; i < argc; i++) {
		if ((rc = cli_opt(argc, argv, &i, "--asset", &v)) > 0)
			asset = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--advisory", &v)) > 0)
			advisory = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--until", &v)) > 0)
			until = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--reason", &v)) > 0)
			reason = v;
		else {
			if (rc == 0)
				cli_errorf("exception add: unexpected argument %s", argv[i]);
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if ((asset == NULL && advisory == NULL) || until == NULL || reason == NULL) {
		cli_errorf("exception add: --asset KEY or --advisory ID (or both), --until "
		    "DATE and --reason TEXT");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	struct act act = cli_act(c, (int64_t)time(NULL));
	if (act_exception_add(&act, asset, advisory, until, reason, &id, &e) != STORE_OK)
		return failed(&e);
	printf("exception %lld added: valid to the end of %s\n", id, until);
	return 0;
}

static int
revoke(struct cli *c, int argc, char **argv)
{
	struct pw_error e = { 0 };
	char *end;
	long long id = argc == 3 ? strtoll(argv[2], &end, 10) : 0;

	if (argc != 3 || end == argv[2] || *end != '\0' || id <= 0) {
		cli_errorf("exception revoke: which exception (its ID, patchwave exception "
		    "list)?");
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	struct act act = cli_act(c, (int64_t)time(NULL));
	if (act_exception_revoke(&act, id, &e) != STORE_OK)
		return failed(&e);
	printf("exception %lld revoked\n", id);
	return 0;
}

static int
list(struct cli *c, int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "id", OT_INT, 1 }, { "state", OT_STR, 1 }, { "asset", OT_STR, 1 },
		{ "advisory", OT_STR, 1 }, { "until", OT_STR, 1 }, { "reason", OT_STR, 1 },
		{ "added_by", OT_STR, 1 }, { "added_at", OT_STR, 0 },
		{ "revoked_by", OT_STR, 0 }, { "revoked_at", OT_STR, 0 },
	};
	enum out_format fmt = OUT_TABLE;
	struct exception_list l = { 0 };
	struct policy p;
	struct pw_error e = { 0 };
	int rc, found;

	if ((rc = cli_format_args(argc - 1, argv + 1, usage, &fmt, NULL, NULL)) != 0)
		return rc > 0 ? 0 : EXIT_USAGE;
	if (cli_store(c) != 0)
		return 1;
	if (store_policy_load(c->store, &p, &found, &e) != 0 ||
	    store_exceptions_load(c->store, &p, 0, (int64_t)time(NULL), &l, &e) != 0) {
		policy_free(&p);
		exception_list_free(&l);
		return failed(&e);
	}
	struct out *o = out_new(fmt, stdout, cols, sizeof cols / sizeof *cols);
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < l.n; i++) {
		const struct exception *x = &l.v[i];
		char id[24];
		snprintf(id, sizeof id, "%lld", x->id);
		const char *row[] = { id, x->revoked_by[0] ? "revoked" :
		    exception_valid(x, now) ? "valid" : "expired", x->asset, x->advisory,
		    x->until, x->reason, x->added_by, x->added_at, x->revoked_by,
		    x->revoked_at };
		out_row(o, row);
	}
	out_end(o);
	exception_list_free(&l);
	policy_free(&p);
	return 0;
}

int
cmd_exception(struct cli *c, int argc, char **argv)
{
	const char *verb = argc >= 2 ? argv[1] : NULL;

	if (verb == NULL || strcmp(verb, "--help") == 0) {
		fputs(usage, verb ? stdout : stderr);
		return verb ? 0 : EXIT_USAGE;
	}
	if (strcmp(verb, "add") == 0)
		return add(c, argc, argv);
	if (strcmp(verb, "revoke") == 0)
		return revoke(c, argc, argv);
	if (strcmp(verb, "list") == 0)
		return list(c, argc, argv);
	cli_errorf("exception: unknown action '%s' (add, list, revoke)", verb);
	fputs(usage, stderr);
	return EXIT_USAGE;
}
