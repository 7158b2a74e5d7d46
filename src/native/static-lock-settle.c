/*
 * static-lock-settle: function-static-lock's settle step (src/lint/source/batch.ts) in C, as a
 * filter between rg and lint-source on the rg path.
 *
 * Reads rg's output (records `path NUL offset ':' line LF`, a file's records together, then the
 * --stats lines), writes it through unchanged, and after each file whose lines hold `static`
 * adds one record `path NUL '=' verdict LF` for function-static-lock:
 *   =none        no candidate match starts at any `static` in rg's lines: the rule has nothing
 *                to check in this file;
 *   =clear SIZE  a candidate matches, and every `static` in rg's lines is at file scope or not
 *                in code at all (file-scope.ts): the rule reports nothing; SIZE is the file's
 *                size in bytes (the scan counts it);
 *   =read        anything else (a static in a function, a directive or `#if 0` on the way, a
 *                file changed since rg read it, unreadable, too large): lint-source reads the
 *                file and decides as it does without this filter.
 * The verdicts are the ones batch.ts settle() reaches in JS, only without Node reading the
 * files: the candidate match is decided exactly (every way the regex can match, not a window),
 * the scope with the same rules as file-scope.ts. Tests compare both on the rule table, on
 * generated files and on every file rg lists in linux-6.1.
 *
 * Usage: static-lock-settle CANDIDATE_SOURCE MAX_SIZE
 * CANDIDATE_SOURCE must be the rule's candidate regex, byte for byte (the matcher below is that
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

/* rules/source/function-static-lock.ts CANDIDATE_SOURCE, which candidate_at() implements. */
static const char CANDIDATE_SOURCE[] =
	"\\bstatic\\b(?:[ \\t\\n\\r\\f\\v\\\\]|\\/\\*(?:[^*]|\\*(?!\\/))*\\*\\/|\\/\\/[^\\n]*|"
	"__\\w*[ \\t\\n\\r\\f\\v\\\\]*\\((?:[^;{}()]|\\((?:[^;{}()]|\\((?:[^;{}()]|\\([^;{}()]*\\))*\\))*\\))*\\)|"
	"(?:const|volatile|struct|__\\w*|[A-Z][A-Z0-9_]*)\\b)*?"
	"\\b(?:DEFINE_(?:RAW_)?SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|DECLARE_RWSEM|DEFINE_SEQLOCK|"
	"raw_spinlock_t|spinlock_t|rwlock_t|seqlock_t|(?<=[ \\t\\n])mutex|semaphore|rw_semaphore)\\b";

typedef unsigned char u8;

enum { NL = 10, CR = 13, SPACE = 32, TAB = 9, SLASH = '/', STAR = '*', BSLASH = '\\',
       DQUOTE = '"', SQUOTE = '\'', HASH = '#', LBRACE = '{', RBRACE = '}' };

static int is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The regex's [ \t\n\r\f\v\\]. */
static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '\\';
}

/* ---- the lexer's helpers (lexer.ts), on the file's bytes ---- */

static size_t block_comment_end(const u8 *s, size_t n, size_t i)
{
	const u8 *e = i + 2 <= n ? memmem(s + i + 2, n - i - 2, "*/", 2) : NULL;
	return e ? (size_t)(e - s) + 2 : n;
}

static size_t line_comment_end(const u8 *s, size_t n, size_t i)
{
	size_t j = i;
	for (;;) {
		const u8 *p = j < n ? memchr(s + j, NL, n - j) : NULL;
		if (!p)
			return n;
		size_t nl = (size_t)(p - s);
		size_t b = nl - 1;
		if (s[b] == CR)
			b--;
		if (s[b] != BSLASH)
			return nl;
		j = nl + 1;
	}
}

static size_t literal_end(const u8 *s, size_t n, size_t i, u8 q)
{
	size_t j = i + 1;
	while (j < n) {
		u8 c = s[j];
		if (c == BSLASH) {
			j += 2;
			continue;
		}
		if (c == q)
			return j + 1;
		if (c == NL)
			return j;
		j++;
	}
	return n;
}

static int at_line_start(const u8 *s, size_t p)
{
	while (p-- > 0) {
		u8 c = s[p];
		if (c == NL)
			return 1;
		if (c != SPACE && c != TAB && c != CR && c != 12 && c != 11)
			return 0;
	}
	return 1;
}

struct directive {
	size_t end;
	char name[8]; /* the names that matter are short; longer ones are stored as "" */
	size_t body_start;
};

