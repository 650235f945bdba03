/* Ansible inventories and YAML typing: ranges, precedence, refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "../import/inventory.h"
#include "../import/yaml.h"
#include "../util/buf.h"

/* Collects each asset as "key groups vars" lines. */
struct collect {
	struct buf	out;
	int		n;
};

static int
put(struct inv_sink *s, struct asset *a)
{
	struct collect *c = s->arg;

	buf_printf(&c->out, "%s [", a->key);	/* freed by the test */
	for (size_t i = 0; i < a->ngroups; i++)
		buf_printf(&c->out, "%s%s", i ? "," : "", a->groups[i]);
	buf_printf(&c->out, "] env=%s %s\n", a->environment ? a->environment : "-",
	    a->vars_json);
	c->n++;
	return 0;
}

static int
read_inv(const char *text, struct collect *c, struct pw_diags *problems,
    struct pw_error *fatal)
{
	struct pw_diags notes = { 0 };
	struct inv_sink sink = { put, c, &notes, NULL };
	int rc;

	memset(c, 0, sizeof *c);
	rc = inv_read_ansible("inv.yml", text, strlen(text), &sink, problems, fatal);
	pw_diags_free(&notes);
	return rc;
}

static char *
expand(const char *pattern)
{
	char **names = NULL;
	size_t n = 0;
	struct pw_error e;
	struct buf b = { 0 };

	if (ansible_expand_hosts(pattern, &names, &n, 1000, &e) != 0) {
		assert_int_equal(n, 0);
		free(names);
		return strdup("ERR");
	}
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s%s", i ? " " : "", names[i]);
		free(names[i]);
	}
	free(names);
	return buf_detach(&b);
}

static void
test_host_ranges_expand_like_ansible(void **state)
{
	char *s;

	(void)state;
	assert_string_equal(s = expand("web[01:03]"), "web01 web02 web03"); free(s);
	assert_string_equal(s = expand("db-[a:c]"), "db-a db-b db-c"); free(s);
	assert_string_equal(s = expand("n[1:9:4].x"), "n1.x n5.x n9.x"); free(s);
	assert_string_equal(s = expand("r[1:2]c[a:b]"), "r1ca r1cb r2ca r2cb"); free(s);
	assert_string_equal(s = expand("[:2]x"), "0x 1x 2x"); free(s);
	assert_string_equal(s = expand("plain"), "plain"); free(s);
	assert_string_equal(s = expand("web[01:3]"), "ERR"); free(s);	/* widths */
	assert_string_equal(s = expand("web[c:a]"), "ERR"); free(s);
	assert_string_equal(s = expand("web[1:]"), "ERR"); free(s);
	assert_string_equal(s = expand("web[1:5000]"), "ERR"); free(s);	/* limit */
}

/* Ranges multiply: a long name with a few of them could fill gigabytes
 * before the count of hosts reached its limit (a fuzzing find: 4 KB and
 * six ranges took 6 GB). The names' bytes are bounded too; nothing is left
 * half-expanded. */
static void
test_host_ranges_bounded_in_bytes(void **state)
{
	struct buf p = { 0 };
	char **names = NULL;
	size_t n = 0;
	struct pw_error e;

	(void)state;
	buf_adds(&p, "h[00:99]-[00:99]-[00:99]-");
	for (int i = 0; i < 200; i++)
		buf_adds(&p, "long-part-");
	assert_int_equal(ansible_expand_hosts(p.s, &names, &n, 1000000, &e), -1);
	assert_non_null(strstr(e.msg, "MB of host names"));
	assert_int_equal(n, 0);
	free(names);
	buf_free(&p);
}

