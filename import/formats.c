/* The formats patchwave reads, one row each: its name (--format NAME), its kind
 * of import, the file name endings that break a tie, the sniff that knows it
 * by its bytes and the reader. --format auto takes the surest sniff; the name
 * only decides between equally sure ones, then the order here. */
#include <string.h>
#include <strings.h>

#include "formats.h"

static const struct import_format formats[] = {
	/* Inventories: anything may be a CSV, so it comes first; a YAML file
	 * is an Ansible inventory unless a line starts "assets:". */
	{ "csv", IMPORT_INVENTORY, ".csv .tsv .txt", NULL,
	    { .inventory = inv_read_csv } },
	{ "yaml", IMPORT_INVENTORY, ".yml .yaml", inv_sniff_yaml,
	    { .inventory = inv_read_yaml } },
	{ "ansible", IMPORT_INVENTORY, ".yml .yaml", NULL,
	    { .inventory = inv_read_ansible } },
	{ "json", IMPORT_INVENTORY, ".json", inv_sniff_json,
	    { .inventory = inv_read_json } },
	/* Pending patches */
	{ "csv", IMPORT_PATCHES, ".csv .tsv .txt", sniff_delimited,
	    { .patches = patch_read_csv } },
	{ "yaml", IMPORT_PATCHES, ".yml .yaml", patch_sniff_yaml,
	    { .patches = patch_read_yaml } },
	/* Cloud patch state: AWS Patch Manager, Azure Update Manager, OpenSCAP */
	{ "ssm-patches", IMPORT_PATCHES, ".json", patch_sniff_ssm_patches,
	    { .patches = patch_read_ssm_patches } },
	{ "ssm-states", IMPORT_PATCHES, ".json", patch_sniff_ssm_states,
	    { .patches = patch_read_ssm_states } },
	{ "ssm-compliance", IMPORT_PATCHES, ".json", patch_sniff_ssm_compliance,
	    { .patches = patch_read_ssm_compliance } },
	{ "azure-assess", IMPORT_PATCHES, ".json", patch_sniff_azure,
	    { .patches = patch_read_azure } },
	{ "xccdf", IMPORT_PATCHES, ".xml", patch_sniff_xccdf,
	    { .patches = patch_read_xccdf } },
	{ "ssm-available", IMPORT_ADVISORIES, ".json", patch_sniff_ssm_available,
	    { .patches = patch_read_ssm_available } },
	/* Package managers: dnf4 and yum write the same lines (dnf4 first:
	 * a tie of their sniffs is dnf's). */
	{ "dnf4", IMPORT_PATCHES, NULL, patch_sniff_dnf4,
	    { .patches = patch_read_dnf4 } },
	{ "yum-list-sec", IMPORT_PATCHES, NULL, patch_sniff_yum_list_sec,
	    { .patches = patch_read_yum_list_sec } },
	{ "dnf5", IMPORT_PATCHES, ".json", patch_sniff_dnf5,
	    { .patches = patch_read_dnf5 } },
	{ "apt", IMPORT_PATCHES, NULL, patch_sniff_apt,
	    { .patches = patch_read_apt } },
	/* Tenable: a .nessus file, and the CSV exports known by their header */
	{ "nessus", IMPORT_PATCHES, ".nessus", patch_sniff_nessus,
	    { .patches = patch_read_nessus } },
	{ "nessus-csv", IMPORT_PATCHES, ".csv", patch_sniff_nessus_csv,
	    { .patches = patch_read_nessus_csv } },
	{ "tenable-sc", IMPORT_PATCHES, ".csv", patch_sniff_tenable_sc,
	    { .patches = patch_read_tenable_sc } },
	{ "tenable-vm", IMPORT_PATCHES, ".csv", patch_sniff_tenable_vm,
	    { .patches = patch_read_tenable_vm } },
	/* Qualys: findings CSV (a header naming QID and the host) and the
	 * <SCAN> report XML. */
	{ "qualys-vmdr", IMPORT_PATCHES, ".csv", patch_sniff_qualys_vmdr,
	    { .patches = patch_read_qualys_vmdr } },
	{ "qualys-xml", IMPORT_PATCHES, ".xml", patch_sniff_qualys_xml,
	    { .patches = patch_read_qualys_xml } },
	/* Calendars */
	{ "ics", IMPORT_CALENDAR, ".ics", cal_sniff_ics,
	    { .calendar = cal_read_ics } },
	{ "ec2-events", IMPORT_CALENDAR, ".json", cal_sniff_ec2,
	    { .calendar = cal_read_ec2 } },
	{ "gcp-maintenance", IMPORT_CALENDAR, ".json", cal_sniff_gcp,
	    { .calendar = cal_read_gcp } },
	{ "azure-maintenance", IMPORT_CALENDAR, ".json", cal_sniff_azure,
	    { .calendar = cal_read_azure } },
	{ "rds-pending", IMPORT_CALENDAR, ".json", cal_sniff_rds,
	    { .calendar = cal_read_rds } },
	{ "aws-health", IMPORT_CALENDAR, ".json", cal_sniff_health,
	    { .calendar = cal_read_health } },
	{ "ssm-windows", IMPORT_CALENDAR, ".json", cal_sniff_ssm,
	    { .calendar = cal_read_ssm } },
	/* Vendor advisories */
	{ "csaf", IMPORT_ADVISORIES, ".json", advisory_sniff_csaf,
	    { .patches = advisory_read_csaf } },
	{ "updateinfo", IMPORT_ADVISORIES, ".xml", advisory_sniff_updateinfo,
	    { .patches = advisory_read_updateinfo } },
	/* The policy */
	{ "yaml", IMPORT_POLICY, ".yml .yaml", NULL,
	    { .policy = policy_read_yaml } },
};

