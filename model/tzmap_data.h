/* Generated Windows-to-IANA zone table (model-internal). */
#ifndef PW_TZMAP_DATA_H
#define PW_TZMAP_DATA_H

#include <stddef.h>

struct winzone {
	const char	*windows;
	const char	*iana;
};

extern const struct winzone winzones[];	/* sorted by windows name */
extern const size_t nwinzones;

#endif
