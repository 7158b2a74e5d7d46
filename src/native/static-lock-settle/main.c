/*
 * static-lock-settle: function-static-lock on rg's files in C, as a filter between rg and
 * lint-source on the rg path: batch.ts settle() and, where that would read the file, the rule
 * itself (checkC() in rules/source/function-static-lock.ts).
 *
 * Reads rg's output (records `path NUL offset ':' line LF`, a file's records together, then the
 * --stats lines), writes it through unchanged, and after each file whose lines hold `static`
 * adds one record `path NUL '=' verdict LF` for function-static-lock:
 *   =none        no candidate match starts at any `static` in rg's lines: the rule has nothing
 *                to check in this file;
 *   =clear SIZE  a candidate matches, and the rule reports nothing: every `static` in rg's
 *                lines is at file scope or not in code at all (file-scope.ts), or every lock
 *                declaration checkC() reads is at file scope; SIZE is the file's size in
 *                bytes (the scan counts it);
 *   =read        anything else (a lock in braces, which the JS rule classifies; a lock in a
 *                `#define` body, a suppression comment, a file changed since rg read it,
 *                unreadable, too large): lint-source reads the file and decides as it does
 *                without this filter.
 * The verdicts are the ones JS reaches, only without Node reading the files: the candidate
 * match is decided exactly (every way the regex can match, not a window), the scope with the
 * same rules as file-scope.ts, the rest by a port of the lexer, the structure walk's depths and
 * the declarators (lexer.c, lock-decls.c, structure.c, check.c). A file with a lock in braces
 * is read in JS: the rule's classification of each lock (what its critical sections touch) is
 * JS only, so every scan path gives the same verdicts. Tests compare both on the rule
 * table, on edge cases, on generated files and on every file rg lists in linux-6.1.
 *
 * Usage: static-lock-settle CANDIDATE_SOURCE MAX_SIZE
 * CANDIDATE_SOURCE must be the rule's candidate regex, byte for byte (candidate.c matches that
 * regex): anything else exits 3 before reading, and lint-source falls back to reading in JS.
 * Exit 0 when the output is complete; 2 on a read or write error on the pipes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "candidate.h"
#include "check.h"
#include "file-scope.h"

/* ---- one file ---- */

struct line {
	size_t offset;
	const u8 *text;
	size_t len;
};

static u8 *file_buf;
static size_t file_cap;

/* The whole file in file_buf; -1 when it cannot be read whole or is over max_size. */
/* The whole file in file_buf; -1 when it cannot be read whole or is over max_size. */
static long read_file(const char *path, size_t max_size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size > max_size) {
		close(fd);
		return -1;
	}
	size_t want = (size_t)st.st_size;
	if (want + 1 > file_cap) {
		free(file_buf);
		file_cap = want + 1 > 65536 ? want + 1 : 65536;
		file_buf = malloc(file_cap);
		if (!file_buf)
			abort();
	}
	size_t got = 0;
	for (;;) {
		ssize_t r = read(fd, file_buf + got, file_cap - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
		if (got == file_cap) { /* grew since fstat */
			close(fd);
			return -1;
		}
	}
	close(fd);
	return (long)got;
}

/* Where `static` occurs in the current file's lines. */
static size_t *starts;
static size_t starts_cap;

enum verdict { V_NONE, V_CLEAR, V_READ };

/* The verdict for one file whose lines hold `static` at starts[0..m). */
static enum verdict verdict_of(const char *path, const struct line *lines, size_t nlines, size_t m,
			       size_t max_size, long *size)
{
	*size = read_file(path, max_size);
	if (*size < 0)
		return V_READ;
	size_t n = (size_t)*size;
	for (size_t k = 0; k < nlines; k++)
		if (lines[k].offset + lines[k].len > n ||
		    memcmp(file_buf + lines[k].offset, lines[k].text, lines[k].len))
			return V_READ; /* not the file rg read */
	int any = 0;
	for (size_t k = 0; k < m && !any; k++)
		any = candidate_at(file_buf, n, starts[k]);
	if (!any)
		return V_NONE;
	if (at_file_scope(file_buf, n, starts, m) == SCOPE_YES)
		return V_CLEAR;
	return check_file(file_buf, n) == RULE_CLEAR ? V_CLEAR : V_READ;
}