static void
test_group_vars_merge_by_depth_priority_then_name(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;

	(void)state;
	assert_int_equal(read_inv(
	    "all:\n"
	    "  vars: {v: all, a: 1}\n"
	    "  children:\n"
	    "    zeta: {vars: {v: zeta, z: 1}, hosts: {h1: }}\n"
	    "    alpha: {vars: {v: alpha}, hosts: {h1: }}\n"
	    "    top:\n"
	    "      vars: {v: top}\n"
	    "      children:\n"
	    "        deep: {vars: {v: deep, ansible_group_priority: 5}, hosts: {h2: }}\n"
	    "        deeper: {vars: {v: deeper}, hosts: {h2: {own: yes}}}\n",
	    &c, &p, &e), 0);
	assert_int_equal(p.n, 0);
	assert_string_equal(c.out.s,
	    "h1 [alpha,zeta] env=- {\"v\":\"zeta\",\"a\":1,\"z\":1}\n"
	    "h2 [deep,deeper,top] env=- {\"v\":\"deep\",\"a\":1,\"own\":true}\n");
	buf_free(&c.out);
}

static void
test_host_vars_win_and_fields_come_from_vars(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;

	(void)state;
	assert_int_equal(read_inv(
	    "prod:\n"
	    "  vars: {environment: prod}\n"
	    "  hosts:\n"
	    "    a: {environment: staging}\n"
	    "    b: {patchwave_environment: test, environment: dev}\n"
	    "    c:\n"
	    "    d:2222: {}\n",
	    &c, &p, &e), 0);
	assert_string_equal(c.out.s,
	    "a [prod] env=staging {\"environment\":\"staging\"}\n"
	    "b [prod] env=test {\"environment\":\"dev\",\"patchwave_environment\":\"test\"}\n"
	    "c [prod] env=prod {\"environment\":\"prod\"}\n"
	    "d [prod] env=prod {\"environment\":\"prod\",\"ansible_port\":2222}\n");
	buf_free(&c.out);
}

static void
test_hosts_outside_groups_are_ungrouped(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;

	(void)state;
	assert_int_equal(read_inv("all:\n  hosts:\n    příbor:\n", &c, &p, &e), 0);
	assert_string_equal(c.out.s, "příbor [ungrouped] env=- {}\n");
	buf_free(&c.out);
}

static void
test_bad_inventories_are_refused_with_a_line(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;

	(void)state;
	assert_int_equal(read_inv("all:\n  hosts:\n    1234: {}\n", &c, &p, &e), -1);
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "must be a string"));
	buf_free(&c.out);
	assert_int_equal(read_inv("a:\n  children:\n    b:\n      children:\n"
	    "        a:\n", &c, &p, &e), -1);
	assert_non_null(strstr(e.msg, "loop"));
	buf_free(&c.out);
	assert_int_equal(read_inv("all:\n  hosts: [a, b]\n", &c, &p, &e), -1);
	assert_int_equal(e.line, 2);
	buf_free(&c.out);
	assert_int_equal(read_inv("all:\n  hosts:\n    a: {x: [1,\n", &c, &p, &e), -1);
	assert_non_null(strstr(e.msg, "YAML"));
	buf_free(&c.out);
	assert_int_equal(read_inv("- just\n- a list\n", &c, &p, &e), -1);
	buf_free(&c.out);
}

static const char *
typed(const char *v, int plain)
{
	static char out[64];
	struct buf b = { 0 };

	yscalar_json(&b, v, plain);
	snprintf(out, sizeof out, "%s", b.s);
	buf_free(&b);
	return out;
}

static void
test_yaml_1_1_scalars_type_as_pyyaml_does(void **state)
{
	(void)state;
	assert_string_equal(typed("yes", 1), "true");
	assert_string_equal(typed("Off", 1), "false");
	assert_string_equal(typed("y", 1), "\"y\"");
	assert_string_equal(typed("~", 1), "null");
	assert_string_equal(typed("0755", 1), "493");
	assert_string_equal(typed("0x1F", 1), "31");
	assert_string_equal(typed("1_000", 1), "1000");
	assert_string_equal(typed("1:30", 1), "90");
	/* Found by fuzzing: past 64 bits a sexagesimal stays text (no overflow). */
	assert_string_equal(typed("2222222222222222222:30", 1), "\"2222222222222222222:30\"");
	assert_string_equal(typed("153722867280912930:7", 1), "9223372036854775807");
	assert_string_equal(typed("153722867280912931:0", 1), "\"153722867280912931:0\"");
	assert_string_equal(typed("16.6.4", 1), "\"16.6.4\"");
	assert_string_equal(typed("1e3", 1), "\"1e3\"");	/* 1.1 needs a dot */
	assert_string_equal(typed("1.5", 1), "1.5");
	assert_string_equal(typed("yes", 0), "\"yes\"");	/* quoted */
	assert_string_equal(typed("2026-11-24", 1), "\"2026-11-24\"");
}

