/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The userspace half of shim.h: what the kernel's headers give the
 * portable code inside the module, libc gives it here. Included by
 * shim.h only; never compiled into the kernel.
 */
#ifndef _EEHLAB_SHIM_USER_H
#define _EEHLAB_SHIM_USER_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

struct eeh_mutex {
	pthread_mutex_t m;
};

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define eeh_cpu_to_be64(x)	__builtin_bswap64(x)
#define eeh_be64_to_cpu(x)	__builtin_bswap64(x)
#else
#define eeh_cpu_to_be64(x)	((u64)(x))
#define eeh_be64_to_cpu(x)	((u64)(x))
#endif

/* One untorn 64-bit load or store of memory another thread may write */
#define eeh_load64(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define eeh_store64(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
/* A flag one thread at a time may hold: true if it was free and is now held */
#define eeh_flag_claim(p)	(!__atomic_exchange_n((p), 1, __ATOMIC_ACQUIRE))
#define eeh_flag_release(p)	__atomic_store_n((p), 0, __ATOMIC_RELEASE)
/* A pointer published to lockless readers, and their read of it */
#define eeh_publish_ptr(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define eeh_load_ptr(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)

/* what the kernel's linux/bits.h gives the portable code */
#ifndef BIT
#define BIT(n)		(1UL << (n))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n)	(1ULL << (n))
#endif

/*
 * The real-mode flag, inline for the hot path of builds without the
 * test hooks (the same per-thread depth eeh_shim_realmode_enter() and
 * eeh_shim_realmode_exit() keep).
 */
extern __thread int eeh_shim_realmode_depth;

static inline void eeh_shim_realmode_enter_inline(void)
{
	eeh_shim_realmode_depth++;
}

static inline void eeh_shim_realmode_exit_inline(void)
{
	if (eeh_shim_realmode_depth > 0)
		eeh_shim_realmode_depth--;
}

#ifndef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
#endif

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

#endif /* _EEHLAB_SHIM_USER_H */
