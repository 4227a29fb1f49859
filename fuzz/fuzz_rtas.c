// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: eehlab-vmm's RTAS calls (kvm/rtas.c), whose buffer the
 * untrusted guest writes. The input gives the guest memory's size
 * (exactly that much is allocated, so ASan sees any access past it), the
 * buffer's address (r4, top bits included), whether the VMM has a VFIO
 * function and its BUID, what VFIO_EEH_PE_OP answers, then the memory's
 * contents. Checked after the call:
 *   - r3 is H_SUCCESS or H_PARAMETER;
 *   - nothing outside the buffer (header, args, rets) was written, and
 *     nothing at all when the buffer is not in guest memory;
 *   - the result's rets count stays within RTAS_MAX_RETS.
 */
#include "fuzz_common.h"

#include "rtas.h"
#include "utce.h"

struct opctx {
	struct fin *in;
	int calls;
};

static int pe_op(void *ctx, unsigned int op)
{
	struct opctx *o = ctx;
	int8_t v = (int8_t)fin_u8(o->in);

	if (op > VMM_EEH_PE_CONFIGURE)
		FUZZ_FAIL("VFIO_EEH_PE_OP asked for op %u", op);
	o->calls++;
	return v < 0 ? v : v % 6;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fin in = { data, size };
	struct vmm_rtas_result res;
	struct vmm_rtas_pe pe;
	struct opctx o = { &in, 0 };
	uint64_t memsize, gpa, i, lo, hi;
	uint8_t *mem, *copy, sel;
	long rc;

	memsize = fin_u16(&in);
	sel = fin_u8(&in);
	gpa = (sel & 1) ? fin_u64(&in) : fin_u16(&in) | ((uint64_t)(sel >> 4) << 60);
	pe.buid = (sel & 2) ? fin_u64(&in) : 0x800000020000000ULL;
	pe.config_addr = (sel & 4) ? fin_u32(&in) : 1 << 16;
	mem = malloc(memsize ? memsize : 1);
	copy = malloc(memsize ? memsize : 1);
	FUZZ_SETUP(mem && copy);
	for (i = 0; i < memsize; i++)
		mem[i] = in.n ? fin_u8(&in) : 0;
	memcpy(copy, mem, memsize);

	rc = vmm_rtas_call(memsize ? mem : NULL, memsize, gpa, (sel & 8) ? NULL : &pe,
			   pe_op, &o, &res);
	if (rc != H_SUCCESS && rc != H_PARAMETER)
		FUZZ_FAIL("H_RTAS answered %ld", rc);
	if (res.written < 0 || res.written > RTAS_MAX_RETS)
		FUZZ_FAIL("%d rets written", res.written);
	/* what may change: the rets of a buffer inside memory */
	lo = hi = 0;
	gpa &= RTAS_GPA_MASK;
	if (memsize >= 12 && gpa <= memsize - 12) {
		uint64_t nargs = (uint64_t)mem[gpa + 4] << 24 | mem[gpa + 5] << 16 |
				 mem[gpa + 6] << 8 | mem[gpa + 7];

		lo = gpa + 12 + 4 * nargs;
		hi = memsize;
	}
	for (i = 0; i < memsize; i++)
		if (mem[i] != copy[i] && (i < lo || i >= hi))
			FUZZ_FAIL("byte %#llx written outside the rets (buffer at %#llx)",
				  (unsigned long long)i, (unsigned long long)gpa);
	free(mem);
	free(copy);
	return 0;
}
