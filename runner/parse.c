// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario parser: lines and words (comments, quotes, continuation,
 * ${VAR}), keywords and arguments checked against kw_table, includes,
 * and the static checks on names. Errors are "file:line: message".
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "scenario.h"

#define SC_MAX_INCLUDE	8
#define SC_MAX_FILE	(16 << 20)	/* bytes */

/* ---- small helpers ---- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("eehlab: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (!p) {
		fputs("eehlab: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* A growing string */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_putc(struct sbuf *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->s = xrealloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void sb_puts(struct sbuf *b, const char *s)
{
	while (*s)
		sb_putc(b, *s++);
}

static char *sb_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* A word as shown in a message: at most 40 characters, printable. */
struct shown {
	char s[48];
};

static struct shown show(const char *w)
{
	struct shown r;
	size_t i, n = 0;

	for (i = 0; w && w[i] && n < 40; i++)
		r.s[n++] = isprint((unsigned char)w[i]) ? w[i] : '?';
	if (w && w[i]) {
		memcpy(r.s + n, "...", 3);
		n += 3;
	}
	r.s[n] = '\0';
	return r;
}
#define SHOW(w) (show(w).s)

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (la > 60 || lb > 60)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t best = prev + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static bool close_enough(const char *typed, const char *cand)
{
	size_t d = edit_distance(typed, cand);
	size_t l = strlen(cand);

	return d <= (l <= 3 ? 1 : l <= 6 ? 2 : 3) && d < strlen(typed) + 1;
}

/* ---- variables ---- */

void sc_vars_set(struct sc_vars *v, const char *name, const char *value)
{
	int i;

	for (i = 0; i < v->n; i++) {
		if (!strcmp(v->names[i], name)) {
			free(v->values[i]);
			v->values[i] = xstrdup(value);
			return;
		}
	}
	v->names = xrealloc(v->names, (v->n + 1) * sizeof(*v->names));
	v->values = xrealloc(v->values, (v->n + 1) * sizeof(*v->values));
	v->names[v->n] = xstrdup(name);
	v->values[v->n] = xstrdup(value);
	v->n++;
}

void sc_vars_free(struct sc_vars *v)
{
	int i;

	for (i = 0; i < v->n; i++) {
		free(v->names[i]);
		free(v->values[i]);
	}
	free(v->names);
	free(v->values);
	v->names = v->values = NULL;
	v->n = 0;
}

static const char *vars_get(const struct sc_vars *v, const char *name)
{
	int i;

	for (i = 0; v && i < v->n; i++)
		if (!strcmp(v->names[i], name))
			return v->values[i];
	return getenv(name);
}

static bool is_ident(const char *s, size_t n, bool dash)
{
	size_t i;

	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || (dash && s[i] == '-')))
			return false;
	return true;
}

/* ---- parser state ---- */

enum name_kind { NK_PORT, NK_SWITCH_UP, NK_DEVICE, NK_BUFFER };

struct name_def {
	char *name;
	enum name_kind kind;
	const char *file;
	int line;
};

struct phb_def {
	uint64_t index;
	const char *file;
	int line;
};

struct token {
	char *s;		/* after variable expansion, quotes removed */
	int eq;			/* offset of a literal, unquoted '=' or -1 */
};

struct pctx {
	const struct sc_vars *vars;
	struct scenario *sc;
	char *err;
	size_t errlen;
	bool failed;
	/* the include stack: display names */
	const char *stack[SC_MAX_INCLUDE + 2];
	char *stack_real[SC_MAX_INCLUDE + 2];
	int depth;
	/* the file being read */
	const char *file;
	int line;		/* of the statement */
	/* static checks */
	struct name_def *names;
	int nnames;
	struct phb_def *phbs;
	int nphbs;
	bool stepped;		/* an action step has been seen */
	const char *real_file;	/* the first `real` statement */
	int real_line;
	const char *topo_file;	/* the first emulated topology statement */
	int topo_line;
	const char *desc_file;
	int desc_line;
};

static void __attribute__((format(printf, 3, 4)))
perr_at(struct pctx *c, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->err && c->errlen)
		snprintf(c->err, c->errlen, "%s:%d: %s", c->file, line, msg);
	c->failed = true;
}

#define perr(c, ...) perr_at(c, (c)->line, __VA_ARGS__)

static const struct name_def *name_find(const struct pctx *c, const char *name)
{
	int i;

	for (i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i].name, name))
			return &c->names[i];
	return NULL;
}

static int name_define(struct pctx *c, const char *name, enum name_kind kind)
{
	const struct name_def *d = name_find(c, name);

	if (d) {
		perr(c, "duplicate name '%s' (first defined at %s:%d)",
		     SHOW(name), d->file, d->line);
		return -1;
	}
	c->names = xrealloc(c->names, (c->nnames + 1) * sizeof(*c->names));
	c->names[c->nnames].name = xstrdup(name);
	c->names[c->nnames].kind = kind;
	c->names[c->nnames].file = c->file;
	c->names[c->nnames].line = c->line;
	c->nnames++;
	return 0;
}

static const struct phb_def *phb_find(const struct pctx *c, uint64_t index)
{
	int i;

	for (i = 0; i < c->nphbs; i++)
		if (c->phbs[i].index == index)
			return &c->phbs[i];
	return NULL;
}

/* ---- numbers ---- */

/* C syntax: decimal, 0x hex, 0 octal. Parses a prefix: *end after it. */
static int parse_uint(const char *s, uint64_t *out, const char **end, bool *overflow)
{
	uint64_t v = 0;
	unsigned base = 10;
	const char *p = s;
	int ndig = 0;

	*overflow = false;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && isdigit((unsigned char)p[1])) {
		base = 8;
		p++;
	}
	for (;; p++) {
		int d;

		if (isdigit((unsigned char)*p))
			d = *p - '0';
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = tolower((unsigned char)*p) - 'a' + 10;
		else
			break;
		if (d >= (int)base)
			return -1;
		if (v > (UINT64_MAX - d) / base)
			*overflow = true;
		v = v * base + d;
		ndig++;
	}
	if (!ndig)
		return -1;
	*out = v;
	*end = p;
	return 0;
}

static int parse_int_full(const char *s, uint64_t *out, bool *overflow)
{
	const char *end;

	if (parse_uint(s, out, &end, overflow) || *end)
		return -1;
	return 0;
}

