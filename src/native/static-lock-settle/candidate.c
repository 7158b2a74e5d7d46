/*
 * function-static-lock's candidate regex in C: every way `(?:...)*?` can move from a `static`,
 * each position tried once, then the lock spelling (see candidate_at()).
 */
#define _GNU_SOURCE
#include <string.h>
#include "candidate.h"

const char CANDIDATE_SOURCE[] =
	"\\bstatic\\b(?:[ \\t\\n\\r\\f\\v\\\\]|\\/\\*(?:[^*]|\\*(?!\\/))*\\*\\/|\\/\\/[^\\n]*|"
	"__\\w*[ \\t\\n\\r\\f\\v\\\\]*\\("
	"(?:[^;{}()]|\\((?:[^;{}()]|\\((?:[^;{}()]|\\([^;{}()]*\\))*\\))*\\))*\\)|"
	"(?:const|volatile|struct|__\\w*|[A-Z][A-Z0-9_]*)\\b)*?"
	"\\b(?:DEFINE_(?:RAW_)?SPINLOCK|DEFINE_RWLOCK|DEFINE_MUTEX|DEFINE_SEMAPHORE|"
	"DECLARE_RWSEM|DEFINE_SEQLOCK|"
	"raw_spinlock_t|spinlock_t|rwlock_t|seqlock_t|(?<=[ \\t\\n])mutex|semaphore|rw_semaphore)\\b";

/* The regex's [ \t\n\r\f\v\\]. */
static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '\\';
}

static const char *const LOCKS[] = {
	"DEFINE_SPINLOCK", "DEFINE_RAW_SPINLOCK", "DEFINE_RWLOCK", "DEFINE_MUTEX", "DEFINE_SEMAPHORE",
	"DECLARE_RWSEM", "DEFINE_SEQLOCK", "raw_spinlock_t", "spinlock_t", "rwlock_t", "seqlock_t",
	"mutex", "semaphore", "rw_semaphore",
};

int word_at(const u8 *s, size_t n, size_t q, const char *w)
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
		/* (?<=[ \t\n])mutex */
		int after_blank = q > 0 && (s[q - 1] == ' ' || s[q - 1] == '\t' || s[q - 1] == '\n');
		if (!strcmp(LOCKS[k], "mutex") && !after_blank)
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
	*a = grow(*a, cap, *len + 1, sizeof(**a));
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
int candidate_at(const u8 *s, size_t n, size_t p)
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