/* Settles one file: writes its verdict record, if its lines hold `static`. */
static void settle(const char *path, size_t path_len, const struct line *lines, size_t nlines,
		   size_t max_size)
{
	size_t m = 0;
	for (size_t k = 0; k < nlines; k++) {
		const u8 *t = lines[k].text, *end = t + lines[k].len;
		for (const u8 *x = t; (x = memmem(x, (size_t)(end - x), "static", 6)); x++) {
			starts = grow(starts, &starts_cap, m + 1, sizeof(*starts));
			starts[m++] = lines[k].offset + (size_t)(x - t);
		}
	}
	if (!m)
		return;
	fwrite(path, 1, path_len, stdout);
	long size;
	switch (verdict_of(path, lines, nlines, m, max_size, &size)) {
	case V_NONE:
		printf("%c=none\n", 0);
		break;
	case V_CLEAR:
		printf("%c=clear %ld\n", 0, size);
		break;
	case V_READ:
		printf("%c=read\n", 0);
		break;
	}
}

/* ---- rg's output ---- */

struct held {
	char *data;
	size_t len;
};

int main(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], CANDIDATE_SOURCE)) {
		fprintf(stderr, "static-lock-settle: built for another candidate regex\n");
		return 3;
	}
	char *endp;
	unsigned long long max_size = strtoull(argv[2], &endp, 10);
	if (!*argv[2] || *endp) {
		fprintf(stderr, "static-lock-settle: bad MAX_SIZE\n");
		return 3;
	}
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));

	/* The current file's records, kept until its last one is seen. */
	struct held *recs = NULL;
	size_t nrecs = 0, recs_cap = 0;
	struct line *lines = NULL;
	size_t lines_cap = 0;
	char *cur = NULL;
	size_t cur_len = 0;
	int cur_ok = 1;

	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	for (;;) {
		len = getline(&buf, &cap, stdin);
		char *nul = len > 0 ? memchr(buf, 0, (size_t)len) : NULL;
		size_t plen = nul ? (size_t)(nul - buf) : 0;
		int same_file = nul && cur && plen == cur_len && !memcmp(buf, cur, plen);
		if (cur && !same_file) {
			/* The file's records end: settle it, then write them and its verdict. */
			for (size_t k = 0; k < nrecs; k++)
				fwrite(recs[k].data, 1, recs[k].len, stdout);
			if (cur_ok) {
				for (size_t k = 0; k < nrecs; k++) {
					char *r = recs[k].data, *colon = memchr(r + cur_len + 1, ':', recs[k].len - cur_len - 1);
					lines[k].offset = strtoull(r + cur_len + 1, NULL, 10);
					lines[k].text = (const u8 *)colon + 1;
					lines[k].len = recs[k].len - (size_t)(colon + 1 - r) - (r[recs[k].len - 1] == '\n');
				}
				settle(cur, cur_len, lines, nrecs, (size_t)max_size);
			}
			for (size_t k = 0; k < nrecs; k++)
				free(recs[k].data);
			nrecs = 0;
			free(cur);
			cur = NULL;
		}
		if (len < 0)
			break;
		if (!nul) {
			fwrite(buf, 1, (size_t)len, stdout);
			continue;
		}
		if (!cur) {
			cur = malloc(plen + 1);
			if (!cur)
				abort();
			memcpy(cur, buf, plen);
			cur[plen] = 0; /* open() needs the name terminated */
			cur_len = plen;
			cur_ok = plen > 0;
		}
		/* `offset:` as rg writes it, else the file is left to lint-source (which flags it). */
		char *colon = memchr(nul + 1, ':', (size_t)len - plen - 1);
		if (!colon || colon == nul + 1 || buf[len - 1] != '\n')
			cur_ok = 0;
		for (char *d = nul + 1; colon && d < colon; d++)
			if (*d < '0' || *d > '9')
				cur_ok = 0;
		recs = grow(recs, &recs_cap, nrecs + 1, sizeof(*recs));
		lines = grow(lines, &lines_cap, nrecs + 1, sizeof(*lines));
		recs[nrecs].data = malloc((size_t)len);
		if (!recs[nrecs].data)
			abort();
		memcpy(recs[nrecs].data, buf, (size_t)len);
		recs[nrecs].len = (size_t)len;
		nrecs++;
	}
	if (ferror(stdin))
		return 2;
	if (fflush(stdout) || ferror(stdout))
		return 2;
	return 0;
}
