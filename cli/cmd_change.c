/* patchwave change ...: change records through the CAB workflow; patchwave
 * audit: the log of every change to them, and its verification. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../action/action.h"
#include "../export/export.h"
#include "../model/civil.h"
#include "../model/deadline.h"
#include "../storage/changes.h"
#include "../util/buf.h"
#include "../util/clock.h"
#include "../util/escape.h"
#include "cli.h"
#include "out.h"

static const char usage[] =
    "usage: patchwave change create --wave ID [--wave ID ...] --title TEXT [FIELDS]\n"
    "       patchwave change list [--state STATE] [--format table|csv|json]\n"
    "       patchwave change show CHG [--format text|json]\n"
    "       patchwave change edit CHG [FIELDS] [--wave ID ...]\n"
    "       patchwave change submit CHG [--comment TEXT]\n"
    "       patchwave change approve|reject CHG --comment TEXT\n"
    "       patchwave change implement|fail|rollback|cancel CHG [--comment TEXT]\n"
    "FIELDS: --title TEXT --description TEXT --type standard|normal|emergency\n"
    "        --risk low|medium|high --impact low|medium|high --implementation TEXT\n"
    "        --test-plan TEXT --backout-plan TEXT\n"
    "A change is made from planned waves (patchwave waves) as a draft; risk and\n"
    "impact are suggested from what it touches unless set. Submitting needs every\n"
    "error-level conflict resolved, every warning acknowledged (patchwave ack) and\n"
    "test and backout plans. CAB members of the policy approve or reject; the\n"
    "requester cannot, and the policy's quorum of approvals approves. Editing a\n"
    "submitted or approved change, or its waves, sends it back to draft. Who acts\n"
    "is the OS user, or --as NAME before the command where the policy allows it.\n";

/* Options shared by create and edit. */
struct change_args {
	struct change_fields	 f;
	long long		*waves;
	size_t			 nwaves;
	int			 waves_given;
	const char		*comment, *state, *format;
};

static int
level_arg(const char *opt, const char *v, int *out)
{
	if ((*out = change_level_parse(v)) < 0) {
		cli_errorf("%s %s: low, medium or high", opt, v);
		return -1;
	}
	return 0;
}

static int
wave_arg(struct change_args *a, const char *v)
{
	/* One id, or several separated by commas. */
	const char *p = v;
	a->waves_given = 1;
	while (*p) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p || id <= 0 || (*end != ',' && *end != '\0')) {
			cli_errorf("--wave %s: wave ids (patchwave waves), separated by commas",
			    v);
			return -1;
		}
		a->waves = xrealloc(a->waves, (a->nwaves + 1) * sizeof *a->waves);
		a->waves[a->nwaves++] = id;
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* Parse argv[from..]: 0, or -1 after a usage error. */
static int
parse_args(int argc, char **argv, int from, struct change_args *a)
{
	static const struct { const char *opt; size_t off; } text[] = {
		{ "--title", offsetof(struct change_fields, title) },
		{ "--description", offsetof(struct change_fields, description) },
		{ "--implementation", offsetof(struct change_fields, implementation) },
		{ "--test-plan", offsetof(struct change_fields, test_plan) },
		{ "--backout-plan", offsetof(struct change_fields, backout_plan) },
	};
	const char *v;
	int rc;

	memset(a, 0, sizeof *a);
	a->f.type = a->f.risk = a->f.impact = -1;
	for (int i = from; i < argc; i++) {
		int hit = 0;
		for (size_t t = 0; t < sizeof text / sizeof *text && !hit; t++) {
			if ((rc = cli_opt(argc, argv, &i, text[t].opt, &v)) < 0)
				return -1;
			if (rc > 0) {
				*(const char **)((char *)&a->f + text[t].off) = v;
				hit = 1;
			}
		}
		if (hit)
			continue;
		if ((rc = cli_opt(argc, argv, &i, "--type", &v)) > 0) {
			if ((a->f.type = change_type_parse(v)) < 0) {
				cli_errorf("--type %s: standard, normal or emergency", v);
				return -1;
			}
		} else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--risk", &v)) > 0) {
			if (level_arg("--risk", v, &a->f.risk) != 0)
				return -1;
		} else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--impact", &v)) > 0) {
			if (level_arg("--impact", v, &a->f.impact) != 0)
				return -1;
		} else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--wave", &v)) > 0) {
			if (wave_arg(a, v) != 0)
				return -1;
		} else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--comment", &v)) > 0)
			a->comment = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--state", &v)) > 0)
			a->state = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--format", &v)) > 0)
			a->format = v;
		else {
			if (rc == 0)
				cli_errorf("change: unexpected argument %s", argv[i]);
			return -1;
		}
	}
	return 0;
}

