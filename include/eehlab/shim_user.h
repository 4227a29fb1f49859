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
