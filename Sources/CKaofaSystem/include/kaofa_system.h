#ifndef KAOFA_SYSTEM_H
#define KAOFA_SYSTEM_H

/// Sets the C allocator up for a command that builds large data, lets it go and builds more before it exits: freed
/// memory stays with the process for the next allocation instead of being returned to the system and faulted in
/// again, and blocks under 32 MB come from the heap rather than from fresh mappings. glibc only; elsewhere nothing.
void kaofa_keep_freed_memory(void);

/// Records the temporary file of an atomic write in progress, to be removed if Ctrl-C or SIGTERM ends the command
/// (see `kaofa_remove_temporaries_on_interrupt`). Returns the record's slot for `kaofa_temporary_unregister`, or -1
/// when the table (64 files at a time) is full.
int kaofa_temporary_register(const char *path);

/// Forgets a temporary file once it has been renamed into place or removed.
void kaofa_temporary_unregister(int slot);

/// Ctrl-C and SIGTERM remove the recorded temporary files, say 已中断 on standard error and end the process with
/// status 128 + the signal. Commands with their own handling (`build`) install theirs afterwards.
void kaofa_remove_temporaries_on_interrupt(void);

/// Unblocks SIGINT, SIGTERM and SIGHUP, which a parent may have blocked (its thread pool's threads block signals and
/// a child inherits the mask of the thread that started it): Ctrl-C, SIGTERM and `serve`'s reload on SIGHUP then work
/// however kaofa was started. Call on the main thread before other threads start.
void kaofa_unblock_signals(void);

#endif