static void
test_yaml_anchors_and_merge_keys(void **state)
{
	struct ynode *n;
	struct pw_error e;
	const char *doc = "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n";

	(void)state;
	assert_int_equal(yaml_load("t.yml", doc, strlen(doc), &n, &e), 0);
	json_object *o = ynode_jobj(ynode_get(n, "use"));
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
	    "{\"y\":3,\"x\":1}");
	json_object_put(o);
	ynode_free(n);
	assert_int_equal(yaml_load("t.yml", "a: *nope\n", 9, &n, &e), -1);
}

/* A document of n aliases "- *a" after the anchor line(s) head: the k-th
 * alias is on line (lines in head) + 1 + k. Caller frees. */
static char *
aliases(const char *head, size_t n)
{
	struct buf b = { 0 };

	buf_printf(&b, "%sl:\n", head);
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, "- *a\n");
	return buf_detach(&b);
}

/* text loads; text is refused at line with a message saying what. */
static void
load_ok(const char *text)
{
	struct ynode *n;
	struct pw_error e;

	if (yaml_load("t.yml", text, strlen(text), &n, &e) != 0)
		fail_msg("refused: %ld: %s", e.line, e.msg);
	ynode_free(n);
}

static void
load_refused(const char *text, long line, const char *what)
{
	struct ynode *n;
	struct pw_error e;

	assert_int_equal(yaml_load("t.yml", text, strlen(text), &n, &e), -1);
	assert_int_equal(e.line, line);
	if (strstr(e.msg, what) == NULL)
		fail_msg("'%s' does not say '%s'", e.msg, what);
}

static void
test_yaml_alias_uses_are_bounded(void **state)
{
	char *t;

	(void)state;
	t = aliases("a: &a x\n", YAML_ALIASES_MAX);
	load_ok(t);
	free(t);
	t = aliases("a: &a x\n", YAML_ALIASES_MAX + 1);
	load_refused(t, 2 + YAML_ALIASES_MAX + 1, "more than 10000 aliases");
	free(t);
}

static void
test_yaml_alias_expansion_is_bounded_in_values(void **state)
{
	struct buf head = { 0 };
	char *t;

	/* An anchored list of 999 values is 1000 nodes: 1000 aliases of it
	 * stand for the limit exactly, one more is past it. */
	(void)state;
	buf_adds(&head, "a: &a [x");
	for (int i = 1; i < 999; i++)
		buf_adds(&head, ",x");
	buf_adds(&head, "]\n");
	t = aliases(head.s, YAML_ALIAS_NODES_MAX / 1000);
	load_ok(t);
	free(t);
	t = aliases(head.s, YAML_ALIAS_NODES_MAX / 1000 + 1);
	load_refused(t, 2 + YAML_ALIAS_NODES_MAX / 1000 + 1, "more than 1000000 values");
	free(t);
	buf_free(&head);
}

static void
test_yaml_alias_expansion_is_bounded_in_bytes(void **state)
{
	struct buf head = { 0 };
	size_t n = YAML_ALIAS_BYTES_MAX / 65536;
	char *t;

	/* 64 KB of text, aliased 1024 times, is 64 MB: the limit. */
	(void)state;
	buf_adds(&head, "a: &a ");
	for (int i = 0; i < 65536; i++)
		buf_addc(&head, 'x');
	buf_addc(&head, '\n');
	t = aliases(head.s, n);
	load_ok(t);
	free(t);
	t = aliases(head.s, n + 1);
	load_refused(t, 2 + (long)n + 1, "more than 64 MB");
	free(t);
	buf_free(&head);
}

