/* The page provider behind every kernel object cache: whole frames from pmem, reached through the linear
 * map. Usage: static struct kcache threads; kcache_init(&threads, "thread", sizeof(struct thread),
 * MAX_THREADS, &kheap_pages). */
#ifndef KERNEL_KHEAP_H
#define KERNEL_KHEAP_H
#include "kcache.h"
extern const struct kcache_pages kheap_pages;
#endif