static bool is_hex(const char *s, size_t n, size_t maxn)
{
	size_t i;

	if (!n || n > maxn)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* DDDD:BB:DD.F or BB:DD.F, hex (function decimal 0-7) */
static bool is_bdf(const char *s)
{
	const char *c1 = strchr(s, ':'), *c2, *dot;
	const char *bus;

	if (!c1)
		return false;
	c2 = strchr(c1 + 1, ':');
	if (c2) {
		if (!is_hex(s, c1 - s, 4) || strchr(c2 + 1, ':'))
			return false;
		bus = c1 + 1;
		c1 = c2;
	} else {
		bus = s;
	}
	if (!is_hex(bus, c1 - bus, 2))
		return false;
	dot = strchr(c1 + 1, '.');
	if (!dot || !is_hex(c1 + 1, dot - c1 - 1, 2))
		return false;
	if (strtoul(c1 + 1, NULL, 16) > 0x1f)
		return false;
	return dot[1] >= '0' && dot[1] <= '7' && !dot[2];
}

/* ---- the tokenizer ---- */

struct reader {
	const char *buf;
	size_t len, pos;
	int line;		/* of buf[pos] */
};

static int rd_peek(const struct reader *r, size_t ahead)
{
	return r->pos + ahead < r->len ? (unsigned char)r->buf[r->pos + ahead] : -1;
}

static bool is_blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* A backslash at r->pos followed by blanks up to the end of the line? */
static bool at_continuation(const struct reader *r)
{
	size_t i = 1;

	if (rd_peek(r, 0) != '\\')
		return false;
	while (is_blank(rd_peek(r, i)))
		i++;
	return rd_peek(r, i) == '\n' || rd_peek(r, i) == -1;
}

static void skip_continuation(struct reader *r)
{
	r->pos++;
	while (is_blank(rd_peek(r, 0)))
		r->pos++;
	if (rd_peek(r, 0) == '\n') {
		r->pos++;
		r->line++;
	}
}

/* ${VAR} or ${VAR:-default} at r->pos; appends the value. */
static int expand_var(struct pctx *c, struct reader *r, struct sbuf *w)
{
	size_t start = r->pos + 2, i = start, nend;
	const char *value, *def = NULL;
	size_t deflen = 0;
	char *name;

	while (i < r->len && r->buf[i] != '}' && r->buf[i] != '\n' &&
	       !(r->buf[i] == ':' && i + 1 < r->len && r->buf[i + 1] == '-'))
		i++;
	nend = i;
	if (i < r->len && r->buf[i] == ':') {
		i += 2;
		def = r->buf + i;
		while (i < r->len && r->buf[i] != '}' && r->buf[i] != '\n')
			i++;
		deflen = r->buf + i - def;
	}
	if (i >= r->len || r->buf[i] != '}') {
		perr_at(c, r->line, "unterminated '${' (a variable is written ${NAME})");
		return -1;
	}
	name = xstrndup(r->buf + start, nend - start);
	if (!is_ident(name, strlen(name), false)) {
		perr_at(c, r->line, "bad variable name '%s'", SHOW(name));
		free(name);
		return -1;
	}
	if (memchr(r->buf + start, '\0', i - start)) {
		perr_at(c, r->line, "NUL byte in the line");
		free(name);
		return -1;
	}
	value = vars_get(c->vars, name);
	if (value && *value) {
		sb_puts(w, value);
	} else if (def) {
		size_t k;

		for (k = 0; k < deflen; k++)
			sb_putc(w, def[k]);
	} else if (!value) {
		perr_at(c, r->line, "undefined variable '%s' (set it with -D %s=VALUE or in the environment)",
			SHOW(name), SHOW(name));
		free(name);
		return -1;
	}
	free(name);
	r->pos = i + 1;
	return 0;
}

struct stmt_toks {
	struct token *t;
	int n, cap;
};

static void toks_clear(struct stmt_toks *ts)
{
	int i;

	for (i = 0; i < ts->n; i++)
		free(ts->t[i].s);
	ts->n = 0;
}

/*
 * Reads the next statement: 1 with its words in @ts and its first line in
 * c->line, 0 at the end of the input, -1 on error.
 */
static int next_stmt(struct pctx *c, struct reader *r, struct stmt_toks *ts)
{
	toks_clear(ts);
	for (;;) {
		int ch = rd_peek(r, 0);

		if (ch == -1)
			return ts->n ? 1 : 0;
		if (is_blank(ch)) {
			r->pos++;
			continue;
		}
		if (ch == '\n') {
			r->pos++;
			r->line++;
			if (ts->n)
				return 1;
			continue;
		}
		if (ch == '#') {
			while (rd_peek(r, 0) != -1 && rd_peek(r, 0) != '\n')
				r->pos++;
			continue;
		}
		if (ch == 0) {
			perr_at(c, r->line, "NUL byte in the line");
			return -1;
		}
		if (at_continuation(r)) {
			skip_continuation(r);
			continue;
		}
		/* a word */
		{
			struct sbuf w = { 0 };
			bool inq = false, quoted = false, expanded = false;
			int eq = -1, qline = r->line;

			if (!ts->n)
				c->line = r->line;
			for (;;) {
				ch = rd_peek(r, 0);
				if (ch == 0) {
					perr_at(c, r->line, "NUL byte in the line");
					free(w.s);
					return -1;
				}
				if (inq) {
					if (ch == -1 || ch == '\n') {
						perr_at(c, qline, "unterminated quote");
						free(w.s);
						return -1;
					}
					if (ch == '"') {
						inq = false;
						r->pos++;
					} else if (ch == '\\' && at_continuation(r)) {
						skip_continuation(r);
					} else if (ch == '\\' && (rd_peek(r, 1) == '"' || rd_peek(r, 1) == '\\')) {
						sb_putc(&w, (char)rd_peek(r, 1));
						r->pos += 2;
					} else if (ch == '$' && rd_peek(r, 1) == '{') {
						if (expand_var(c, r, &w)) {
							free(w.s);
							return -1;
						}
					} else {
						sb_putc(&w, (char)ch);
						r->pos++;
					}
					continue;
				}
				if (ch == -1 || ch == '\n' || is_blank(ch) || ch == '#')
					break;
				if (ch == '\\' && at_continuation(r))
					break;
				if (ch == '"') {
					inq = quoted = true;
					qline = r->line;
					r->pos++;
				} else if (ch == '\\' && rd_peek(r, 1) > 0 &&
					   strchr("\"\\# ", rd_peek(r, 1))) {
					sb_putc(&w, (char)rd_peek(r, 1));
					r->pos += 2;
					quoted = true;
				} else if (ch == '$' && rd_peek(r, 1) == '{') {
					if (expand_var(c, r, &w)) {
						free(w.s);
						return -1;
					}
					expanded = true;
				} else {
					if (ch == '=' && eq < 0 && !quoted && !expanded)
						eq = (int)w.len;
					sb_putc(&w, (char)ch);
					r->pos++;
				}
			}
			if (ts->n == ts->cap) {
				ts->cap = ts->cap ? ts->cap * 2 : 8;
				ts->t = xrealloc(ts->t, ts->cap * sizeof(*ts->t));
			}
			ts->t[ts->n].s = sb_take(&w);
			ts->t[ts->n].eq = eq;
			ts->n++;
		}
	}
}

/* ---- argument conversion ---- */

static void free_value(struct sc_value *v)
{
	int i;

	free(v->raw);
	free(v->buffer);
	for (i = 0; i < v->nwords; i++)
		free(v->words[i]);
	free(v->words);
	memset(v, 0, sizeof(*v));
}

static void value_add_words(struct sc_value *v, const char *text)
{
	const char *p = text;

	/* raw: the tokens joined by one space */
	if (!v->raw) {
		v->raw = xstrdup(text);
	} else {
		size_t a = strlen(v->raw), b = strlen(text);

		v->raw = xrealloc(v->raw, a + b + 2);
		v->raw[a] = ' ';
		memcpy(v->raw + a + 1, text, b + 1);
	}
	for (;;) {
		const char *s;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		s = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		v->words = xrealloc(v->words, (v->nwords + 1) * sizeof(*v->words));
		v->words[v->nwords++] = xstrndup(s, p - s);
	}
	v->set = true;
}

static const char *const inj_funcs[] = {
	"LD_MEM_ADDR", "LD_MEM_DATA", "LD_IO_ADDR", "LD_IO_DATA",
	"LD_CFG_ADDR", "LD_CFG_DATA", "ST_MEM_ADDR", "ST_MEM_DATA",
	"ST_IO_ADDR", "ST_IO_DATA", "ST_CFG_ADDR", "ST_CFG_DATA",
	"DMA_RD_ADDR", "DMA_RD_DATA", "DMA_RD_MASTER", "DMA_RD_TARGET",
	"DMA_WR_ADDR", "DMA_WR_DATA", "DMA_WR_MASTER", "DMA_WR_TARGET",
};

static const struct { const char *name; int value; } errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH },
	{ "EINTR", EINTR }, { "EIO", EIO }, { "ENXIO", ENXIO },
	{ "E2BIG", E2BIG }, { "EBADF", EBADF }, { "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM }, { "EACCES", EACCES }, { "EFAULT", EFAULT },
	{ "EBUSY", EBUSY }, { "EEXIST", EEXIST }, { "ENODEV", ENODEV },
	{ "EINVAL", EINVAL }, { "ENOSPC", ENOSPC }, { "ERANGE", ERANGE },
	{ "ENOSYS", ENOSYS }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "ENOTSUP", ENOTSUP }, { "ETIMEDOUT", ETIMEDOUT },
	{ "EALREADY", EALREADY }, { "EINPROGRESS", EINPROGRESS },
	{ "ENOTTY", ENOTTY }, { "EOVERFLOW", EOVERFLOW },
	{ "ECANCELED", ECANCELED }, { "ENOLINK", ENOLINK },
	{ "ENOTCONN", ENOTCONN }, { "EHOSTDOWN", EHOSTDOWN },
	{ "ENOTSUPP", 524 },	/* kernel-internal */
};

