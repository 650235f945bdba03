/* patchwave why ASSET: its deadline, its wave, and for every earlier window
 * the reason the planner passed it by (act_why says it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/tz.h"
#include "../util/buf.h"
#include "cli.h"

int
cmd_why(struct cli *c, int argc, char **argv)
{
	static const char usage[] = "usage: patchwave why ASSET [--now TIME]\nThe "
	    "asset's deadline, its wave, and for every window before it the reason\n"
	    "the planner passed it by (the plan is made again as of now, the clock or\n"
	    "--now, with today's data); where the stored plan has it in another\n"
	    "window (an edit, a pin, an older plan), a last line says which wave.\n"
	    "ASSET is a key or a hostname.\n";
	struct plan_data d;
	struct plan p;
	long long *ids = NULL;
	struct pw_diags warn = { 0 };
	struct pw_error e = { 0 };
	int found, rc = 1;
	size_t a;

	memset(&d, 0, sizeof d);
	memset(&p, 0, sizeof p);
	if (cli_take_now(c, &argc, argv) != 0) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (argc != 2 || strcmp(argv[1], "--help") == 0) {
		fputs(usage, argc == 2 ? stdout : stderr);
		return argc == 2 ? 0 : EXIT_USAGE;
	}
	if (cli_store(c) != 0)
		return 1;
	if (cli_now(c) != 0) {
		cli_now_done(c);
		return EXIT_USAGE;
	}
	int loaded = store_plan_load(c->store, &d, &p, &ids, &found, &warn, &e);
	cli_now_done(c);
	if (loaded != 0) {
		cli_error(&e, 0);
		goto out;
	}
	for (a = 0; a < d.nassets; a++)
		if (strcmp(d.assets[a].key, argv[1]) == 0 ||
		    strcmp(d.assets[a].hostname, argv[1]) == 0)
			break;
	if (a == d.nassets) {
		cli_errorf("why: no active asset has key or hostname '%s'", argv[1]);
		goto out;
	}
	struct buf text = { 0 };
	rc = act_why(c->store, &d, a, tz_builtin(cli_zone(c)), found ? &p : NULL, ids,
	    &text, &e);
	fputs(buf_str(&text), stdout);
	buf_free(&text);
	if (rc != 0) {
		cli_error(&e, 0);
		rc = 1;
		goto out;
	}
	rc = 0;
out:
	free(ids);
	plan_free(&p);
	plan_data_free(&d);
	pw_diags_free(&warn);
	return rc;
}
