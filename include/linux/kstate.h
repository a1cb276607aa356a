/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LINUX_KSTATE_H
#define LINUX_KSTATE_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/types.h>

/*
 * KSTATE: declarative, versioned kernel state across kexec, on top of Kexec
 * HandOver. A subsystem describes a struct once with a kstate_description
 * and registers its objects; KSTATE saves them at every KHO finalize and
 * restores them in the next kernel when they are registered again. See
 * Documentation/core-api/kstate.rst.
 */

struct folio;
struct page;
struct kstate_description;

/**
 * enum kstate_kind - how a field is saved and restored
 * @KSTATE_KIND_END: end of a field list (KSTATE_END_OF_LIST())
 * @KSTATE_KIND_BASE: copied by value
 * @KSTATE_KIND_POINTER: the pointee is saved by value and written back
 *	through the pointer
 * @KSTATE_KIND_STRUCT: a nested struct with a description of its own
 * @KSTATE_KIND_ARRAY_OF_POINTER: an array of pointers, each pointee saved
 *	by value
 * @KSTATE_KIND_FOLIO: a folio, preserved with KHO
 * @KSTATE_KIND_PAGE: a run of pages, preserved with KHO
 * @KSTATE_KIND_CUSTOM: saved and restored by callbacks
 */
enum kstate_kind {
	KSTATE_KIND_END = 0,
	KSTATE_KIND_BASE,
	KSTATE_KIND_POINTER,
	KSTATE_KIND_STRUCT,
	KSTATE_KIND_ARRAY_OF_POINTER,
	KSTATE_KIND_FOLIO,
	KSTATE_KIND_PAGE,
	KSTATE_KIND_CUSTOM,
};

/* Field flags. */
#define KSTATE_F_DEPRECATED	0x1	/* read up to @last_version, never written */

/**
 * struct kstate_field - one field of a described struct
 * @name: property name on the wire (the member's name); not ``id``,
 *	``version`` or a property name devicetree reserves (``name``,
 *	``compatible``, ``reg``...)
 * @kind: how it is saved, see &enum kstate_kind
 * @flags: %KSTATE_F_DEPRECATED or 0
 * @offset: offset of the member in the struct
 * @size: bytes saved: of the member (BASE), of the pointee (POINTER and
 *	ARRAY_OF_POINTER) or of the nested struct (STRUCT)
 * @max: ARRAY_OF_POINTER: number of pointers in the array; PAGE: the order
 *	of the page run
 * @since_version: the field exists in versions from this one on
 * @last_version: with %KSTATE_F_DEPRECATED, the last version that wrote it
 * @desc: STRUCT: the description of the nested struct
 * @count: ARRAY_OF_POINTER: number of pointers in use, the first ones of
 *	the array; called with the object at save
 * @save: CUSTOM: write the field (at @field) into @buf of @size bytes and
 *	return the number of bytes written, or a negative error code
 * @restore: CUSTOM: read the field back from @len bytes at @buf; return 0
 *	or a negative error code
 *
 * Fields are made with the KSTATE_* macros below, never by hand.
 */
struct kstate_field {
	const char *name;
	enum kstate_kind kind;
	u32 flags;
	size_t offset;
	size_t size;
	unsigned int max;
	u32 since_version;
	u32 last_version;
	const struct kstate_description *desc;
	unsigned int (*count)(const void *obj);
	int (*save)(const void *field, void *buf, size_t size);
	int (*restore)(void *field, const void *buf, size_t len);
};

/**
 * struct kstate_description - the layout of a struct, versioned
 * @name: node name on the wire: letters, digits, ``,._+-``; at most 31
 *	characters
 * @id: unique number of the description; objects are found by it
 * @version_id: the version this kernel writes
 * @min_version_id: the oldest version this kernel reads
 * @fields: the fields, ended by KSTATE_END_OF_LIST()
 * @subsections: NULL-terminated array of descriptions of more fields of
 *	the same object, each saved as a child node; or NULL
 * @needed: for a subsection, whether to save it for this object (NULL:
 *	always)
 */
struct kstate_description {
	const char *name;
	u32 id;
	u32 version_id;
	u32 min_version_id;
	const struct kstate_field *fields;
	const struct kstate_description * const *subsections;
	bool (*needed)(const void *obj);
};

#define __kstate_member(_s, _f)	(((_s *)0)->_f)

/* Zero at compile time if member @_f of struct @_s has type @_t. */
#define __kstate_check_type(_s, _f, _t) \
	BUILD_BUG_ON_ZERO(!__same_type(__kstate_member(_s, _f), _t))

