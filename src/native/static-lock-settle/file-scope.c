/*
 * file-scope.ts atFileScope() in C: the lexer's rules and the structure walk's brace depth,
 * without the blanked copy, answering only where it agrees with them by construction (see
 * file-scope.ts).
 */
#include <string.h>
#include "file-scope.h"
#include "lexer.h"

struct group {
	long at_if, first_end, branches;
};

static struct group *groups;
static size_t groups_cap;

enum scope at_file_scope(const u8 *s, size_t n, const size_t *off, size_t m)
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
				groups = grow(groups, &groups_cap, ng + 1, sizeof(*groups));
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
			int nx = byte_at(s, n, p + 1);
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
