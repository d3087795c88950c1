// Ctrl-C handling. The first SIGINT/SIGTERM sets a flag and asks PostgreSQL to cancel the
// statements of every open connection (PQcancel is async-signal-safe), so the command unwinds
// normally: transactions roll back, temporary databases are dropped, and the CLI exits 130.
// A second signal exits at once.
#pragma once

namespace pgcrate::base {

// Installs the handlers; idempotent.
void InstallInterruptHandler();
// True once an interrupt arrived.
bool Interrupted();

// A cancel request the handler fires on interrupt. `fn(arg)` must be async-signal-safe.
// Registration returns a slot id (or -1 when all slots are taken) to pass to Unregister.
int RegisterCanceller(void (*fn)(void*), void* arg);
void UnregisterCanceller(int slot);

}  // namespace pgcrate::base
