/* Safe output (export/outdir.c): links never followed nor left, folders not
 * ours refused, a previous folder's files replaced only when its SHA256SUMS
 * lists them, a failure anywhere leaving the previous output as it was; and
 * the read transaction the pack's records are read in. */
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../export/outdir.h"
#include "../storage/store.h"
#include "../util/sha256.h"
#include "testutil.h"

static char dir[64];		/* the test's own folder */
static char target[128];	/* dir/out */

static int
setup(void **state)
{
	(void)state;
	umask(022);
	test_tmpdir(dir, sizeof dir, "pw-export");
	snprintf(target, sizeof target, "%s/out", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return test_rmdir(dir);
}

/* The whole of a small file, or NULL when it cannot be read. */
static char *
slurp(const char *path)
{
	static char s[65536];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return NULL;
	n = fread(s, 1, sizeof s - 1, f);
	fclose(f);
	s[n] = '\0';
	return s;
}

static void
spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Names in folder d, sorted, joined by spaces ("" when empty). */
static const char *
listing(const char *d)
{
	static char out[4096];
	struct dirent **v;
	int n = scandir(d, &v, NULL, alphasort);

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") != 0 && strcmp(v[i]->d_name, "..") != 0) {
			if (out[0])
				strcat(out, " ");
			strcat(out, v[i]->d_name);
		}
		free(v[i]);
	}
	free(v);
	return out;
}

/* Write a folder at target holding the named files, each holding its name
 * and tag; 0 or the failure. */
static int
write_folder(const char *const *names, const char *tag, struct pw_error *e)
{
	struct outdir *od;
	size_t files;
	int rc = 0;

	if (outdir_open(target, 0700, &od, e) != 0)
		return -1;
	for (size_t i = 0; names[i] && rc == 0; i++) {
		char text[128];
		snprintf(text, sizeof text, "%s %s\n", names[i], tag);
		rc = outdir_put(od, names[i], text, strlen(text), 0600, e);
	}
	if (rc == 0)
		rc = outdir_commit(od, 0600, &files, e);
	outdir_close(od);
	return rc;
}

static void
test_folder_is_written_with_a_manifest_sha256sum_checks(void **state)
{
	static const char *const names[] = { "b.md", "a.html", NULL };
	struct pw_error e;
	char path[256], want[512], sum[SHA256_HEX_LEN + 1];

	(void)state;
	assert_int_equal(write_folder(names, "v1", &e), 0);
	assert_string_equal(listing(target), "SHA256SUMS a.html b.md");
	/* By name, in sha256sum's format. */
	sha256_hex("a.html v1\n", 10, sum);
	snprintf(want, sizeof want, "%s  a.html\n", sum);
	sha256_hex("b.md v1\n", 8, sum);
	snprintf(want + strlen(want), sizeof want - strlen(want), "%s  b.md\n", sum);
	snprintf(path, sizeof path, "%s/SHA256SUMS", target);
	assert_string_equal(slurp(path), want);
	/* Nothing left beside it. */
	assert_string_equal(listing(dir), "out");
}

static void
test_modes_are_as_asked_whatever_the_umask(void **state)
{
	struct outdir *od;
	struct pw_error e;
	struct stat st;
	char path[256];

	(void)state;
	umask(077);
	assert_int_equal(outdir_open(target, 0755, &od, &e), 0);
	assert_int_equal(outdir_put(od, "x", "x", 1, 0644, &e), 0);
	assert_int_equal(outdir_commit(od, 0644, NULL, &e), 0);
	outdir_close(od);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	snprintf(path, sizeof path, "%s/x", target);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	umask(022);
}

static void
test_stale_files_go_only_when_the_previous_manifest_lists_them(void **state)
{
	static const char *const v1[] = { "index.html", "CHG-1.md", "CHG-2.md", NULL };
	static const char *const v2[] = { "index.html", "CHG-1.md", NULL };
	struct pw_error e;
	char path[256];

	(void)state;
	assert_int_equal(write_folder(v1, "v1", &e), 0);
	assert_int_equal(write_folder(v2, "v2", &e), 0);
	/* CHG-2.md was the previous pack's: gone, not stale. */
	assert_string_equal(listing(target), "CHG-1.md SHA256SUMS index.html");
	snprintf(path, sizeof path, "%s/CHG-1.md", target);
	assert_string_equal(slurp(path), "CHG-1.md v2\n");
	assert_string_equal(listing(dir), "out");
}

