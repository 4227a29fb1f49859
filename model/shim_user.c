// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab shim, userspace implementation: the only file of model/ that
 * includes libc headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "eehlab/shim.h"

/*
 * Every block carries a header with its size, so eeh_free() can keep
 * the live-byte count that the test cap needs. 16 bytes keep the
 * caller's memory aligned for any type.
 */
struct shim_hdr {
	size_t size;
	size_t magic;
};

#define SHIM_MAGIC	((size_t)0xeeb10c4eeb10c4ULL)

static size_t shim_live_bytes;
static size_t shim_live_blocks;
#ifdef EEHLAB_TEST_HOOKS
static unsigned int shim_fail_nth;	/* 0: never; 1: the next one */
static size_t shim_cap;
#endif

/* nesting depth, this thread (shim_user.h: the inline enter/exit) */
__thread int eeh_shim_realmode_depth;
#define shim_realmode eeh_shim_realmode_depth
#ifdef EEHLAB_TEST_HOOKS
static unsigned long shim_rm_violations;
#endif

static eeh_log_sink_fn shim_sink;
static void *shim_sink_ctx;

void *eeh_zalloc(size_t size)
{
	struct shim_hdr *h;

#ifdef EEHLAB_TEST_HOOKS
	if (shim_realmode) {
		__atomic_add_fetch(&shim_rm_violations, 1, __ATOMIC_RELAXED);
		eeh_log(EEH_LOG_ERR, "real mode: allocation of %zu bytes attempted (refused)",
			size);
		return NULL;
	}
	if (shim_fail_nth) {
		if (--shim_fail_nth == 0)
			return NULL;
	}
	if (shim_cap && shim_live_bytes + size > shim_cap)
		return NULL;
#endif
	if (size > ((size_t)-1) - sizeof(*h))
		return NULL;
	h = calloc(1, sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = size;
	h->magic = SHIM_MAGIC;
	shim_live_bytes += size;
	shim_live_blocks++;
	return h + 1;
}

void eeh_free(void *p)
{
	struct shim_hdr *h;

	if (!p)
		return;
	h = (struct shim_hdr *)p - 1;
	if (h->magic != SHIM_MAGIC) {
		fprintf(stderr, "eehlab: eeh_free of a block not from eeh_zalloc\n");
		abort();
	}
	h->magic = 0;
	shim_live_bytes -= h->size;
	shim_live_blocks--;
	free(h);
}

#ifdef EEHLAB_TEST_HOOKS
void eeh_shim_fail_nth(unsigned int n)
{
	shim_fail_nth = n;
}

void eeh_shim_set_cap(size_t bytes)
{
	shim_cap = bytes;
}

size_t eeh_shim_live_bytes(void)
{
	return shim_live_bytes;
}

size_t eeh_shim_live_blocks(void)
{
	return shim_live_blocks;
}
#endif

void eeh_mutex_init(struct eeh_mutex *l)
{
	pthread_mutex_init(&l->m, NULL);
}

void eeh_mutex_lock(struct eeh_mutex *l)
{
#ifdef EEHLAB_TEST_HOOKS
	if (shim_realmode) {
		__atomic_add_fetch(&shim_rm_violations, 1, __ATOMIC_RELAXED);
		eeh_log(EEH_LOG_ERR, "real mode: sleeping lock taken (aborting)");
		fprintf(stderr, "eehlab: real mode: sleeping lock taken\n");
		abort();
	}
#endif
	pthread_mutex_lock(&l->m);
}

void eeh_shim_realmode_enter(void)
{
	shim_realmode++;
}

void eeh_shim_realmode_exit(void)
{
	if (shim_realmode > 0)
		shim_realmode--;
}

bool eeh_shim_in_realmode(void)
{
	return shim_realmode != 0;
}

#ifdef EEHLAB_TEST_HOOKS
unsigned long eeh_shim_realmode_violations(void)
{
	return __atomic_load_n(&shim_rm_violations, __ATOMIC_RELAXED);
}

/*
 * Userspace has no vmalloc area: every pointer is as good as another,
 * so the real-mode pointer check has nothing to flag here.
 */
void eeh_shim_rm_check(const void *p)
{
	(void)p;
}
#endif

void eeh_mutex_unlock(struct eeh_mutex *l)
{
	pthread_mutex_unlock(&l->m);
}

void eeh_mutex_destroy(struct eeh_mutex *l)
{
	pthread_mutex_destroy(&l->m);
}

int eeh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

void eeh_shim_set_log_sink(eeh_log_sink_fn sink, void *ctx)
{
	shim_sink = sink;
	shim_sink_ctx = ctx;
}

void eeh_log(int level, const char *fmt, ...)
{
	const char *env = getenv("EEHLAB_LOG");
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (shim_sink)
		shim_sink(shim_sink_ctx, level, text);
	if (!env || !*env)
		return;
	if (level <= EEH_LOG_WARN || !strcmp(env, "debug"))
		fprintf(stderr, "eehlab: %s\n", text);
}

u64 eeh_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

int eeh_msg_set(struct eeh_msg *msg, int err, const char *fmt, ...)
{
	va_list ap;

	if (msg) {
		va_start(ap, fmt);
		vsnprintf(msg->text, sizeof(msg->text), fmt, ap);
		va_end(ap);
	}
	return err;
}