/* Zero at compile time if member @_f of struct @_s is a pointer. */
#define __kstate_check_pointer(_s, _f) \
	BUILD_BUG_ON_ZERO(!__same_type(&*__kstate_member(_s, _f), \
				       __kstate_member(_s, _f)))

#define __KSTATE_BASE_TYPE(_f, _s, _t, _since, _flags, _last) {		\
	.name = #_f,							\
	.kind = KSTATE_KIND_BASE,					\
	.flags = (_flags),						\
	.offset = offsetof(_s, _f) + __kstate_check_type(_s, _f, _t),	\
	.size = sizeof(_t),						\
	.since_version = (_since),					\
	.last_version = (_last),					\
}

#define __KSTATE_POINTER(_f, _s, _since, _flags, _last) {		\
	.name = #_f,							\
	.kind = KSTATE_KIND_POINTER,					\
	.flags = (_flags),						\
	.offset = offsetof(_s, _f) + __kstate_check_pointer(_s, _f),	\
	.size = sizeof(*__kstate_member(_s, _f)),			\
	.since_version = (_since),					\
	.last_version = (_last),					\
}

#define __KSTATE_STRUCT(_f, _s, _desc, _since, _flags, _last) {		\
	.name = #_f,							\
	.kind = KSTATE_KIND_STRUCT,					\
	.flags = (_flags),						\
	.offset = offsetof(_s, _f),					\
	.size = sizeof(__kstate_member(_s, _f)),			\
	.desc = &(_desc),						\
	.since_version = (_since),					\
	.last_version = (_last),					\
}

#define __KSTATE_ARRAY_OF_POINTER(_f, _s, _count, _since, _flags, _last) { \
	.name = #_f,							\
	.kind = KSTATE_KIND_ARRAY_OF_POINTER,				\
	.flags = (_flags),						\
	.offset = offsetof(_s, _f) +					\
		  __kstate_check_pointer(_s, _f[0]),			\
	.size = sizeof(*__kstate_member(_s, _f[0])),			\
	.max = ARRAY_SIZE(__kstate_member(_s, _f)),			\
	.count = (_count),						\
	.since_version = (_since),					\
	.last_version = (_last),					\
}

#define __KSTATE_FOLIO(_f, _s, _since, _flags, _last) {			\
	.name = #_f,							\
	.kind = KSTATE_KIND_FOLIO,					\
	.flags = (_flags),						\
	.offset = offsetof(_s, _f) +					\
		  __kstate_check_type(_s, _f, struct folio *),		\
	.size = sizeof(struct folio *),					\
	.since_version = (_since),					\
	.last_version = (_last),					\
}

#define __KSTATE_PAGE(_f, _s, _order, _since, _flags, _last) {		\
	.name = #_f,							\
	.kind = KSTATE_KIND_PAGE,					\
	.flags = (_flags),						\
	.offset = offsetof(_s, _f) +					\
		  __kstate_check_type(_s, _f, struct page *),		\
	.size = sizeof(struct page *),					\
	.max = (_order),						\
	.since_version = (_since),					\
	.last_version = (_last),					\
}

#define __KSTATE_CUSTOM(_f, _s, _save, _restore, _since, _flags, _last) { \
	.name = #_f,							\
	.kind = KSTATE_KIND_CUSTOM,					\
	.flags = (_flags),						\
	.offset = offsetof(_s, _f),					\
	.size = sizeof(__kstate_member(_s, _f)),			\
	.save = (_save),						\
	.restore = (_restore),						\
	.since_version = (_since),					\
	.last_version = (_last),					\
}

/**
 * KSTATE_BASE_TYPE - a member copied by value
 * @_f: the member: a scalar, a struct without pointers or an array of them
 *	(e.g. ``char name[10]``)
 * @_s: the struct type
 * @_t: the member's type, checked at compile time
 */
#define KSTATE_BASE_TYPE(_f, _s, _t) __KSTATE_BASE_TYPE(_f, _s, _t, 0, 0, 0)

/**
 * KSTATE_BASE_TYPE_V - KSTATE_BASE_TYPE() of a member added in a version
 * @_f: the member
 * @_s: the struct type
 * @_t: the member's type
 * @_since: first version that has it; older state leaves it untouched
 */
#define KSTATE_BASE_TYPE_V(_f, _s, _t, _since) \
	__KSTATE_BASE_TYPE(_f, _s, _t, _since, 0, 0)

/**
 * KSTATE_BASE_TYPE_DEPRECATED - KSTATE_BASE_TYPE() no longer written
 * @_f: the member
 * @_s: the struct type
 * @_t: the member's type
 * @_last: last version that wrote it; read from state up to that version
 */