static void
test_a_file_the_pack_did_not_write_is_kept_and_refused(void **state)
{
	static const char *const v1[] = { "index.html", NULL };
	static const char *const v2[] = { "index.html", "more.md", NULL };
	struct pw_error e;
	char path[256];

	(void)state;
	assert_int_equal(write_folder(v1, "v1", &e), 0);
	snprintf(path, sizeof path, "%s/notes.txt", target);
	spit(path, "mine\n");
	assert_int_equal(write_folder(v2, "v2", &e), -1);
	assert_non_null(strstr(e.msg, "holds notes.txt"));
	assert_non_null(strstr(e.msg, "SHA256SUMS does not list"));
	assert_string_equal(listing(target), "SHA256SUMS index.html notes.txt");
	assert_string_equal(slurp(path), "mine\n");
	snprintf(path, sizeof path, "%s/index.html", target);
	assert_string_equal(slurp(path), "index.html v1\n");
	assert_string_equal(listing(dir), "out");
	/* A folder with no manifest at all: not ours to empty. */
	snprintf(path, sizeof path, "%s/SHA256SUMS", target);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(write_folder(v2, "v2", &e), -1);
	assert_non_null(strstr(e.msg, "patchwave did not write"));
	/* An empty folder of ours is taken. */
	assert_int_equal(test_rmdir(target), 0);
	assert_int_equal(mkdir(target, 0700), 0);
	assert_int_equal(write_folder(v2, "v2", &e), 0);
	assert_string_equal(listing(target), "SHA256SUMS index.html more.md");
}

static void
test_a_link_in_the_folder_or_as_the_folder_is_refused_not_followed(void **state)
{
	static const char *const v1[] = { "index.html", NULL };
	struct pw_error e;
	char victim[256], link[256], other[256];

	(void)state;
	snprintf(victim, sizeof victim, "%s/victim", dir);
	spit(victim, "precious\n");
	assert_int_equal(chmod(victim, 0600), 0);
	assert_int_equal(write_folder(v1, "v1", &e), 0);
	/* A link at a name the pack writes, and one its manifest lists. */
	snprintf(link, sizeof link, "%s/index.html", target);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(write_folder(v1, "v2", &e), -1);
	assert_non_null(strstr(e.msg, "index.html is a symbolic link"));
	assert_string_equal(slurp(victim), "precious\n");
	assert_int_equal(unlink(link), 0);
	/* The folder itself a link to another one. */
	snprintf(other, sizeof other, "%s/other", dir);
	assert_int_equal(mkdir(other, 0700), 0);
	assert_int_equal(test_rmdir(target), 0);
	assert_int_equal(symlink(other, target), 0);
	assert_int_equal(write_folder(v1, "v2", &e), -1);
	assert_non_null(strstr(e.msg, "out is a symbolic link"));
	assert_string_equal(listing(other), "");
	/* A file where the folder should be. */
	assert_int_equal(unlink(target), 0);
	spit(target, "a file\n");
	assert_int_equal(write_folder(v1, "v2", &e), -1);
	assert_non_null(strstr(e.msg, "is not a folder"));
	assert_string_equal(slurp(target), "a file\n");
	assert_string_equal(listing(dir), "other out victim");
}

