/* The bench's floor for reading an Ansible YAML inventory (bench.py,
 * bench_ansible): libyaml's event parser alone, fed the mapped file as
 * import/yaml.c feeds it, reading every event and doing nothing with it.
 * Prints the number of scalars. With -r, the Ansible reader instead
 * (import/ansible.c), its assets handed to a sink that drops them: the
 * reader's own cost, no database. Built by bench/run.sh.
 *
 * Usage: yamlwalk [-r] FILE */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "../import/inventory.h"

static size_t puts_seen;

static int
drop(struct inv_sink *s, struct asset *a)
{
	(void)s;
	(void)a;
	puts_seen++;
	return 0;
}

int
main(int argc, char **argv)
{
	struct stat sb;
	yaml_parser_t p;
	yaml_event_t ev;
	long scalars = 0;
	int fd, done = 0, reader = argc == 3 && strcmp(argv[1], "-r") == 0;
	char *data;

	if (argc != 2 + reader || (fd = open(argv[1 + reader], O_RDONLY)) < 0 ||
	    fstat(fd, &sb) != 0) {
		fprintf(stderr, "usage: yamlwalk [-r] FILE\n");
		return 2;
	}
	data = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED)
		return 2;
	if (reader) {
		struct pw_diags notes = { 0 }, problems = { 0 };
		struct inv_sink sink = { drop, NULL, &notes, NULL };
		struct pw_error e = { 0 };
		if (inv_read_ansible(argv[2], data, (size_t)sb.st_size, &sink,
		    &problems, &e) != 0) {
			fprintf(stderr, "yamlwalk: %s\n", e.msg);
			return 1;
		}
		printf("%zu assets, %zu problems\n", puts_seen, problems.n);
		return 0;
	}
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)data,
	    (size_t)sb.st_size);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "yamlwalk: %s\n", p.problem ? p.problem : "error");
			return 1;
		}
		if (ev.type == YAML_SCALAR_EVENT)
			scalars++;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	munmap(data, (size_t)sb.st_size);
	close(fd);
	printf("%ld scalars\n", scalars);
	return 0;
}
