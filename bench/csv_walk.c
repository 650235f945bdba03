/* What reading a CSV costs with nothing done with it, the floor an import is
 * measured against (bench.py): the file mapped as patchwave maps it and
 * every record walked with import/csv.c. With -r, the Qualys findings reader
 * too (import/patch_qualys_vmdr.c), its patches handed to a sink that drops
 * them: the reader's own cost, no database.
 * Usage: csv_walk [-r] FILE; prints the records (or patches) and fields. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../import/csv.h"
#include "../import/patches.h"

static size_t puts_seen;

static int
drop(struct patch_sink *s, struct patch *p)
{
	(void)s;
	(void)p;
	puts_seen++;
	return 0;
}

int
main(int argc, char **argv)
{
	int reader = argc == 3 && strcmp(argv[1], "-r") == 0;
	const char *path = argv[argc - 1];
	struct stat sb;
	int fd;

	if (argc < 2 || (fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "usage: csv_walk [-r] FILE\n");
		return 2;
	}
	/* Mapped one byte past the end, NUL-terminated by the page's zeros, as
	 * import_read_file does (a size that is a whole number of pages it
	 * reads instead; bench files are not). */
	const char *data = mmap(NULL, (size_t)sb.st_size + 1, PROT_READ,
	    MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED)
		return 2;
	if (reader) {
		struct pw_diags problems = { 0 }, notes = { 0 };
		struct pw_error fatal = { 0 };
		struct patch_sink sink = { .put = drop, .notes = &notes };
		if (patch_read_qualys_vmdr(path, data, (size_t)sb.st_size, &sink,
		    &problems, &fatal) != 0) {
			fprintf(stderr, "%s:%ld: %s\n", path, fatal.line, fatal.msg);
			return 1;
		}
		printf("%zu patches, %zu problems\n", puts_seen, problems.n);
		return 0;
	}
	struct csv_reader *r = csv_open(data, (size_t)sb.st_size, 0);
	struct csv_record rec;
	struct pw_error e;
	size_t records = 0, fields = 0;
	int rc;
	while ((rc = csv_next(r, &rec, &e)) != 0)
		if (rc > 0) {
			records++;
			fields += rec.n;
		}
	csv_free(r);
	printf("%zu records, %zu fields\n", records, fields);
	return 0;
}
