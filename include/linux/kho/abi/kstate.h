/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_KHO_ABI_KSTATE_H
#define LINUX_KHO_ABI_KSTATE_H

#include <linux/types.h>

/**
 * DOC: KSTATE wire format
 *
 * KSTATE hands its objects over in one KHO subtree named ``kstate``: an FDT
 * in a preserved folio, readable with ``dtc``. All integers are
 * native-endian, like every KHO structure. The layout::
 *
 *   / {
 *       compatible = "kstate-v1";
 *       <name>@<instance> {        // one node per saved object
 *           id = <u32>;            // kstate_description.id
 *           version = <u32>;       // kstate_description.version_id
 *           <field> = [...];       // one property per written field
 *           <struct field> {       // KSTATE_STRUCT: a child node
 *               id = <u32>;
 *               version = <u32>;
 *               ...
 *           };
 *           <subsection name> {    // subsections: child nodes too
 *               id = <u32>;
 *               version = <u32>;
 *               ...
 *           };
 *       };
 *   };
 *
 * The node of an object is named after its description and its instance
 * number in hexadecimal (``dev@1f``); readers find it by the ``id``
 * property and the number after ``@``, not by the name. Properties, by
 * field kind:
 *
 * - ``KSTATE_BASE_TYPE``: the bytes of the field, exactly its size;
 * - ``KSTATE_POINTER``: the bytes of the pointee, or an empty property if
 *   the pointer was NULL;
 * - ``KSTATE_ARRAY_OF_POINTER``: the pointees one after the other, their
 *   number given by the property length;
 * - ``KSTATE_FOLIO`` and ``KSTATE_PAGE``: a &struct kstate_mem_ser; the
 *   memory itself is preserved with KHO at the same physical address;
 * - ``KSTATE_CUSTOM``: whatever the field's save callback wrote, at most
 *   %KSTATE_CUSTOM_MAX bytes.
 *
 * A ``_DEPRECATED`` field is never written. Subsection nodes are matched by
 * name, and their ``id`` must be the one the reader expects; a subsection
 * the reader does not know is ignored, as is any other node or property it
 * does not ask for.
 */

/* Name of the KHO subtree and compatible string of its root. */
#define KSTATE_KHO_NODE		"kstate"
#define KSTATE_COMPATIBLE	"kstate-v1"

/* The properties every object, struct and subsection node carries. */
#define KSTATE_PROP_ID		"id"
#define KSTATE_PROP_VERSION	"version"

/* Largest property a KSTATE_CUSTOM save callback may write. */
#define KSTATE_CUSTOM_MAX	4096

/* Flags of struct kstate_mem_ser. */
#define KSTATE_MEM_PAGES	0x1	/* order-0 pages, not one folio */
#define KSTATE_MEM_FLAGS	KSTATE_MEM_PAGES

/**
 * struct kstate_mem_ser - a preserved folio or page range, as handed over
 * @phys: physical address of the memory; 0 if the field was NULL
 * @order: the memory is ``PAGE_SIZE << order`` bytes
 * @flags: %KSTATE_MEM_PAGES for a page range restored as order-0 pages
 *	(KSTATE_PAGE), 0 for a folio (KSTATE_FOLIO); other bits are refused
 */
struct kstate_mem_ser {
	u64 phys;
	u32 order;
	u32 flags;
} __packed;

#endif /* LINUX_KHO_ABI_KSTATE_H */
