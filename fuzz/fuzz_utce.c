// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: eehlab-vmm's own TCE table (kvm/utce.c), the last tier of
 * the guest's TCE hypercalls. The input gives the window (I/O page 4K or
 * 64K, 1..4096 entries), the guest memory's size (exactly that much is
 * allocated, so ASan sees any access past it; its contents from the
 * input), then a stream of H_PUT_TCE, H_GET_TCE, H_STUFF_TCE and
 * H_PUT_TCE_INDIRECT with arbitrary operands. Checked after each call:
 *   - the answer is H_SUCCESS or H_PARAMETER;
 *   - a refusal left the table unchanged;
 *   - every entry with R or W maps a whole I/O page inside guest memory;
 *   - a successful put reads back as written (utce_get), a stuff as the
 *     value.
 */
#include "fuzz_common.h"

#include "utce.h"

#define MAX_OPS 64

static void check_table(const struct utce_table *t, const struct utce_mem *m)
{
	uint64_t i, page = 1ULL << t->shift;

	for (i = 0; i < t->nentries; i++) {
		uint64_t e = t->entries[i], a = e & ~(TCE_PCI_READ | TCE_PCI_WRITE);

		if (!(e & (TCE_PCI_READ | TCE_PCI_WRITE)))
			continue;
		if ((a & (page - 1)) || a >= m->size || m->size - a < page)
			FUZZ_FAIL("entry %llu = %#llx maps outside guest memory (%#llx bytes)",
				  (unsigned long long)i, (unsigned long long)e,
				  (unsigned long long)m->size);
	}
}

static uint64_t pick(struct fin *in, unsigned int shift)
{
	uint8_t sel = fin_u8(in);

	switch (sel % 4) {
	case 0: case 1:
		return ((uint64_t)fin_u8(in) << shift) | (sel >> 6);
	case 2:
		return (uint64_t)fin_u16(in) << (sel >> 2 & 15);
	default:
		return fin_u64(in);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fin in = { data, size };
	struct utce_table t;
	struct utce_mem m;
	uint64_t *before, i;
	uint8_t sel = fin_u8(&in);
	int ops;

	t.liobn = 0x80000001;
	t.shift = (sel & 1) ? 16 : 12;
	t.nentries = 1 + fin_u16(&in) % 4096;
	m.size = (uint64_t)fin_u16(&in) << (sel & 2 ? 8 : 4);
	t.entries = calloc(t.nentries, sizeof(*t.entries));
	before = calloc(t.nentries, sizeof(*before));
	m.base = malloc(m.size ? m.size : 1);
	FUZZ_SETUP(t.entries && before && m.base);
	memset(m.base, 0, m.size);
	/* guest memory: a few regions of it from the input (TCE lists) */
	for (i = 0; i < 4 && m.size; i++) {
		uint64_t at = (fin_u16(&in) << 3) % m.size, n = fin_u8(&in), k;

		for (k = 0; k < n && at + k < m.size; k++)
			m.base[at + k] = fin_u8(&in);
	}

	for (ops = 0; in.n && ops < MAX_OPS; ops++) {
		uint8_t op = fin_u8(&in);
		uint64_t ioba = pick(&in, t.shift), a = 0, b = 0, v;
		long rc;

		memcpy(before, t.entries, t.nentries * sizeof(*before));
		switch (op % 4) {
		case 0:
			a = pick(&in, t.shift);
			rc = utce_put(&t, &m, ioba, a);
			break;
		case 1:
			rc = utce_get(&t, ioba, &v);
			break;
		case 2:
			a = (op & 0x80) ? fin_u64(&in) & ~(TCE_PCI_READ | TCE_PCI_WRITE) :
					  fin_u64(&in);
			b = (op & 0x40) ? fin_u64(&in) : fin_u8(&in);
			rc = utce_stuff(&t, ioba, a, b);
			break;
		default:
			a = (op & 0x80) ? fin_u64(&in) : (uint64_t)fin_u8(&in) << 12;
			b = (op & 0x40) ? fin_u64(&in) : fin_u8(&in) % (TCE_LIST_MAX + 2);
			rc = utce_indirect(&t, &m, ioba, a, b);
			break;
		}
		if (rc != H_SUCCESS && rc != H_PARAMETER)
			FUZZ_FAIL("op %d answered %ld", op % 4, rc);
		if (rc != H_SUCCESS &&
		    memcmp(before, t.entries, t.nentries * sizeof(*before)))
			FUZZ_FAIL("op %d refused (H_PARAMETER) but changed the table", op % 4);
		check_table(&t, &m);
		if (rc == H_SUCCESS && op % 4 == 0) {
			if (utce_get(&t, ioba, &v) != H_SUCCESS || v != a)
				FUZZ_FAIL("put %#llx at %#llx reads back %#llx",
					  (unsigned long long)a, (unsigned long long)ioba,
					  (unsigned long long)v);
		}
		if (rc == H_SUCCESS && op % 4 == 2 && b) {
			if (utce_get(&t, ioba, &v) != H_SUCCESS || v != a)
				FUZZ_FAIL("stuff %#llx at %#llx reads back %#llx",
					  (unsigned long long)a, (unsigned long long)ioba,
					  (unsigned long long)v);
		}
	}
	free(t.entries);
	free(before);
	free(m.base);
	return 0;
}
