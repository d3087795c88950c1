#include "base/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace pgcrate::base {

void ParallelFor(size_t n, size_t min_parallel, const std::function<void(size_t)>& fn) {
  size_t threads = 1;
  if (n >= min_parallel) {
    threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  }
  auto stride = [&](size_t first) {
    for (size_t i = first; i < n; i += threads) fn(i);
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(stride, t);
  stride(0);
  for (auto& h : helpers) h.join();
}

}  // namespace pgcrate::base
