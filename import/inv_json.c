/* JSON inventories: `ansible-inventory --list` (and dynamic-inventory scripts of
 * the same shape, read as ansible-core's script plugin reads them) and the AWS
 * CLI's `ec2 describe-instances` (Reservations[].Instances[], or the instances
 * as a plain array). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../util/buf.h"
#include "../util/strmap.h"
#include "csv.h"
#include "inventory.h"

/* The file's text, with the line where each string first appears (records
 * in json-c have no positions, so a record is placed where its identity
 * first appears), made in one pass when first asked. */
struct jtext {
	const char	*data;
	size_t		 len;
	struct strmap	 first;		/* a string's raw text -> its line */
	int		 built;
};

/* The line of the first occurrence of the string "id" in the text; 0 when
 * none (a name json-c read from escapes). Searching the file for each host
 * was 51 s for 20,000 hosts. */
static long
line_of(struct jtext *t, const char *id)
{
	if (!t->built) {
		struct buf tok = { 0 };
		long line = 1;
		t->built = 1;
		for (size_t i = 0; i < t->len; i++) {
			if (t->data[i] == '\n')
				line++;
			if (t->data[i] != '"')
				continue;
			size_t j = ++i;
			while (i < t->len && t->data[i] != '"')
				i += t->data[i] == '\\' ? 2 : 1;
			if (i > t->len)
				i = t->len;
			buf_reset(&tok);
			buf_add(&tok, t->data + j, i - j);
			strmap_intern(&t->first, buf_str(&tok), (size_t)line);
		}
		buf_free(&tok);
	}
	size_t line = strmap_get(&t->first, id);
	return line == (size_t)-1 ? 0 : (long)line;
}

static long
offset_line(const char *data, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

/* The offset of the first \u0000 escape in JSON text, or n: json-c keeps the
 * NUL, and every name read back as a C string would silently end there. */
static size_t
nul_escape(const char *p, size_t n)
{
	for (const char *q = p; (q = memmem(q, (size_t)(p + n - q), "u0000", 5));
	    q++) {
		const char *b = q;
		while (b > p && b[-1] == '\\')
			b--;
		if ((q - b) % 2 == 1)	/* an odd run of backslashes escapes it */
			return (size_t)(q - 1 - p);
	}
	return n;
}

/* ---- ansible-inventory --list ------------------------------------------ */

static int
read_ansible_list(const char *path, struct jtext *t, json_object *root,
    struct inv_sink *sink, struct pw_diags *problems, struct pw_error *fatal)
{
	struct ainv *v = ainv_new(path, problems, fatal);
	json_object *meta = NULL, *hostvars = NULL;
	int rc = -1;

	json_object_object_get_ex(root, "_meta", &meta);
	if (meta)
		json_object_object_get_ex(meta, "hostvars", &hostvars);
	json_object_object_foreach(root, gname, gdata) {
		if (strcmp(gname, "_meta") == 0)
			continue;
		long line = line_of(t, gname);
		size_t g = ainv_group(v, gname);
		json_object *hosts = NULL, *vars = NULL, *children = NULL;

		if (json_object_is_type(gdata, json_type_array))
			hosts = gdata;	/* "group": ["h1", "h2"] */
		else if (json_object_is_type(gdata, json_type_object)) {
			int h = json_object_object_get_ex(gdata, "hosts", &hosts);
			int va = json_object_object_get_ex(gdata, "vars", &vars);
			int c = json_object_object_get_ex(gdata, "children", &children);
			if (!h && !va && !c) {
				/* A group of one host whose data are its vars. */
				if (ainv_add_hosts(v, g, gname, 0, gdata, line) != 0)
					goto out;
				continue;
			}
		} else if (!json_object_is_type(gdata, json_type_null)) {
			pw_error_set(fatal, path, line, "group '%.60s' must be an object "
			    "or a list of hosts", gname);
			goto out;
		}
		if (hosts && !json_object_is_type(hosts, json_type_array) &&
		    !json_object_is_type(hosts, json_type_null)) {
			pw_error_set(fatal, path, line, "group '%.60s': hosts must be a "
			    "list", gname);
			goto out;
		}
		/* Found by fuzzing: json-c asserts on the length of a non-array. */
		if (children && !json_object_is_type(children, json_type_array) &&
		    !json_object_is_type(children, json_type_null)) {
			pw_error_set(fatal, path, line, "group '%.60s': children must be a "
			    "list of group names", gname);
			goto out;
		}
		for (size_t i = 0; hosts && i < json_object_array_length(hosts); i++) {
			json_object *h = json_object_array_get_idx(hosts, i);
			if (!json_object_is_type(h, json_type_string)) {
				pw_error_set(fatal, path, line, "group '%.60s': a host name "
				    "must be a string", gname);
				goto out;
			}
			if (ainv_add_hosts(v, g, json_object_get_string(h), 0, NULL,
			    line_of(t, json_object_get_string(h))) != 0)
				goto out;
		}
		if (vars && !json_object_is_type(vars, json_type_null)) {
			if (!json_object_is_type(vars, json_type_object)) {
				pw_error_set(fatal, path, line, "group '%.60s': vars must be "
				    "an object", gname);
				goto out;
			}
			json_object_object_foreach(vars, k, val)
				if (ainv_group_var(v, g, k, json_object_get(val), line) != 0)
					goto out;
		}
		for (size_t i = 0; children && i < json_object_array_length(children); i++) {
			const char *c = json_object_get_string(json_object_array_get_idx(
			    children, i));
			if (c == NULL || ainv_add_child(v, g, ainv_group(v, c), line) != 0) {
				if (c == NULL)
					pw_error_set(fatal, path, line, "group '%.60s': a child "
					    "must be a group name", gname);
				goto out;
			}
		}
	}
	if (hostvars && json_object_is_type(hostvars, json_type_object)) {
		json_object_object_foreach(hostvars, h, hv) {
			if (!json_object_is_type(hv, json_type_object))
				continue;
			if (!ainv_host_vars(v, h, hv) && sink->notes)
				pw_diags_add(sink->notes, path, line_of(t, h),
				    "host %.60s has variables but is in no group: "
				    "skipped, as Ansible skips it", h);
		}
	}
	rc = ainv_emit(v, sink);
out:
	ainv_free(v);
	return rc;
}

/* ---- ec2 describe-instances ------------------------------------------------ */

static const char *
jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* us-east-1a -> us-east-1; us-west-2-lax-1a -> us-west-2. */
static char *
region_of_zone(const char *az)
{
	const char *p = az;
	int dashes = 0;

	for (; *p; p++) {
		if (*p == '-')
			dashes++;
		if (dashes == 2 && isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)p[1]))
				p++;
			return xstrndup(az, (size_t)(p - az + 1));
		}
	}
	return NULL;
}

