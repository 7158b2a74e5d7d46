/*
 * tree-census: the walk's census of a tree (src/lint/source/walk.ts), for lint-source's rg path,
 * where rg reads the files and the walk only has to count them and note symbolic links. In JS
 * that walk costs a third of a CPU-second on a whole kernel tree (Dirent objects, strings,
 * garbage) on the thread that also lints rg's files; here it costs a tenth, in a process of its
 * own (src/lint/source/tree-census.ts).
 *
 * Usage: tree-census [-k] [-e ENDING]... -- PREFIX...
 *   -k      Kbuild makefiles are taken (Makefile, Kbuild, and their `.suffix` variants);
 *   -e      a file name ending taken as C (ASCII; the caller checks);
 *   PREFIX  an input directory as the walk reports it: '' for '.', else ending in '/'.
 * Walks each PREFIX as the walk does: `.git` directories below it skipped, symbolic links never
 * followed, types from the directory entries (lstat where the file system gives none). Writes
 *   `l` PATH NUL  for each symbolic link (PREFIX + the path below it; the walk decides which
 *                 to note, and how);
 *   `k` PATH NUL  for each regular file whose Kbuild-ness this program does not decide (a name
 *                 after `Makefile.`/`Kbuild.` with a line break or a non-ASCII byte, which the
 *                 walk's regex reads as UTF-16);
 *   `n` COUNT NUL once at the end: the regular files the walk takes, but the `k` ones.
 * Exit 0 when the census is complete; 1 when a directory cannot be opened or read (the walk then
 * runs in JS and writes its note), 2 on bad usage or a write error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char **endings;
static size_t nendings;
static int kbuild;
static unsigned long long taken;

/* The walk's path buffer: PREFIX, then the directories below it. */
static char *path;
static size_t path_cap;

static void put_path(size_t len)
{
	if (len >= path_cap) {
		path_cap = (len + 1) * 2;
		path = realloc(path, path_cap);
		if (!path)
			abort();
	}
}

static void record(char kind, size_t dir_len, const char *name, size_t name_len)
{
	putchar(kind);
	fwrite(path, 1, dir_len, stdout);
	fwrite(name, 1, name_len + 1, stdout); /* with its NUL */
}

/* 1: isKbuildName() (file-kind.ts), 0: not, -1: not decided here. */
static int kbuild_name(const char *n, size_t len)
{
	size_t stem = !strncmp(n, "Makefile", 8) ? 8 : !strncmp(n, "Kbuild", 6) ? 6 : 0;
	if (!stem)
		return 0;
	if (len == stem)
		return 1;
	if (n[stem] != '.')
		return 0;
	/* `\..*$` in JS: `.` is any UTF-16 unit but a line break (\n, \r, U+2028, U+2029). */
	for (size_t k = stem + 1; k < len; k++)
		if (n[k] == '\n' || n[k] == '\r' || (unsigned char)n[k] >= 0x80)
			return -1;
	return 1;
}

static int wanted(const char *n, size_t len)
{
	for (size_t k = 0; k < nendings; k++) {
		size_t el = strlen(endings[k]);
		if (len >= el && !memcmp(n + len - el, endings[k], el))
			return 1;
	}
	return 0;
}

/* The records getdents64(2) fills its buffer with. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/*
 * Lists the directory open as `fd`, whose path as reported is path[0, dir_len); closes `fd`.
 * 0 or -1. Read with getdents64 itself: readdir() on fdopendir() adds an fcntl and an fstat per
 * directory, a third of the system calls of a whole-tree census, for the same entries in the
 * same order. Each level of the recursion has its own buffer.
 */
static int walk(int fd, size_t dir_len)
{
	_Alignas(8) char buf[32768];
	int rc = 0;
	for (;;) {
		long got = syscall(SYS_getdents64, fd, buf, sizeof(buf));
		if (got <= 0) {
			rc = got < 0 ? -1 : 0;
			break;
		}
		for (long off = 0; off < got && !rc;) {
			const struct linux_dirent64 *e = (const void *)(buf + off);
			off += e->d_reclen;
			const char *n = e->d_name;
			if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
				continue;
			size_t len = strlen(n);
			unsigned char t = e->d_type;
			if (t == DT_UNKNOWN) {
				struct stat st;
				if (fstatat(fd, n, &st, AT_SYMLINK_NOFOLLOW)) {
					rc = -1;
					break;
				}
				t = S_ISDIR(st.st_mode)   ? DT_DIR
				    : S_ISREG(st.st_mode) ? DT_REG
				    : S_ISLNK(st.st_mode) ? DT_LNK
							  : DT_UNKNOWN;
			}
			if (t == DT_DIR) {
				if (!strcmp(n, ".git"))
					continue;
				int sub = openat(fd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (sub < 0) {
					rc = -1;
					break;
				}
				put_path(dir_len + len + 1);
				memcpy(path + dir_len, n, len);
				path[dir_len + len] = '/';
				rc = walk(sub, dir_len + len + 1);
			} else if (t == DT_REG) {
				int k = kbuild_name(n, len);
				if (k < 0)
					record('k', dir_len, n, len);
				else if (k ? kbuild : wanted(n, len))
					taken++;
			} else if (t == DT_LNK) {
				record('l', dir_len, n, len);
			}
		}
		if (rc)
			break;
	}
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	int i = 1;
	endings = calloc((size_t)argc, sizeof(*endings));
	if (!endings)
		abort();
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-k"))
			kbuild = 1;
		else if (!strcmp(argv[i], "-e") && i + 1 < argc && argv[i + 1][0])
			endings[nendings++] = argv[++i];
		else {
			fprintf(stderr, "usage: tree-census [-k] [-e ENDING]... -- PREFIX...\n");
			return 2;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "usage: tree-census [-k] [-e ENDING]... -- PREFIX...\n");
		return 2;
	}
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	for (i++; i < argc; i++) {
		size_t len = strlen(argv[i]);
		put_path(len + 1);
		memcpy(path, argv[i], len);
		int fd = open(len ? argv[i] : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || walk(fd, len))
			return 1;
	}
	printf("n%llu%c", taken, 0);
	if (fflush(stdout) || ferror(stdout))
		return 2;
	return 0;
}
