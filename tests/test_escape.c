/* Untrusted text leaves only through the escapers. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../util/escape.h"

static const char *
run(void (*f)(struct buf *, const char *), const char *s)
{
	static char out[256];
	struct buf b = { 0 };

	f(&b, s);
	snprintf(out, sizeof out, "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

static void
test_terminal_never_sees_control_sequences(void **state)
{
	(void)state;
	assert_string_equal(run(esc_term, "ok\x1b[2Jx"), "ok\\x1b[2Jx");
	assert_string_equal(run(esc_term, "a\rb\tc\x7f"), "a\\x0db\\x09c\\x7f");
	assert_string_equal(run(esc_term, "\xc2\x9b" "31m"), "\\xc2\\x9b31m");	/* C1 CSI */
	assert_string_equal(run(esc_term, "\xe2\x80\xae" "evil"), "\\xe2\\x80\\xaeevil");
	assert_string_equal(run(esc_term, "bad\xff"), "bad\\xff");
	assert_string_equal(run(esc_term, "büro 東京"), "büro 東京");
}

static void
test_display_width_counts_columns(void **state)
{
	(void)state;
	assert_int_equal(esc_term_width("abc"), 3);
	assert_int_equal(esc_term_width("büro"), 4);
	assert_int_equal(esc_term_width("東京"), 4);
	assert_int_equal(esc_term_width("\x1b"), 4);
}

static const char *
fit(const char *s, int width)
{
	static char out[256];
	struct buf b = { 0 };

	esc_term_fit(&b, s, width);
	snprintf(out, sizeof out, "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

/* Screen cells: escaped, then cut or padded to exactly their columns. */
static void
test_screen_cells_fit_their_columns(void **state)
{
	(void)state;
	assert_string_equal(fit("abc", 5), "abc  ");
	assert_string_equal(fit("abcdef", 5), "abcd\xe2\x80\xa6");
	assert_string_equal(fit("büro", 4), "büro");
	assert_string_equal(fit("東京都", 5), "東京\xe2\x80\xa6");
	assert_string_equal(fit("東京都", 4), "東\xe2\x80\xa6 ");	/* no half a glyph */
	assert_string_equal(fit("\x1b[31mred", 8), "\\x1b[31\xe2\x80\xa6");
	assert_int_equal(esc_term_width(fit("x\x1b]0;title\x07", 12)), 12);
	assert_string_equal(fit("anything", 0), "");
	assert_string_equal(fit(NULL, 2), "  ");
}

static void
test_csv_cells_are_quoted_and_formulas_neutralised(void **state)
{
	(void)state;
	assert_string_equal(run(esc_csv, "plain"), "plain");
	assert_string_equal(run(esc_csv, "a,b"), "\"a,b\"");
	assert_string_equal(run(esc_csv, "say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(run(esc_csv, "=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
	assert_string_equal(run(esc_csv, "+1"), "\"'+1\"");
	assert_string_equal(run(esc_csv, "-2"), "\"'-2\"");
	assert_string_equal(run(esc_csv, "@SUM(A1)"), "\"'@SUM(A1)\"");
}

static void
test_json_strings_escape_controls(void **state)
{
	(void)state;
	assert_string_equal(run(esc_json, "a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
	assert_string_equal(run(esc_json, "příbor"), "\"příbor\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminal_never_sees_control_sequences),
		cmocka_unit_test(test_display_width_counts_columns),
		cmocka_unit_test(test_screen_cells_fit_their_columns),
		cmocka_unit_test(test_csv_cells_are_quoted_and_formulas_neutralised),
		cmocka_unit_test(test_json_strings_escape_controls),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
