/* RFC 4180 reading: delimiters, quoting, line endings, encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../import/csv.h"
#include "../util/buf.h"

/* Read all records of s into a flat "f1|f2;f1|f2;" string for comparison. */
static void
read_all(const char *s, char *out, size_t outsz, char delim)
{
	struct csv_reader *r = csv_open(s, strlen(s), delim);
	struct csv_record rec;
	struct pw_error e;
	int rc;

	out[0] = '\0';
	while ((rc = csv_next(r, &rec, &e)) != 0) {
		if (rc < 0) {
			snprintf(out + strlen(out), outsz - strlen(out), "ERR@%ld;", e.line);
			continue;
		}
		for (size_t i = 0; i < rec.n; i++)
			snprintf(out + strlen(out), outsz - strlen(out), "%s%s", i ? "|" : "",
			    rec.fields[i]);
		snprintf(out + strlen(out), outsz - strlen(out), "@%ld;", rec.line);
	}
	csv_free(r);
}

static void
test_delimiter_is_detected_from_the_header(void **state)
{
	char out[256];

	(void)state;
	read_all("a;b;c\n1;2;3\n", out, sizeof out, 0);
	assert_string_equal(out, "a|b|c@1;1|2|3@2;");
	read_all("a\tb\n1\t2\n", out, sizeof out, 0);
	assert_string_equal(out, "a|b@1;1|2@2;");
	read_all("\"x;y\",b\n1,2\n", out, sizeof out, 0);
	assert_string_equal(out, "x;y|b@1;1|2@2;");
}

static void
test_quotes_hold_delimiters_newlines_and_doubled_quotes(void **state)
{
	char out[256];

	(void)state;
	read_all("h,n\r\n\"Macbook Pro 13\"\"\",\"a,b\"\r\n\"two\r\nlines\",x\r\nlast,1\r\n",
	    out, sizeof out, 0);
	assert_string_equal(out, "h|n@1;Macbook Pro 13\"|a,b@2;two\nlines|x@3;last|1@5;");
}

static void
test_bom_blank_lines_and_bare_cr(void **state)
{
	char out[256];

	(void)state;
	read_all("\xef\xbb\xbfk,v\r\r\n\na,1\rb,2", out, sizeof out, 0);
	assert_string_equal(out, "k|v@1;a|1@4;b|2@5;");
}

static void
test_empty_fields_are_kept(void **state)
{
	char out[256];

	(void)state;
	read_all("a,b,c\n,,\n", out, sizeof out, 0);
	assert_string_equal(out, "a|b|c@1;||@2;");
}

static void
test_records_of_only_empty_quoted_fields(void **state)
{
	char out[256];

	(void)state;
	/* Found by fuzzing: no field text at all left the fields NULL. */
	read_all("\"\"\n\"\",\"\"\n", out, sizeof out, 0);
	assert_string_equal(out, "@1;|@2;");
}

static void
test_unclosed_quote_names_its_line(void **state)
{
	char out[256];

	(void)state;
	read_all("a,b\n1,2\n\"open,3\n4,5\n", out, sizeof out, 0);
	assert_string_equal(out, "a|b@1;1|2@2;ERR@3;");
}

static void
test_stray_quotes_are_errors_and_reading_goes_on(void **state)
{
	char out[256];

	(void)state;
	read_all("a,b\nx\"y,1\n\"q\"z,2\nok,3\n", out, sizeof out, 0);
	assert_string_equal(out, "a|b@1;ERR@2;ERR@3;ok|3@4;");
}

static void
test_invalid_utf8_and_nul_are_refused(void **state)
{
	char out[256];
	const char nul[] = "a,b\n1,x\0y\n";
	struct csv_reader *r;
	struct csv_record rec;
	struct pw_error e;

	(void)state;
	read_all("a,b\n1,caf\xe9\n2,ok\n", out, sizeof out, 0);
	assert_string_equal(out, "a|b@1;ERR@2;2|ok@3;");
	r = csv_open("a\rb\r\nbad\x92\nx\xff\n", 15, 0);
	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_int_equal(csv_bad_encoding_line(r), 0);
	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_int_equal(csv_next(r, &rec, &e), -1);
	assert_int_equal(csv_bad_encoding_line(r), 3);	/* the first bad one */
	assert_int_equal(csv_next(r, &rec, &e), -1);
	assert_int_equal(csv_bad_encoding_line(r), 3);
	csv_free(r);
	r = csv_open(nul, sizeof nul - 1, 0);
	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_int_equal(csv_next(r, &rec, &e), -1);
	assert_int_equal(e.line, 2);
	csv_free(r);
}