#define KSTATE_BASE_TYPE_DEPRECATED(_f, _s, _t, _last) \
	__KSTATE_BASE_TYPE(_f, _s, _t, 0, KSTATE_F_DEPRECATED, _last)

/**
 * KSTATE_POINTER - a pointer whose pointee is saved by value
 * @_f: the member, a pointer; on restore the saved bytes are written through
 *	it, so it must point to memory of the same type then. A NULL pointer
 *	is saved as an empty property and restores nothing.
 * @_s: the struct type
 */
#define KSTATE_POINTER(_f, _s) __KSTATE_POINTER(_f, _s, 0, 0, 0)

/**
 * KSTATE_POINTER_V - KSTATE_POINTER() of a member added in a version
 * @_f: the member
 * @_s: the struct type
 * @_since: first version that has it
 */
#define KSTATE_POINTER_V(_f, _s, _since) __KSTATE_POINTER(_f, _s, _since, 0, 0)

/**
 * KSTATE_POINTER_DEPRECATED - KSTATE_POINTER() no longer written
 * @_f: the member
 * @_s: the struct type
 * @_last: last version that wrote it
 */
#define KSTATE_POINTER_DEPRECATED(_f, _s, _last) \
	__KSTATE_POINTER(_f, _s, 0, KSTATE_F_DEPRECATED, _last)

/**
 * KSTATE_STRUCT - a nested struct, saved as a child node
 * @_f: the member, a struct
 * @_s: the struct type
 * @_desc: the &struct kstate_description of the member's type
 */
#define KSTATE_STRUCT(_f, _s, _desc) __KSTATE_STRUCT(_f, _s, _desc, 0, 0, 0)

/**
 * KSTATE_STRUCT_V - KSTATE_STRUCT() of a member added in a version
 * @_f: the member
 * @_s: the struct type
 * @_desc: its description
 * @_since: first version that has it
 */
#define KSTATE_STRUCT_V(_f, _s, _desc, _since) \
	__KSTATE_STRUCT(_f, _s, _desc, _since, 0, 0)

/**
 * KSTATE_STRUCT_DEPRECATED - KSTATE_STRUCT() no longer written
 * @_f: the member
 * @_s: the struct type
 * @_desc: its description
 * @_last: last version that wrote it
 */
#define KSTATE_STRUCT_DEPRECATED(_f, _s, _desc, _last) \
	__KSTATE_STRUCT(_f, _s, _desc, 0, KSTATE_F_DEPRECATED, _last)

/**
 * KSTATE_ARRAY_OF_POINTER - an array of pointers, the pointees by value
 * @_f: the member, an array ``T *f[N]``
 * @_s: the struct type
 * @_count: ``unsigned int count(const void *obj)``: how many of the first
 *	pointers to save (at most N, none NULL). On restore, the saved
 *	elements are written through the first pointers, which must be set.
 */
#define KSTATE_ARRAY_OF_POINTER(_f, _s, _count) \
	__KSTATE_ARRAY_OF_POINTER(_f, _s, _count, 0, 0, 0)

/**
 * KSTATE_ARRAY_OF_POINTER_V - KSTATE_ARRAY_OF_POINTER() added in a version
 * @_f: the member
 * @_s: the struct type
 * @_count: number of pointers in use
 * @_since: first version that has it
 */
#define KSTATE_ARRAY_OF_POINTER_V(_f, _s, _count, _since) \
	__KSTATE_ARRAY_OF_POINTER(_f, _s, _count, _since, 0, 0)

/**
 * KSTATE_ARRAY_OF_POINTER_DEPRECATED - KSTATE_ARRAY_OF_POINTER() no longer
 * written
 * @_f: the member
 * @_s: the struct type
 * @_count: number of pointers in use
 * @_last: last version that wrote it
 */
#define KSTATE_ARRAY_OF_POINTER_DEPRECATED(_f, _s, _count, _last) \
	__KSTATE_ARRAY_OF_POINTER(_f, _s, _count, 0, KSTATE_F_DEPRECATED, _last)

/**
 * KSTATE_FOLIO - a folio, kept in place across kexec
 * @_f: the member, a ``struct folio *``. It is preserved with KHO at every
 *	finalize (and unpreserved on abort); on restore the member gets the
 *	folio back, same address, order and contents. NULL stays NULL.
 * @_s: the struct type
 */
#define KSTATE_FOLIO(_f, _s) __KSTATE_FOLIO(_f, _s, 0, 0, 0)