/* An action's refusal or failure, printed: exit 1. */
static int
failed(const struct pw_error *e)
{
	cli_error(e, 0);
	return 1;
}

static void
print_escaped(const char *label, const char *text)
{
	struct buf l = { 0 }, b = { 0 };

	esc_term(&l, label);
	esc_term(&b, text);
	printf("%-16s %s\n", buf_str(&l), buf_str(&b));
	buf_free(&l);
	buf_free(&b);
}

static void
print_block(const char *label, const char *text)
{
	struct buf b = { 0 };

	printf("%s:\n", label);
	esc_term_lines(&b, text && text[0] ? text : "(none)");
	for (const char *p = buf_str(&b), *nl; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		printf("  %.*s\n", (int)(nl ? nl - p : (long)strlen(p)), p);
	}
	buf_free(&b);
}

static void
show_text(struct cli *c, const struct change_rec *r, int held)
{
	char a[64], z[64];
	const char *zone = cli_zone(c);

	print_escaped(r->number, r->title);
	printf("%-16s %s\n", "state", change_state_name(r->state));
	if (!held)
		printf("%-16s its waves in the stored plan are not the ones submitted "
		    "(changed without patchwave sending it back to draft): approve and "
		    "implement are refused; patchwave plan --force plans again and sends "
		    "it back to draft\n", "PLAN MOVED");
	if (r->state_reason[0])
		print_escaped("", r->state_reason);
	if (r->outcome_who) {	/* who recorded it, when, and its evidence */
		struct buf o = { 0 }, l = { 0 };
		buf_printf(&o, "%s by %s at %s: %s", change_state_name(r->state),
		    r->outcome_who, r->outcome_at, r->outcome_detail);
		cli_local_times(&l, buf_str(&o), zone);
		print_escaped("outcome", buf_str(&l));
		buf_free(&o);
		buf_free(&l);
	}
	printf("%-16s %s\n", "type", change_type_name(r->type));
	printf("%-16s %s%s\n", "risk", change_level_name(r->risk),
	    r->risk_chosen ? "" : " (suggested)");
	printf("%-16s %s%s\n", "impact", change_level_name(r->impact),
	    r->impact_chosen ? "" : " (suggested)");
	if (r->planned_start) {
		cli_format_local(r->planned_start, zone, a, sizeof a);
		cli_format_local(r->planned_end, zone, z, sizeof z);
		printf("%-16s %s .. %s\n", "planned", a, z);
	}
	print_escaped("requested by", r->requested_by);
	/* Written by patchwave, but read back from a file others may write
	 * (docs/reliability.md): escaped as well. */
	struct buf when = { 0 }, raw = { 0 };
	buf_printf(&raw, "%s (updated %s", r->created_at, r->updated_at);
	cli_local_times(&when, buf_str(&raw), zone);	/* as every time shown */
	buf_reset(&raw);
	esc_term(&raw, buf_str(&when));
	buf_printf(&raw, ", version %ld)", r->version);
	printf("%-16s %s\n", "created", buf_str(&raw));
	buf_free(&when);
	buf_free(&raw);
	printf("%-16s", "waves");
	for (size_t i = 0; i < r->nwaves; i++)
		printf(" %lld", r->waves[i]);
	printf("\n");
	print_block("description", r->description);
	print_block("implementation plan", r->implementation);
	print_block("test plan", r->test_plan);
	print_block("backout plan", r->backout_plan);
	printf("assets (%zu):\n", r->nassets);
	for (size_t i = 0; i < r->nassets; i++) {
		const struct change_asset *x = &r->assets[i];
		struct buf h = { 0 };
		char dl[64] = "-";
		esc_term(&h, x->hostname);
		cli_format_local(x->start_utc, zone, a, sizeof a);
		if (x->has_deadline)
			cli_format_deadline(x->deadline_utc, zone, dl, sizeof dl);
		long slack = x->has_deadline ? deadline_slack(x->deadline_utc, x->end_utc,
		    3600) : 0;
		printf("  %-28s wave %-5lld %s  deadline %s", buf_str(&h), x->wave, a, dl);
		if (x->has_deadline)
			printf("  slack %ldh", slack);
		printf("\n");
		buf_free(&h);
	}
	printf("conflicts (%zu):\n", r->nconflicts);
	for (size_t i = 0; i < r->nconflicts; i++) {
		const struct change_conflict *x = &r->conflicts[i];
		struct buf m = { 0 }, code = { 0 }, sev = { 0 };
		esc_term(&code, x->code);
		esc_term(&sev, x->severity);
		struct buf local = { 0 };	/* its times as conflicts spells them */
		cli_local_times(&local, x->message, zone);
		esc_term(&m, buf_str(&local));
		buf_free(&local);
		printf("  %-18s %-7s %s\n", buf_str(&code), buf_str(&sev), buf_str(&m));
		buf_free(&code);
		buf_free(&sev);
		buf_reset(&m);
		if (x->ack_who) {
			struct buf at = { 0 };
			cli_local_times(&at, x->ack_at, zone);
			buf_printf(&m, "acknowledged by %s at %s: %s", x->ack_who,
			    buf_str(&at), x->ack_reason ? x->ack_reason : "");
			buf_free(&at);
			struct buf t = { 0 };
			esc_term(&t, m.s);
			printf("  %-18s %s\n", "", buf_str(&t));
			buf_free(&t);
		}
		buf_free(&m);
	}
	printf("decisions (%zu):\n", r->ndecisions);
	for (size_t i = 0; i < r->ndecisions; i++) {
		const struct change_decision *d = &r->decisions[i];
		struct buf w = { 0 }, m = { 0 }, dec = { 0 }, at = { 0 };
		esc_term(&w, d->who);
		esc_term(&m, d->comment);
		esc_term(&dec, d->decision);
		struct buf local = { 0 };
		cli_local_times(&local, d->at, zone);
		esc_term(&at, buf_str(&local));
		buf_free(&local);
		printf("  round %d  %-8s %-16s %s  %s\n", d->round, buf_str(&dec),
		    buf_str(&w), buf_str(&at), buf_str(&m));
		buf_free(&w);
		buf_free(&m);
		buf_free(&dec);
		buf_free(&at);
	}
}