static void
test_utf8_validation(void **state)
{
	(void)state;
	assert_true(utf8_valid("příbor 東京", strlen("příbor 東京")));
	assert_false(utf8_valid("\xc0\xaf", 2));		/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(utf8_valid("\xe2\x82", 2));		/* truncated */
	/* Where the first bad byte is, for a whole file's line. */
	assert_int_equal(utf8_bad_offset("ok\n\xc3\xa9\xc0\xaf", 7), 5);
	assert_int_equal(utf8_bad_offset("a\0b", 3), 1);
	assert_int_equal(utf8_bad_offset("\xf0\x9f\x98\x80", 4), 4);
}

/* ASCII is checked eight bytes at a time: a NUL, a bad byte or a good
 * sequence anywhere in or after a run is found where it is. */
static void
test_utf8_runs_of_ascii(void **state)
{
	char t[40];

	(void)state;
	for (size_t at = 0; at < 30; at++) {
		memset(t, 'a', sizeof t);
		t[at] = '\0';
		assert_int_equal(utf8_bad_offset(t, sizeof t), at);
		t[at] = (char)0xc0;			/* never in UTF-8 */
		assert_int_equal(utf8_bad_offset(t, sizeof t), at);
		t[at] = (char)0xc3;			/* é: good, and on */
		t[at + 1] = (char)0xa9;
		assert_int_equal(utf8_bad_offset(t, sizeof t), sizeof t);
		t[at + 1] = 'a';			/* cut short */
		assert_int_equal(utf8_bad_offset(t, sizeof t), at);
		assert_int_equal(utf8_bad_offset(t, at), at);	/* not read */
	}
	memset(t, 'a', sizeof t);
	t[sizeof t - 1] = (char)0xe2;		/* truncated at the very end */
	assert_int_equal(utf8_bad_offset(t, sizeof t), sizeof t - 1);
}

static void
test_whole_text_check_names_the_line(void **state)
{
	struct pw_error e;

	(void)state;
	assert_int_equal(utf8_text_check("f", "a\nb\n\xc3\xa9", 6, &e), 0);
	assert_int_equal(utf8_text_check("f", "a\nb\nc\xe9\n", 7, &e), -1);
	assert_int_equal(e.line, 3);
	assert_string_equal(e.msg, "not UTF-8 text (convert the file, e.g. iconv "
	    "-f WINDOWS-1252 -t UTF-8)");
	assert_int_equal(utf8_text_check("f", "\xff", 1, &e), -1);
	assert_int_equal(e.line, 1);
}

/* "h,n\n" then a record "x,FIELD" where FIELD is n bytes once read: quoted,
 * with a doubled quote and a line break in it (so the record after it,
 * "y,1", is on line 4), or plain. Caller frees. */
static char *
long_field(size_t n, int quoted)
{
	struct buf b = { 0 };

	buf_adds(&b, "h,n\nx,");
	if (quoted) {
		buf_adds(&b, "\"\"\"a\r\n");		/* ", a, LF: 3 bytes */
		for (size_t i = 3; i < n; i++)
			buf_addc(&b, 'q');
		buf_addc(&b, '"');
	} else
		for (size_t i = 0; i < n; i++)
			buf_addc(&b, 'p');
	buf_adds(&b, "\ny,1\n");
	return buf_detach(&b);
}

static void
expect_field(const char *text, size_t n, long next_line)
{
	struct csv_reader *r = csv_open(text, strlen(text), 0);
	struct csv_record rec;
	struct pw_error e;

	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_int_equal(strlen(rec.fields[1]), n);
	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_string_equal(rec.fields[0], "y");
	assert_int_equal(rec.line, next_line);
	csv_free(r);
}

