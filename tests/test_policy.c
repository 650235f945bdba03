/* Policy values and selectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "../model/policy.h"

static void
test_defaults_are_the_brief_policy(void **state)
{
	struct policy p;

	(void)state;
	policy_init(&p);
	assert_string_equal(p.timezone, "UTC");
	assert_int_equal(p.horizon_days, 56);
	assert_int_equal(p.sla_days[SEV_CRITICAL], 7);
	assert_int_equal(p.sla_days[SEV_HIGH], 14);
	assert_int_equal(p.sla_days[SEV_MEDIUM], 30);
	assert_int_equal(p.sla_days[SEV_LOW], 90);
	assert_int_equal(p.cluster_max_down, 1);
	policy_free(&p);
}

static void
test_selector_terms_and_values(void **state)
{
	struct selector s = { 0 };
	struct asset a;
	char *groups[] = { "eu", "web" };

	(void)state;
	asset_init(&a);
	a.environment = "test";
	a.region = "eu-west-1";
	a.service_model = SM_IAAS;
	a.groups = groups;
	a.ngroups = 2;
	assert_true(selector_match(&s, &a));		/* empty: everything */
	selector_add(&s, "environment", "staging");
	assert_false(selector_match(&s, &a));
	selector_add(&s, "environment", "test");	/* values: any */
	assert_true(selector_match(&s, &a));
	selector_add(&s, "region", "us-east-1");	/* terms: all */
	assert_false(selector_match(&s, &a));
	selector_add(&s, "region", "eu-west-1");
	assert_true(selector_match(&s, &a));
	selector_add(&s, "group", "web");
	selector_add(&s, "service_model", "iaas");
	assert_true(selector_match(&s, &a));
	selector_free(&s);
	selector_add(&s, "cluster", "c1");		/* an absent field */
	assert_false(selector_match(&s, &a));
	selector_free(&s);
	selector_add(&s, "no_such_field", "x");
	assert_false(selector_match(&s, &a));
	selector_free(&s);
}

static void
test_service_models_say_who_patches(void **state)
{
	(void)state;
	assert_int_equal(service_model_parse("On-Premises"), SM_ONPREM);
	assert_int_equal(service_model_parse("PaaS"), SM_PAAS);
	assert_int_equal(service_model_parse("cloud"), SM_UNSET);
	assert_true(service_model_customer_owned(SM_IAAS));
	assert_true(service_model_customer_owned(SM_ONPREM));
	assert_false(service_model_customer_owned(SM_PAAS));
	assert_false(service_model_customer_owned(SM_SAAS));
}

static void
test_asset_fields_aliases_and_defaults(void **state)
{
	struct asset a;
	struct pw_error e;

	(void)state;
	assert_string_equal(asset_field_name(asset_field_lookup("Patch Group")),
	    "patch_group");
	assert_string_equal(asset_field_name(asset_field_lookup(" AZ ")), "zone");
	assert_int_equal(asset_field_lookup("colour"), -1);
	asset_init(&a);
	assert_int_equal(asset_field_set(&a, asset_field_lookup("host"), " web-1 ", &e), 0);
	assert_int_equal(asset_field_set(&a, asset_field_lookup("provider"), "aws", &e), 0);
	assert_int_equal(asset_field_set(&a, asset_field_lookup("patch_minutes"), "-5",
	    &e), -1);
	assert_int_equal(asset_field_set(&a, asset_field_lookup("service_model"), "cloud",
	    &e), -1);
	assert_int_equal(asset_field_set(&a, asset_field_lookup("groups"), "b;a|b c",
	    &e), 0);
	assert_int_equal(asset_finish(&a, &e), 0);
	assert_string_equal(a.key, "web-1");
	assert_int_equal(a.service_model, SM_IAAS);	/* a provider: IaaS */
	assert_int_equal(a.patch_minutes, ASSET_DEFAULT_PATCH_MINUTES);
	assert_int_equal(a.ngroups, 3);
	assert_string_equal(a.groups[0], "a");
	assert_string_equal(a.groups[2], "c");
	asset_clear(&a);
	assert_int_equal(asset_finish(&a, &e), -1);	/* no key, no hostname */
	asset_clear(&a);
}

/* reboot_pending: true/false, yes/no, 1/0, any case; "" is false. */
static void
test_asset_reboot_pending(void **state)
{
	struct asset a;
	struct pw_error e;
	int f = asset_field_lookup("Reboot Pending");

	(void)state;
	assert_string_equal(asset_field_name(f), "reboot_pending");
	assert_int_equal(asset_field_lookup("pending-reboot"), f);
	asset_init(&a);
	assert_int_equal(a.reboot_pending, 0);
	static const char *const yes[] = { "true", "YES", " 1 " };
	static const char *const no[] = { "false", "No", "0", "" };
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
		a.reboot_pending = 0;
		assert_int_equal(asset_field_set(&a, f, yes[i], &e), 0);
		assert_int_equal(a.reboot_pending, 1);
	}
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		a.reboot_pending = 1;
		assert_int_equal(asset_field_set(&a, f, no[i], &e), 0);
		assert_int_equal(a.reboot_pending, 0);
	}
	assert_int_equal(asset_field_set(&a, f, "maybe", &e), -1);
	assert_non_null(strstr(e.msg, "reboot_pending 'maybe'"));
	asset_clear(&a);
}

static void
test_patch_values(void **state)
{
	char d[11];
	struct patch p;
	struct pw_error e;

	(void)state;
	assert_int_equal(severity_parse("Important"), SEV_HIGH);
	assert_int_equal(severity_parse("urgent"), -1);
	assert_int_equal(date_parse_iso("2024-02-29", d), 0);
	assert_int_equal(date_parse_iso("2026-02-29", d), -1);
	assert_int_equal(date_parse_iso("2026-11-24T10:00:00Z", d), 0);
	assert_string_equal(d, "2026-11-24");
	assert_int_equal(date_parse_iso("24.11.2026", d), -1);
	assert_int_equal(bool_parse("Yes"), 1);
	assert_int_equal(bool_parse("maybe"), -1);
	patch_init(&p);
	assert_int_equal(patch_field_lookup("CVE"), PF_ADVISORY);
	assert_int_equal(patch_field_set(&p, PF_ASSET, "h", &e), 0);
	assert_int_equal(patch_finish(&p, 0, &e), -1);
	assert_non_null(strstr(e.msg, "advisory"));
	patch_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_are_the_brief_policy),
		cmocka_unit_test(test_selector_terms_and_values),
		cmocka_unit_test(test_service_models_say_who_patches),
		cmocka_unit_test(test_asset_fields_aliases_and_defaults),
		cmocka_unit_test(test_asset_reboot_pending),
		cmocka_unit_test(test_patch_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