static void read_directive(const u8 *s, size_t n, size_t start, struct directive *d)
{
	size_t j = start + 1;
	while (j < n && (s[j] == SPACE || s[j] == TAB))
		j++;
	size_t name_start = j;
	while (j < n && is_word(s[j]))
		j++;
	size_t len = j - name_start;
	if (len < sizeof(d->name)) {
		memcpy(d->name, s + name_start, len);
		d->name[len] = 0;
	} else {
		d->name[0] = 0;
	}
	d->body_start = j;
	while (j < n) {
		u8 c = s[j];
		if (c == NL)
			break;
		if (c == BSLASH && j + 1 < n && (s[j + 1] == NL || (s[j + 1] == CR && j + 2 < n && s[j + 2] == NL))) {
			j += s[j + 1] == NL ? 2 : 3;
			continue;
		}
		if (c == SLASH && j + 1 < n && s[j + 1] == STAR) {
			j = block_comment_end(s, n, j);
			continue;
		}
		if (c == SLASH && j + 1 < n && s[j + 1] == SLASH) {
			j = line_comment_end(s, n, j);
			break;
		}
		if (c == DQUOTE || c == SQUOTE) {
			j = literal_end(s, n, j, c);
			continue;
		}
		j++;
	}
	d->end = j;
}

/* A byte of the directive's body as lexer.ts directiveBody() reads it: -1 past the file. */
static int at(const u8 *s, size_t n, size_t k)
{
	return k < n ? s[k] : -1;
}

/* What JS's /[\s()]/ removes from a latin-1 body before constantCondition() compares. */
static int cond_ignored(int c)
{
	return (c >= 9 && c <= 13) || c == 32 || c == 0xa0 || c == '(' || c == ')';
}

/*
 * constantCondition(directiveBody(...).body): 0 or 1 when the body is `0`/`1` once blanks and
 * parentheses are gone, -1 otherwise. The body is built as directiveBody() builds it.
 */
static int constant_condition(const u8 *s, size_t n, const struct directive *d)
{
	char kept[2];
	int nkept = 0, overflow = 0;
#define EMIT(ch) do { int e_ = (ch); if (!cond_ignored(e_)) { if (nkept < 2) kept[nkept++] = (char)e_; else overflow = 1; } } while (0)
	size_t end = d->end, j = d->body_start;
	while (j < end) {
		int c = at(s, n, j);
		if (c == BSLASH && (at(s, n, j + 1) == NL || (at(s, n, j + 1) == CR && at(s, n, j + 2) == NL))) {
			j += at(s, n, j + 1) == NL ? 2 : 3;
			continue;
		}
		if (c == SLASH && at(s, n, j + 1) == STAR) {
			size_t k = j + 2;
			while (k < end && !(at(s, n, k) == STAR && at(s, n, k + 1) == SLASH))
				k++;
			EMIT(SPACE);
			j = k + 2;
			continue;
		}
		if (c == SLASH && at(s, n, j + 1) == SLASH)
			break;
		if (c == DQUOTE || c == SQUOTE) {
			size_t k = j + 1;
			while (k < end && at(s, n, k) != c && at(s, n, k) != NL)
				k += at(s, n, k) == BSLASH ? 2 : 1;
			size_t last = k < end - 1 ? k : end - 1;
			for (size_t q = j; q <= last; q++)
				if (at(s, n, q) != NL)
					EMIT(at(s, n, q));
			j = k + 1;
			continue;
		}
		if (c != CR && c != NL)
			EMIT(c);
		j++;
	}
#undef EMIT
	if (overflow || nkept != 1)
		return -1;
	return kept[0] == '0' ? 0 : kept[0] == '1' ? 1 : -1;
}

/* ---- file-scope.ts atFileScope() ---- */

enum scope { SCOPE_NO = 0, SCOPE_YES = 1, SCOPE_UNSURE = 2 };

struct group {
	long at_if, first_end, branches;
};

static struct group *groups;
static size_t groups_cap;

