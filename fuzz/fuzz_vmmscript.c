// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: eehlab-vmm's script parser (kvm/script.c), the input being
 * a script's text; each parsed rtas command then has its buffer written
 * (vmm_rtas_prepare) into a small guest memory, whose bounds ASan
 * guards, and its rets' offsets taken.
 */
#include "fuzz_common.h"

#include "script.h"

#define MEM_SIZE (128 << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_script s;
	uint8_t *mem;
	char err[256];
	char *text;
	size_t i;
	uint32_t k;

	text = malloc(size + 1);
	FUZZ_SETUP(text);
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&s, 0, sizeof(s));
	if (!vmm_script_parse("fuzz.vmm", text, &s, err, sizeof(err))) {
		mem = malloc(MEM_SIZE);
		FUZZ_SETUP(mem);
		for (i = 0; i < s.n; i++) {
			const struct vmm_cmd *c = &s.cmds[i];

			if (c->op != VMM_RTAS)
				continue;
			if (vmm_rtas_prepare(c, mem, MEM_SIZE) > MEM_SIZE)
				FUZZ_FAIL("rtas buffer wrote past memory");
			for (k = 0; k < 8; k++)
				(void)vmm_rtas_ret_off(c, k);
		}
		free(mem);
	}
	vmm_script_free(&s);
	free(text);
	return 0;
}
