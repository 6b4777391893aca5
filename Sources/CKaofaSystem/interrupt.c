#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kaofa_system.h"

// Temporary files of atomic writes in progress, removed when Ctrl-C or SIGTERM ends the command. The handler may
// only call async-signal-safe functions (unlink, write, _exit), so the paths live in a fixed table of C strings that
// the handler reads without locks: a slot is claimed with a compare-and-swap and released by storing NULL.

#define KAOFA_TEMPORARY_SLOTS 64

static char *volatile temporaries[KAOFA_TEMPORARY_SLOTS];
static const char *interrupt_message = "\n已中断\n";

int kaofa_temporary_register(const char *path) {
    char *copy = strdup(path);
    if (!copy) return -1;
    for (int slot = 0; slot < KAOFA_TEMPORARY_SLOTS; slot++) {
        if (__sync_bool_compare_and_swap(&temporaries[slot], NULL, copy)) return slot;
    }
    free(copy);
    return -1;
}

void kaofa_temporary_unregister(int slot) {
    if (slot < 0 || slot >= KAOFA_TEMPORARY_SLOTS) return;
    char *path = __sync_lock_test_and_set(&temporaries[slot], NULL);
    free(path);
}

static void remove_temporaries_and_exit(int signal) {
    for (int slot = 0; slot < KAOFA_TEMPORARY_SLOTS; slot++) {
        char *path = temporaries[slot];
        if (path) unlink(path);
    }
    ssize_t ignored = write(STDERR_FILENO, interrupt_message, strlen(interrupt_message));
    (void)ignored;
    _exit(128 + signal);
}

void kaofa_remove_temporaries_on_interrupt(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = remove_temporaries_and_exit;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

void kaofa_unblock_signals(void) {
    // A parent may have started kaofa with these signals blocked (a thread of a thread pool blocks them, and a child
    // inherits its mask): unblocked on the main thread before other threads start, which inherit its mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &signals, NULL);
}
