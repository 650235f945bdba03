/* What conflicts --new proposes (action/moves.c) on a hand-made checked
 * plan: the edit that carries a proposal out, as the CLI takes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../action/action.h"
#include "testutil.h"

/* Wave 4 of three assets in slot 0, wave 9 of another in slot 1 (of the
 * same stage), slot 2 empty; keys as given. */
struct fixture {
	struct asset	 assets[4];
	struct slot	 slots[3];
	struct placement pl[4];
	long long	 ids[4];
	size_t		 first[2];
	struct checked	 k;
};

static void
fixture(struct fixture *f, const char *const keys[4])
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < 4; i++) {
		f->assets[i].key = (char *)keys[i];
		f->pl[i] = (struct placement){ .asset = i, .slot = i < 3 ? 0 : 1 };
		f->ids[i] = i < 3 ? 4 : 9;
	}
	f->slots[0] = (struct slot){ .start_utc = utc_iso("2026-12-10T17:00"),
	    .name = "thursday" };
	f->slots[1] = (struct slot){ .start_utc = utc_iso("2026-12-17T17:00"),
	    .name = "thursday" };
	f->slots[2] = (struct slot){ .start_utc = utc_iso("2026-12-19T21:00"),
	    .name = "it's saturday" };
	f->first[0] = 0;
	f->first[1] = 3;
	f->k.d.assets = f->assets;
	f->k.d.nassets = 4;
	f->k.d.in.assets = f->assets;
	f->k.d.in.nassets = 4;
	f->k.d.in.slots = f->slots;
	f->k.d.in.nslots = 3;
	f->k.p.v = f->pl;
	f->k.p.n = 4;
	f->k.wave_ids = f->ids;
	f->k.first = f->first;
	f->k.nwaves = 2;
}

/* Into a wave of their stage there: edit move --wave ID KEY...; else the
 * whole wave with edit move-wave ID --at START --window NAME, some of it
 * with their keys (split off there); untrusted keys and names quoted, and
 * after "--" when one starts with '-'. */
static void
test_proposal_command_is_the_edit_that_carries_it_out(void **state)
{
	static const char *const keys[4] = { "web-01", "db 02; rm -rf ~",
	    "-rf", "app-01" };
	struct fixture f;
	size_t some[2] = { 0, 1 }, all[3] = { 0, 1, 2 };
	struct conflict x = { .wave = 0, .assets = some, .nassets = 2 };
	struct proposal into = { 1, "nearest", 9 }, there = { 2, "next", 0 };
	struct buf b = { 0 };

	(void)state;
	fixture(&f, keys);
	act_proposal_command(&f.k, &x, &into, &b);
	assert_string_equal(buf_str(&b), "edit move --wave 9 web-01 'db 02; rm -rf ~'");
	buf_reset(&b);
	act_proposal_command(&f.k, &x, &there, &b);
	assert_string_equal(buf_str(&b), "edit move-wave 4 --at 2026-12-19T21:00:00Z "
	    "--window 'it'\\''s saturday' web-01 'db 02; rm -rf ~'");
	buf_reset(&b);
	x.assets = all;
	x.nassets = 3;
	act_proposal_command(&f.k, &x, &into, &b);
	assert_string_equal(buf_str(&b), "edit move --wave 9 -- web-01 "
	    "'db 02; rm -rf ~' -rf");
	buf_reset(&b);
	act_proposal_command(&f.k, &x, &there, &b);
	assert_string_equal(buf_str(&b), "edit move-wave 4 --at 2026-12-19T21:00:00Z "
	    "--window 'it'\\''s saturday'");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proposal_command_is_the_edit_that_carries_it_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