static enum scope at_file_scope(const u8 *s, size_t n, const size_t *off, size_t m)
{
	static const u8 CH[6] = { SLASH, DQUOTE, SQUOTE, HASH, LBRACE, RBRACE };
	size_t next[6];
	int found[6] = { 0 };
	long depth = 0;
	size_t i = 0, oi = 0, ng = 0;
	while (oi < m) {
		/* The next byte that can change state: memchr per kind, each searched again once passed. */
		size_t p = n;
		for (int k = 0; k < 6; k++) {
			if (!found[k] || next[k] < i) {
				const u8 *q = i < n ? memchr(s + i, CH[k], n - i) : NULL;
				next[k] = q ? (size_t)(q - s) : n;
				found[k] = 1;
			}
			if (next[k] < p)
				p = next[k];
		}
		for (; oi < m && off[oi] < p; oi++)
			if (depth != 0)
				return SCOPE_NO;
		if (oi >= m)
			return SCOPE_YES;
		if (p >= n)
			return SCOPE_UNSURE; /* an offset past the end: not the file rg read */
		u8 c = s[p];
		if (c == LBRACE) {
			depth++;
			i = p + 1;
			continue;
		}
		if (c == RBRACE) {
			if (depth > 0)
				depth--;
			i = p + 1;
			continue;
		}
		size_t end;
		if (c == HASH) {
			if (!at_line_start(s, p)) {
				i = p + 1;
				continue;
			}
			struct directive d;
			read_directive(s, n, p, &d);
			int is_if = !strcmp(d.name, "if"), is_elif = !strcmp(d.name, "elif");
			if ((is_if || is_elif) && constant_condition(s, n, &d) >= 0)
				return SCOPE_UNSURE;
			/* An offset in a directive may be a lock in a macro body. */
			if (off[oi] < d.end)
				return SCOPE_UNSURE;
			if (is_if || !strcmp(d.name, "ifdef") || !strcmp(d.name, "ifndef")) {
				if (ng == groups_cap) {
					groups_cap = groups_cap ? groups_cap * 2 : 64;
					groups = realloc(groups, groups_cap * sizeof(*groups));
					if (!groups)
						return SCOPE_UNSURE;
				}
				groups[ng].at_if = depth;
				groups[ng].first_end = -1;
				groups[ng].branches = 1;
				ng++;
			} else if (is_elif || !strcmp(d.name, "else") || !strcmp(d.name, "endif")) {
				if (ng && !strcmp(d.name, "endif")) {
					struct group *g = &groups[--ng];
					if (g->branches > 1 && g->first_end != depth)
						depth = g->first_end;
				} else if (ng) {
					struct group *g = &groups[ng - 1];
					if (g->branches++ == 1)
						g->first_end = depth;
					depth = g->at_if;
				}
			}
			i = d.end;
			continue;
		}
		if (c == SLASH) {
			int nx = at(s, n, p + 1);
			if (nx == STAR) {
				end = block_comment_end(s, n, p);
			} else if (nx == SLASH) {
				end = line_comment_end(s, n, p);
			} else {
				i = p + 1;
				continue;
			}
		} else {
			end = literal_end(s, n, p, c);
		}
		/* Offsets in a comment or literal are not code: no declaration starts there. */
		while (oi < m && off[oi] < end)
			oi++;
		i = end;
	}
	return SCOPE_YES;
}

/* ---- the candidate regex: does a match start at p? ---- */

static const char *const LOCKS[] = {
	"DEFINE_SPINLOCK", "DEFINE_RAW_SPINLOCK", "DEFINE_RWLOCK", "DEFINE_MUTEX", "DEFINE_SEMAPHORE",
	"DECLARE_RWSEM", "DEFINE_SEQLOCK", "raw_spinlock_t", "spinlock_t", "rwlock_t", "seqlock_t",
	"mutex", "semaphore", "rw_semaphore",
};

static int word_at(const u8 *s, size_t n, size_t q, const char *w)
{
	size_t len = strlen(w);
	return q + len <= n && !memcmp(s + q, w, len) && (q + len == n || !is_word(s[q + len]));
}

