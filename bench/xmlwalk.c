/* The bench's floor for reading a .nessus file (bench.py, bench_nessus):
 * libxml2's streaming reader alone, opened as import/xml.c opens a file
 * (mapped, the same parser options), walking every node and doing nothing
 * with it. Prints the number of elements. Built by bench/run.sh.
 *
 * Usage: xmlwalk FILE */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

int
main(int argc, char **argv)
{
	struct stat sb;
	xmlTextReaderPtr r;
	long elements = 0;
	int fd, rc;
	char *data;

	if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "usage: xmlwalk FILE\n");
		return 2;
	}
	data = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED)
		return 2;
	r = xmlReaderForMemory(data, (int)sb.st_size, argv[1], NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (r == NULL)
		return 2;
	while ((rc = xmlTextReaderRead(r)) == 1)
		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT)
			elements++;
	xmlFreeTextReader(r);
	munmap(data, (size_t)sb.st_size);
	close(fd);
	if (rc != 0)
		return 1;
	printf("%ld\n", elements);
	return 0;
}