static int
cmd_show(struct cli *c, struct change_args *a, const char *number)
{
	struct pw_error e = { 0 };
	struct change_rec r;
	int rc;

	if (a->format && strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0) {
		cli_errorf("change show: --format text or json");
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	if ((rc = store_change_get(c->store, number, &r, &e)) != 1) {
		if (rc < 0)
			cli_error(&e, 0);
		else
			cli_errorf("no change %s (patchwave change list)", number);
		return 1;
	}
	if (a->format && strcmp(a->format, "json") == 0) {
		struct buf b = { 0 };
		if (store_change_record_logged(c->store, &r, &e) != 0) {
			change_rec_free(&r);
			cli_error(&e, 0);
			return 1;
		}
		export_change_json(&b, &r, 1);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
	} else {
		/* What approve and implement would find: the plan as submitted? */
		struct act act = cli_act(c, pw_clock());
		int held = 1;
		if ((r.state == CS_SUBMITTED || r.state == CS_APPROVED) &&
		    act_change_plan_held(&act, number, &held, &e) != 0) {
			change_rec_free(&r);
			cli_error(&e, 0);
			return 1;
		}
		show_text(c, &r, held);
	}
	change_rec_free(&r);
	return 0;
}

struct list_ctx {
	struct out	*o;
	const char	*zone;
};

static int
list_row(void *arg, const struct change_rec *r)
{
	struct list_ctx *x = arg;
	char a[64] = "", z[64] = "";

	if (r->planned_start) {
		cli_format_local(r->planned_start, x->zone, a, sizeof a);
		cli_format_local(r->planned_end, x->zone, z, sizeof z);
	}
	const char *row[] = { r->number, change_state_name(r->state), r->title,
	    change_type_name(r->type), change_level_name(r->risk),
	    change_level_name(r->impact), a, z, r->requested_by };
	out_row(x->o, row);
	return 0;
}

static int
cmd_list(struct cli *c, struct change_args *a)
{
	static const struct out_col cols[] = {
		{ "number", OT_STR, 1 }, { "state", OT_STR, 1 }, { "title", OT_STR, 1 },
		{ "type", OT_STR, 1 }, { "risk", OT_STR, 1 }, { "impact", OT_STR, 1 },
		{ "planned_start", OT_STR, 1 }, { "planned_end", OT_STR, 0 },
		{ "requested_by", OT_STR, 1 },
	};
	struct pw_error e = { 0 };
	int fmt = a->format ? out_format_parse(a->format) : OUT_TABLE, state = -1;

	if (fmt < 0) {
		cli_errorf("change list: --format table, csv or json");
		return EXIT_USAGE;
	}
	if (a->state && (state = change_state_parse(a->state)) < 0) {
		cli_errorf("change list: --state %s: draft, submitted, approved, rejected, "
		    "implemented, failed, rolled-back or cancelled", a->state);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	struct list_ctx x = { out_new((enum out_format)fmt, stdout, cols,
	    sizeof cols / sizeof *cols), cli_zone(c) };
	int rc = store_changes_each(c->store, state, list_row, &x, &e);
	out_end(x.o);
	if (rc != 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
}

int
cmd_change(struct cli *c, int argc, char **argv)
{
	static const struct { const char *verb; enum change_action action; } acts[] = {
		{ "submit", CA_SUBMIT }, { "approve", CA_APPROVE }, { "reject", CA_REJECT },
		{ "implement", CA_IMPLEMENT }, { "fail", CA_FAIL },
		{ "rollback", CA_ROLLBACK }, { "cancel", CA_CANCEL },
	};
	struct change_args a;
	struct pw_error e = { 0 };
	const char *verb = argc >= 2 ? argv[1] : NULL, *number;
	enum change_state state = CS_DRAFT;
	int rc, with_number;

	if (verb == NULL || strcmp(verb, "--help") == 0) {
		fputs(usage, verb ? stdout : stderr);
		return verb ? 0 : EXIT_USAGE;
	}
	with_number = strcmp(verb, "create") != 0 && strcmp(verb, "list") != 0;
	if (with_number && (argc < 3 || argv[2][0] == '-')) {
		cli_errorf("change %s: which change (CHG-YYYY-NNNN)?", verb);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (parse_args(argc, argv, with_number ? 3 : 2, &a) != 0) {
		free(a.waves);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	number = with_number ? argv[2] : NULL;
	if (strcmp(verb, "list") == 0 || strcmp(verb, "show") == 0) {
		rc = verb[0] == 'l' ? cmd_list(c, &a) : cmd_show(c, &a, number);
		free(a.waves);
		return rc;
	}
	size_t i = 0;
	while (i < sizeof acts / sizeof *acts && strcmp(acts[i].verb, verb) != 0)
		i++;
	if (strcmp(verb, "create") && strcmp(verb, "edit") &&
	    i == sizeof acts / sizeof *acts) {
		cli_errorf("change: unknown action '%s'", verb);
		fputs(usage, stderr);
		free(a.waves);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0) {
		free(a.waves);
		return 1;
	}
	struct act act = cli_act(c, pw_clock());
	if (strcmp(verb, "create") == 0) {
		char *made = NULL;
		char why[256];
		struct pw_error le = { 0 };
		if ((rc = act_change_create(&act, a.waves, a.nwaves, &a.f, &made, &e)) ==
		    STORE_OK) {
			printf("%s created (draft)\n", made);
			if (act_change_late(&act, made, why, sizeof why, &le) == 1) {
				pw_error_set(&le, NULL, 0, "%s can never be submitted: %s",
				    made, why);
				cli_error(&le, 1);
			}
		}
		free(made);
	} else if (strcmp(verb, "edit") == 0) {
		if ((rc = act_change_edit(&act, number, &a.f, a.waves_given ? a.waves :
		    NULL, a.nwaves, &e)) == STORE_OK)
			printf("%s edited\n", number);
	} else if ((rc = act_change_step(&act, number, acts[i].action, a.comment, &state,
	    &e)) == STORE_OK) {
		struct pw_error te = { 0 };
		size_t approvals = 0;
		int quorum = 1;
		char said[256];
		act_change_tally(&act, number, &approvals, &quorum, &te);
		change_step_words(said, sizeof said, number, acts[i].action, state,
		    approvals, quorum);
		printf("%s\n", said);
	}
	free(a.waves);
	return rc == STORE_OK ? 0 : failed(&e);
}

/* ---- audit --------------------------------------------------------------- */

struct audit_ctx {
	struct out	*out;
	const char	*zone;		/* a table's times in it; NULL: as logged */
};

static int
audit_row(void *arg, const struct audit_entry *x)
{
	struct audit_ctx *a = arg;
	struct buf at = { 0 };
	char seq[24];

	if (a->zone)
		cli_local_times(&at, x->at, a->zone);
	const char *row[] = { seq, a->zone ? buf_str(&at) : x->at, x->who, x->change,
	    x->action, x->detail, x->hash };
	snprintf(seq, sizeof seq, "%lld", x->seq);
	out_row(a->out, row);
	buf_free(&at);
	return 0;
}

/* audit verify [--anchor SEQ:SHA256]: the chain, the replay, the anchor. */
static int
audit_verify(struct cli *c, int argc, char **argv, const char *ausage)
{
	const char *anchor = NULL, *v;
	long long n, bad, aseq = 0, hseq;
	char ahash[65] = "", head[65];
	struct pw_error e = { 0 };
	int rc;

	for (int i = 1; i < argc; i++) {
		if ((rc = cli_opt(argc, argv, &i, "--anchor", &v)) > 0) {
			int k = 0;
			anchor = v;
			if (sscanf(v, "%lld:%64[0-9a-fA-F]%n", &aseq, ahash, &k) != 2 ||
			    v[k] != '\0' || strlen(ahash) != 64 || aseq < 1) {
				cli_errorf("--anchor %s: SEQ:SHA256 as audit verify or a CAB "
				    "pack prints it (head 12:3f2a...)", v);
				return EXIT_USAGE;
			}
			continue;
		}
		if (rc == 0)
			cli_errorf("audit verify: unexpected argument %s", argv[i]);
		fputs(ausage, stderr);
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	if ((rc = store_audit_verify(c->store, &n, &bad, &e)) != 0 ||
	    (anchor && (rc = store_audit_anchor(c->store, aseq, ahash, &e)) != 0) ||
	    (rc = store_audit_head(c->store, &hseq, head, &e)) != 0) {
		cli_error(&e, 0);
		return 1;
	}
	printf("audit log intact: %lld entr%s, each chained to the one before; every "
	    "change, CAB decision, exception and acknowledgement as the log says\n", n,
	    n == 1 ? "y" : "ies");
	if (anchor)
		printf("anchor %lld:%s holds\n", aseq, ahash);
	printf("head %lld:%s\n", hseq, head);
	int unlogged;
	if (store_policy_cab_unlogged(c->store, &unlogged, &e) != 0) {
		cli_error(&e, 0);
		return 1;
	}
	if (unlogged)
		printf("but the policy's CAB is not held to the log: its last import "
		    "is from before imports logged it (cab sha256); import the policy "
		    "again to hold it\n");
	return 0;
}

int
cmd_audit(struct cli *c, int argc, char **argv)
{
	static const char ausage[] =
	    "usage: patchwave audit [--change CHG] [--format table|csv|json]\n"
	    "       patchwave audit verify [--anchor SEQ:SHA256]\n"
	    "Every change to a change record, every CAB decision, every policy\n"
	    "import, every exception added or revoked and every acknowledgement, in\n"
	    "order (the table's times in --tz or the policy's zone; CSV and JSON as\n"
	    "logged, UTC). Entries cannot be changed or removed through patchwave;\n"
	    "each is chained to the one before by SHA-256. verify finds an entry\n"
	    "altered or removed by hand, replays the log and fails when a change's\n"
	    "state, a CAB decision, an exception or an acknowledgement in the\n"
	    "database is not what the log says (exit 1, naming it), and prints\n"
	    "the head (head SEQ:SHA256). --anchor checks that\n"
	    "the log still holds an entry with that hash, as an earlier verify or a\n"
	    "CAB pack printed it: a rewrite of the whole chain fails it.\n";
	static const struct out_col cols[] = {
		{ "seq", OT_INT, 1 }, { "at", OT_STR, 1 }, { "who", OT_STR, 1 },
		{ "change", OT_STR, 1 }, { "action", OT_STR, 1 }, { "detail", OT_STR, 1 },
		{ "hash", OT_STR, 0 },
	};
	const char *change = NULL, *format = NULL, *v;
	struct pw_error e = { 0 };
	int rc;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		fputs(ausage, stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify(c, argc - 1, argv + 1, ausage);
	for (int i = 1; i < argc; i++) {
		if ((rc = cli_opt(argc, argv, &i, "--change", &v)) > 0)
			change = v;
		else if (rc == 0 && (rc = cli_opt(argc, argv, &i, "--format", &v)) > 0)
			format = v;
		else {
			if (rc == 0)
				cli_errorf("audit: unexpected argument %s", argv[i]);
			fputs(ausage, stderr);
			return EXIT_USAGE;
		}
	}
	int fmt = format ? out_format_parse(format) : OUT_TABLE;
	if (fmt < 0) {
		cli_errorf("audit: --format table, csv or json");
		return EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	struct out *o = out_new((enum out_format)fmt, stdout, cols, sizeof cols / sizeof *cols);
	/* A table's times as people read them; CSV and JSON as logged (UTC). */
	struct audit_ctx ac = { o, fmt == OUT_TABLE ? cli_zone(c) : NULL };
	rc = store_audit_each(c->store, change, audit_row, &ac, &e);
	out_end(o);
	if (rc != 0) {
		cli_error(&e, 0);
		return 1;
	}
	return 0;
}
