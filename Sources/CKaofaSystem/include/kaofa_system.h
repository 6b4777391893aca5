#ifndef KAOFA_SYSTEM_H
#define KAOFA_SYSTEM_H

/// Sets the C allocator up for a command that builds large data, lets it go and builds more before it exits: freed
/// memory stays with the process for the next allocation instead of being returned to the system and faulted in
/// again, and blocks under 32 MB come from the heap rather than from fresh mappings. glibc only; elsewhere nothing.
void kaofa_keep_freed_memory(void);

#endif
