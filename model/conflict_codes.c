/* The conflict codes' names and meanings, made from the one list in
 * conflict_codes.h. Nothing here knows plans: the planner names its reasons
 * through it without depending on the checker. */
#include <stddef.h>
#include <string.h>

#include "conflict_codes.h"

static const struct {
	const char	*name;
	const char	*meaning;
} codes[C_COUNT] = {
#define CONFLICT_ROW(code, say, meaning)	[C_##code] = { #code, meaning },
	CONFLICT_CODES(CONFLICT_ROW)
#undef CONFLICT_ROW
};

const char *
conflict_code_name(enum conflict_code c)
{
	return (unsigned)c < C_COUNT ? codes[c].name : "?";
}

const char *
conflict_code_meaning(enum conflict_code c)
{
	return (unsigned)c < C_COUNT ? codes[c].meaning : "";
}

int
conflict_code_parse(const char *name)
{
	if (name == NULL)
		return -1;
	for (int c = 0; c < C_COUNT; c++)
		if (strcmp(codes[c].name, name) == 0)
			return c;
	return -1;
}
