// Runs independent replications on a thread pool and hands back their results in
// replication order, so what a caller computes from them does not depend on the thread
// count. The staffing search and the mix comparison evaluate many candidate centers this
// way; `ccsim run` streams its replications to disk instead (app/run.cpp).
#pragma once

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace analysis {

// 0 threads: one per core, never more than there are replications.
inline std::size_t worker_count(std::size_t threads, std::size_t replications) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min(replications, threads ? threads : cores));
}

// Returns {f(first), f(first + 1), ..., f(first + n - 1)}. f must be safe to call
// concurrently (it reads shared inputs and returns its result by value). The first
// exception thrown by any call is rethrown here after the pool has stopped.
template <class F>
auto replicate(std::size_t first, std::size_t n, std::size_t threads, F f)
    -> std::vector<std::invoke_result_t<F&, std::size_t>> {
  using R = std::invoke_result_t<F&, std::size_t>;
  std::vector<R> out(n);
  std::exception_ptr failure;
  std::mutex m;
  boost::asio::thread_pool pool(worker_count(threads, n));
  for (std::size_t i = 0; i < n; ++i) {
    boost::asio::post(pool, [&, i] {
      try {
        out[i] = f(first + i);
      } catch (...) {
        std::lock_guard lock(m);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  pool.join();
  if (failure) std::rethrow_exception(failure);
  return out;
}

}  // namespace analysis
