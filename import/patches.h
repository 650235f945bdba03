/* Pending-patch readers (import-internal): each turns one file format into
 * patches (model/patch.h) and hands every patch to a sink, as the inventory
 * readers do (inventory.h); the store is reached only through the sink. */
#ifndef PW_PATCHES_H
#define PW_PATCHES_H

#include <stddef.h>
#include <stdint.h>

#include "../model/error.h"
#include "../model/patch.h"
#include "sniff.h"

/* Receives each patch; the reader clears it afterwards. put returns -1 to stop
 * (a database error); a refused record is recorded by the sink itself. */
struct patch_sink {
	int	(*put)(struct patch_sink *, struct patch *);
	void	*arg;
	struct pw_diags *notes;		/* warnings that cost no record */
	enum date_order date_order;	/* how to read dd/mm vs mm/dd dates
					   the file does not settle */
	int	 partial;		/* set by a reader: the file is one page
					   of several, so what it does not list
					   is not known to be installed */
	/* May be NULL. A reader that walks the file front to back says how
	 * far it is: nothing it holds points into data[0..upto), which the
	 * sink may then drop from memory (read again if touched). */
	void	(*passed)(struct patch_sink *, size_t upto);
	/* Set (xstrdup, the sink frees it) by a reader whose file is one
	 * host's and names it even with nothing pending (Azure's vmName). */
	char	*host;
	/* May be NULL. A reader whose file names a host it scanned and found
	 * nothing pending on (SSM's compliant instance, a Nessus host with
	 * informational items only) says so: the host was rescanned, so with
	 * --only-listed its patches of the source are resolved too. ip: the
	 * host's IP beside a DNS name, tried when the name matches no asset
	 * (as struct patch's asset_ip), or NULL. */
	int	(*clean)(struct patch_sink *, const char *host, const char *ip,
		    long line);
	/* Set by a reader whose file names every host it scanned, clean ones
	 * too (Nessus v2, SSM's patch states): a host it does not name was not
	 * scanned (down, out of the targets), so it resolves the patches of
	 * the hosts it names only, as --only-listed, unless --full-scan. */
	int	 every_host;
	/* Set by a reader whose file says when its scan was taken (Nessus
	 * v2's HOST_END, SSM's OperationEndTime, ...): the latest scan end in
	 * it, UTC seconds, through patch_sink_scanned; 0: not said. */
	int64_t	 scanned;
	/* May be NULL. A reader that says when each host's scan ended (Nessus
	 * v2, SSM's patch states) says it per host too, through
	 * patch_sink_host_scanned: a scan of many hosts runs for hours, and a
	 * host scanned before its window ended is no rescan of it, however
	 * late the file's last host was. alt: another name of the host (the
	 * IP beside a scanner's DNS name), or NULL. -1 stops the reader. */
	int	(*host_scanned)(struct patch_sink *, const char *host,
		    const char *alt, int64_t t, long line);
	/* The zone a time the file writes without one is read in (Nessus
	 * v2's HOST_END, the scanner's local clock): --tz, else the policy's;
	 * NULL: UTC. A reader that uses it says so in a note. */
	const char *zone;
};

/* Note a scan end t (UTC s) the file gives: the sink keeps the latest. */
static inline void
patch_sink_scanned(struct patch_sink *sink, int64_t t)
{
	if (t > sink->scanned)
		sink->scanned = t;
}

/* Note that host's scan ended at t (UTC s): the file's latest too. */
static inline int
patch_sink_host_scanned(struct patch_sink *sink, const char *host,
    const char *alt, int64_t t, long line)
{
	patch_sink_scanned(sink, t);
	return sink->host_scanned ? sink->host_scanned(sink, host, alt, t, line) : 0;
}

/* Each reads path's bytes data[0..len) (NUL-terminated). Record problems go
 * to problems; a problem with the file as a whole (syntax, a missing column)
 * returns -1 with fatal set: the import is then refused even with
 * --skip-invalid. */
typedef int patch_reader(const char *path, const char *data, size_t len,
    struct patch_sink *, struct pw_diags *problems, struct pw_error *fatal);

/* Advisory readers (import advisories) are patch readers too: each record
 * is an advisory with no asset (its id, title, CVEs, severity on its
 * source's scale, release date, reboot), landed by advisories.c. */

/* patch_csv.c: a header row naming hostname, advisory, severity, released
 * and optionally reboot (or their aliases) */
patch_reader patch_read_csv;
/* patch_yaml.c: a "patches:" list, or a bare list, of maps */
patch_reader patch_read_yaml;
import_sniff patch_sniff_yaml;
/* Tenable (tenable.c merges a host's items per plugin). patch_nessus.c: a
 * Nessus v2 file (<NessusClientData_v2>) */
patch_reader patch_read_nessus;
import_sniff patch_sniff_nessus;
/* patch_tenable_csv.c: the CSV exports of Nessus Professional, Tenable.sc
 * and Tenable VM */
patch_reader patch_read_nessus_csv;
import_sniff patch_sniff_nessus_csv;
patch_reader patch_read_tenable_sc;
import_sniff patch_sniff_tenable_sc;
patch_reader patch_read_tenable_vm;
import_sniff patch_sniff_tenable_vm;

/* Cloud patch state (patch_ssm.c, patch_azure.c, patch_xccdf.c): */
/* aws ssm describe-instance-patches: one instance's patches (--asset) */
patch_reader patch_read_ssm_patches;
import_sniff patch_sniff_ssm_patches;
/* aws ssm describe-instance-patch-states: counts, one record an instance */
patch_reader patch_read_ssm_states;
import_sniff patch_sniff_ssm_states;
/* aws ssm list-compliance-items: the Patch items */
patch_reader patch_read_ssm_compliance;
import_sniff patch_sniff_ssm_compliance;
/* aws ssm describe-available-patches: advisories (KBs), no host */
patch_reader patch_read_ssm_available;
import_sniff patch_sniff_ssm_available;
/* Azure Update Manager's assessPatches result (or its API example) */
patch_reader patch_read_azure;
import_sniff patch_sniff_azure;
/* OpenSCAP XCCDF results: failed rules of each TestResult's target */
patch_reader patch_read_xccdf;
import_sniff patch_sniff_xccdf;
/* Package managers' pending updates, one host a file (--asset), one patch
 * an advisory (docs/formats.md). patch_dnf.c: `dnf updateinfo list` (dnf4)
 * and `yum list-sec`, the same lines; patch_dnf5.c: `dnf5 advisory list
 * --json`; patch_apt.c: `apt list --upgradable`, one patch a package. */
patch_reader patch_read_dnf4, patch_read_yum_list_sec, patch_read_dnf5,
	    patch_read_apt;
import_sniff patch_sniff_dnf4, patch_sniff_yum_list_sec, patch_sniff_dnf5,
	    patch_sniff_apt;
/* Vendor advisories (import advisories): advisory_csaf.c, a CSAF 2.0
 * document; advisory_updateinfo.c, a repository's updateinfo.xml. */
patch_reader advisory_read_csaf, advisory_read_updateinfo;
import_sniff advisory_sniff_csaf, advisory_sniff_updateinfo;
/* patch_qualys_vmdr.c: Qualys's findings CSV (VMDR host detections, scan
 * reports and scan results), dates dd/mm or mm/dd decided file-wide */
patch_reader patch_read_qualys_vmdr;
import_sniff patch_sniff_qualys_vmdr;
/* patch_qualys_xml.c: Qualys's <SCAN> report XML */
patch_reader patch_read_qualys_xml;
import_sniff patch_sniff_qualys_xml;

#endif