/**
 * KSTATE_FOLIO_V - KSTATE_FOLIO() of a member added in a version
 * @_f: the member
 * @_s: the struct type
 * @_since: first version that has it
 */
#define KSTATE_FOLIO_V(_f, _s, _since) __KSTATE_FOLIO(_f, _s, _since, 0, 0)

/**
 * KSTATE_FOLIO_DEPRECATED - KSTATE_FOLIO() no longer written
 * @_f: the member
 * @_s: the struct type
 * @_last: last version that wrote it
 */
#define KSTATE_FOLIO_DEPRECATED(_f, _s, _last) \
	__KSTATE_FOLIO(_f, _s, 0, KSTATE_F_DEPRECATED, _last)

/**
 * KSTATE_PAGE - a run of ``1 << order`` pages, kept in place across kexec
 * @_f: the member, a ``struct page *`` to the first page. The pages are
 *	preserved with kho_preserve_pages() at every finalize (they stay
 *	preserved after an abort: KHO cannot unpreserve pages); on restore
 *	the member gets order-0 pages back with kho_restore_pages().
 * @_s: the struct type
 * @_order: order of the run
 */
#define KSTATE_PAGE(_f, _s, _order) __KSTATE_PAGE(_f, _s, _order, 0, 0, 0)

/**
 * KSTATE_PAGE_V - KSTATE_PAGE() of a member added in a version
 * @_f: the member
 * @_s: the struct type
 * @_order: order of the run
 * @_since: first version that has it
 */
#define KSTATE_PAGE_V(_f, _s, _order, _since) \
	__KSTATE_PAGE(_f, _s, _order, _since, 0, 0)

/**
 * KSTATE_PAGE_DEPRECATED - KSTATE_PAGE() no longer written
 * @_f: the member
 * @_s: the struct type
 * @_order: order of the run
 * @_last: last version that wrote it
 */
#define KSTATE_PAGE_DEPRECATED(_f, _s, _order, _last) \
	__KSTATE_PAGE(_f, _s, _order, 0, KSTATE_F_DEPRECATED, _last)

/**
 * KSTATE_CUSTOM - a member saved and restored by callbacks
 * @_f: the member
 * @_s: the struct type
 * @_save: ``int save(const void *field, void *buf, size_t size)``: write
 *	at most @size (%KSTATE_CUSTOM_MAX) bytes for the member at @field,
 *	return how many or a negative error code (the finalize fails)
 * @_restore: ``int restore(void *field, const void *buf, size_t len)``:
 *	take the member back from what save wrote; the length is not checked
 *	beyond %KSTATE_CUSTOM_MAX, so check it. Return 0 or a negative error
 *	code (the object is reported as not restored).
 */
#define KSTATE_CUSTOM(_f, _s, _save, _restore) \
	__KSTATE_CUSTOM(_f, _s, _save, _restore, 0, 0, 0)

/**
 * KSTATE_CUSTOM_V - KSTATE_CUSTOM() of a member added in a version
 * @_f: the member
 * @_s: the struct type
 * @_save: the save callback
 * @_restore: the restore callback
 * @_since: first version that has it
 */
#define KSTATE_CUSTOM_V(_f, _s, _save, _restore, _since) \
	__KSTATE_CUSTOM(_f, _s, _save, _restore, _since, 0, 0)

/**
 * KSTATE_CUSTOM_DEPRECATED - KSTATE_CUSTOM() no longer written
 * @_f: the member
 * @_s: the struct type
 * @_save: the save callback (not called)
 * @_restore: the restore callback
 * @_last: last version that wrote it
 */
#define KSTATE_CUSTOM_DEPRECATED(_f, _s, _save, _restore, _last) \
	__KSTATE_CUSTOM(_f, _s, _save, _restore, 0, KSTATE_F_DEPRECATED, _last)

/**
 * KSTATE_END_OF_LIST - the end of a field list
 */
#define KSTATE_END_OF_LIST() { .kind = KSTATE_KIND_END }

/* kstate_register() restored the object from the previous kernel's state. */
#define KSTATE_RESTORED	1

#ifdef CONFIG_KSTATE
int kstate_register(const struct kstate_description *desc, void *obj,
		    u32 instance_id);
void kstate_unregister(const struct kstate_description *desc, void *obj,
		       u32 instance_id);
#else
static inline int kstate_register(const struct kstate_description *desc,
				  void *obj, u32 instance_id)
{
	return 0;
}

static inline void kstate_unregister(const struct kstate_description *desc,
				     void *obj, u32 instance_id)
{
}
#endif /* CONFIG_KSTATE */

#endif /* LINUX_KSTATE_H */
