/* Policy readers (import-internal): the policy file (docs/formats.md) into a
 * policy (model/policy.h), handed to a sink. */
#ifndef PW_IMPORT_POLICY_H
#define PW_IMPORT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "../model/error.h"
#include "../model/policy.h"
#include "sniff.h"

/* Where the policy names each of its people: approver[i] is the line
 * naming approver i, admin[i] policy admin i. */
struct policy_lines {
	const long	*approver;
	const long	*admin;
};

/* Receives the policy read, once, and only when it has no problem; put may
 * move its contents out (leaving it initialised). The lines are the
 * caller's, kept no longer than the call. */
struct policy_sink {
	int	(*put)(struct policy_sink *, struct policy *,
		    const struct policy_lines *);
	void	*arg;
	struct pw_diags *notes;
	int64_t	 now;		/* UTC seconds: windows must occur from then */
};

/* Read path's bytes data[0..len): every problem, each at its line, to
 * problems; one with the file as a whole (too large, not YAML, not a
 * mapping) returns -1 with fatal set. */
typedef int policy_reader(const char *path, const char *data, size_t len,
    struct policy_sink *, struct pw_diags *problems, struct pw_error *fatal);

/* policy_yaml.c: patchwave's policy YAML */
policy_reader policy_read_yaml;

#endif
