// Spreading independent per-item work (reading and parsing thousands of files) over the
// machine's cores with plain std::threads: no pool, no queue, items interleaved by index.
#pragma once

#include <cstddef>
#include <functional>

namespace pgcrate::base {

// Calls fn(i) for every i in [0, n), on up to min(cores, 4) threads when n >= min_parallel,
// else on the calling thread. Each i is visited exactly once; fn must be safe to call
// concurrently for different i (write only to slot i of a pre-sized result). Returns after
// every call has finished.
void ParallelFor(size_t n, size_t min_parallel, const std::function<void(size_t)>& fn);

}  // namespace pgcrate::base