/* "a: &a [[...[x]...]]" of height h, then "b: [[...[*a]...]]" with the alias
 * k lists down: the alias is at depth 1 + k, its deepest value at 1 + k + h. */
static char *
deep_alias(int h, int k)
{
	struct buf b = { 0 };

	buf_adds(&b, "a: &a ");
	for (int i = 0; i < h; i++)
		buf_addc(&b, '[');
	buf_addc(&b, 'x');
	for (int i = 0; i < h; i++)
		buf_addc(&b, ']');
	buf_adds(&b, "\nb: ");
	for (int i = 0; i < k; i++)
		buf_addc(&b, '[');
	buf_adds(&b, "*a");
	for (int i = 0; i < k; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\n');
	return buf_detach(&b);
}

static void
test_yaml_nesting_through_aliases_is_bounded(void **state)
{
	char *t;

	(void)state;
	t = deep_alias(100, YAML_DEPTH_MAX - 101);
	load_ok(t);
	free(t);
	t = deep_alias(100, YAML_DEPTH_MAX - 100);
	load_refused(t, 2, "nesting deeper than 200 levels");
	free(t);
}

static void
test_yaml_alias_names_the_latest_anchor(void **state)
{
	struct ynode *n;
	struct pw_error e;
	const char *doc = "a: &x 1\nb: &x [2]\nc: *x\nd: *x\n";

	(void)state;
	assert_int_equal(yaml_load("t.yml", doc, strlen(doc), &n, &e), 0);
	json_object *o = ynode_jobj(n);
	assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
	    "{\"a\":1,\"b\":[2],\"c\":[2],\"d\":[2]}");
	json_object_put(o);
	/* c and d share b's node: one node, three places. */
	assert_ptr_equal(ynode_get(n, "b"), ynode_get(n, "c"));
	ynode_free(n);
}

/* Nine levels of ten aliases each ("billion laughs") after head, each line
 * indented by indent, then tail: the alias that passes the limit is *e, on
 * the sixth line of the nine (f). Caller frees. */
static char *
laughs(const char *head, const char *indent, const char *tail)
{
	struct buf b = { 0 };

	buf_printf(&b, "%s%sa: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
	    head, indent);
	for (char c = 'b'; c <= 'i'; c++) {
		buf_printf(&b, "%s%c: &%c [", indent, c, c);
		for (int i = 0; i < 10; i++)
			buf_printf(&b, "%s*%c", i ? "," : "", c - 1);
		buf_adds(&b, "]\n");
	}
	buf_adds(&b, tail);
	return buf_detach(&b);
}

static void
test_billion_laughs_are_refused_at_the_alias(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;
	char *t;

	(void)state;
	t = laughs("", "", "");
	load_refused(t, 6, "alias *e");
	free(t);
	/* Ansible: in a group's vars, and in a host's. */
	t = laughs("all:\n  vars:\n", "    ", "  hosts:\n    lol:\n");
	assert_int_equal(read_inv(t, &c, &p, &e), -1);
	assert_int_equal(e.line, 8);
	assert_non_null(strstr(e.msg, "alias *e"));
	assert_int_equal(c.n, 0);
	buf_free(&c.out);
	free(t);
	t = laughs("all:\n  hosts:\n    lol:\n", "      ", "");
	assert_int_equal(read_inv(t, &c, &p, &e), -1);
	assert_int_equal(e.line, 9);
	assert_non_null(strstr(e.msg, "alias *e"));
	buf_free(&c.out);
	free(t);
	/* patchwave's own YAML: in an asset's vars. */
	struct pw_diags notes = { 0 };
	struct inv_sink sink = { put, &c, &notes, NULL };
	memset(&c, 0, sizeof c);
	t = laughs("assets:\n  - hostname: lol\n    vars:\n", "      ", "");
	assert_int_equal(inv_read_yaml("a.yaml", t, strlen(t), &sink, &p, &e), -1);
	assert_int_equal(e.line, 9);
	assert_non_null(strstr(e.msg, "alias *e"));
	assert_int_equal(c.n, 0);
	buf_free(&c.out);
	free(t);
	pw_diags_free(&notes);
	pw_diags_free(&p);
}

