/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fuzz targets' input reader: bytes taken from the front of the
 * input, zero once it is used up.
 */
#ifndef EEHLAB_FUZZ_COMMON_H
#define EEHLAB_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fin {
	const uint8_t *p;
	size_t n;
};

static inline uint64_t fin_bytes(struct fin *f, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < bytes && f->n; i++, f->p++, f->n--)
		v |= (uint64_t)*f->p << (8 * i);
	return v;
}

static inline uint8_t fin_u8(struct fin *f)
{
	return (uint8_t)fin_bytes(f, 1);
}

static inline uint16_t fin_u16(struct fin *f)
{
	return (uint16_t)fin_bytes(f, 2);
}

static inline uint32_t fin_u32(struct fin *f)
{
	return (uint32_t)fin_bytes(f, 4);
}

static inline uint64_t fin_u64(struct fin *f)
{
	return fin_bytes(f, 8);
}

/* A finding: say what and abort (libFuzzer keeps the input). */
#define FUZZ_FAIL(...) do {					\
	fprintf(stderr, "fuzz: invariant violated: " __VA_ARGS__);	\
	fputc('\n', stderr);					\
	abort();						\
} while (0)

#define FUZZ_SETUP(cond) do {					\
	if (!(cond)) {						\
		fprintf(stderr, "fuzz: setup failed: %s (%s:%d)\n",	\
			#cond, __FILE__, __LINE__);		\
		abort();					\
	}							\
} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* EEHLAB_FUZZ_COMMON_H */
