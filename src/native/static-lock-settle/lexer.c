/*
 * lexer.ts in C: the helpers atFileScope() reads a file with, and lexC(). Each function ports
 * the one its comment names, line by line; the tests compare the results with the JS ones.
 */
#define _GNU_SOURCE
#include <string.h>
#include "lexer.h"

size_t block_comment_end(const u8 *s, size_t n, size_t i)
{
	const u8 *e = i + 2 <= n ? memmem(s + i + 2, n - i - 2, "*/", 2) : NULL;
	return e ? (size_t)(e - s) + 2 : n;
}

size_t line_comment_end(const u8 *s, size_t n, size_t i)
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

size_t literal_end(const u8 *s, size_t n, size_t i, u8 q)
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
		size_t joined = continuation_at(s, n, j);
		if (joined) {
			j += joined;
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
int directive_at(const u8 *s, size_t n, size_t p, struct directive *d)
{
	if (!at_line_start(s, p))
		return 0;
	read_directive(s, n, p, d);
	return 1;
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
int constant_condition(const u8 *s, size_t n, const struct directive *d)
{
	char kept[2];
	int nkept = 0, overflow = 0;
#define EMIT(ch)                                   \
	do {                                       \
		int e_ = (ch);                     \
		if (cond_ignored(e_))              \
			break;                     \
		if (nkept < 2)                     \
			kept[nkept++] = (char)e_;  \
		else                               \
			overflow = 1;              \
	} while (0)
	size_t end = d->end, j = d->body_start;
	while (j < end) {
		int c = byte_at(s, n, j);
		size_t joined = continuation_at(s, n, j);
		if (joined) {
			j += joined;
			continue;
		}
		if (c == SLASH && byte_at(s, n, j + 1) == STAR) {
			size_t k = j + 2;
			while (k < end && !(byte_at(s, n, k) == STAR && byte_at(s, n, k + 1) == SLASH))
				k++;
			EMIT(SPACE);
			j = k + 2;
			continue;
		}
		if (c == SLASH && byte_at(s, n, j + 1) == SLASH)
			break;
		if (c == DQUOTE || c == SQUOTE) {
			size_t k = j + 1;
			while (k < end && byte_at(s, n, k) != c && byte_at(s, n, k) != NL)
				k += byte_at(s, n, k) == BSLASH ? 2 : 1;
			size_t last = k < end - 1 ? k : end - 1;
			for (size_t q = j; q <= last; q++)
				if (byte_at(s, n, q) != NL)
					EMIT(byte_at(s, n, q));
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
size_t next_stop(const u8 *s, size_t n, size_t i, const u8 *ch, int k, size_t *next, int *found)
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

/* -- lexC() -- */

static u8 *code;
static size_t code_cap;
static struct dir *dirs, *defines;
static size_t ndirs, dirs_cap, ndefines, defines_cap;
static struct lexed result;

enum mode { M_UNKNOWN, M_ZERO, M_ONE, M_DEAD };
struct cgroup {
	enum mode mode;
	int live;
};
static struct cgroup *cgroups;
static size_t cgroups_cap;

static void add_dir(struct dir **v, size_t *len, size_t *cap, size_t offset,
		    const struct directive *d)
{
	*v = grow(*v, cap, *len + 1, sizeof(**v));
	(*v)[*len].offset = offset;
	(*v)[*len].end = d->end;
	(*v)[*len].body_start = d->body_start;
	memcpy((*v)[*len].name, d->name, sizeof(d->name));
	(*len)++;
}

/* lexer.ts blank(): spaces over [from, to), newlines kept. */
static void blank_code(const u8 *s, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (s[k] != NL)
			code[k] = SPACE;
}

int is_if_name(const char *name)
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

const struct lexed *lex(const u8 *s, size_t n)
{
	code = grow(code, &code_cap, n + 1, 1);
	memcpy(code, s, n);
	ndirs = ndefines = 0;
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
			if (!strcmp(d.name, "define"))
				add_dir(&defines, &ndefines, &defines_cap, p, &d);
			int was = dead;
			int cond = !strcmp(d.name, "if") || !strcmp(d.name, "elif") ? constant_condition(s, n, &d) : -1;
			dead = apply_conditional(&ng, d.name, cond, dead);
			if (!was && dead)
				dead_from = d.end;
			if (was && !dead)
				blank_code(s, dead_from, p);
			if (!was || !dead)
				add_dir(&dirs, &ndirs, &dirs_cap, p, &d);
			i = d.end;
			continue;
		}
		if (c == SLASH) {
			int nx = byte_at(s, n, p + 1);
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
	result.code = code;
	result.dirs = dirs;
	result.ndirs = ndirs;
	result.defines = defines;
	result.ndefines = ndefines;
	return &result;
}