#define NFORMATS	(sizeof formats / sizeof formats[0])

/* The formats whose readers join several files: a row's field would be a
 * zero every other row spells out (-Wmissing-field-initializers). */
static const char *const several[] = { "aws-health", NULL };

/* Patch formats whose file is one host's: naming none (a package
 * manager's lines, one instance's SSM list) or naming it (Azure's vmName,
 * an XCCDF target). */
static const char *const hostless[] = { "ssm-patches", "dnf4", "yum-list-sec",
    "dnf5", "apt", NULL }, *const one_named[] = { "azure-assess", "xccdf", NULL };

static int
listed(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (strcmp(*names, name) == 0)
			return 1;
	return 0;
}

int
import_format_several(const struct import_format *f)
{
	return listed(several, f->name);
}

enum format_hosts
import_format_hosts(const struct import_format *f)
{
	return listed(hostless, f->name) ? FORMAT_HOST_NONE :
	    listed(one_named, f->name) ? FORMAT_HOST_ONE : FORMAT_HOSTS;
}

const struct import_format *
import_format_find(enum import_kind kind, const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].kind == kind && strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

size_t
import_formats(enum import_kind kind, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].kind == kind) {
			if (n < max)
				names[n] = formats[i].name;
			n++;
		}
	return n;
}

/* Does path end with one of the space-separated endings (any case)? */
static int
named(const char *path, const char *endings)
{
	size_t n = strlen(path);

	for (const char *e = endings; e && *e;) {
		size_t m = strcspn(e, " ");
		if (m > 0 && n >= m && strncasecmp(path + n - m, e, m) == 0)
			return 1;
		e += m;
		e += strspn(e, " ");
	}
	return 0;
}

const struct import_format *
import_format_sniff(enum import_kind kind, const char *path, const char *data,
    size_t len)
{
	const struct import_format *best = NULL;
	enum sniff best_sure = SNIFF_NO;
	int best_named = 0;

	for (size_t i = 0; i < NFORMATS; i++) {
		const struct import_format *f = &formats[i];
		if (f->kind != kind)
			continue;
		enum sniff sure = f->sniff ? f->sniff(data, len) : SNIFF_MAYBE;
		int is_named = named(path, f->names);
		if (sure == SNIFF_NO)
			continue;
		if (best == NULL || sure > best_sure ||
		    (sure == best_sure && is_named && !best_named)) {
			best = f;
			best_sure = sure;
			best_named = is_named;
		}
	}
	return best;
}

const struct import_format *
import_format_elsewhere(enum import_kind kind, const char *data, size_t len)
{
	for (size_t i = 0; i < NFORMATS; i++) {
		const struct import_format *f = &formats[i];
		/* An inventory's JSON sniff takes any JSON: it says nothing. */
		if (f->kind == kind || f->kind == IMPORT_INVENTORY || f->sniff == NULL)
			continue;
		if (f->sniff(data, len) == SNIFF_YES)
			return f;
	}
	return NULL;
}
