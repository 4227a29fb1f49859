/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * eehlab shim: the portable code's only window on the outside world.
 *
 * model/, inject/ and recovery/ compile unchanged in userspace and inside
 * the kernel module. They include this header and nothing else from
 * outside the project: fixed-width types, memory, locking, formatting,
 * logging and byte order come from here. Userspace implementation:
 * model/shim_user.c. Kernel implementation: driver/ (arrives with the
 * kernel component).
 */
#ifndef _EEHLAB_SHIM_H
#define _EEHLAB_SHIM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <asm/byteorder.h>

struct eeh_mutex {
	/* the sleeping lock behind eeh_mutex_lock()/eeh_mutex_unlock() */
	struct mutex m;
};

#define eeh_cpu_to_be64(x)	cpu_to_be64(x)
#define eeh_be64_to_cpu(x)	be64_to_cpu(x)

/* One untorn 64-bit load or store of memory another CPU may write */
#define eeh_load64(p)		READ_ONCE(*(p))
#define eeh_store64(p, v)	WRITE_ONCE(*(p), (v))
/* A flag one CPU at a time may hold: true if it was free and is now held */
#define eeh_flag_claim(p)	(!xchg((p), 1))
/* release: what the holder wrote is seen by the next claimer */
#define eeh_flag_release(p)	smp_store_release((p), 0)
/*
 * A pointer published to lockless readers, and their read of it. release:
 * the object is filled before the pointer is seen; the readers' address
 * dependency orders their loads through it.
 */
#define eeh_publish_ptr(p, v)	smp_store_release((p), (v))
#define eeh_load_ptr(p)		READ_ONCE(*(p))
#else
#include "eehlab/shim_user.h"
#endif /* __KERNEL__ */

/*
 * Memory. eeh_zalloc() returns zeroed memory or NULL. Every allocation
 * of the portable code goes through it, so a test build can fail the
 * n-th allocation (eeh_shim_fail_nth) and walk every error path.
 */
void *eeh_zalloc(size_t size);
void eeh_free(void *p);

/* Locking: a sleeping lock, for process context only. */
void eeh_mutex_init(struct eeh_mutex *l);
void eeh_mutex_lock(struct eeh_mutex *l);
void eeh_mutex_unlock(struct eeh_mutex *l);
void eeh_mutex_destroy(struct eeh_mutex *l);

/* Formatting: vsnprintf/snprintf semantics (always NUL-terminated). */
int eeh_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int eeh_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Logging, with the instance named in the text ("PHB#0000 PE#1fd: ..."). */
enum eeh_log_level {
	EEH_LOG_ERR = 3,
	EEH_LOG_WARN = 4,
	EEH_LOG_INFO = 6,
	EEH_LOG_DEBUG = 7,
};

void eeh_log(int level, const char *fmt, ...) __printf(2, 3);

/* Wall-clock nanoseconds, for measuring real recoveries (never for logic). */
u64 eeh_wall_ns(void);

/*
 * A message for the caller, as netlink's extack: every refusal of the
 * portable code fills one (when the caller passed one) and returns -errno.
 */
#define EEH_MSG_LEN 192
struct eeh_msg {
	char text[EEH_MSG_LEN];
};

/* Set msg (may be NULL) and return err (a negative errno). */
int eeh_msg_set(struct eeh_msg *msg, int err, const char *fmt, ...) __printf(3, 4);

/* IBM bit numbering, as skiboot writes it: bit 0 is the MSB of 64. */
#define EEH_PPC_BIT(b)		(1ULL << (63 - (b)))
/*
 * Bits @a..@b (a <= b), IBM numbering. For a == 0, EEH_PPC_BIT(0) * 2
 * wraps to 0 in u64 arithmetic and 0 - EEH_PPC_BIT(b) is bits 0..b, as
 * wanted. Usable in constant expressions.
 */
#define EEH_PPC_BITMASK(a, b)	(EEH_PPC_BIT(a) * 2 - EEH_PPC_BIT(b))
#define EEH_MASK_SHIFT(m)	(__builtin_ctzll(m))

/* The field @mask (non-zero) of @v, shifted down to bit 0. */
static inline u64 eeh_getfield(u64 mask, u64 v)
{
	return (v & mask) >> EEH_MASK_SHIFT(mask);
}

/* @v with its field @mask (non-zero) replaced by @val (truncated to fit). */
static inline u64 eeh_setfield(u64 mask, u64 v, u64 val)
{
	return (v & ~mask) | ((val << EEH_MASK_SHIFT(mask)) & mask);
}

#define EEH_GETFIELD(m, v)	eeh_getfield(m, v)
#define EEH_SETFIELD(m, v, val)	eeh_setfield(m, v, val)

/*
 * Real mode: the section of the fast TCE path that runs as KVM's
 * real-mode handlers did (MMU off, interrupts off): no allocation, no
 * sleeping lock, no fault. enter/exit nest; the flag is per thread. In
 * the kernel they bracket a section with preemption and interrupts off.
 * In test builds (EEHLAB_TEST_HOOKS) the contract is checked: while the
 * flag is set, eeh_zalloc() logs an error, counts a violation and
 * returns NULL, and eeh_mutex_lock() logs, counts and aborts.
 */
void eeh_shim_realmode_enter(void);
void eeh_shim_realmode_exit(void);
bool eeh_shim_in_realmode(void);

/*
 * Real mode may touch only memory it could reach with the MMU off: the
 * real-mode tier passes every pointer it dereferences (the guest, its
 * slot pages, its TCE table levels) to eeh_shim_rm_check(). In test
 * builds the kernel shim counts (and reports once) a vmalloc address
 * seen while in real mode; otherwise the check compiles to nothing.
 */
#ifdef EEHLAB_TEST_HOOKS
void eeh_shim_rm_check(const void *p);
#else
static inline void eeh_shim_rm_check(const void *p)
{
	(void)p;
}
#endif

#ifdef EEHLAB_TEST_HOOKS
/* Real-mode contract violations caught so far (all threads). */
unsigned long eeh_shim_realmode_violations(void);
/* Test builds only: make the n-th following eeh_zalloc() fail (0: never). */
void eeh_shim_fail_nth(unsigned int n);
/* Cap of bytes live through eeh_zalloc (0: none). */
void eeh_shim_set_cap(size_t bytes);
/* Bytes and blocks currently live through eeh_zalloc (leak checks). */
size_t eeh_shim_live_bytes(void);
size_t eeh_shim_live_blocks(void);
#endif

#ifndef __KERNEL__
/*
 * Userspace only: route eeh_log() lines (every level) to @sink as well
 * (NULL: none). Without a sink, lines of level <= EEH_LOG_WARN go to
 * stderr only when the environment variable EEHLAB_LOG is set
 * (EEHLAB_LOG=debug: every level).
 */
typedef void (*eeh_log_sink_fn)(void *ctx, int level, const char *text);
void eeh_shim_set_log_sink(eeh_log_sink_fn sink, void *ctx);
#endif

#endif /* _EEHLAB_SHIM_H */
