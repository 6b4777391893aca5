import CKaofaSystem

/// The allocator's settings for commands that build large data, let it go and build more before they exit (every
/// command but `serve`).
///
/// By default glibc returns freed memory at the top of its heaps to the system, and serves blocks of 128 KB and more
/// (growing with use) by mapping fresh pages, unmapped again when freed. An import of 100,000 questions frees the rows
/// it read while it builds the bank text, and the bank's syntax while it resolves the questions, and then paid for
/// faulting the same memory in again: a tenth of its time, most of it in the kernel. With `kaofa_keep_freed_memory`
/// freed memory stays with the process for the next allocation. The peak changes little, since what is freed is
/// reused (the import's fell from 1.22 to 0.96 GB; scoring 76,000 sheets rose from 182 to 222 MB, the heaps growing
/// 64 MB at a time). A long-running server keeps the defaults.
enum BatchMemory {
    static func configure() {
        kaofa_keep_freed_memory()
    }
}
