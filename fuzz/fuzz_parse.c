// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the scenario parser (runner/parse.c), on the text of one
 * scenario. The input may carry the files it includes: a line
 * "#@file NAME" starts the text of the file NAME (a comment to the
 * parser), which ends at the next such line. An include is served from
 * those by its last path component (the parser's include reader hook),
 * never from disk; an include of a name not carried is ENOENT. A crash,
 * a sanitizer report or a leak is the finding.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

#define MARK "#@file "

static const char *in_text;
static size_t in_len;

/* Start of the line after position @i (or @in_len). */
static size_t next_line(size_t i)
{
	const char *nl = memchr(in_text + i, '\n', in_len - i);

	return nl ? (size_t)(nl - in_text) + 1 : in_len;
}

static bool at_mark(size_t i)
{
	return in_len - i >= sizeof(MARK) - 1 &&
	       !memcmp(in_text + i, MARK, sizeof(MARK) - 1);
}

static char *dup_range(size_t from, size_t to, size_t *len)
{
	char *s = malloc(to - from + 1);

	if (!s)
		abort();
	memcpy(s, in_text + from, to - from);
	s[to - from] = '\0';
	*len = strlen(s);	/* the parser reads up to a NUL */
	return s;
}

static char *serve(const char *path, size_t *len, int *err)
{
	const char *base = strrchr(path, '/');
	size_t i, nlen;

	base = base ? base + 1 : path;
	nlen = strlen(base);
	for (i = 0; i < in_len; i = next_line(i)) {
		size_t name, end, j;

		if (!at_mark(i))
			continue;
		name = i + sizeof(MARK) - 1;
		end = next_line(i);
		j = end;
		while (j > name && (in_text[j - 1] == '\n' || in_text[j - 1] == '\r'))
			j--;
		if (j - name != nlen || memcmp(in_text + name, base, nlen))
			continue;
		for (j = end; j < in_len && !at_mark(j); j = next_line(j))
			;
		return dup_range(end, j, len);
	}
	*err = ENOENT;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_vars vars = { 0 };
	struct scenario sc;
	char err[512];
	size_t top_end, len;
	char *top;

	in_text = (const char *)data;
	in_len = size;
	sc_include_reader = serve;
	for (top_end = 0; top_end < size && !at_mark(top_end); top_end = next_line(top_end))
		;
	top = dup_range(0, top_end, &len);
	if (!sc_parse_string("fuzz.eeh", top, &vars, &sc, err, sizeof(err)))
		sc_free(&sc);
	free(top);
	return 0;
}
