// SPDX-License-Identifier: GPL-2.0-only
/*
 * eehlab model: sparse host physical memory. 4 KiB pages in a hash,
 * materialised on the first non-zero write; an unbacked page reads as
 * zero. Materialised bytes are capped by m->mem_cap.
 *
 * A block (eeh_mem_map_block) is a run of pages materialised as one
 * contiguous buffer, so that a TCE table level can be addressed through
 * a plain pointer: its pages are in the hash as well (every other
 * accessor sees them), but their data points into the block.
 */
#include "internal.h"

struct eeh_mem_block;

struct eeh_mem_page {
	u64 pfn;
	struct eeh_mem_page *next;
	u8 *data;
	struct eeh_mem_block *blk;	/* NULL: data is this page's own */
};

struct eeh_mem_block {
	u64 pa, size;
	u8 *data;			/* size bytes */
	struct eeh_mem_page *pages;	/* size / 4K hash entries */
	struct eeh_mem_block *next, *prev;
};

static bool range_ok(u64 pa, u64 len)
{
	return pa + len >= pa && pa + len <= EEH_MEM_LIMIT;
}

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

static void block_free(struct eeh_mem_block *b)
{
	eeh_free(b->pages);
	eeh_free(b->data);
	eeh_free(b);
}

void eeh_mem_free_all(struct eeh_model *m)
{
	struct eeh_mem_block *b, *nb;
	u32 i;

	if (!m->mem_hash)
		return;
	for (i = 0; i < m->mem_hash_size; i++) {
		struct eeh_mem_page *p = m->mem_hash[i], *n;

		for (; p; p = n) {
			n = p->next;
			if (p->blk)
				continue;
			eeh_free(p->data);
			eeh_free(p);
		}
		m->mem_hash[i] = NULL;
	}
	for (b = m->mem_blocks; b; b = nb) {
		nb = b->next;
		block_free(b);
	}
	m->mem_blocks = NULL;
	m->mem_used = 0;
}

/*
 * Drop a page from the hash (*pp points at it); frees its data unless it
 * lives in a block.
 */
static void page_unlink(struct eeh_model *m, struct eeh_mem_page **pp)
{
	struct eeh_mem_page *p = *pp;

	*pp = p->next;
	if (p->blk)
		return;
	eeh_free(p->data);
	eeh_free(p);
	m->mem_used -= EEH_PAGE_SIZE;
}

/**
 * eeh_mem_page_ptr() - the data of the materialised 4 KiB page holding
 * @pa (a pointer to the page's first byte), materialising it when
 * @alloc. NULL: not materialised (reads as zero), or the cap was
 * reached. One hash lookup: not for a per-entry hot path.
 */
u8 *eeh_mem_page_ptr(struct eeh_model *m, u64 pa, bool alloc)
{
	struct eeh_mem_page *p;

	if (!m || pa >= EEH_MEM_LIMIT)
		return NULL;
	p = mem_find(m, pa >> EEH_PAGE_SHIFT);
	if (!p && alloc)
		p = mem_materialise(m, pa >> EEH_PAGE_SHIFT);
	return p ? p->data : NULL;
}

/**
 * eeh_mem_map_block() - materialise [@pa, @pa + @size) as one contiguous
 * buffer and return it. @pa and @size are 4 KiB aligned. Bytes of pages
 * already materialised are moved into the block; a page that already
 * belongs to another block refuses the call (-EBUSY). Nothing changes on
 * a refusal.
 */
