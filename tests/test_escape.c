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
test_shell_words_are_one_word_each(void **state)
{
	(void)state;
	assert_string_equal(run(esc_sh, "i-0abc123"), "i-0abc123");
	assert_string_equal(run(esc_sh, "2026-12-01T02:00:00Z"), "2026-12-01T02:00:00Z");
	assert_string_equal(run(esc_sh, ""), "''");
	assert_string_equal(run(esc_sh, "a b"), "'a b'");
	assert_string_equal(run(esc_sh, "$(rm -rf ~)"), "'$(rm -rf ~)'");
	assert_string_equal(run(esc_sh, "it's"), "'it'\\''s'");
	assert_string_equal(run(esc_sh, "x;\nreboot"), "'x;\nreboot'");
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
	assert_string_equal(run(esc_csv, "a\033]0.t\007b"), "a\\x1b]0.t\\x07b");
	assert_string_equal(run(esc_csv, "two\nlines\xff"), "\"two\nlines\\xff\"");
}

static void
md_block(struct buf *b, const char *s)
{
	esc_md(b, s, 0);
}

static void
md_inline(struct buf *b, const char *s)
{
	esc_md(b, s, 1);
}

/* Documents: markup inert, controls gone, invalid UTF-8 replaced. */
static void
test_document_escapes(void **state)
{
	(void)state;
	assert_string_equal(run(esc_html, "<script>x</script> & \"q\" 'a'"),
	    "&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;");
	assert_string_equal(run(esc_html, "bell\a esc\x1b[2J del\x7f c1\xc2\x9b ok"),
	    "bell esc[2J del c1 ok");
	assert_string_equal(run(esc_html, "bad\xff\xfe utf8 \xe2\x80\xae rtl"),
	    "bad\xef\xbf\xbd\xef\xbf\xbd utf8  rtl");
	assert_string_equal(run(esc_html, "tab\there\nnext"), "tab here\nnext");
	assert_string_equal(run(md_inline, "*bold* [link](http://x) `code` <b> a|b"),
	    "\\*bold\\* \\[link\\](http://x) \\`code\\` &lt;b&gt; a\\|b");
	assert_string_equal(run(md_inline, "# not a heading\n- nor a list"),
	    "\\# not a heading - nor a list");
	assert_string_equal(run(md_block, "one\n# two"), "one  \n\\# two");
	assert_string_equal(run(md_inline, "web-01 in a-b"), "web-01 in a-b");
	assert_string_equal(run(esc_ics, "a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
	assert_string_equal(run(esc_ics, "x\x1b]0;t\x07y"), "x]0\\;ty");
	assert_string_equal(run(esc_term_lines, "a\x1b[1m\nb\x07"), "a\\x1b[1m\nb\\x07");
}

static void
test_json_strings_escape_controls(void **state)
{
	(void)state;
	assert_string_equal(run(esc_json, "a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
	assert_string_equal(run(esc_json, "příbor"), "\"příbor\"");
	/* Runs of plain bytes between escapes, at either end and in a row. */
	assert_string_equal(run(esc_json, "\"web 01\"\t\x7f\\end"),
	    "\"\\\"web 01\\\"\\t\\u007f\\\\end\"");
	assert_string_equal(run(esc_json, ""), "\"\"");
	assert_string_equal(run(esc_csv, "plain text 01"), "plain text 01");
	assert_string_equal(run(esc_csv, "-1"), "\"'-1\"");
	assert_string_equal(run(esc_csv, "a;b"), "\"a;b\"");
	assert_string_equal(run(esc_term, "ok \x1b[2J ok"), "ok \\x1b[2J ok");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminal_never_sees_control_sequences),
		cmocka_unit_test(test_display_width_counts_columns),
		cmocka_unit_test(test_screen_cells_fit_their_columns),
		cmocka_unit_test(test_shell_words_are_one_word_each),
		cmocka_unit_test(test_csv_cells_are_quoted_and_formulas_neutralised),
		cmocka_unit_test(test_json_strings_escape_controls),
		cmocka_unit_test(test_document_escapes),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
