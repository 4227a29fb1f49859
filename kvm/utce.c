// SPDX-License-Identifier: GPL-2.0-only
/*
 * The userspace TCE table of eehlab-vmm and the PAPR return codes by
 * name; portable, unit-tested on any host (tests/test_vmm.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>

#include "utce.h"

static const struct {
	long rc;
	const char *name;
} hnames[] = {
	{ H_SUCCESS, "H_SUCCESS" },
	{ H_BUSY, "H_BUSY" },
	{ H_HARDWARE, "H_HARDWARE" },
	{ H_FUNCTION, "H_FUNCTION" },
	{ H_PRIVILEGE, "H_PRIVILEGE" },
	{ H_PARAMETER, "H_PARAMETER" },
	{ H_BAD_MODE, "H_BAD_MODE" },
	{ H_NOT_FOUND, "H_NOT_FOUND" },
	{ H_NO_MEM, "H_NO_MEM" },
	{ H_AUTHORITY, "H_AUTHORITY" },
	{ H_PERMISSION, "H_PERMISSION" },
	{ H_RESOURCE, "H_RESOURCE" },
	{ H_TOO_HARD, "H_TOO_HARD" },
};

const char *utce_hname(long rc)
{
	size_t i;

	for (i = 0; i < sizeof(hnames) / sizeof(hnames[0]); i++)
		if (hnames[i].rc == rc)
			return hnames[i].name;
	return NULL;
}

int utce_hcode(const char *s, long *rc)
{
	size_t i;
	char *end;
	long v;

	for (i = 0; i < sizeof(hnames) / sizeof(hnames[0]); i++) {
		if (!strcasecmp(s, hnames[i].name)) {
			*rc = hnames[i].rc;
			return 0;
		}
	}
	errno = 0;
	v = strtol(s, &end, 0);
	if (!*s || *end || errno)
		return -1;
	*rc = v;
	return 0;
}

const char *utce_hcall_name(uint64_t nr)
{
	switch (nr) {
	case H_PUT_TCE:
		return "h-put-tce";
	case H_GET_TCE:
		return "h-get-tce";
	case H_PUT_TCE_INDIRECT:
		return "h-put-tce-indirect";
	case H_STUFF_TCE:
		return "h-stuff-tce";
	}
	return NULL;
}

long utce_ioba_check(const struct utce_table *t, uint64_t ioba,
		     uint64_t npages)
{
	uint64_t mask = (1ULL << t->shift) - 1;
	uint64_t idx = ioba >> t->shift;

	/* the first page inside the window even for an empty range (PAPR) */
	if ((ioba & mask) || idx >= t->nentries || idx + npages < idx ||
	    idx + npages > t->nentries)
		return H_PARAMETER;
	return H_SUCCESS;
}

long utce_tce_check(const struct utce_table *t, const struct utce_mem *m,
		    uint64_t tce)
{
	uint64_t gpa = tce & ~(TCE_PCI_READ | TCE_PCI_WRITE);
	uint64_t page = 1ULL << t->shift;

	/* no access: a poison, allowed whatever the address (as the kernel) */
	if (!(tce & (TCE_PCI_READ | TCE_PCI_WRITE)))
		return H_SUCCESS;
	if (gpa & (page - 1))
		return H_PARAMETER;
	if (gpa >= m->size || m->size - gpa < page)
		return H_PARAMETER;
	return H_SUCCESS;
}

long utce_put(struct utce_table *t, const struct utce_mem *m,
	      uint64_t ioba, uint64_t tce)
{
	long rc = utce_ioba_check(t, ioba, 1);

	if (rc == H_SUCCESS)
		rc = utce_tce_check(t, m, tce);
	if (rc == H_SUCCESS)
		t->entries[ioba >> t->shift] = tce;
	return rc;
}

long utce_get(const struct utce_table *t, uint64_t ioba, uint64_t *tce)
{
	long rc = utce_ioba_check(t, ioba, 1);

	if (rc == H_SUCCESS)
		*tce = t->entries[ioba >> t->shift];
	return rc;
}

long utce_stuff(struct utce_table *t, uint64_t ioba, uint64_t value,
		uint64_t npages)
{
	long rc = utce_ioba_check(t, ioba, npages);
	uint64_t i;

	if (rc != H_SUCCESS)
		return rc;
	/* as the kernel: only a clear (or a poison without R/W) */
	if (value & (TCE_PCI_READ | TCE_PCI_WRITE))
		return H_PARAMETER;
	for (i = 0; i < npages; i++)
		t->entries[(ioba >> t->shift) + i] = value;
	return H_SUCCESS;
}

static uint64_t be64_load(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

long utce_indirect(struct utce_table *t, const struct utce_mem *m,
		   uint64_t ioba, uint64_t list_gpa, uint64_t npages)
{
	uint64_t i, tce;
	long rc;

	if (npages > TCE_LIST_MAX || (list_gpa & 0xfff))
		return H_PARAMETER;
	rc = utce_ioba_check(t, ioba, npages);
	if (rc != H_SUCCESS)
		return rc;
	if (list_gpa >= m->size || m->size - list_gpa < npages * 8)
		return H_PARAMETER;
	/* all checked before any is written, as the kernel */
	for (i = 0; i < npages; i++) {
		rc = utce_tce_check(t, m, be64_load(m->base + list_gpa + 8 * i));
		if (rc != H_SUCCESS)
			return rc;
	}
	for (i = 0; i < npages; i++) {
		tce = be64_load(m->base + list_gpa + 8 * i);
		t->entries[(ioba >> t->shift) + i] = tce;
	}
	return H_SUCCESS;
}