void *eeh_mem_map_block(struct eeh_model *m, u64 pa, u64 size, struct eeh_msg *msg)
{
	struct eeh_mem_block *b;
	u64 i, n, have = 0;

	if (!m || !size || (pa | size) & (EEH_PAGE_SIZE - 1) || !range_ok(pa, size)) {
		eeh_msg_set(msg, -EINVAL, "host memory block 0x%llx+0x%llx is not 4K-aligned",
			    (unsigned long long)pa, (unsigned long long)size);
		return NULL;
	}
	n = size >> EEH_PAGE_SHIFT;
	for (i = 0; i < n; i++) {
		struct eeh_mem_page *p = mem_find(m, (pa >> EEH_PAGE_SHIFT) + i);

		if (p && p->blk) {
			eeh_msg_set(msg, -EBUSY, "host page 0x%llx is in another block",
				    (unsigned long long)(pa + (i << EEH_PAGE_SHIFT)));
			return NULL;
		}
		if (p)
			have++;
	}
	if (m->mem_used + size - (have << EEH_PAGE_SHIFT) > m->mem_cap) {
		eeh_msg_set(msg, -ENOMEM,
			    "host memory cap reached: %llu of %llu bytes used, %llu more needed",
			    (unsigned long long)m->mem_used, (unsigned long long)m->mem_cap,
			    (unsigned long long)(size - (have << EEH_PAGE_SHIFT)));
		return NULL;
	}
	b = eeh_zalloc(sizeof(*b));
	if (b) {
		b->data = eeh_zalloc(size);
		b->pages = eeh_zalloc(sizeof(*b->pages) * n);
	}
	if (!b || !b->data || !b->pages) {
		if (b)
			block_free(b);
		eeh_msg_set(msg, -ENOMEM, "out of memory for a host memory block of %llu bytes",
			    (unsigned long long)size);
		return NULL;
	}
	b->pa = pa;
	b->size = size;
	for (i = 0; i < n; i++) {
		u64 pfn = (pa >> EEH_PAGE_SHIFT) + i;
		struct eeh_mem_page **pp = &m->mem_hash[mem_bucket(m, pfn)];
		struct eeh_mem_page *p = &b->pages[i];

		while (*pp && (*pp)->pfn != pfn)
			pp = &(*pp)->next;
		if (*pp) {
			memcpy(b->data + (i << EEH_PAGE_SHIFT), (*pp)->data, EEH_PAGE_SIZE);
			page_unlink(m, pp);
		}
		p->pfn = pfn;
		p->data = b->data + (i << EEH_PAGE_SHIFT);
		p->blk = b;
		p->next = m->mem_hash[mem_bucket(m, pfn)];
		m->mem_hash[mem_bucket(m, pfn)] = p;
	}
	m->mem_used += size;
	b->next = m->mem_blocks;
	if (b->next)
		b->next->prev = b;
	m->mem_blocks = b;
	return b->data;
}

/* Unhash every page of block @b and free it. */
static void block_drop(struct eeh_model *m, struct eeh_mem_block *b)
{
	u64 i, n = b->size >> EEH_PAGE_SHIFT;

	for (i = 0; i < n; i++) {
		u64 pfn = b->pages[i].pfn;
		struct eeh_mem_page **pp = &m->mem_hash[mem_bucket(m, pfn)];

		while (*pp && *pp != &b->pages[i])
			pp = &(*pp)->next;
		if (*pp)
			*pp = (*pp)->next;
	}
	if (b->prev)
		b->prev->next = b->next;
	else
		m->mem_blocks = b->next;
	if (b->next)
		b->next->prev = b->prev;
	m->mem_used -= b->size;
	block_free(b);
}

/**
 * eeh_mem_discard() - forget the bytes of [@pa, @pa + @size): they read
 * as zero again. Pages and blocks wholly inside are freed; a block that
 * only overlaps has the overlapping bytes zeroed. Costs one pass over
 * the materialised pages, whatever @size.
 */
void eeh_mem_discard(struct eeh_model *m, u64 pa, u64 size)
{
	struct eeh_mem_block **bp, *b;
	struct eeh_mem_page *first;
	u64 end = pa + size;
	u32 i;

	if (!m || !size || end < pa)
		return;
	first = pa < EEH_MEM_LIMIT ? mem_find(m, pa >> EEH_PAGE_SHIFT) : NULL;
	if (first && first->blk && first->blk->pa == pa && first->blk->size == size) {
		block_drop(m, first->blk);	/* exactly one block: no full pass */
		return;
	}
	for (i = 0; i < m->mem_hash_size; i++) {
		struct eeh_mem_page **pp = &m->mem_hash[i];

		while (*pp) {
			struct eeh_mem_page *p = *pp;
			u64 a = p->pfn << EEH_PAGE_SHIFT;

			if (a + EEH_PAGE_SIZE <= pa || a >= end) {
				pp = &p->next;
				continue;
			}
			if (p->blk && (p->blk->pa < pa || p->blk->pa + p->blk->size > end)) {
				u64 lo = a < pa ? pa : a;
				u64 hi = a + EEH_PAGE_SIZE > end ? end : a + EEH_PAGE_SIZE;

				memset(p->data + (lo - a), 0, hi - lo);
				pp = &p->next;
				continue;
			}
			if (!p->blk && (a < pa || a + EEH_PAGE_SIZE > end)) {
				u64 lo = a < pa ? pa : a;
				u64 hi = a + EEH_PAGE_SIZE > end ? end : a + EEH_PAGE_SIZE;

				memset(p->data + (lo - a), 0, hi - lo);
				pp = &p->next;
				continue;
			}
			page_unlink(m, pp);
		}
	}
	for (bp = &m->mem_blocks; *bp;) {
		b = *bp;
		if (b->pa >= pa && b->pa + b->size <= end) {
			*bp = b->next;
			if (b->next)
				b->next->prev = b->prev;
			m->mem_used -= b->size;
			block_free(b);
			continue;
		}
		bp = &b->next;
	}
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