static int
count_put(struct inv_sink *s, struct asset *a)
{
	(void)a;
	(*(size_t *)s->arg)++;
	return 0;
}

/* "all: vars: {x: ...}" of 64 KB as JSON, and hosts h[1:n] (line 5). */
static int
read_group_vars(size_t n, size_t *hosts, struct pw_error *e)
{
	struct pw_diags p = { 0 }, notes = { 0 };
	struct inv_sink sink = { count_put, hosts, &notes, NULL };
	struct buf b = { 0 };
	int rc;

	buf_adds(&b, "all:\n  vars:\n    x: ");
	for (int i = 0; i < 65536 - 8; i++)		/* {"x":"..."} */
		buf_addc(&b, 'y');
	buf_printf(&b, "\n  hosts:\n    h[1:%zu]:\n", n);
	*hosts = 0;
	rc = inv_read_ansible("inv.yml", b.s, b.len, &sink, &p, e);
	buf_free(&b);
	pw_diags_free(&p);
	pw_diags_free(&notes);
	return rc;
}

static void
test_host_variables_are_bounded_in_all(void **state)
{
	size_t n = ((size_t)1 << 30) / 65536, hosts;
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;
	struct buf b = { 0 };

	/* Group variables: every host gets them; 1 GB in all is the limit. */
	(void)state;
	assert_int_equal(read_group_vars(n, &hosts, &e), 0);
	assert_int_equal(hosts, n);
	assert_int_equal(read_group_vars(n + 1, &hosts, &e), -1);
	assert_int_equal(e.line, 5);
	assert_non_null(strstr(e.msg, "more than 1024 MB"));
	assert_int_equal(hosts, 0);
	/* A range's own variables: refused before the hosts are made. */
	buf_adds(&b, "all:\n  hosts:\n    h[1:524289]:\n      x: ");
	for (int i = 0; i < 2048 - 8; i++)
		buf_addc(&b, 'y');
	buf_addc(&b, '\n');
	assert_int_equal(read_inv(b.s, &c, &p, &e), -1);
	assert_int_equal(e.line, 3);
	assert_non_null(strstr(e.msg, "more than 1024 MB"));
	buf_free(&c.out);
	buf_free(&b);
}

/* Host variables are read event by event, not as a tree: what a tree gave
 * stays, merge keys, aliases, anchors, duplicate and complex keys included. */
static void
test_host_vars_read_as_events_as_a_tree_gave_them(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;

	(void)state;
	assert_int_equal(read_inv(
	    "g:\n"
	    "  hosts:\n"
	    "    a: &ha\n"
	    "      x: &xv one\n"
	    "      d: 1\n"
	    "      d: 2\n"
	    "      ? [k1, k2]\n"
	    "      : complex\n"
	    "    b:\n"
	    "      <<: *ha\n"
	    "      x: own\n"
	    "      \"<<\": quoted\n"
	    "      *xv : aliased key\n"
	    "      y: *xv\n"
	    "      <<: [{m: 1, x: no}, {n: 2}]\n"
	    "    c: {s: \"a/b\\t\", f: 1.50, n: ~, t: !!str 12, l: [1, {z: 2}]}\n",
	    &c, &p, &e), 0);
	assert_string_equal(c.out.s,
	    "a [g] env=- {\"x\":\"one\",\"d\":2,\"[\\\"k1\\\",\\\"k2\\\"]\":\"complex\"}\n"
	    "b [g] env=- {\"x\":\"own\",\"<<\":\"quoted\",\"one\":\"aliased key\","
	    "\"y\":\"one\",\"d\":2,\"[\\\"k1\\\",\\\"k2\\\"]\":\"complex\",\"m\":1,"
	    "\"n\":2}\n"
	    "c [g] env=- {\"s\":\"a/b\\t\",\"f\":1.5,\"n\":null,\"t\":\"12\","
	    "\"l\":[1,{\"z\":2}]}\n");
	buf_free(&c.out);
}

