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
 *                lines is at file scope or not in code at all (file-scope.ts), or checkC()
 *                finds no lock in a function; SIZE is the file's size in bytes (the scan
 *                counts it);
 *   =found SIZE  and one or more hits `RS line US column US spelling US names US function US
 *                parameters` (RS 0x1e, US 0x1f, names comma-separated, printable ASCII): the
 *                locks checkC() reports, as data the rule words (its nativeHit());
 *   =read        anything else (a lock in a `#define` body, a suppression comment, a file
 *                changed since rg read it, unreadable, too large): lint-source reads the file
 *                and decides as it does without this filter.
 * The verdicts are the ones JS reaches, only without Node reading the files: the candidate
 * match is decided exactly (every way the regex can match, not a window), the scope with the
 * same rules as file-scope.ts, the rest by a port of the lexer, the structure walk and the
 * declarators (the section "the whole rule" below). Tests compare both on the rule table, on
 * edge cases, on generated files and on every file rg lists in linux-6.1.
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

/* The directive whose `#` is at p, if the `#` starts one (only blanks before it on its line). */
static int directive_at(const u8 *s, size_t n, size_t p, struct directive *d)
{
	if (!at_line_start(s, p))
		return 0;
	read_directive(s, n, p, d);
	return 1;
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

/*
 * lexer.ts nextStop(): the first offset from i on that holds one of ch[0..k) (n if none), by
 * memchr; next[j] keeps where ch[j] was last found (found[j]: searched yet), so each byte value
 * is searched for again only once passed.
 */
static size_t next_stop(const u8 *s, size_t n, size_t i, const u8 *ch, int k, size_t *next, int *found)
{
	size_t p = n;
	for (int j = 0; j < k; j++) {
		if (!found[j] || next[j] < i) {
			const u8 *q = i < n ? memchr(s + i, ch[j], n - i) : NULL;
			next[j] = q ? (size_t)(q - s) : n;
			found[j] = 1;
		}
		if (next[j] < p)
			p = next[j];
	}
	return p;
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
		size_t p = next_stop(s, n, i, CH, 6, next, found);
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
			struct directive d;
			if (!directive_at(s, n, p, &d)) {
				i = p + 1;
				continue;
			}
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

/*
 * ---- the whole rule, for the files atFileScope() cannot settle ----
 *
 * checkC() of rules/source/function-static-lock.ts on the file's bytes: the lexer (lexer.ts
 * lexC: the code-only copy and the directives), the lock declarations (lock-decls.ts), the
 * structure walk (structure.ts: depths, then the function bodies up to the last lock in
 * braces) and functionAt() (model.ts). Each function is a line-by-line port; the names say
 * which. What it does not port it declines (RULE_READ: lint-source reads the file): locks in
 * `#define` bodies (macroHits), suppression comments, and text it would have to escape.
 */

/* JS's \s on a latin-1 byte (String.prototype.trim strips the same). */
static int js_space(int c)
{
	return (c >= 9 && c <= 13) || c == 32 || c == 0xa0;
}

/* structure.ts isSpace(). */
static int c_space(int c)
{
	return c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	p = realloc(p, c * size);
	if (!p)
		abort();
	*cap = c;
	return p;
}

/* -- lexer.ts lexC() -- */

struct dir {
	size_t offset, end;
	char name[8];
};

static u8 *code;            /* the code-only copy */
static int macro_lock_seen; /* a `#define` that may declare a lock (define_may_declare) */
static size_t code_cap;
static struct dir *dirs;    /* the directives lexC() returns */
static size_t ndirs, dirs_cap;

enum mode { M_UNKNOWN, M_ZERO, M_ONE, M_DEAD };
struct cgroup {
	enum mode mode;
	int live;
};
static struct cgroup *cgroups;
static size_t cgroups_cap;

/* lexer.ts blank(): spaces over [from, to), newlines kept. */
static void blank_code(const u8 *s, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (s[k] != NL)
			code[k] = SPACE;
}

static int is_if_name(const char *name)
{
	return !strcmp(name, "if") || !strcmp(name, "ifdef") || !strcmp(name, "ifndef");
}

/* lexer.ts applyConditional(); `cond` is constantCondition() of an #if/#elif (-1: neither). */
static int apply_conditional(size_t *ng, const char *name, int cond, int dead)
{
	if (is_if_name(name)) {
		cgroups = grow(cgroups, &cgroups_cap, *ng + 1, sizeof(*cgroups));
		struct cgroup *g = &cgroups[(*ng)++];
		if (dead) {
			g->mode = M_DEAD;
			g->live = 0;
			return 1;
		}
		int k = !strcmp(name, "if") ? cond : -1;
		g->mode = k == 0 ? M_ZERO : k == 1 ? M_ONE : M_UNKNOWN;
		g->live = k != 0;
		return !g->live;
	}
	if (!*ng)
		return dead;
	struct cgroup *g = &cgroups[*ng - 1];
	if (!strcmp(name, "elif") || !strcmp(name, "else")) {
		if (g->mode == M_DEAD)
			return 1;
		if (g->mode == M_ONE) {
			g->live = 0;
			return 1;
		}
		if (g->mode == M_ZERO) {
			int k = !strcmp(name, "else") ? 1 : cond;
			if (k == 0)
				return 1;
			g->mode = k == 1 ? M_ONE : M_UNKNOWN;
			g->live = 1;
			return 0;
		}
		return 0;
	}
	if (!strcmp(name, "endif")) {
		(*ng)--;
		if (!*ng)
			return 0;
		struct cgroup *p = &cgroups[*ng - 1];
		return !p->live || p->mode == M_DEAD;
	}
	return dead;
}

/*
 * Whether a `#define` may declare a lock (macroHits, not ported): LOCK_WORD in its text and
 * `static` in it once continuation lines are joined. Every `#define` counts, dead ones too.
 */
static int define_may_declare(const u8 *s, const struct directive *d)
{
	static const char *const LOCK_WORDS[] = { "DEFINE_", "DECLARE_RWSEM", "lock_t", "mutex", "semaphore" };
	const u8 *t = s + d->body_start;
	size_t len = d->end - d->body_start;
	int word = 0;
	for (size_t k = 0; k < sizeof(LOCK_WORDS) / sizeof(LOCK_WORDS[0]) && !word; k++)
		word = memmem(t, len, LOCK_WORDS[k], strlen(LOCK_WORDS[k])) != NULL;
	if (!word)
		return 0;
	static const char STATIC[] = "static";
	size_t matched = 0;
	for (size_t k = 0; k < len; k++) {
		if (t[k] == BSLASH && k + 1 < len && (t[k + 1] == NL || (t[k + 1] == CR && k + 2 < len && t[k + 2] == NL))) {
			k += t[k + 1] == NL ? 1 : 2;
			continue;
		}
		matched = t[k] == (u8)STATIC[matched] ? matched + 1 : t[k] == 's' ? 1 : 0;
		if (matched == 6)
			return 1;
	}
	return 0;
}

static void lex(const u8 *s, size_t n)
{
	code = grow(code, &code_cap, n + 1, 1);
	memcpy(code, s, n);
	ndirs = 0;
	size_t ng = 0, dead_from = 0, i = 0;
	int dead = 0;
	static const u8 CH[4] = { SLASH, DQUOTE, SQUOTE, HASH };
	size_t next[4];
	int found[4] = { 0 };
	while (i < n) {
		size_t p = next_stop(s, n, i, CH, 4, next, found);
		if (p >= n)
			break;
		u8 c = s[p];
		if (c == HASH) {
			struct directive d;
			if (!directive_at(s, n, p, &d)) {
				i = p + 1;
				continue;
			}
			blank_code(s, p, d.end);
			if (!strcmp(d.name, "define") && define_may_declare(s, &d))
				macro_lock_seen = 1;
			int was = dead;
			int cond = !strcmp(d.name, "if") || !strcmp(d.name, "elif") ? constant_condition(s, n, &d) : -1;
			dead = apply_conditional(&ng, d.name, cond, dead);
			if (!was && dead)
				dead_from = d.end;
			if (was && !dead)
				blank_code(s, dead_from, p);
			if (!was || !dead) {
				dirs = grow(dirs, &dirs_cap, ndirs + 1, sizeof(*dirs));
				dirs[ndirs].offset = p;
				dirs[ndirs].end = d.end;
				memcpy(dirs[ndirs].name, d.name, sizeof(d.name));
				ndirs++;
			}
			i = d.end;
			continue;
		}
		if (c == SLASH) {
			int nx = at(s, n, p + 1);
			if (nx == STAR || nx == SLASH) {
				size_t end = nx == STAR ? block_comment_end(s, n, p) : line_comment_end(s, n, p);
				blank_code(s, p, end);
				i = end;
			} else {
				i = p + 1;
			}
			continue;
		}
		size_t end = literal_end(s, n, p, c);
		blank_code(s, p + 1, end - (end - 1 > p && s[end - 1] == c ? 1 : 0));
		i = end;
	}
	if (dead)
		blank_code(s, dead_from, n);
}

/* -- lock-decls.ts -- */

/* LOCK_KINDS' keys; the first seven are macros (DEFINE_...(name)). */
static const char *const KINDS[] = {
	"DEFINE_SPINLOCK", "DEFINE_RAW_SPINLOCK", "DEFINE_RWLOCK", "DEFINE_MUTEX", "DEFINE_SEMAPHORE",
	"DECLARE_RWSEM", "DEFINE_SEQLOCK", "raw_spinlock_t", "spinlock_t", "rwlock_t", "seqlock_t",
	"struct mutex", "struct semaphore", "struct rw_semaphore",
};
enum { MACRO_KINDS = 7, STRUCT_KINDS = 11 };

/* LOCK_AT, sticky at i: the match's length (0: none), its kind in *kind. */
static size_t lock_spelling(const u8 *c, size_t n, size_t i, int *kind)
{
	for (int k = 0; k < STRUCT_KINDS; k++) {
		if (word_at(c, n, i, KINDS[k])) {
			*kind = k;
			return strlen(KINDS[k]);
		}
	}
	if (!(i + 6 < n && !memcmp(c + i, "struct", 6) && js_space(c[i + 6])))
		return 0;
	size_t j = i + 6;
	while (j < n && js_space(c[j]))
		j++;
	for (int k = STRUCT_KINDS; k < (int)(sizeof(KINDS) / sizeof(KINDS[0])); k++) {
		if (word_at(c, n, j, KINDS[k] + 7)) {
			*kind = k;
			return j + strlen(KINDS[k] + 7) - i;
		}
	}
	return 0;
}

/* QUALIFIER: const, volatile, __\w*, [A-Z][A-Z0-9_]* (a whole word [from, to)). */
static int qualifier(const u8 *c, size_t from, size_t to)
{
	size_t len = to - from;
	if ((len == 5 && !memcmp(c + from, "const", 5)) || (len == 8 && !memcmp(c + from, "volatile", 8)))
		return 1;
	if (len >= 2 && c[from] == '_' && c[from + 1] == '_')
		return 1;
	if (!(len >= 1 && c[from] >= 'A' && c[from] <= 'Z'))
		return 0;
	for (size_t k = from + 1; k < to; k++)
		if (!((c[k] >= 'A' && c[k] <= 'Z') || (c[k] >= '0' && c[k] <= '9') || c[k] == '_'))
			return 0;
	return 1;
}

static int word_is(const u8 *c, size_t from, size_t to, const char *w)
{
	return to - from == strlen(w) && !memcmp(c + from, w, to - from);
}

/* lockSpellingAfter(): the offset of the lock spelling after a `static` (from i), or -1. */
static long lock_spelling_after(const u8 *c, size_t n, size_t i)
{
	for (;;) {
		while (i < n && c_space(c[i]))
			i++;
		if (i >= n || !is_word(c[i]))
			return -1;
		int kind;
		if (lock_spelling(c, n, i, &kind))
			return (long)i;
		size_t e = i;
		while (e < n && is_word(c[e]))
			e++;
		if (!qualifier(c, i, e))
			return -1;
		int attr = e - i >= 2 && c[i] == '_' && c[i + 1] == '_';
		i = e;
		if (!attr)
			continue;
		size_t k = i;
		while (k < n && c_space(c[k]))
			k++;
		if (k >= n || c[k] != '(')
			continue;
		long depth = 0;
		for (; k < n; k++) {
			if (c[k] == '(')
				depth++;
			else if (c[k] == ')' && --depth == 0)
				break;
		}
		if (k >= n)
			return -1;
		i = k + 1;
	}
}

/* staticSpecifier(): from the lock spelling back to the declaration's first `static`, or -1. */
static long static_specifier(const u8 *c, size_t at_)
{
	long i = (long)at_ - 1, static_at = -1;
	while (i >= 0) {
		u8 ch = c[i];
		if (c_space(ch)) {
			i--;
			continue;
		}
		if (ch == ';' || ch == '{' || ch == '}' || ch == ':')
			break;
		if (ch == ')') {
			long depth = 0, k = i;
			for (; k >= 0; k--) {
				if (c[k] == ')')
					depth++;
				else if (c[k] == '(' && --depth == 0)
					break;
			}
			if (k < 0)
				return -1;
			long e = k - 1;
			while (e >= 0 && c_space(c[e]))
				e--;
			long s = e;
			while (s >= 0 && is_word(c[s]))
				s--;
			if (!(e - s >= 2 && c[s + 1] == '_' && c[s + 2] == '_'))
				return -1;
			i = s;
			continue;
		}
		if (!is_word(ch))
			return -1;
		long s = i;
		while (s >= 0 && is_word(c[s]))
			s--;
		size_t from = (size_t)(s + 1), to = (size_t)(i + 1);
		if (word_is(c, from, to, "extern") || word_is(c, from, to, "typedef") || word_is(c, from, to, "return") ||
		    word_is(c, from, to, "sizeof"))
			return -1;
		if (word_is(c, from, to, "static"))
			static_at = s + 1;
		else if (static_at < 0 && !qualifier(c, from, to))
			return -1;
		i = s;
	}
	return static_at;
}

struct decl {
	size_t offset, kind_offset;
	int kind;
	size_t names_from, nnames; /* into names[] */
	long depth;
};
static struct decl *decls;
static size_t ndecls, decls_cap;
struct span {
	size_t from, to;
};
static struct span *names;
static size_t nnames, names_cap;

static void add_name(size_t from, size_t to)
{
	names = grow(names, &names_cap, nnames + 1, sizeof(*names));
	names[nnames].from = from;
	names[nnames].to = to;
	nnames++;
}

/* macroName(): /^\s*\(\s*([A-Za-z_]\w*)\s*[,)]/ on code[at, at + 200). */
static void macro_name(const u8 *c, size_t n, size_t at_)
{
	size_t lim = at_ + 200 < n ? at_ + 200 : n, j = at_;
	while (j < lim && js_space(c[j]))
		j++;
	if (j >= lim || c[j] != '(')
		return;
	j++;
	while (j < lim && js_space(c[j]))
		j++;
	if (j >= lim || !(is_word(c[j]) && !(c[j] >= '0' && c[j] <= '9')))
		return;
	size_t from = j;
	while (j < lim && is_word(c[j]))
		j++;
	size_t to = j;
	while (j < lim && js_space(c[j]))
		j++;
	if (j < lim && (c[j] == ',' || c[j] == ')'))
		add_name(from, to);
}

/*
 * /^(?:(__\w+)\s+)*([A-Za-z_]\w*)\s*(\(|\[|$|__\w+)/ on d[0, len), with the regex's
 * backtracking: the name's span, and whether the group after it is `(`; 0 when no match.
 */
static int declarator_name(const u8 *d, size_t len, size_t *from, size_t *to, int *paren)
{
	size_t pos[64];
	size_t np = 0, p = 0;
	pos[np++] = 0;
	for (;;) { /* each (__\w+\s+) in turn: it can only match one way */
		if (!(p + 2 < len && d[p] == '_' && d[p + 1] == '_' && is_word(d[p + 2])))
			break;
		size_t r = p + 2;
		while (r < len && is_word(d[r]))
			r++;
		if (!(r < len && js_space(d[r])))
			break;
		while (r < len && js_space(d[r]))
			r++;
		if (np == sizeof(pos) / sizeof(pos[0]))
			return -1; /* too many to follow: the caller declines the file */
		pos[np++] = p = r;
	}
	while (np--) {
		size_t q = pos[np];
		if (!(q < len && is_word(d[q]) && !(d[q] >= '0' && d[q] <= '9')))
			continue;
		size_t r = q;
		while (r < len && is_word(d[r]))
			r++;
		size_t t = r;
		while (t < len && js_space(d[t]))
			t++;
		if (t == len || d[t] == '(' || d[t] == '[' || (t + 2 < len && d[t] == '_' && d[t + 1] == '_' && is_word(d[t + 2]))) {
			*from = q;
			*to = r;
			*paren = t < len && d[t] == '(';
			return 1;
		}
		/* A shorter name: the next byte is \w, so only `__\w+` can follow. */
		for (size_t e = r - 1; e > q; e--) {
			if (e + 2 < len && d[e] == '_' && d[e + 1] == '_' && is_word(d[e + 2])) {
				*from = q;
				*to = e;
				*paren = 0;
				return 1;
			}
		}
	}
	return 0;
}

/* declarators(): the names after a lock type up to the `;`. -1: declined. */
static int declarators(const u8 *c, size_t n, size_t at_)
{
	const u8 *semi = at_ < n ? memchr(c + at_, ';', n - at_) : NULL;
	size_t end = semi ? (size_t)(semi - c) : n;
	size_t part = at_;
	long depth = 0;
	for (size_t k = at_; k <= end; k++) {
		if (k < end) {
			u8 ch = c[k];
			if (ch == '(' || ch == '[' || ch == '{')
				depth++;
			else if (ch == ')' || ch == ']' || ch == '}')
				depth--;
			if (!(ch == ',' && depth == 0))
				continue;
		}
		/* one part: [part, k) */
		const u8 *eq = memchr(c + part, '=', k - part);
		size_t a = part, b = eq ? (size_t)(eq - c) : k;
		while (a < b && js_space(c[a]))
			a++;
		while (b > a && js_space(c[b - 1]))
			b--;
		part = k + 1;
		if (a == b || c[a] == '*' || c[a] == '(')
			continue;
		size_t from, to;
		int paren;
		int r = declarator_name(c + a, b - a, &from, &to, &paren);
		if (r < 0)
			return -1;
		if (r && !paren)
			add_name(a + from, a + to);
	}
	return 0;
}

/* staticLockDecls(code): into decls[]; -1: declined. */
static int static_lock_decls(const u8 *c, size_t n)
{
	ndecls = 0;
	nnames = 0;
	long last_kind = -1;
	for (const u8 *x = c; (x = memmem(x, (size_t)(c + n - x), "static", 6)); x += 6) {
		size_t s = (size_t)(x - c);
		if ((s > 0 && is_word(c[s - 1])) || (s + 6 < n && is_word(c[s + 6])))
			continue;
		long at_ = lock_spelling_after(c, n, s + 6);
		if (at_ < 0 || at_ <= last_kind)
			continue;
		int kind;
		size_t len = lock_spelling(c, n, (size_t)at_, &kind);
		long static_at = static_specifier(c, (size_t)at_);
		if (static_at < 0)
			continue;
		last_kind = at_;
		size_t first = nnames;
		if (kind < MACRO_KINDS)
			macro_name(c, n, (size_t)at_ + len);
		else if (declarators(c, n, (size_t)at_ + len) < 0)
			return -1;
		if (nnames == first)
			continue;
		decls = grow(decls, &decls_cap, ndecls + 1, sizeof(*decls));
		decls[ndecls].offset = (size_t)static_at;
		decls[ndecls].kind_offset = (size_t)at_;
		decls[ndecls].kind = kind;
		decls[ndecls].names_from = first;
		decls[ndecls].nnames = nnames - first;
		ndecls++;
	}
	return 0;
}

/* -- structure.ts walk() -- */

struct head {
	size_t name_from, name_to; /* in the buffer the head was read from (same offsets) */
	size_t params_from, params_len; /* into params[] */
	size_t open, close;
};
static struct head *heads;
static size_t nheads, heads_cap;
static char *params;
static size_t nparams, params_cap;
static char *fn_names;
static size_t nfn_names, fn_names_cap;
static size_t *fns; /* the functions found (indices into heads), in walk order */
static size_t nfns, fns_cap;

struct state {
	long depth, paren;
	size_t head_start;
	long fn;
};
struct branch {
	struct state at_if, first_end;
	int has_first;
	size_t ranges_from, branch_start;
};
static struct branch *branches;
static size_t branches_cap;
static struct span *ranges;
static size_t nranges, ranges_cap;
static u8 *alt; /* Heads' blanked copy, made when a branch is dropped */
static size_t alt_cap;
static int alt_made;

static const char *const NOT_FUNCTIONS[] = { "if", "for", "while", "switch", "return", "sizeof", "typeof", "__typeof__", "do", "else" };

/* functionHead() on h[start..brace]: a new heads[] entry, or -1. */
static long function_head(const u8 *h, size_t start, size_t brace)
{
	long st = (long)start, end = (long)brace - 1;
	while (end >= st && c_space(h[end]))
		end--;
	for (int guard = 0; guard < 8; guard++) {
		if (end < st || h[end] != ')')
			return -1;
		long depth = 0, open = -1;
		for (long i = end; i >= st; i--) {
			if (h[i] == ')')
				depth++;
			else if (h[i] == '(' && --depth == 0) {
				open = i;
				break;
			}
		}
		if (open < 0)
			return -1;
		long k = open - 1;
		while (k >= st && c_space(h[k]))
			k--;
		long id_end = k + 1;
		while (k >= st && is_word(h[k]))
			k--;
		size_t nf = (size_t)(k + 1), nt = (size_t)id_end;
		if (nf == nt || (h[nf] >= '0' && h[nf] <= '9'))
			return -1;
		for (size_t w = 0; w < sizeof(NOT_FUNCTIONS) / sizeof(NOT_FUNCTIONS[0]); w++)
			if (word_is(h, nf, nt, NOT_FUNCTIONS[w]))
				return -1;
		long before = k;
		while (before >= st && c_space(h[before]))
			before--;
		if (nt - nf >= 2 && h[nf] == '_' && h[nf + 1] == '_' && before >= st && h[before] == ')') {
			end = before;
			continue;
		}
		long d = 0;
		for (long i = st; i < k + 1; i++) {
			u8 ch = h[i];
			if (ch == '(' || ch == '[' || ch == '{')
				d++;
			else if (ch == ')' || ch == ']' || ch == '}')
				d--;
			else if (ch == '=' && d == 0)
				return -1;
		}
		heads = grow(heads, &heads_cap, nheads + 1, sizeof(*heads));
		struct head *fh = &heads[nheads];
		fh->name_from = nfn_names;
		fh->name_to = nfn_names + (nt - nf);
		fn_names = grow(fn_names, &fn_names_cap, nfn_names + (nt - nf), 1);
		memcpy(fn_names + nfn_names, h + nf, nt - nf);
		nfn_names += nt - nf;
		/* params: .replace(/\s+/g, ' ').trim() */
		params = grow(params, &params_cap, nparams + (size_t)(end - open), 1);
		fh->params_from = nparams;
		int gap = 0;
		for (long i = open + 1; i < end; i++) {
			if (js_space(h[i])) {
				gap = 1;
				continue;
			}
			if (gap && nparams > fh->params_from)
				params[nparams++] = ' ';
			gap = 0;
			params[nparams++] = (char)h[i];
		}
		fh->params_len = nparams - fh->params_from;
		fh->open = brace;
		fh->close = 0;
		return (long)nheads++;
	}
	return -1;
}

static int is_conditional(const char *name)
{
	return is_if_name(name) || !strcmp(name, "elif") || !strcmp(name, "else") || !strcmp(name, "endif");
}

static void alt_blank(size_t n, size_t from, size_t to)
{
	if (to <= from)
		return;
	if (!alt_made) {
		alt = grow(alt, &alt_cap, n + 1, 1);
		memcpy(alt, code, n);
		alt_made = 1;
	}
	for (size_t k = from; k < to; k++)
		if (alt[k] != NL)
			alt[k] = SPACE;
}

/* applyBranch(). */
static struct state apply_branch(size_t *nb, const struct dir *d, struct state s, int with_heads, size_t n)
{
	if (is_if_name(d->name)) {
		branches = grow(branches, &branches_cap, *nb + 1, sizeof(*branches));
		struct branch *b = &branches[(*nb)++];
		b->at_if = s;
		b->has_first = 0;
		b->ranges_from = nranges;
		b->branch_start = d->end;
		return s;
	}
	if (!*nb)
		return s;
	struct branch *b = &branches[*nb - 1];
	ranges = grow(ranges, &ranges_cap, nranges + 1, sizeof(*ranges));
	ranges[nranges].from = b->branch_start;
	ranges[nranges].to = d->offset;
	nranges++;
	b->branch_start = d->end;
	if (!strcmp(d->name, "elif") || !strcmp(d->name, "else")) {
		if (!b->has_first) {
			b->first_end = s;
			b->has_first = 1;
		}
		return b->at_if;
	}
	(*nb)--;
	size_t nr = nranges - b->ranges_from;
	struct state out = s;
	if (nr >= 2) {
		int keep_first = b->has_first && b->first_end.depth != s.depth;
		size_t kept = keep_first ? 0 : nr - 1;
		if (with_heads)
			for (size_t k = 0; k < nr; k++)
				if (k != kept)
					alt_blank(n, ranges[b->ranges_from + k].from, ranges[b->ranges_from + k].to);
		if (keep_first)
			out = b->first_end;
	}
	nranges = b->ranges_from;
	return out;
}

static void add_function(long fn, size_t close)
{
	heads[fn].close = close;
	fns = grow(fns, &fns_cap, nfns + 1, sizeof(*fns));
	fns[nfns++] = (size_t)fn;
}

/*
 * walk(): with heads, the functions (into fns[], sorted by their `{` as JS's stable sort does),
 * stopping after `settle_after` as functionsThrough() does; without, the depth at each of
 * offs[] (ascending) as depthsAt() does.
 */
static void walk(size_t n, int with_heads, const size_t *offs, size_t noffs, long *depths, long settle_after)
{
	struct state s = { 0, 0, 0, -1 };
	size_t nb = 0, di = 0, oi = 0;
	nranges = 0;
	alt_made = 0;
	nheads = nfns = nparams = nfn_names = 0;
	while (di < ndirs && !is_conditional(dirs[di].name))
		di++;
	size_t next_dir = di < ndirs ? dirs[di].offset : n;
	size_t lim = with_heads ? n : (noffs ? (offs[noffs - 1] + 1 < n ? offs[noffs - 1] + 1 : n) : 0);
	for (size_t i = 0; i < lim; i++) {
		if (settle_after >= 0 && (long)i > settle_after && s.depth == 0 && nb == 0)
			break;
		while (oi < noffs && offs[oi] <= i)
			depths[oi++] = s.depth;
		if (i == next_dir) {
			const struct dir *d = &dirs[di++];
			while (di < ndirs && !is_conditional(dirs[di].name))
				di++;
			next_dir = di < ndirs ? dirs[di].offset : n;
			s = apply_branch(&nb, d, s, with_heads, n);
			i = d->end - 1;
			continue;
		}
		u8 c = code[i];
		if (c != '{' && c != '}' && c != '(' && c != ')' && c != ';')
			continue;
		if (s.depth == 0) {
			if (c == '(')
				s.paren++;
			else if (c == ')')
				s.paren = s.paren > 0 ? s.paren - 1 : 0;
			else if (c == ';') {
				if (s.paren == 0)
					s.head_start = i + 1;
			} else if (c == '{') {
				s.depth = 1;
				s.fn = s.paren == 0 && with_heads ? function_head(alt_made ? alt : code, s.head_start, i) : -1;
			} else {
				s.head_start = i + 1;
				s.paren = 0;
			}
			continue;
		}
		if (c == '{')
			s.depth++;
		else if (c == '}') {
			s.depth--;
			if (s.depth == 0 && s.fn >= 0) {
				add_function(s.fn, i);
				s.fn = -1;
				s.head_start = i + 1;
			}
		}
	}
	while (oi < noffs)
		depths[oi++] = s.depth;
	if (s.fn >= 0)
		add_function(s.fn, n);
	/* stable insertion sort by `{` (nearly sorted already) */
	for (size_t k = 1; k < nfns; k++) {
		size_t v = fns[k], j = k;
		while (j > 0 && heads[fns[j - 1]].open > heads[v].open) {
			fns[j] = fns[j - 1];
			j--;
		}
		fns[j] = v;
	}
}

/* model.ts functionAt(): the heads[] entry whose body holds the offset, or -1. */
static long function_at(size_t offset)
{
	long lo = 0, hi = (long)nfns - 1;
	while (lo <= hi) {
		long mid = (lo + hi) >> 1;
		const struct head *f = &heads[fns[mid]];
		if (offset <= f->open)
			hi = mid - 1;
		else if (offset >= f->close)
			lo = mid + 1;
		else
			return (long)fns[mid];
	}
	return -1;
}

/* -- checkC() -- */

enum { RULE_READ = -1 };

struct hit {
	size_t decl; /* into decls[] */
	long fn;     /* into heads[] */
};
static struct hit *hits;
static size_t nhits, hits_cap;
static size_t *uoffs;
static long *udepths;
static size_t uoffs_cap, udepths_cap;

/* The 1-based line and column of an offset (model.ts lineCol). */
static void line_col(const u8 *s, size_t offset, size_t *line, size_t *column)
{
	size_t l = 1, start = 0;
	for (const u8 *p = s; (p = memchr(p, NL, (size_t)(s + offset - p))); p++) {
		l++;
		start = (size_t)(p - s) + 1;
	}
	*line = l;
	*column = offset - start + 1;
}

/*
 * checkC() without macroHits: the hits into hits[] and their count, or RULE_READ when the file
 * holds what is not ported (a suppression comment, a `#define` that may declare a lock).
 */
static long check_file(const u8 *s, size_t n)
{
	nhits = 0;
	if (memmem(s, n, "netback-policy:", 15))
		return RULE_READ;
	macro_lock_seen = 0;
	lex(s, n);
	if (macro_lock_seen || static_lock_decls(code, n) < 0)
		return RULE_READ;
	/* No directive between `static` and the spelling; the candidate regex matches there. */
	size_t kept = 0;
	for (size_t k = 0; k < ndecls; k++) {
		int split = 0;
		for (size_t j = 0; j < ndirs && !split; j++)
			split = dirs[j].offset > decls[k].offset && dirs[j].offset < decls[k].kind_offset;
		if (!split && candidate_at(s, n, decls[k].offset))
			decls[kept++] = decls[k];
	}
	ndecls = kept;
	if (!ndecls)
		return 0;
	/* depthsOf(): the depth at each distinct offset, ascending. */
	uoffs = grow(uoffs, &uoffs_cap, ndecls, sizeof(*uoffs));
	udepths = grow(udepths, &udepths_cap, ndecls, sizeof(*udepths));
	size_t nu = 0;
	for (size_t k = 0; k < ndecls; k++) {
		size_t v = decls[k].offset, j = nu;
		while (j > 0 && uoffs[j - 1] > v)
			j--;
		if (j > 0 && uoffs[j - 1] == v)
			continue;
		memmove(uoffs + j + 1, uoffs + j, (nu - j) * sizeof(*uoffs));
		uoffs[j] = v;
		nu++;
	}
	walk(n, 0, uoffs, nu, udepths, -1);
	long last = -1;
	for (size_t k = 0; k < ndecls; k++) {
		size_t j = 0;
		while (uoffs[j] != decls[k].offset)
			j++;
		decls[k].depth = udepths[j];
		if (decls[k].depth != 0)
			last = (long)decls[k].offset;
	}
	if (last < 0)
		return 0;
	walk(n, 1, NULL, 0, NULL, last);
	for (size_t k = 0; k < ndecls; k++) {
		if (decls[k].depth == 0)
			continue;
		long fn = function_at(decls[k].offset);
		if (fn < 0)
			continue;
		hits = grow(hits, &hits_cap, nhits + 1, sizeof(*hits));
		hits[nhits].decl = k;
		hits[nhits].fn = fn;
		nhits++;
	}
	return (long)nhits;
}

/*
 * The `found` verdict's hits, each `RS line US column US kind US names US function US params`
 * (names comma-separated); 0 when a field holds a byte that is not printable ASCII (the
 * record could not carry it: the file is read in JS).
 */
static int printable(const char *t, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (t[k] < 0x20 || t[k] > 0x7e)
			return 0;
	return 1;
}

static int hits_printable(void)
{
	for (size_t k = 0; k < nhits; k++) {
		const struct head *f = &heads[hits[k].fn];
		if (!printable(params + f->params_from, f->params_len))
			return 0;
	}
	return 1;
}

static void write_hits(const u8 *s)
{
	for (size_t k = 0; k < nhits; k++) {
		const struct decl *d = &decls[hits[k].decl];
		const struct head *f = &heads[hits[k].fn];
		size_t line, column;
		line_col(s, d->offset, &line, &column);
		printf("\x1e%zu\x1f%zu\x1f%s\x1f", line, column, KINDS[d->kind]);
		for (size_t j = 0; j < d->nnames; j++) {
			const struct span *nm = &names[d->names_from + j];
			if (j)
				putchar(',');
			fwrite(code + nm->from, 1, nm->to - nm->from, stdout);
		}
		putchar(0x1f);
		fwrite(fn_names + f->name_from, 1, f->name_to - f->name_from, stdout);
		putchar(0x1f);
		fwrite(params + f->params_from, 1, f->params_len, stdout);
	}
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
	long found = -1;
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
			else if ((found = check_file(file_buf, n)) == 0)
				verdict = "clear";
			else if (found > 0 && hits_printable())
				verdict = "found";
		}
	}
	if (!strcmp(verdict, "clear")) {
		printf("%c=clear %ld\n", 0, size);
	} else if (!strcmp(verdict, "found")) {
		printf("%c=found %ld", 0, size);
		write_hits(file_buf);
		putchar(NL);
	} else {
		printf("%c=%s\n", 0, verdict);
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