static void
test_a_folder_others_may_write_is_refused(void **state)
{
	static const char *const v1[] = { "index.html", NULL };
	struct pw_error e;
	char open_parent[128], sticky[128];

	(void)state;
	assert_int_equal(mkdir(target, 0700), 0);
	assert_int_equal(chmod(target, 0777), 0);
	assert_int_equal(write_folder(v1, "v1", &e), -1);
	assert_non_null(strstr(e.msg, "writable by others (mode 0777)"));
	assert_int_equal(chmod(target, 0770), 0);
	assert_int_equal(write_folder(v1, "v1", &e), -1);
	assert_non_null(strstr(e.msg, "writable by its group (mode 0770)"));
	assert_string_equal(listing(target), "");
	assert_int_equal(rmdir(target), 0);
	/* What holds it: writable by anyone and not sticky, refused; sticky
	 * and ours (as /tmp is root's), taken. */
	snprintf(open_parent, sizeof open_parent, "%s/open", dir);
	assert_int_equal(mkdir(open_parent, 0700), 0);
	assert_int_equal(chmod(open_parent, 0777), 0);
	snprintf(target, sizeof target, "%s/open/out", dir);
	assert_int_equal(write_folder(v1, "v1", &e), -1);
	assert_non_null(strstr(e.msg, "writable by others (mode 0777) and not a sticky"));
	assert_string_equal(listing(open_parent), "");
	snprintf(sticky, sizeof sticky, "%s/sticky", dir);
	assert_int_equal(mkdir(sticky, 0700), 0);
	assert_int_equal(chmod(sticky, 01777), 0);
	snprintf(target, sizeof target, "%s/sticky/out", dir);
	assert_int_equal(write_folder(v1, "v1", &e), 0);
	assert_string_equal(listing(sticky), "out");
}

static void
test_a_folder_of_another_user_is_refused(void **state)
{
	static const char *const v1[] = { "index.html", NULL };
	struct pw_error e;

	(void)state;
	if (geteuid() != 0)
		skip();		/* needs root to give it away */
	assert_int_equal(mkdir(target, 0755), 0);
	assert_int_equal(chown(target, 65534, 65534), 0);
	assert_int_equal(write_folder(v1, "v1", &e), -1);
	assert_non_null(strstr(e.msg, "owned by uid 65534, not you"));
	assert_string_equal(listing(target), "");
}

static void
test_a_failure_midway_leaves_the_previous_folder_and_no_temporary(void **state)
{
	static const char *const v1[] = { "index.html", "CHG-1.md", NULL };
	struct rlimit old, small;
	struct outdir *od;
	struct pw_error e;
	char big[8192], path[256];

	(void)state;
	assert_int_equal(write_folder(v1, "v1", &e), 0);
	/* A full disk: the file size limit, as `ulimit -f` sets it. */
	memset(big, 'x', sizeof big);
	assert_int_equal(outdir_open(target, 0700, &od, &e), 0);
	assert_int_equal(outdir_put(od, "index.html", "new\n", 4, 0600, &e), 0);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = (struct rlimit){ 4096, old.rlim_max };	/* soft: we raise it back */
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	int rc = outdir_put(od, "CHG-1.md", big, sizeof big, 0600, &e);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(e.msg, "CHG-1.md: cannot write"));
	assert_non_null(strstr(e.msg, "is left as it was"));
	outdir_close(od);
	assert_string_equal(listing(dir), "out");
	assert_string_equal(listing(target), "CHG-1.md SHA256SUMS index.html");
	snprintf(path, sizeof path, "%s/index.html", target);
	assert_string_equal(slurp(path), "index.html v1\n");
	/* Given up before the commit. */
	assert_int_equal(outdir_open(target, 0700, &od, &e), 0);
	assert_int_equal(outdir_put(od, "index.html", "new\n", 4, 0600, &e), 0);
	outdir_close(od);
	assert_string_equal(listing(dir), "out");
	assert_string_equal(slurp(path), "index.html v1\n");
	/* A file added to the old folder while the new one was built. */
	assert_int_equal(outdir_open(target, 0700, &od, &e), 0);
	assert_int_equal(outdir_put(od, "index.html", "new\n", 4, 0600, &e), 0);
	snprintf(path, sizeof path, "%s/late.txt", target);
	spit(path, "late\n");
	assert_int_equal(outdir_commit(od, 0600, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "holds late.txt"));
	outdir_close(od);
	assert_string_equal(listing(dir), "out");
	assert_string_equal(listing(target), "CHG-1.md SHA256SUMS index.html late.txt");
}