/* `\b(?:DEFINE_...|(?<=[ \t\n])mutex|...)\b` at q. */
static int lock_at(const u8 *s, size_t n, size_t q)
{
	if (q >= n || (q > 0 && is_word(s[q - 1])))
		return 0;
	for (size_t k = 0; k < sizeof(LOCKS) / sizeof(LOCKS[0]); k++) {
		if (!word_at(s, n, q, LOCKS[k]))
			continue;
		if (!strcmp(LOCKS[k], "mutex") && !(q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t' || s[q - 1] == '\n')))
			continue;
		return 1;
	}
	return 0;
}

/*
 * Positions the search has reached: one bit per byte of the file, and the list of set bits, so
 * that each search clears only what the last one set (the bitmap is an eighth of the largest
 * file, whatever the number of searches).
 */
static u8 *seen;
static size_t seen_cap;
static size_t *marked;
static size_t marked_len, marked_cap;
static size_t *todo;
static size_t todo_len, todo_cap;

static void push(size_t **a, size_t *len, size_t *cap, size_t v)
{
	if (*len == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*a = realloc(*a, *cap * sizeof(**a));
		if (!*a)
			abort();
	}
	(*a)[(*len)++] = v;
}

static void visit(size_t q)
{
	if (seen[q >> 3] & (1u << (q & 7)))
		return;
	seen[q >> 3] |= (u8)(1u << (q & 7));
	push(&marked, &marked_len, &marked_cap, q);
	push(&todo, &todo_len, &todo_cap, q);
}

/*
 * Whether the candidate regex, sticky at p, matches the text. The loop `(?:...)*?` only moves
 * the position, so every position it can reach is tried once (each alternative yields the
 * positions where it can end, backtracking included: a `//` comment may end anywhere on its
 * line), and the match exists if the lock spelling follows at one of them.
 */
static int candidate_at(const u8 *s, size_t n, size_t p)
{
	if ((p > 0 && is_word(s[p - 1])) || !word_at(s, n, p, "static"))
		return 0;
	if (n / 8 + 1 > seen_cap) {
		free(seen);
		seen_cap = n / 8 + 1 > 4096 ? n / 8 + 1 : 4096;
		seen = calloc(seen_cap, 1);
		if (!seen)
			abort();
	} else {
		for (size_t k = 0; k < marked_len; k++)
			seen[marked[k] >> 3] = 0;
	}
	marked_len = 0;
	todo_len = 0;
	visit(p + 6);
	while (todo_len) {
		size_t q = todo[--todo_len];
		if (lock_at(s, n, q))
			return 1;
		if (q >= n)
			continue;
		u8 c = s[q];
		if (is_blank(c))
			visit(q + 1);
		if (c == '/' && q + 1 < n && s[q + 1] == '*') {
			const u8 *e = memmem(s + q + 2, n - q - 2, "*/", 2);
			if (e)
				visit((size_t)(e - s) + 2);
		}
		if (c == '/' && q + 1 < n && s[q + 1] == '/') {
			const u8 *e = memchr(s + q + 2, NL, n - q - 2);
			size_t eol = e ? (size_t)(e - s) : n;
			for (size_t r = q + 2; r <= eol; r++)
				visit(r);
		}
		if (c == '_' && q + 1 < n && s[q + 1] == '_') {
			size_t r = q + 2;
			while (r < n && is_word(s[r]))
				r++;
			visit(r); /* the qualifier `__\w*\b` */
			size_t t = r;
			while (t < n && is_blank(s[t]))
				t++;
			if (t < n && s[t] == '(') {
				/* An attribute group: parentheses nested up to four deep, no ; { } inside. */
				int depth = 1;
				for (size_t u = t + 1; u < n; u++) {
					u8 ch = s[u];
					if (ch == ';' || ch == '{' || ch == '}')
						break;
					if (ch == '(' && ++depth > 4)
						break;
					if (ch == ')' && --depth == 0) {
						visit(u + 1);
						break;
					}
				}
			}
		}
		if (word_at(s, n, q, "const"))
			visit(q + 5);
		if (word_at(s, n, q, "volatile"))
			visit(q + 8);
		if (word_at(s, n, q, "struct"))
			visit(q + 6);
		if (c >= 'A' && c <= 'Z') {
			size_t r = q + 1;
			while (r < n && ((s[r] >= 'A' && s[r] <= 'Z') || (s[r] >= '0' && s[r] <= '9') || s[r] == '_'))
				r++;
			if (r == n || !is_word(s[r]))
				visit(r);
		}
	}
	return 0;
}

/* ---- one file ---- */

struct line {
	size_t offset;
	const u8 *text;
	size_t len;
};

static u8 *file_buf;
static size_t file_cap;

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

static size_t *starts;
static size_t starts_cap;

/* The verdict for one file; writes the record. */
static void settle(const char *path, size_t path_len, const struct line *lines, size_t nlines, size_t max_size)
{
	size_t m = 0;
	for (size_t k = 0; k < nlines; k++) {
		const u8 *t = lines[k].text, *end = t + lines[k].len;
		for (const u8 *x = t; (x = memmem(x, (size_t)(end - x), "static", 6)); x++) {
			if (m == starts_cap) {
				starts_cap = starts_cap ? starts_cap * 2 : 256;
				starts = realloc(starts, starts_cap * sizeof(*starts));
				if (!starts)
					abort();
			}
			starts[m++] = lines[k].offset + (size_t)(x - t);
		}
	}
	if (!m)
		return;
	fwrite(path, 1, path_len, stdout);
	long size = read_file(path, max_size);
	const char *verdict = "read";
	if (size >= 0) {
		size_t n = (size_t)size;
		int same = 1;
		for (size_t k = 0; k < nlines && same; k++)
			same = lines[k].offset + lines[k].len <= n && !memcmp(file_buf + lines[k].offset, lines[k].text, lines[k].len);
		if (same) {
			int any = 0;
			for (size_t k = 0; k < m && !any; k++)
				any = candidate_at(file_buf, n, starts[k]);
			if (!any)
				verdict = "none";
			else if (at_file_scope(file_buf, n, starts, m) == SCOPE_YES)
				verdict = "clear";
		}
	}
	if (!strcmp(verdict, "clear"))
		printf("%c=clear %ld\n", 0, size);
	else
		printf("%c=%s\n", 0, verdict);
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
		if (nrecs == recs_cap) {
			recs_cap = recs_cap ? recs_cap * 2 : 64;
			recs = realloc(recs, recs_cap * sizeof(*recs));
			lines = realloc(lines, recs_cap * sizeof(*lines));
			if (!recs || !lines)
				abort();
		}
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
