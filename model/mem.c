// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: sparse host physical memory. 4 KiB pages in a hash,
 * materialised on the first non-zero write; an unbacked page reads as
 * zero. Materialised bytes are capped by m->mem_cap.
 */
#include "internal.h"

struct eeh_mem_page {
	u64 pfn;
	struct eeh_mem_page *next;
	u8 *data;
};

static u32 mem_bucket(struct eeh_model *m, u64 pfn)
{
	return (u32)((pfn * 0x9e3779b97f4a7c15ULL) >> 40) % m->mem_hash_size;
}

static struct eeh_mem_page *mem_find(struct eeh_model *m, u64 pfn)
{
	struct eeh_mem_page *p;

	for (p = m->mem_hash[mem_bucket(m, pfn)]; p; p = p->next)
		if (p->pfn == pfn)
			return p;
	return NULL;
}

static struct eeh_mem_page *mem_materialise(struct eeh_model *m, u64 pfn)
{
	struct eeh_mem_page *p = mem_find(m, pfn);
	u32 b;

	if (p)
		return p;
	if (m->mem_used + EEH_PAGE_SIZE > m->mem_cap)
		return NULL;
	p = eeh_zalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->data = eeh_zalloc(EEH_PAGE_SIZE);
	if (!p->data) {
		eeh_free(p);
		return NULL;
	}
	p->pfn = pfn;
	b = mem_bucket(m, pfn);
	p->next = m->mem_hash[b];
	m->mem_hash[b] = p;
	m->mem_used += EEH_PAGE_SIZE;
	return p;
}

void eeh_mem_free_all(struct eeh_model *m)
{
	u32 i;

	if (!m->mem_hash)
		return;
	for (i = 0; i < m->mem_hash_size; i++) {
		struct eeh_mem_page *p = m->mem_hash[i], *n;

		for (; p; p = n) {
			n = p->next;
			eeh_free(p->data);
			eeh_free(p);
		}
		m->mem_hash[i] = NULL;
	}
	m->mem_used = 0;
}

static bool range_ok(u64 pa, u64 len)
{
	return pa + len >= pa && pa + len <= EEH_MEM_LIMIT;
}

int eeh_mem_read(struct eeh_model *m, u64 pa, void *buf, u64 len)
{
	u8 *out = buf;

	if (!m || (!buf && len) || !range_ok(pa, len))
		return -EINVAL;
	while (len) {
		u64 off = pa & (EEH_PAGE_SIZE - 1), n = EEH_PAGE_SIZE - off;
		struct eeh_mem_page *p;

		if (n > len)
			n = len;
		p = mem_find(m, pa >> EEH_PAGE_SHIFT);
		if (p)
			memcpy(out, p->data + off, n);
		else
			memset(out, 0, n);
		out += n;
		pa += n;
		len -= n;
	}
	return 0;
}

static bool all_zero(const u8 *p, u64 n)
{
	u64 i;

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/**
 * eeh_mem_write() - write host memory. Pages are materialised first, so a
 * refusal (-ENOMEM: the cap would be passed, or allocation failed) writes
 * nothing; pages a refused write materialised read as zero as before.
 */
int eeh_mem_write(struct eeh_model *m, u64 pa, const void *buf, u64 len)
{
	const u8 *in = buf;
	u64 a, left, need = 0;

	if (!m || (!buf && len) || !range_ok(pa, len))
		return -EINVAL;
	/* pass 1: how many new pages, and is there room */
	for (a = pa, left = len; left;) {
		u64 off = a & (EEH_PAGE_SIZE - 1), n = EEH_PAGE_SIZE - off;

		if (n > left)
			n = left;
		if (!mem_find(m, a >> EEH_PAGE_SHIFT) && !all_zero(in + (a - pa), n))
			need += EEH_PAGE_SIZE;
		a += n;
		left -= n;
	}
	if (m->mem_used + need > m->mem_cap) {
		eeh_log(EEH_LOG_WARN,
			"host memory cap reached: %llu of %llu bytes used, %llu more needed",
			(unsigned long long)m->mem_used, (unsigned long long)m->mem_cap,
			(unsigned long long)need);
		return -ENOMEM;
	}
	/* pass 2: materialise */
	for (a = pa, left = len; left;) {
		u64 off = a & (EEH_PAGE_SIZE - 1), n = EEH_PAGE_SIZE - off;

		if (n > left)
			n = left;
		if (!mem_find(m, a >> EEH_PAGE_SHIFT) && !all_zero(in + (a - pa), n) &&
		    !mem_materialise(m, a >> EEH_PAGE_SHIFT)) {
			eeh_log(EEH_LOG_ERR, "out of memory materialising host page 0x%llx",
				(unsigned long long)(a & ~(EEH_PAGE_SIZE - 1)));
			return -ENOMEM;
		}
		a += n;
		left -= n;
	}
	/* pass 3: copy */
	for (a = pa, left = len; left;) {
		u64 off = a & (EEH_PAGE_SIZE - 1), n = EEH_PAGE_SIZE - off;
		struct eeh_mem_page *p;

		if (n > left)
			n = left;
		p = mem_find(m, a >> EEH_PAGE_SHIFT);
		if (p)
			memcpy(p->data + off, in + (a - pa), n);
		a += n;
		left -= n;
	}
	return 0;
}

/**
 * eeh_mem_alloc() - reserve @size bytes of host memory aligned to @align
 * (0: 4 KiB; at least 4 KiB). Nothing is materialised until written.
 */
int eeh_mem_alloc(struct eeh_model *m, u64 size, u64 align, u64 *pa,
		  struct eeh_msg *msg)
{
	u64 base;

	if (!m || !pa)
		return eeh_msg_set(msg, -EINVAL, "no model or no result");
	if (!size)
		return eeh_msg_set(msg, -EINVAL, "host memory of size 0");
	if (!align)
		align = EEH_PAGE_SIZE;
	if (!eeh_is_pow2(align))
		return eeh_msg_set(msg, -EINVAL, "alignment 0x%llx is not a power of two",
				   (unsigned long long)align);
	if (align < EEH_PAGE_SIZE)
		align = EEH_PAGE_SIZE;
	if (size > EEH_MEM_LIMIT || align > EEH_MEM_LIMIT)
		return eeh_msg_set(msg, -ENOSPC, "host memory request of 0x%llx bytes too large",
				   (unsigned long long)size);
	base = eeh_align_up(m->mem_next, align);
	size = eeh_align_up(size, EEH_PAGE_SIZE);
	if (base > EEH_MEM_LIMIT || size > EEH_MEM_LIMIT - base)
		return eeh_msg_set(msg, -ENOSPC,
				   "host physical address space exhausted (0x%llx bytes asked)",
				   (unsigned long long)size);
	m->mem_next = base + size;
	*pa = base;
	return 0;
}