static int
ec2_instance(const char *path, struct jtext *t, json_object *inst,
    struct inv_sink *sink, struct pw_diags *problems)
{
	const char *id = jstr(inst, "InstanceId");
	json_object *placement = NULL, *tags = NULL, *state = NULL;
	json_object *vars = json_object_new_object(), *tagobj = json_object_new_object();
	struct asset a;
	struct pw_error e = { 0 };
	const char *name = NULL, *v;
	int rc = 0;

	if (id == NULL) {
		pw_diags_add(problems, path, 0, "an instance without InstanceId");
		goto out;
	}
	json_object_object_get_ex(inst, "State", &state);
	if (state && (v = jstr(state, "Name")) && (strcmp(v, "terminated") == 0 ||
	    strcmp(v, "shutting-down") == 0))
		goto out;	/* gone: not imported, so a re-import retires it */

	asset_init(&a);
	a.line = line_of(t, id);
	a.key = xstrdup(id);
	a.instance_id = xstrdup(id);
	if ((v = jstr(inst, "PrivateIpAddress")) != NULL)
		a.ip = xstrdup(v);
	a.provider = xstrdup("aws");
	a.service_model = SM_IAAS;
	if (json_object_object_get_ex(inst, "Placement", &placement) &&
	    (v = jstr(placement, "AvailabilityZone"))) {
		a.zone = xstrdup(v);
		a.region = region_of_zone(v);
	}
	v = jstr(inst, "PlatformDetails");
	if (v == NULL)
		v = jstr(inst, "Platform");
	a.os = xstrdup(v ? v : "Linux/UNIX");
	if (json_object_object_get_ex(inst, "Tags", &tags) &&
	    json_object_is_type(tags, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(tags); i++) {
			json_object *tag = json_object_array_get_idx(tags, i);
			const char *k = jstr(tag, "Key"), *tv = jstr(tag, "Value");
			if (k == NULL || tv == NULL)
				continue;
			json_object_object_add(tagobj, k, json_object_new_string(tv));
			if (strcmp(k, "Name") == 0) {
				name = tv;
				continue;
			}
			int f = asset_field_lookup(k);
			if (f >= 0 && strcmp(asset_field_name(f), "key") != 0 &&
			    asset_field_set(&a, f, tv, &e) != 0) {
				pw_diags_add(problems, path, a.line, "instance %s tag %.60s: %s",
				    id, k, e.msg);
				asset_clear(&a);
				goto out;
			}
		}
	}
	if (name == NULL)
		name = jstr(inst, "PrivateDnsName");
	free(a.hostname);
	a.hostname = xstrdup(name && *name ? name : id);
	json_object_object_add(vars, "tags", json_object_get(tagobj));
	const char *copy[] = { "InstanceType", "ImageId", "PrivateIpAddress",
	    "PublicIpAddress", "VpcId", "LaunchTime" };
	for (size_t i = 0; i < sizeof copy / sizeof copy[0]; i++)
		if ((v = jstr(inst, copy[i])) != NULL)
			json_object_object_add(vars, copy[i], json_object_new_string(v));
	if (state && (v = jstr(state, "Name")))
		json_object_object_add(vars, "State", json_object_new_string(v));
	a.vars_json = xstrdup(json_object_to_json_string_ext(vars,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	rc = sink->put(sink, &a);
	asset_clear(&a);
out:
	json_object_put(vars);
	json_object_put(tagobj);
	return rc;
}

static int
ec2_walk(const char *path, struct jtext *t, json_object *o,
    struct inv_sink *sink, struct pw_diags *problems, int depth)
{
	json_object *x;

	if (depth > 4)
		return 0;
	if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if (ec2_walk(path, t, json_object_array_get_idx(o, i), sink,
			    problems, depth + 1) != 0)
				return -1;
		return 0;
	}
	if (!json_object_is_type(o, json_type_object))
		return 0;
	if (json_object_object_get_ex(o, "InstanceId", NULL))
		return ec2_instance(path, t, o, sink, problems);
	if (json_object_object_get_ex(o, "Reservations", &x) ||
	    json_object_object_get_ex(o, "Instances", &x))
		return ec2_walk(path, t, x, sink, problems, depth + 1);
	return 0;
}

static int
looks_like_ec2(json_object *root)
{
	json_object *x;

	if (json_object_is_type(root, json_type_object))
		return json_object_object_get_ex(root, "Reservations", NULL);
	if (json_object_is_type(root, json_type_array) && json_object_array_length(root) > 0) {
		x = json_object_array_get_idx(root, 0);
		while (json_object_is_type(x, json_type_array) &&
		    json_object_array_length(x) > 0)
			x = json_object_array_get_idx(x, 0);
		return json_object_is_type(x, json_type_object) &&
		    (json_object_object_get_ex(x, "InstanceId", NULL) ||
		    json_object_object_get_ex(x, "Instances", NULL));
	}
	return 0;
}

int
inv_read_json(const char *path, const char *data, size_t len, struct inv_sink *sink,
    struct pw_diags *problems, struct pw_error *fatal)
{
	json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	json_object *root = NULL;
	const char *p = data;
	size_t n = len;
	struct jtext t = { data, len, { 0 }, 0 };
	int rc = -1;

