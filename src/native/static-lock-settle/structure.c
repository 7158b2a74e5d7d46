/*
 * structure.ts depthsAt() in C: the brace depth at given offsets of a code-only copy, with
 * preprocessor branches rewound as the JS walk does (applyBranch()).
 */
#include <string.h>
#include "structure.h"

struct state {
	long depth, paren;
};
struct branch {
	struct state at_if, first_end;
	int has_first;
	size_t nranges;
};
static struct branch *branches;
static size_t branches_cap;

static int is_conditional(const char *name)
{
	return is_if_name(name) || !strcmp(name, "elif") || !strcmp(name, "else") ||
	       !strcmp(name, "endif");
}

/* applyBranch() without heads: only the depth to carry on with. */
static struct state apply_branch(size_t *nb, const struct dir *d, struct state s)
{
	if (is_if_name(d->name)) {
		branches = grow(branches, &branches_cap, *nb + 1, sizeof(*branches));
		struct branch *b = &branches[(*nb)++];
		b->at_if = s;
		b->has_first = 0;
		b->nranges = 0;
		return s;
	}
	if (!*nb)
		return s;
	struct branch *b = &branches[*nb - 1];
	b->nranges++;
	if (!strcmp(d->name, "elif") || !strcmp(d->name, "else")) {
		if (!b->has_first) {
			b->first_end = s;
			b->has_first = 1;
		}
		return b->at_if;
	}
	(*nb)--;
	if (b->nranges >= 2 && b->has_first && b->first_end.depth != s.depth)
		return b->first_end;
	return s;
}

void walk(const struct lexed *lx, size_t n, const size_t *offs, size_t noffs, long *depths)
{
	const u8 *code = lx->code;
	const struct dir *dirs = lx->dirs;
	size_t ndirs = lx->ndirs;
	struct state s = { 0, 0 };
	size_t nb = 0, di = 0, oi = 0;
	while (di < ndirs && !is_conditional(dirs[di].name))
		di++;
	size_t next_dir = di < ndirs ? dirs[di].offset : n;
	size_t lim = noffs ? (offs[noffs - 1] + 1 < n ? offs[noffs - 1] + 1 : n) : 0;
	for (size_t i = 0; i < lim; i++) {
		while (oi < noffs && offs[oi] <= i)
			depths[oi++] = s.depth;
		if (i == next_dir) {
			const struct dir *d = &dirs[di++];
			while (di < ndirs && !is_conditional(dirs[di].name))
				di++;
			next_dir = di < ndirs ? dirs[di].offset : n;
			s = apply_branch(&nb, d, s);
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
			else if (c == '{')
				s.depth = 1;
			else if (c == '}')
				s.paren = 0;
			continue;
		}
		if (c == '{')
			s.depth++;
		else if (c == '}')
			s.depth--;
	}
	while (oi < noffs)
		depths[oi++] = s.depth;
}
