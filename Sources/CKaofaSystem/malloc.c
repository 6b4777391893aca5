#include <stdlib.h>  // defines __GLIBC__ on glibc
#include "kaofa_system.h"

#if defined(__GLIBC__)
#include <limits.h>
#include <malloc.h>

void kaofa_keep_freed_memory(void) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    mallopt(M_TOP_PAD, 64 << 20);
}
#else
void kaofa_keep_freed_memory(void) {}
#endif