static void
expect_too_long(const char *text, long next_line)
{
	struct csv_reader *r = csv_open(text, strlen(text), 0);
	struct csv_record rec;
	struct pw_error e;

	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_int_equal(csv_next(r, &rec, &e), -1);
	assert_int_equal(e.line, 2);
	assert_string_equal(e.msg, "field 2 is longer than 1048576 bytes (1 MiB)");
	assert_int_equal(csv_bad_encoding_line(r), 0);
	/* Read past, not given up on: the next record is whole. */
	assert_int_equal(csv_next(r, &rec, &e), 1);
	assert_string_equal(rec.fields[0], "y");
	assert_int_equal(rec.line, next_line);
	csv_free(r);
}

static void
test_fields_past_1_mib_are_refused_at_their_line(void **state)
{
	char *t;

	(void)state;
	t = long_field(CSV_FIELD_MAX, 0);
	expect_field(t, CSV_FIELD_MAX, 3);
	free(t);
	t = long_field(CSV_FIELD_MAX + 1, 0);
	expect_too_long(t, 3);
	free(t);
	t = long_field(CSV_FIELD_MAX, 1);
	expect_field(t, CSV_FIELD_MAX, 4);
	free(t);
	t = long_field(CSV_FIELD_MAX + 1, 1);
	expect_too_long(t, 4);
	free(t);
}

/* A data row as every reader takes it: a malformed record or one of another
 * width than the header is a problem at its line and passed over; a record
 * not UTF-8 refuses the file. */
static void
test_next_row_passes_bad_rows_over_as_problems(void **state)
{
	static const char ok[] = "a,b\n1,2\n\"3,4\n";
	static const char wide[] = "a,b\n1,2,3\n4,5\n";
	static const char latin1[] = "a,b\n1,2\n\xe9,3\n4,5\n";
	struct csv_reader *r;
	struct csv_record rec;
	struct pw_diags d = { 0 };
	struct pw_error fatal = { 0 };

	(void)state;
	r = csv_open(ok, strlen(ok), 0);
	assert_int_equal(csv_next(r, &rec, &fatal), 1);
	assert_int_equal(csv_next_row(r, "f", 2, &rec, &d, &fatal), 1);
	assert_int_equal(rec.line, 2);
	assert_int_equal(csv_next_row(r, "f", 2, &rec, &d, &fatal), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 3);
	csv_free(r);
	pw_diags_free(&d);
	memset(&d, 0, sizeof d);

	r = csv_open(wide, strlen(wide), 0);
	assert_int_equal(csv_next(r, &rec, &fatal), 1);
	assert_int_equal(csv_next_row(r, "f", 2, &rec, &d, &fatal), 1);
	assert_int_equal(rec.line, 3);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 2);
	assert_string_equal(d.v[0].msg, "3 fields, but the header has 2");
	csv_free(r);
	pw_diags_free(&d);
	memset(&d, 0, sizeof d);

	r = csv_open(latin1, strlen(latin1), 0);
	assert_int_equal(csv_next(r, &rec, &fatal), 1);
	assert_int_equal(csv_next_row(r, "f", 0, &rec, &d, &fatal), 1);
	assert_int_equal(csv_next_row(r, "f", 0, &rec, &d, &fatal), -1);
	assert_int_equal(fatal.line, 3);
	assert_int_equal(d.n, 0);
	csv_free(r);
	pw_diags_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delimiter_is_detected_from_the_header),
		cmocka_unit_test(test_quotes_hold_delimiters_newlines_and_doubled_quotes),
		cmocka_unit_test(test_bom_blank_lines_and_bare_cr),
		cmocka_unit_test(test_empty_fields_are_kept),
		cmocka_unit_test(test_records_of_only_empty_quoted_fields),
		cmocka_unit_test(test_unclosed_quote_names_its_line),
		cmocka_unit_test(test_stray_quotes_are_errors_and_reading_goes_on),
		cmocka_unit_test(test_invalid_utf8_and_nul_are_refused),
		cmocka_unit_test(test_utf8_validation),
		cmocka_unit_test(test_utf8_runs_of_ascii),
		cmocka_unit_test(test_fields_past_1_mib_are_refused_at_their_line),
		cmocka_unit_test(test_whole_text_check_names_the_line),
		cmocka_unit_test(test_next_row_passes_bad_rows_over_as_problems),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