	/* json-c's own check lets overlong forms, surrogates and code points
	 * past U+10FFFF through, and says no line: check the whole file. */
	if (utf8_text_check(path, data, len, fatal) != 0)
		goto out;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3, n -= 3;
	size_t nul = nul_escape(p, n);
	if (nul < n) {
		pw_error_set(fatal, path, offset_line(p, nul), "a NUL character "
		    "(\\u0000) inside a string");
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, p, (int)n);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	if (root == NULL || jerr != json_tokener_success) {
		size_t off = json_tokener_get_parse_end(tok);
		pw_error_set(fatal, path, offset_line(p, off), "JSON: %s",
		    jerr == json_tokener_continue ? "unexpected end of file" :
		    json_tokener_error_desc(jerr));
		goto out;
	}
	/* Nothing but white space may follow the value. */
	for (size_t off = json_tokener_get_parse_end(tok); off < n; off++)
		if (!isspace((unsigned char)p[off])) {
			pw_error_set(fatal, path, offset_line(p, off), "JSON: text after "
			    "the end of the document");
			goto out;
		}
	if (looks_like_ec2(root))
		rc = ec2_walk(path, &t, root, sink, problems, 0);
	else if (json_object_is_type(root, json_type_object))
		rc = read_ansible_list(path, &t, root, sink, problems, fatal);
	else
		pw_error_set(fatal, path, 1, "JSON: expected ansible-inventory --list "
		    "output or ec2 describe-instances output");
out:
	strmap_free(&t.first);
	json_object_put(root);
	json_tokener_free(tok);
	return rc;
}

enum sniff
inv_sniff_json(const char *data, size_t len)
{
	const char *p = sniff_start(data, len);

	return p && (*p == '{' || *p == '[') ? SNIFF_YES : SNIFF_MAYBE;
}
