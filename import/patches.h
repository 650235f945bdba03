/* Pending-patch readers (import-internal): each turns one file format into
 * patches (model/patch.h) and hands every patch to a sink, as the inventory
 * readers do (inventory.h); the store is reached only through the sink. */
#ifndef PW_PATCHES_H
#define PW_PATCHES_H

#include <stddef.h>

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
	/* May be NULL. A reader that walks the file front to back says how
	 * far it is: nothing it holds points into data[0..upto), which the
	 * sink may then drop from memory (read again if touched). */
	void	(*passed)(struct patch_sink *, size_t upto);
};

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
/* patch_qualys_vmdr.c: Qualys's findings CSV (VMDR host detections, scan
 * reports and scan results), dates dd/mm or mm/dd decided file-wide */
patch_reader patch_read_qualys_vmdr;
import_sniff patch_sniff_qualys_vmdr;
/* patch_qualys_xml.c: Qualys's <SCAN> report XML */
patch_reader patch_read_qualys_xml;
import_sniff patch_sniff_qualys_xml;

#endif