static size_t passed_at, puts_before_passed;

static int
count_only(struct inv_sink *s, struct asset *a)
{
	(void)a;
	(*(int *)s->arg)++;
	return 0;
}

static void
note_passed(struct inv_sink *s, size_t upto)
{
	passed_at = upto;
	puts_before_passed = (size_t)*(int *)s->arg;
}

/* The reader keeps what it needs in its own memory: it tells the sink it is
 * done with the whole file before the first host is handed on, so an import
 * drops the file's pages while it writes. */
static void
test_reader_is_done_with_the_file_before_the_hosts(void **state)
{
	static const char text[] = "g:\n  hosts:\n    a: {x: 1}\n    b:\n";
	struct pw_diags notes = { 0 }, p = { 0 };
	struct pw_error e;
	int n = 0;
	struct inv_sink sink = { count_only, &n, &notes, note_passed };

	(void)state;
	passed_at = 0;
	puts_before_passed = 99;
	assert_int_equal(inv_read_ansible("inv.yml", text, strlen(text), &sink, &p,
	    &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(passed_at, strlen(text));
	assert_int_equal(puts_before_passed, 0);
	pw_diags_free(&notes);
}

/* A host listed again in a group it is in is in it once, whether it has
 * few groups (scanned) or many (looked up: 100,000 groups listing one host
 * were 5e9 comparisons). */
static void
test_host_in_many_groups_is_in_each_once(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;
	struct buf b = { 0 };

	(void)state;
	buf_adds(&b, "all:\n  children:\n");
	for (int i = 0; i < 40; i++)
		buf_printf(&b, "    g%02d:\n      hosts:\n        h1:\n", i);
	buf_adds(&b, "    g03:\n      hosts:\n        h1:\n"
	    "    g30:\n      hosts:\n        h1:\n");
	assert_int_equal(read_inv(b.s, &c, &p, &e), 0);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.out.s, "h1 [g00,g01,g02,g03,g04,"));
	assert_non_null(strstr(c.out.s, ",g38,g39] "));
	assert_null(strstr(c.out.s, "g03,g03"));
	assert_null(strstr(c.out.s, "g30,g30"));
	buf_free(&c.out);
	buf_free(&b);
}

/* Ranges name at most 1,000,000 hosts in all, not each: five lines of
 * h0-[1:1000000] were 5 million assets (1 GB) from 90 bytes. */
static void
test_host_ranges_bounded_in_the_file(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;

	(void)state;
	assert_int_equal(read_inv("all:\n  hosts:\n    a[1:500000]:\n"
	    "    b[1:500001]:\n", &c, &p, &e), -1);
	assert_int_equal(e.line, 4);
	assert_non_null(strstr(e.msg, "ranges name more than 1000000 hosts in all"));
	assert_int_equal(c.n, 0);
	buf_free(&c.out);
}

/* The groups' nesting costs steps, each parent link followed, bounded: a
 * ladder of 40 diamonds (2^40 paths up) imports at once; a chain of 8,000
 * groups (32 million ancestors; 300,000 overflowed the stack) is refused at
 * the line of the group that passes the bound. */
