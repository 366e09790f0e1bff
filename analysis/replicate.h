// Runs independent replications on a thread pool and hands back their results in
// replication order, so what a caller computes from them does not depend on the thread
// count. The staffing search and the mix comparison evaluate many candidate centers this
// way; `ccsim run` streams its replications to disk instead (app/run.cpp).
//
// In an MPI job (analysis/cluster.h) each rank computes every size-th replication on its
// own pool, and every rank gets all the results back in replication order: the callers
// then take the same decisions on every rank, in lockstep. A result crosses ranks through
// analysis/wire.h (a struct that is not trivially copyable needs a fields() member).
#pragma once

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "analysis/cluster.h"
#include "analysis/wire.h"

namespace analysis {

// 0 threads: one per core, never more than there are replications.
inline std::size_t worker_count(std::size_t threads, std::size_t replications) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::size_t>(1, std::min(replications, threads ? threads : cores));
}

// {f(0), ..., f(n - 1)} on this process's pool.
template <class F>
auto replicate_here(std::size_t n, std::size_t threads, F f)
    -> std::vector<std::invoke_result_t<F&, std::size_t>> {
  using R = std::invoke_result_t<F&, std::size_t>;
  std::vector<R> out(n);
  std::exception_ptr failure;
  std::mutex m;
  boost::asio::thread_pool pool(worker_count(threads, n));
  for (std::size_t i = 0; i < n; ++i) {
    boost::asio::post(pool, [&, i] {
      try {
        out[i] = f(i);
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

// Returns {f(first), f(first + 1), ..., f(first + n - 1)}. f must be safe to call
// concurrently (it reads shared inputs and returns its result by value). The first
// exception thrown by any call is rethrown here after the pool has stopped; in a job of
// several ranks it stops the job instead (the other ranks would wait for this one).
template <class F>
auto replicate(std::size_t first, std::size_t n, std::size_t threads, F f)
    -> std::vector<std::invoke_result_t<F&, std::size_t>> {
  using R = std::invoke_result_t<F&, std::size_t>;
  const cluster::World& w = cluster::world();
  if (w.size == 1) return replicate_here(n, threads, [&](std::size_t i) { return f(first + i); });
  const auto rank = static_cast<std::size_t>(w.rank), size = static_cast<std::size_t>(w.size);
  const auto share = [&](std::size_t r) { return n > r ? (n - r + size - 1) / size : 0; };
  std::vector<R> mine;
  try {
    mine = replicate_here(share(rank), threads,
                          [&](std::size_t j) { return f(first + rank + j * size); });
  } catch (...) {
    cluster::abort_job(std::current_exception());
  }
  const std::vector<std::string> all = cluster::all_gather(wire::pack(mine));
  std::vector<R> out(n);
  for (std::size_t r = 0; r < size; ++r) {
    auto theirs = wire::unpack<std::vector<R>>(all[r]);
    if (theirs.size() != share(r)) throw std::runtime_error("replicate: a rank sent a short share");
    for (std::size_t j = 0; j < theirs.size(); ++j) out[r + j * size] = std::move(theirs[j]);
  }
  return out;
}

}  // namespace analysis