static void
test_names_are_plain_and_written_once(void **state)
{
	struct outdir *od;
	struct pw_error e;

	(void)state;
	assert_int_equal(outdir_open(target, 0700, &od, &e), 0);
	assert_int_equal(outdir_put(od, "../escape", "x", 1, 0600, &e), -1);
	assert_int_equal(outdir_put(od, ".hidden", "x", 1, 0600, &e), -1);
	assert_int_equal(outdir_put(od, "SHA256SUMS", "x", 1, 0600, &e), -1);
	assert_int_equal(outdir_put(od, "", "x", 1, 0600, &e), -1);
	assert_int_equal(outdir_put(od, "a", "x", 1, 0600, &e), 0);
	assert_int_equal(outdir_put(od, "a", "y", 1, 0600, &e), -1);
	assert_non_null(strstr(e.msg, "written twice"));
	outdir_close(od);
	assert_string_equal(listing(dir), "");
	assert_int_equal(outdir_open("/", 0700, &od, &e), -1);
	assert_int_equal(outdir_open("..", 0700, &od, &e), -1);
}

static void
test_one_file_replaces_by_rename_and_refuses_a_link(void **state)
{
	struct pw_error e;
	struct stat st;
	char victim[256];

	(void)state;
	umask(077);
	assert_int_equal(outfile_write(target, "one\n", 4, 0644, &e), 0);
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(outfile_write(target, "two\n", 4, 0600, &e), 0);
	assert_string_equal(slurp(target), "two\n");
	assert_string_equal(listing(dir), "out");
	/* A link at the path: refused, the file it points to untouched. */
	snprintf(victim, sizeof victim, "%s/victim", dir);
	spit(victim, "precious\n");
	assert_int_equal(unlink(target), 0);
	assert_int_equal(symlink(victim, target), 0);
	assert_int_equal(outfile_write(target, "evil\n", 5, 0666, &e), -1);
	assert_non_null(strstr(e.msg, "is a symbolic link"));
	assert_string_equal(slurp(victim), "precious\n");
	assert_int_equal(lstat(target, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(listing(dir), "out victim");
	/* A full disk: the old file stays, no temporary. */
	struct rlimit old, small;
	assert_int_equal(unlink(target), 0);
	assert_int_equal(outfile_write(target, "kept\n", 5, 0600, &e), 0);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = (struct rlimit){ 2, old.rlim_max };
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	int rc = outfile_write(target, "too long\n", 9, 0600, &e);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(rc, -1);
	assert_string_equal(slurp(target), "kept\n");
	assert_string_equal(listing(dir), "out victim");
	umask(022);
}

/* The pack's records are read in one transaction: what another process
 * commits meanwhile is not seen until it ends. */
static void
test_a_read_transaction_sees_one_snapshot(void **state)
{
	struct store *a, *b;
	struct pw_error e;
	char db[128];
	long v;

	(void)state;
	snprintf(db, sizeof db, "%s/t.db", dir);
	assert_int_equal(store_open(db, &a, &e), 0);
	assert_int_equal(store_open(db, &b, &e), 0);
	assert_int_equal(store_stat_put(b, "x", 1, &e), 0);
	assert_int_equal(store_read_begin(a, &e), 0);
	assert_int_equal(store_stat(a, "x", &v, &e), 0);
	assert_int_equal(v, 1);
	/* Not blocked by the reader (WAL), and not seen by it. */
	assert_int_equal(store_stat_put(b, "x", 2, &e), 0);
	assert_int_equal(store_stat(a, "x", &v, &e), 0);
	assert_int_equal(v, 1);
	store_read_end(a);
	assert_int_equal(store_stat(a, "x", &v, &e), 0);
	assert_int_equal(v, 2);
	store_read_end(a);	/* twice is harmless */
	store_close(a);
	store_close(b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_folder_is_written_with_a_manifest_sha256sum_checks),
		T(test_modes_are_as_asked_whatever_the_umask),
		T(test_stale_files_go_only_when_the_previous_manifest_lists_them),
		T(test_a_file_the_pack_did_not_write_is_kept_and_refused),
		T(test_a_link_in_the_folder_or_as_the_folder_is_refused_not_followed),
		T(test_a_folder_others_may_write_is_refused),
		T(test_a_folder_of_another_user_is_refused),
		T(test_a_failure_midway_leaves_the_previous_folder_and_no_temporary),
		T(test_names_are_plain_and_written_once),
		T(test_one_file_replaces_by_rename_and_refuses_a_link),
		T(test_a_read_transaction_sees_one_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