static void
test_group_nesting_is_bounded_in_steps(void **state)
{
	struct collect c;
	struct pw_diags p = { 0 };
	struct pw_error e;
	struct buf b = { 0 };
	long line = 2;

	(void)state;
	buf_adds(&b, "all:\n  children:\n");
	for (int i = 0; i < 40; i++)
		buf_printf(&b, "    g%d:\n      children:\n        a%d:\n        b%d:\n"
		    "    a%d:\n      children:\n        g%d:\n"
		    "    b%d:\n      children:\n        g%d:\n", i, i, i, i, i + 1, i,
		    i + 1);
	buf_adds(&b, "    g40:\n      hosts:\n        h1:\n");
	assert_int_equal(read_inv(b.s, &c, &p, &e), 0);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.out.s, "h1 [a0,a1,"));
	buf_free(&c.out);
	/* Listed from the bottom up: each child is added under a parent with
	 * no parent yet but all. */
	buf_reset(&b);
	buf_adds(&b, "all:\n  children:\n");
	for (int i = 8000; i > 0; i--) {
		buf_printf(&b, "    g%d:\n      children:\n        g%d:\n", i - 1, i);
		line += 3;
	}
	buf_adds(&b, "    g8000:\n      hosts:\n        h1:\n");
	assert_int_equal(read_inv(b.s, &c, &p, &e), -1);
	assert_non_null(strstr(e.msg, "the groups nest too deep or in too many ways"));
	assert_true(e.line > 2 && e.line < line);
	assert_int_equal(c.n, 0);
	buf_free(&c.out);
	buf_free(&b);
}

/* A top-level group is put under all at the end; when that passes the
 * steps' bound, the error is at the group's own line, not line 0: a chain
 * of 4,472 top-level groups listed from the top costs 4472^2 = 19,998,784
 * steps, and the 2,000 groups after it pass the bound as they are added
 * under all. */
static void
test_top_level_groups_keep_their_line(void **state)
{
	struct collect c = { 0 };
	struct pw_diags p = { 0 };
	struct pw_error e;
	struct buf b = { 0 };
	long line = 1;

	(void)state;
	for (int i = 0; i < 4472; i++) {
		buf_printf(&b, "g%d:\n  children:\n    g%d:\n", i, i + 1);
		line += 3;
	}
	for (int i = 0; i < 2000; i++)
		buf_printf(&b, "t%d:\n", i);
	assert_int_equal(read_inv(b.s, &c, &p, &e), -1);
	assert_non_null(strstr(e.msg, "the groups nest too deep or in too many ways"));
	assert_non_null(strstr(e.msg, "group 't"));
	assert_true(e.line > line && e.line < line + 2000);
	assert_int_equal(c.n, 0);
	buf_free(&c.out);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_ranges_expand_like_ansible),
		cmocka_unit_test(test_host_ranges_bounded_in_bytes),
		cmocka_unit_test(test_group_vars_merge_by_depth_priority_then_name),
		cmocka_unit_test(test_host_vars_win_and_fields_come_from_vars),
		cmocka_unit_test(test_hosts_outside_groups_are_ungrouped),
		cmocka_unit_test(test_bad_inventories_are_refused_with_a_line),
		cmocka_unit_test(test_yaml_1_1_scalars_type_as_pyyaml_does),
		cmocka_unit_test(test_yaml_anchors_and_merge_keys),
		cmocka_unit_test(test_yaml_alias_uses_are_bounded),
		cmocka_unit_test(test_yaml_alias_expansion_is_bounded_in_values),
		cmocka_unit_test(test_yaml_alias_expansion_is_bounded_in_bytes),
		cmocka_unit_test(test_yaml_nesting_through_aliases_is_bounded),
		cmocka_unit_test(test_yaml_alias_names_the_latest_anchor),
		cmocka_unit_test(test_billion_laughs_are_refused_at_the_alias),
		cmocka_unit_test(test_host_variables_are_bounded_in_all),
		cmocka_unit_test(test_host_vars_read_as_events_as_a_tree_gave_them),
		cmocka_unit_test(test_reader_is_done_with_the_file_before_the_hosts),
		cmocka_unit_test(test_group_nesting_is_bounded_in_steps),
		cmocka_unit_test(test_top_level_groups_keep_their_line),
		cmocka_unit_test(test_host_ranges_bounded_in_the_file),
		cmocka_unit_test(test_host_in_many_groups_is_in_each_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