static void set_raw_upper(struct sc_value *v)
{
	char *p;

	for (p = v->raw; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

/* Which device kinds a DEV/PE argument may name: every kind but buffers. */
static int check_device_name(struct pctx *c, const char *s)
{
	const struct name_def *d;

	if (strchr(s, ':')) {
		if (!is_bdf(s)) {
			perr(c, "'%s' is not a BDF (DDDD:BB:DD.F or BB:DD.F)", SHOW(s));
			return -1;
		}
		return 0;
	}
	d = name_find(c, s);
	if (!d) {
		perr(c, "unknown device '%s'", SHOW(s));
		return -1;
	}
	if (d->kind == NK_BUFFER) {
		perr(c, "'%s' is a buffer, not a device", SHOW(s));
		return -1;
	}
	return 0;
}

static int check_pe(struct pctx *c, const char *argname, const char *s, struct sc_value *v)
{
	const char *colon = strchr(s, ':');

	if (v) {
		v->pe_phb = -1;
		v->pe_num = -1;
	}
	if (colon && !strchr(s, '.')) {
		size_t a = colon - s, b = strlen(colon + 1);
		unsigned long phb, pe;

		if (!is_hex(s, a, 4) || !is_hex(colon + 1, b, 4)) {
			perr(c, "argument '%s': '%s' is not a PE (PHB:PE in hex, or a device)",
			     argname, SHOW(s));
			return -1;
		}
		phb = strtoul(s, NULL, 16);
		pe = strtoul(colon + 1, NULL, 16);
		/* no check that the PHB exists: refusing an unknown PHB
		 * (ENODEV) is the executor's to show, and a scenario for a
		 * real machine declares no PHB at all */
		if (v) {
			v->pe_phb = (int)phb;
			v->pe_num = (int)pe;
		}
		return 0;
	}
	return check_device_name(c, s);
}

static int convert(struct pctx *c, const struct kw_arg *a, const char *s, struct sc_value *v)
{
	uint64_t n = 0;
	bool ovf = false;
	const char *end;
	int i;

	v->raw = xstrdup(s);
	v->set = true;
	v->pe_phb = v->pe_num = -1;
	switch (a->type) {
	case ARG_INT:
		if (parse_int_full(s, &n, &ovf)) {
			perr(c, "argument '%s': '%s' is not a number", a->name, SHOW(s));
			return -1;
		}
		if (ovf) {
			perr(c, "argument '%s': '%s' is out of range (more than 64 bits)", a->name, SHOW(s));
			return -1;
		}
		v->num = n;
		return 0;
	case ARG_SIZE: {
		unsigned shift = 0;

		if (parse_uint(s, &n, &end, &ovf) ||
		    (*end && (end[1] || !strchr("kKmMgGtT", *end)))) {
			perr(c, "argument '%s': '%s' is not a size (a number, optionally with K, M, G or T)",
			     a->name, SHOW(s));
			return -1;
		}
		if (*end)
			shift = 10 * (unsigned)(strchr("kmgt", tolower((unsigned char)*end)) - "kmgt" + 1);
		if (ovf || (shift && n > (UINT64_MAX >> shift))) {
			perr(c, "argument '%s': '%s' is out of range", a->name, SHOW(s));
			return -1;
		}
		v->num = n << shift;
		return 0;
	}
	case ARG_DURATION: {
		uint64_t mul;

		if (parse_uint(s, &n, &end, &ovf)) {
			perr(c, "argument '%s': '%s' is not a duration (a number with ms, s, m or h)",
			     a->name, SHOW(s));
			return -1;
		}
		if (!*end) {
			perr(c, "argument '%s': '%s' needs a unit (ms, s, m or h)", a->name, SHOW(s));
			return -1;
		}
		if (!strcasecmp(end, "ms"))
			mul = 1;
		else if (!strcasecmp(end, "s"))
			mul = 1000;
		else if (!strcasecmp(end, "m"))
			mul = 60000;
		else if (!strcasecmp(end, "h"))
			mul = 3600000;
		else {
			perr(c, "argument '%s': '%s' is not a duration (a number with ms, s, m or h)",
			     a->name, SHOW(s));
			return -1;
		}
		if (ovf || n > UINT64_MAX / mul) {
			perr(c, "argument '%s': '%s' is out of range", a->name, SHOW(s));
			return -1;
		}
		v->num = n * mul;
		return 0;
	}
	case ARG_STR:
		return 0;
	case ARG_LIST:
		free(v->raw);
		v->raw = NULL;
		value_add_words(v, s);
		return 0;
	case ARG_NAME:
		if (!is_ident(s, strlen(s), true)) {
			perr(c, "argument '%s': '%s' is not a valid name (a letter or '_', then letters, digits, '_' or '-')",
			     a->name, SHOW(s));
			return -1;
		}
		return 0;
	case ARG_DEV:
		return check_device_name(c, s);
	case ARG_PE:
		return check_pe(c, a->name, s, v);
	case ARG_PHB:
		if (parse_int_full(s, &n, &ovf) || ovf || n > 0xffff) {
			perr(c, "argument '%s': '%s' is not a PHB index (0 to 65535)", a->name, SHOW(s));
			return -1;
		}
		v->num = n;
		return 0;
	case ARG_ENUM:
		for (i = 0; a->choices && a->choices[i]; i++) {
			if (!strcasecmp(a->choices[i], s)) {
				v->num = i;
				free(v->raw);
				v->raw = xstrdup(a->choices[i]);
				return 0;
			}
		}
		{
			char list[256] = "";
			size_t len = 0;

			for (i = 0; a->choices && a->choices[i]; i++)
				len += snprintf(list + len, len < sizeof(list) ? sizeof(list) - len : 0,
						"%s%s", i ? ", " : "", a->choices[i]);
			perr(c, "argument '%s': '%s' is not one of %s", a->name, SHOW(s), list);
		}
		return -1;
	case ARG_BOOL:
		if (!strcasecmp(s, "yes") || !strcasecmp(s, "true") ||
		    !strcasecmp(s, "on") || !strcmp(s, "1")) {
			v->num = 1;
		} else if (!strcasecmp(s, "no") || !strcasecmp(s, "false") ||
			   !strcasecmp(s, "off") || !strcmp(s, "0")) {
			v->num = 0;
		} else {
			perr(c, "argument '%s': '%s' is not yes or no", a->name, SHOW(s));
			return -1;
		}
		return 0;
	case ARG_ADDR: {
		const char *plus = strchr(s, '+');
		size_t nl = plus ? (size_t)(plus - s) : strlen(s);
		const struct name_def *d;

		if (isdigit((unsigned char)s[0])) {
			if (parse_int_full(s, &n, &ovf) || ovf) {
				perr(c, "argument '%s': '%s' is not an address (a number, BUFFER or BUFFER+OFFSET)",
				     a->name, SHOW(s));
				return -1;
			}
			v->num = n;
			return 0;
		}
		if (!is_ident(s, nl, true) ||
		    (plus && (parse_int_full(plus + 1, &n, &ovf) || ovf))) {
			perr(c, "argument '%s': '%s' is not an address (a number, BUFFER or BUFFER+OFFSET)",
			     a->name, SHOW(s));
			return -1;
		}
		v->buffer = xstrndup(s, nl);
		v->num = plus ? n : 0;
		d = name_find(c, v->buffer);
		if (!d) {
			perr(c, "unknown buffer '%s'", SHOW(v->buffer));
			return -1;
		}
		if (d->kind != NK_BUFFER) {
			perr(c, "'%s' is a device, not a buffer", SHOW(v->buffer));
			return -1;
		}
		return 0;
	}
	}
	return 0;
}

static int arg_index(const struct keyword *kw, const char *name, size_t n)
{
	int i;

	for (i = 0; i < KW_MAX_ARGS && kw->args[i].name; i++)
		if (strlen(kw->args[i].name) == n && !strncasecmp(kw->args[i].name, name, n))
			return i;
	return -1;
}

static int nargs(const struct keyword *kw)
{
	int i;

	for (i = 0; i < KW_MAX_ARGS && kw->args[i].name; i++)
		;
	return i;
}

static const char *kw_display(const struct keyword *kw, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", kw->kind == KW_EXPECT ? "expect " : "", kw->name);
	return buf;
}

/* ---- the text of a statement ---- */

static void put_word(struct sbuf *b, const char *s)
{
	bool q = !*s;
	const char *p;

	for (p = s; *p; p++)
		if (isspace((unsigned char)*p) || *p == '#' || *p == '"' || *p == '\\')
			q = true;
	if (!q) {
		sb_puts(b, s);
		return;
	}
	sb_putc(b, '"');
	for (p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_putc(b, '\\');
		sb_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	}
	sb_putc(b, '"');
}

static char *stmt_text(const struct stmt_toks *ts)
{
	struct sbuf b = { 0 };
	int i;

	for (i = 0; i < ts->n; i++) {
		const struct token *t = &ts->t[i];

		if (i)
			sb_putc(&b, ' ');
		if (i == 0 || (i == 1 && !strcasecmp(ts->t[0].s, "expect"))) {
			char *p;

			for (p = t->s; *p; p++)
				sb_putc(&b, (char)tolower((unsigned char)*p));
			continue;
		}
		if (t->eq > 0) {
			char *name = xstrndup(t->s, t->eq);

			sb_puts(&b, name);
			sb_putc(&b, '=');
			put_word(&b, t->s + t->eq + 1);
			free(name);
		} else {
			put_word(&b, t->s);
		}
	}
	return sb_take(&b);
}

/* ---- statements ---- */

static void free_stmt(struct sc_stmt *st)
{
	int i;

	for (i = 0; i < KW_MAX_ARGS; i++)
		free_value(&st->vals[i]);
	for (i = 0; i < st->nexpects; i++)
		free_stmt(&st->expects[i]);
	free(st->expects);
	free(st->text);
}

static void unknown_keyword(struct pctx *c, const char *w, bool expect)
{
	const struct keyword *best = NULL, *as_expect = NULL;
	size_t bestd = 99;
	int i;

	for (i = 0; i < kw_count; i++) {
		const struct keyword *k = &kw_table[i];
		size_t d;

		if ((k->kind == KW_EXPECT) != expect) {
			if (!expect && !strcasecmp(k->name, w))
				as_expect = k;
			continue;
		}
		if (!close_enough(w, k->name))
			continue;
		d = edit_distance(w, k->name);
		if (d < bestd) {
			bestd = d;
			best = k;
		}
	}
	if (expect) {
		if (best)
			perr(c, "unknown expectation '%s' (did you mean 'expect %s'?)", SHOW(w), best->name);
		else
			perr(c, "unknown expectation '%s' (see 'eehlab help')", SHOW(w));
	} else if (as_expect) {
		perr(c, "unknown keyword '%s' (did you mean 'expect %s'?)", SHOW(w), as_expect->name);
	} else if (best) {
		perr(c, "unknown keyword '%s' (did you mean '%s'?)", SHOW(w), best->name);
	} else {
		perr(c, "unknown keyword '%s' (see 'eehlab help')", SHOW(w));
	}
}

static void unknown_arg(struct pctx *c, const struct keyword *kw, const char *name)
{
	char kn[64];
	int i, best = -1;
	size_t bestd = 99;

	for (i = 0; i < nargs(kw); i++) {
		size_t d = edit_distance(name, kw->args[i].name);

		if (close_enough(name, kw->args[i].name) && d < bestd) {
			bestd = d;
			best = i;
		}
	}
	kw_display(kw, kn, sizeof(kn));
	if (best >= 0)
		perr(c, "unknown argument '%s' for '%s' (did you mean '%s'?)", SHOW(name), kn,
		     kw->args[best].name);
	else
		perr(c, "unknown argument '%s' for '%s'", SHOW(name), kn);
}

static int parse_func(struct pctx *c, const struct kw_arg *a, struct sc_value *v)
{
	uint64_t n;
	bool ovf;
	size_t i;

	if (isdigit((unsigned char)v->raw[0])) {
		if (parse_int_full(v->raw, &n, &ovf) || ovf || n > INT_MAX) {
			perr(c, "argument '%s': '%s' is not a number", a->name, SHOW(v->raw));
			return -1;
		}
		v->num = n;
		return 0;
	}
	for (i = 0; i < sizeof(inj_funcs) / sizeof(inj_funcs[0]); i++) {
		if (!strcasecmp(inj_funcs[i], v->raw)) {
			v->num = i;
			set_raw_upper(v);
			return 0;
		}
	}
	perr(c, "argument '%s': unknown error function '%s' (LD_MEM_ADDR ... DMA_WR_TARGET, or 0-19)",
	     a->name, SHOW(v->raw));
	return -1;
}

static bool is_callback_word(const char *w)
{
	const char *p = strchr(w, '(');

	if (!p)
		return is_ident(w, strlen(w), false);
	if (!is_ident(w, p - w, false) || w[strlen(w) - 1] != ')')
		return false;
	return is_ident(p + 1, strlen(p + 1) - 1, false);
}

/* Checks that depend on the keyword, once all arguments are in. */
static int check_stmt(struct pctx *c, struct sc_stmt *st)
{
	const struct keyword *kw = st->kw;
	struct sc_value *v;
	int i;

#define VAL(name) (&st->vals[arg_index(kw, name, strlen(name))])
	switch (kw->id) {
	case K_PHB:
	case K_ROOTPORT:
	case K_SWITCH:
	case K_DEVICE:
		if (c->real_file) {
			perr(c, "an emulated topology cannot join the real devices of this scenario (real at %s:%d)",
			     c->real_file, c->real_line);
			return -1;
		}
		if (!c->topo_file) {
			c->topo_file = c->file;
			c->topo_line = c->line;
		}
		break;
	case K_REAL:
		if (c->topo_file) {
			perr(c, "real devices cannot join the emulated topology declared at %s:%d",
			     c->topo_file, c->topo_line);
			return -1;
		}
		if (!is_bdf(VAL("bdf")->raw) || strlen(VAL("bdf")->raw) != 12) {
			perr(c, "'%s' is not a BDF with its domain (DDDD:BB:DD.F)",
			     SHOW(VAL("bdf")->raw));
			return -1;
		}
		if (!c->real_file) {
			c->real_file = c->file;
			c->real_line = c->line;
		}
		return 0;
	default:
		break;
	}
	switch (kw->id) {
	case K_REQUIRES:
		v = VAL("needs");
		for (i = 0; i < v->nwords; i++) {
			const char *w = v->words[i];

			if (!strcasecmp(w, "real-phb") || !strcasecmp(w, "data-path") ||
			    !strcasecmp(w, "root"))
				continue;
			if (!strncasecmp(w, "backend=", 8) && is_ident(w + 8, strlen(w + 8), true))
				continue;
			if (!strncasecmp(w, "env=", 4) && is_ident(w + 4, strlen(w + 4), false))
				continue;
			perr(c, "unknown need '%s' (backend=NAME, real-phb, data-path, root or env=VAR)",
			     SHOW(w));
			return -1;
		}
		return 0;
	case K_PHB: {
		const struct phb_def *p = phb_find(c, st->vals[0].num);

		if (p) {
			perr(c, "duplicate phb %llu (first defined at %s:%d)",
			     (unsigned long long)st->vals[0].num, p->file, p->line);
			return -1;
		}
		return 0;
	}
	case K_ROOTPORT:
		if (!phb_find(c, VAL("phb")->num)) {
			perr(c, "unknown phb %llu", (unsigned long long)VAL("phb")->num);
			return -1;
		}
		return 0;
	case K_SWITCH:
	case K_DEVICE: {
		const struct name_def *d;

		v = VAL("parent");
		d = name_find(c, v->raw);
		if (d && d->kind == NK_SWITCH_UP) {
			perr(c, "parent '%s' is a switch's upstream port: use its downstream ports, %s.0, %s.1, ...",
			     SHOW(v->raw), SHOW(v->raw), SHOW(v->raw));
			return -1;
		}
		if (d && d->kind != NK_PORT) {
			perr(c, "parent '%s' is not a port (a root port or a switch downstream port)",
			     SHOW(v->raw));
			return -1;
		}
		if (!d) {
			perr(c, "parent '%s' must be a port's name (a root port or a switch downstream port)",
			     SHOW(v->raw));
			return -1;
		}
		/* ranges (ports 1-32, functions 1-8, ...) are the executor's
		 * to refuse, so that a scenario can show the refusal */
		return 0;
	}
	case K_BUFFER: {
		uint64_t n;
		bool ovf;

		v = VAL("fill");
		if (!strcasecmp(v->raw, "random")) {
			free(v->raw);
			v->raw = xstrdup("random");
			v->num = 0x100;
		} else if (parse_int_full(v->raw, &n, &ovf) || ovf || n > 0xff) {
			perr(c, "argument 'fill': '%s' is not a byte value or random", SHOW(v->raw));
			return -1;
		} else {
			v->num = n;
		}
		return 0;
	}
	case K_INJECT:
		return parse_func(c, &kw->args[arg_index(kw, "func", 4)], VAL("func"));
	case K_EXPECT_DIAG:
		v = VAL("func");
		return v->set ? parse_func(c, &kw->args[arg_index(kw, "func", 4)], v) : 0;
	case K_EXPECT_ERROR: {
		size_t k;

		v = VAL("errno");
		for (k = 0; k < sizeof(errnos) / sizeof(errnos[0]); k++) {
			if (!strcasecmp(errnos[k].name, v->raw)) {
				v->num = errnos[k].value;
				set_raw_upper(v);
				return 0;
			}
		}
		perr(c, "argument 'errno': unknown errno name '%s'", SHOW(v->raw));
		return -1;
	}
	case K_EXPECT_FROZEN:
		v = VAL("pes");
		for (i = 0; i < v->nwords; i++) {
			if (!strcasecmp(v->words[i], "none")) {
				if (v->nwords > 1) {
					perr(c, "'none' cannot be listed with PEs");
					return -1;
				}
				continue;
			}
			if (check_pe(c, "pes", v->words[i], NULL))
				return -1;
		}
		if (!v->nwords) {
			perr(c, "missing required argument 'pes'");
			return -1;
		}
		return 0;
	case K_EXPECT_CALLBACKS:
		v = VAL("calls");
		for (i = 0; i < v->nwords; i++) {
			if (!strcasecmp(v->words[i], "none") && v->nwords > 1) {
				perr(c, "'none' cannot be listed with callbacks");
				return -1;
			}
			if (!is_callback_word(v->words[i])) {
				perr(c, "'%s' is not a callback (a name, or error_detected(STATE))",
				     SHOW(v->words[i]));
				return -1;
			}
		}
		if (!v->nwords) {
			perr(c, "missing required argument 'calls'");
			return -1;
		}
		return 0;
	case K_EXPECT_SYSFS:
		if (!VAL("text")->nwords) {
			perr(c, "missing required argument 'text'");
			return -1;
		}
		return 0;
	case K_EXPECT_MEMORY: {
		struct sc_value *un = VAL("unchanged"), *pat = VAL("pattern"), *by = VAL("bytes");
		int n = un->set + pat->set + by->set;

		if (n != 1) {
			perr(c, "expect memory needs exactly one of unchanged, pattern= or bytes=");
			return -1;
		}
		if (un->set && !un->num) {
			perr(c, "expect memory: unchanged=no checks nothing");
			return -1;
		}
		if (pat->set && pat->num > 0xff) {
			perr(c, "argument 'pattern': %s is not a byte value", SHOW(pat->raw));
			return -1;
		}
		if (by->set) {
			size_t len = strlen(by->raw), k;

			if (!len || len % 2 || !is_hex(by->raw, len, SIZE_MAX)) {
				perr(c, "argument 'bytes': '%s' is not bytes in hex (two digits a byte)",
				     SHOW(by->raw));
				return -1;
			}
			for (k = 0; k < len; k++)
				by->raw[k] = (char)tolower((unsigned char)by->raw[k]);
			by->num = len / 2;
			v = VAL("len");
			if (v->set && v->num != by->num) {
				perr(c, "argument 'len': %s is not the %zu bytes given", SHOW(v->raw), len / 2);
				return -1;
			}
		}
		return 0;
	}
	case K_EXPECT_COUNTER:
		if (!VAL("dma-blocked")->set && !VAL("stores-dropped")->set &&
		    !VAL("loads-ones")->set) {
			perr(c, "expect counter needs at least one of dma-blocked=, stores-dropped=, loads-ones=");
			return -1;
		}
		return 0;
	default:
		return 0;
	}
#undef VAL
}

/* Binds the words of a statement to the keyword's arguments. */
static int bind_args(struct pctx *c, const struct keyword *kw, const struct stmt_toks *ts,
		     int first, struct sc_stmt *st)
{
	int na = nargs(kw), list = -1, i;
	char kn[64];

	kw_display(kw, kn, sizeof(kn));
	for (i = first; i < ts->n; i++) {
		const struct token *t = &ts->t[i];
		int ai;

		if (t->eq == 0) {
			perr(c, "missing argument name before '=' in '%s'", SHOW(t->s));
			return -1;
		}
		if (t->eq > 0) {
			const char *val = t->s + t->eq + 1;

			ai = arg_index(kw, t->s, t->eq);
			if (ai < 0) {
				int next;

				/* a word of a list (requires backend=kernel) */
				for (next = 0; list < 0 && next < na; next++)
					if (kw->args[next].positional && !st->vals[next].set)
						break;
				if (list >= 0 || (next < na && kw->args[next].type == ARG_LIST)) {
					if (list < 0)
						list = next;
					value_add_words(&st->vals[list], t->s);
					continue;
				}
				{
					char *name = xstrndup(t->s, t->eq);

					unknown_arg(c, kw, name);
					free(name);
				}
				return -1;
			}
			if (kw->args[ai].type == ARG_LIST) {
				value_add_words(&st->vals[ai], val);
				list = ai;
				continue;
			}
			if (st->vals[ai].set) {
				perr(c, "argument '%s' given twice", kw->args[ai].name);
				return -1;
			}
			if (convert(c, &kw->args[ai], val, &st->vals[ai]))
				return -1;
			continue;
		}
		/* a bare word */
		if (list >= 0) {
			value_add_words(&st->vals[list], t->s);
			continue;
		}
		ai = arg_index(kw, t->s, strlen(t->s));
		if (ai >= 0 && kw->args[ai].type == ARG_BOOL && !kw->args[ai].positional) {
			if (st->vals[ai].set) {
				perr(c, "argument '%s' given twice", kw->args[ai].name);
				return -1;
			}
			if (convert(c, &kw->args[ai], "yes", &st->vals[ai]))
				return -1;
			continue;
		}
		for (ai = 0; ai < na; ai++)
			if (kw->args[ai].positional && !st->vals[ai].set)
				break;
		if (ai >= na) {
			perr(c, "unexpected argument '%s' for '%s'%s", SHOW(t->s), kn,
			     na ? " (name the arguments: NAME=VALUE)" : " (it takes none)");
			return -1;
		}
		if (kw->args[ai].type == ARG_LIST) {
			list = ai;
			value_add_words(&st->vals[ai], t->s);
			continue;
		}
		if (convert(c, &kw->args[ai], t->s, &st->vals[ai]))
			return -1;
	}
	/* required and defaults */
	for (i = 0; i < na; i++) {
		const struct kw_arg *a = &kw->args[i];

		if (st->vals[i].set)
			continue;
		if (a->required) {
			perr(c, "missing required argument '%s' for '%s'", a->name, kn);
			return -1;
		}
		if (a->def) {
			if (convert(c, a, a->def, &st->vals[i]))
				return -1;
			st->vals[i].defaulted = true;
		}
	}
	return check_stmt(c, st);
}

static int parse_buffer(struct pctx *c, const char *text, size_t len);

static char *path_join(const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/');
	struct sbuf b = { 0 };
	char *joined, *out, **parts;
	int n = 0, i;
	bool abs;
	char *p, *save;

	if (rel[0] == '/' || !slash) {
		joined = xstrdup(rel);
	} else {
		joined = xrealloc(NULL, (slash - base) + strlen(rel) + 2);
		memcpy(joined, base, slash - base + 1);
		strcpy(joined + (slash - base) + 1, rel);
	}
	/* lexical clean-up: "a/./b" -> "a/b", "a/x/../b" -> "a/b" */
	abs = joined[0] == '/';
	parts = xcalloc(strlen(joined) + 1, sizeof(*parts));
	for (p = strtok_r(joined, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (!strcmp(p, "."))
			continue;
		if (!strcmp(p, "..") && n > 0 && strcmp(parts[n - 1], ".."))
			n--;
		else if (!strcmp(p, "..") && abs && !n)
			continue;
		else
			parts[n++] = p;
	}
	if (abs)
		sb_putc(&b, '/');
	for (i = 0; i < n; i++) {
		if (i)
			sb_putc(&b, '/');
		sb_puts(&b, parts[i]);
	}
	if (!n && !abs)
		sb_putc(&b, '.');
	out = sb_take(&b);
	free(parts);
	free(joined);
	return out;
}

char *(*sc_include_reader)(const char *path, size_t *len, int *err);

static char *read_file(const char *path, size_t *len, int *err)
{
	FILE *f = fopen(path, "rb");
	struct sbuf b = { 0 };
	char chunk[65536];
	size_t n;

	*err = 0;
	if (!f) {
		*err = errno;
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > SC_MAX_FILE) {
			*err = EFBIG;
			break;
		}
		if (b.len + n + 1 > b.cap) {
			b.cap = (b.len + n + 1) * 2;
			b.s = xrealloc(b.s, b.cap);
		}
		memcpy(b.s + b.len, chunk, n);
		b.len += n;
	}
	if (!*err && ferror(f))
		*err = errno ? errno : EIO;
	fclose(f);
	if (*err) {
		free(b.s);
		return NULL;
	}
	*len = b.len;
	return b.s ? b.s : xstrdup("");
}

static const char *add_file(struct scenario *sc, const char *name)
{
	sc->files = xrealloc(sc->files, (sc->nfiles + 1) * sizeof(*sc->files));
	sc->files[sc->nfiles] = xstrdup(name);
	return sc->files[sc->nfiles++];
}

static int do_include(struct pctx *c, const char *rel)
{
	char *path = path_join(c->file, rel);
	/* served includes have no disk path: their names are compared */
	char *real = sc_include_reader ? NULL : realpath(path, NULL);
	const char *saved_file = c->file;
	int saved_line = c->line, i, rc, err;
	size_t len;
	char *text;

	if (!real)
		real = xstrdup(path);
	for (i = 0; i <= c->depth; i++) {
		if (c->stack_real[i] && !strcmp(c->stack_real[i], real)) {
			char chain[400] = "";
			size_t n = 0;
			int k;

			for (k = i; k <= c->depth; k++)
				n += snprintf(chain + n, n < sizeof(chain) ? sizeof(chain) - n : 0,
					      "%s -> ", c->stack[k]);
			if (n < sizeof(chain))
				snprintf(chain + n, sizeof(chain) - n, "%s", path);
			perr(c, "include cycle: %s", chain);
			free(real);
			free(path);
			return -1;
		}
	}
	if (c->depth >= SC_MAX_INCLUDE) {
		perr(c, "includes nested too deeply (at most %d levels)", SC_MAX_INCLUDE);
		free(real);
		free(path);
		return -1;
	}
	if (sc_include_reader)
		text = sc_include_reader(path, &len, &err);
	else
		text = read_file(path, &len, &err);
	if (!text) {
		perr(c, "cannot include '%s': %s", SHOW(path), strerror(err));
		free(real);
		free(path);
		return -1;
	}
	c->depth++;
	c->stack[c->depth] = add_file(c->sc, path);
	c->stack_real[c->depth] = real;
	c->file = c->stack[c->depth];
	rc = parse_buffer(c, text, len);
	free(text);
	free(real);
	c->stack_real[c->depth] = NULL;
	c->depth--;
	c->file = saved_file;
	c->line = saved_line;
	free(path);
	return rc;
}

static int define_names(struct pctx *c, struct sc_stmt *st)
{
	char buf[300];
	uint64_t i, n;

	switch (st->kw->id) {
	case K_PHB:
		c->phbs = xrealloc(c->phbs, (c->nphbs + 1) * sizeof(*c->phbs));
		c->phbs[c->nphbs].index = st->vals[0].num;
		c->phbs[c->nphbs].file = c->file;
		c->phbs[c->nphbs].line = c->line;
		c->nphbs++;
		return 0;
	case K_ROOTPORT:
		return name_define(c, st->vals[0].raw, NK_PORT);
	case K_REAL:
		return name_define(c, st->vals[0].raw, NK_DEVICE);
	case K_BUFFER:
		return name_define(c, st->vals[0].raw, NK_BUFFER);
	case K_SWITCH:
	case K_DEVICE:
		if (name_define(c, st->vals[0].raw,
				st->kw->id == K_SWITCH ? NK_SWITCH_UP : NK_DEVICE))
			return -1;
		/* names for at most the ports and functions PCIe can have */
		n = sc_num(st, st->kw->id == K_SWITCH ? "ports" : "functions");
		if (n > (st->kw->id == K_SWITCH ? 32 : 8))
			n = st->kw->id == K_SWITCH ? 32 : 8;
		for (i = 0; i < n; i++) {
			snprintf(buf, sizeof(buf), "%s.%llu", st->vals[0].raw, (unsigned long long)i);
			if (name_define(c, buf, st->kw->id == K_SWITCH ? NK_PORT : NK_DEVICE))
				return -1;
		}
		return 0;
	default:
		return 0;
	}
}

static int handle_stmt(struct pctx *c, const struct stmt_toks *ts)
{
	struct scenario *sc = c->sc;
	const struct keyword *kw;
	struct sc_stmt st;
	int first = 1;

	memset(&st, 0, sizeof(st));
	if (!strcasecmp(ts->t[0].s, "expect") && ts->t[0].eq < 0) {
		if (ts->n < 2) {
			perr(c, "'expect' needs an expectation (expect ok, expect value V, ...)");
			return -1;
		}
		kw = kw_lookup(KW_EXPECT, ts->t[1].s);
		if (!kw) {
			unknown_keyword(c, ts->t[1].s, true);
			return -1;
		}
		first = 2;
	} else {
		kw = kw_lookup(KW_STEP, ts->t[0].s);
		if (!kw) {
			unknown_keyword(c, ts->t[0].s, false);
			return -1;
		}
	}
	if (kw->kind == KW_EXPECT && !sc->nsteps) {
		perr(c, "expect before any step");
		return -1;
	}
	if (kw->kind == KW_TOPOLOGY && c->stepped) {
		perr(c, "topology is fixed after enumeration (%s after the first step)", kw->name);
		return -1;
	}
	if (kw->id == K_ENUMERATE && c->stepped) {
		perr(c, "enumerate must come before every other step");
		return -1;
	}
	st.kw = kw;
	st.file = c->file;
	st.line = c->line;
	if (bind_args(c, kw, ts, first, &st))
		goto fail;

	switch (kw->kind) {
	case KW_DIRECTIVE:
		if (kw->id == K_DESCRIPTION) {
			if (c->desc_file) {
				perr(c, "description given twice (first at %s:%d)", c->desc_file, c->desc_line);
				goto fail;
			}
			c->desc_file = c->file;
			c->desc_line = c->line;
			sc->description = xstrdup(st.vals[0].raw);
		} else if (kw->id == K_REQUIRES) {
			const struct sc_value *v = &st.vals[0];
			int i;

			if (!sc->nrequires)
				sc->requires_line = c->line;
			sc->requires = xrealloc(sc->requires,
						(sc->nrequires + v->nwords) * sizeof(*sc->requires));
			for (i = 0; i < v->nwords; i++)
				sc->requires[sc->nrequires++] = xstrdup(v->words[i]);
		} else if (kw->id == K_INCLUDE) {
			char *rel = xstrdup(st.vals[0].raw);

			free_stmt(&st);
			if (do_include(c, rel)) {
				free(rel);
				return -1;
			}
			free(rel);
			return 0;
		}
		free_stmt(&st);
		return 0;
	case KW_EXPECT: {
		struct sc_stmt *step = &sc->steps[sc->nsteps - 1];

		st.text = stmt_text(ts);
		step->expects = xrealloc(step->expects, (step->nexpects + 1) * sizeof(*step->expects));
		step->expects[step->nexpects++] = st;
		return 0;
	}
	case KW_TOPOLOGY:
	case KW_STEP:
		if (define_names(c, &st))
			goto fail;
		if (kw->kind == KW_STEP)
			c->stepped = true;
		st.text = stmt_text(ts);
		sc->steps = xrealloc(sc->steps, (sc->nsteps + 1) * sizeof(*sc->steps));
		sc->steps[sc->nsteps++] = st;
		return 0;
	}
fail:
	free_stmt(&st);
	return -1;
}

static int parse_buffer(struct pctx *c, const char *text, size_t len)
{
	struct reader r = { .buf = text, .len = len, .pos = 0, .line = 1 };
	struct stmt_toks ts = { 0 };
	int rc;

	while ((rc = next_stmt(c, &r, &ts)) > 0) {
		if (handle_stmt(c, &ts)) {
			rc = -1;
			break;
		}
	}
	toks_clear(&ts);
	free(ts.t);
	return rc < 0 ? -1 : 0;
}

static bool races(const struct sc_stmt *st)
{
	return st->kw->id == K_H_PUT_TCE || st->kw->id == K_H_PUT_TCE_INDIRECT ||
	       st->kw->id == K_H_STUFF_TCE;
}

/* A race's next two steps: hypercalls that write, of one guest */
static int check_races(const struct scenario *sc, char *err, size_t errlen)
{
	int i, k;

	for (i = 0; i < sc->nsteps; i++) {
		const struct sc_stmt *st = &sc->steps[i];

		if (st->kw->id != K_RACE)
			continue;
		for (k = 1; k <= 2; k++) {
			const struct sc_stmt *c = i + k < sc->nsteps ? &sc->steps[i + k] : NULL;

			if (c && races(c))
				continue;
			if (err && errlen)
				snprintf(err, errlen,
					 "%s:%d: race: the next two steps must be h-put-tce, h-put-tce-indirect or h-stuff-tce; %s%s%s",
					 st->file, st->line, c ? "the " : "",
					 c ? (k == 1 ? "first is " : "second is ") : "the scenario ends before them",
					 c ? c->kw->name : "");
			return -1;
		}
		if (strcmp(sc_str(&sc->steps[i + 1], "guest"), sc_str(&sc->steps[i + 2], "guest"))) {
			if (err && errlen)
				snprintf(err, errlen, "%s:%d: race: the two calls are %s's and %s's; one guest races",
					 st->file, st->line, sc_str(&sc->steps[i + 1], "guest"),
					 sc_str(&sc->steps[i + 2], "guest"));
			return -1;
		}
	}
	return 0;
}

static int parse_top(const char *path, const char *name, const char *text, size_t len,
		     const struct sc_vars *vars, struct scenario *out, char *err, size_t errlen)
{
	struct pctx c;
	int rc, i;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	out->path = xstrdup(path);
	out->name = xstrdup(name ? name : path);
	c.vars = vars;
	c.sc = out;
	c.err = err;
	c.errlen = errlen;
	c.stack[0] = add_file(out, path);
	c.stack_real[0] = realpath(path, NULL);
	if (!c.stack_real[0])
		c.stack_real[0] = xstrdup(path);
	c.file = c.stack[0];
	if (err && errlen)
		err[0] = '\0';
	rc = parse_buffer(&c, text, len);
	if (!rc)
		rc = check_races(out, err, errlen);
	free(c.stack_real[0]);
	for (i = 0; i < c.nnames; i++)
		free(c.names[i].name);
	free(c.names);
	free(c.phbs);
	if (rc) {
		sc_free(out);
		return -1;
	}
	return 0;
}

int sc_parse_string(const char *path, const char *text, const struct sc_vars *vars,
		    struct scenario *out, char *err, size_t errlen)
{
	return parse_top(path, path, text, strlen(text), vars, out, err, errlen);
}

int sc_parse_file(const char *path, const char *name, const struct sc_vars *vars,
		  struct scenario *out, char *err, size_t errlen)
{
	size_t len;
	int e, rc;
	char *text = read_file(path, &len, &e);

	memset(out, 0, sizeof(*out));
	if (!text) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -1;
	}
	rc = parse_top(path, name, text, len, vars, out, err, errlen);
	free(text);
	return rc;
}

void sc_free(struct scenario *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < s->nsteps; i++)
		free_stmt(&s->steps[i]);
	free(s->steps);
	for (i = 0; i < s->nrequires; i++)
		free(s->requires[i]);
	free(s->requires);
	for (i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	free(s->path);
	free(s->name);
	free(s->description);
	memset(s, 0, sizeof(*s));
}

/* ---- accessors ---- */

const struct sc_value *sc_arg(const struct sc_stmt *st, const char *name)
{
	int i;

	if (!st || !st->kw || !name)
		return NULL;
	i = arg_index(st->kw, name, strlen(name));
	if (i < 0 || !st->vals[i].set)
		return NULL;
	return &st->vals[i];
}

uint64_t sc_num(const struct sc_stmt *st, const char *name)
{
	const struct sc_value *v = sc_arg(st, name);

	return v ? v->num : 0;
}

const char *sc_str(const struct sc_stmt *st, const char *name)
{
	const struct sc_value *v = sc_arg(st, name);

	return v ? v->raw : NULL;
}

bool sc_has(const struct sc_stmt *st, const char *name)
{
	return sc_arg(st, name) != NULL;
}
