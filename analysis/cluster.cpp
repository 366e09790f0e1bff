#include "analysis/cluster.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <thread>

#include "sim/engine/interrupt.h"

#ifdef CCSIM_HAVE_MPI
#include <mpi.h>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#endif

namespace analysis::cluster {

namespace {

World g_world;

// Where std::cout goes on ranks other than 0: every write succeeds, nothing is kept.
struct NullBuffer : std::streambuf {
  int overflow(int c) override { return traits_type::not_eof(c); }
};
NullBuffer g_null;
// Where std::cerr goes on ranks other than 0: the first few KB are kept, so that a rank
// that fails on its own (a scenario its node cannot read) can say why (Session::finish).
class KeptBuffer : public std::streambuf {
 public:
  std::string text() {
    std::lock_guard lock(m_);
    return kept_;
  }

 protected:
  int overflow(int c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    xsputn(&ch, 1);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard lock(m_);  // workers may write too
    kept_.append(s, static_cast<std::size_t>(std::min<std::streamsize>(n, room())));
    return n;
  }

 private:
  std::streamsize room() const { return static_cast<std::streamsize>(kMax - kept_.size()); }
  static constexpr std::size_t kMax = 4096;
  std::mutex m_;
  std::string kept_;
};
KeptBuffer g_kept;
std::streambuf* g_saved_out = nullptr;
std::streambuf* g_saved_err = nullptr;

// Set by mpirun (Open MPI), by MPICH's and Slurm's PMI, and by PMIx launchers (srun
// --mpi=pmix): a process started without one of them is on its own.
bool launched_as_part_of_a_job() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"}) {
    if (std::getenv(v)) return true;
  }
  return false;
}

#ifdef CCSIM_HAVE_MPI
std::unique_ptr<boost::mpi::environment> g_env;
// Tag of the point-to-point messages; collectives do not use tags.
constexpr int kTag = 18;

// The peer of a collective call: every other rank.
constexpr int kEveryRank = -1;

// A wait for `peer` ended by a stop (below).
[[noreturn]] void stopped_waiting(int peer) {
  if (g_world.root()) {  // the others would repeat it
    const std::string whom =
        peer == kEveryRank ? "the other ranks" : "rank " + std::to_string(peer);
    std::fprintf(stderr, "ccsim: rank 0 of %d: the job was stopped while waiting for %s\n",
                 g_world.size, whom.c_str());
  }
  throw sim::engine::Interrupted();
}
// Waits for a request, point to point or collective. Open MPI's blocking calls spin on a
// core while they wait; the thread that streams `ccsim run`'s rows waits most of the
// time, and its spinning took a core from the rank's own workers (-np 2 was slower than
// -np 1 on 2 cores). Polling every 0.2 ms costs nothing next to a replication.
//
// When the job is stopped (mpirun sends SIGTERM to every rank when one fails or is killed,
// and SIGKILL a second later) the wait ends with Interrupted, so that rank 0 removes its
// temporary output within that second and says whom it was waiting for. The request may
// still be pending then, so its buffers are left allocated (`buffers` is released: the
// process ends in a moment).
template <class Buffers>
void wait_politely(MPI_Request r, int peer, std::unique_ptr<Buffers>& buffers) {
  for (int done = 0;;) {
    MPI_Test(&r, &done, MPI_STATUS_IGNORE);
    if (done) return;
    if (sim::engine::stop_requested()) {
      (void)buffers.release();
      stopped_waiting(peer);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}
int message_size(std::size_t bytes) {
  if (bytes > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::length_error("cluster: a message of more than 2 GB");
  }
  return static_cast<int>(bytes);
}

// What an all_gather in flight reads and writes: it must outlive a stopped wait.
struct Gathering {
  std::string mine;
  int size = 0;
  std::vector<int> sizes, offsets;  // by rank, in `all`
  std::string all;
};
// all_gather with MPI-3's non-blocking collectives on plain bytes (the sizes, then the
// bytes), each polled like a point-to-point wait. Boost.MPI's all_gather blocks inside
// MPI: when a rank was killed, the ranks waiting there stayed deaf to mpirun's SIGTERM
// until its SIGKILL, and rank 0's temporary output was left behind.
std::vector<std::string> gather_politely(const std::string& mine) {
  const auto ranks = static_cast<std::size_t>(g_world.size);
  auto g = std::make_unique<Gathering>();
  g->mine = mine;
  g->size = message_size(mine.size());
  g->sizes.resize(ranks);
  MPI_Request r = MPI_REQUEST_NULL;
  MPI_Iallgather(&g->size, 1, MPI_INT, g->sizes.data(), 1, MPI_INT, MPI_COMM_WORLD, &r);
  wait_politely(r, kEveryRank, g);
  std::size_t total = 0;
  for (const int size : g->sizes) {
    g->offsets.push_back(message_size(total));
    total += static_cast<std::size_t>(size);
  }
  g->all.resize(static_cast<std::size_t>(message_size(total)));
  MPI_Iallgatherv(g->mine.data(), g->size, MPI_CHAR, g->all.data(), g->sizes.data(),
                  g->offsets.data(), MPI_CHAR, MPI_COMM_WORLD, &r);
  wait_politely(r, kEveryRank, g);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranks; ++i) {
    out.emplace_back(g->all, static_cast<std::size_t>(g->offsets[i]),
                     static_cast<std::size_t>(g->sizes[i]));
  }
  return out;
}
#endif

}  // namespace

const World& world() { return g_world; }

bool built_with_mpi() {
#ifdef CCSIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

Session::Session([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
  if (!launched_as_part_of_a_job()) return;
#ifdef CCSIM_HAVE_MPI
  // Not abort_on_exception: main catches everything, and finish() decides.
  g_env = std::make_unique<boost::mpi::environment>(argc, argv, boost::mpi::threading::funneled,
                                                    false);
  const boost::mpi::communicator comm;
  g_world = {comm.rank(), comm.size()};
  if (!g_world.root()) {
    g_saved_out = std::cout.rdbuf(&g_null);
    g_saved_err = std::cerr.rdbuf(&g_kept);
  }
#else
  std::fprintf(stderr,
               "ccsim: launched by mpirun or srun, but this ccsim was built without MPI; each "
               "process runs the whole command on its own (rebuild with libopenmpi-dev and "
               "libboost-mpi-dev installed)\n");
#endif
}

Session::~Session() {
  if (g_saved_out) std::cout.rdbuf(g_saved_out);
  if (g_saved_err) std::cerr.rdbuf(g_saved_err);
#ifdef CCSIM_HAVE_MPI
  g_env.reset();  // MPI_Finalize
#endif
}

int Session::finish(int rc) {
  std::cout.flush();
  std::cerr.flush();
  if (rc == 0 || g_world.size == 1) return rc;
  // A rank that fails stops the job: the others may be waiting for it, in a collective
  // call or for its replications, and would never return (nor would MPI_Finalize here).
  // Rank 0 already said why (an error message, or usage).
  if (!g_world.root()) {
    // The same input fails the same way on every rank, and rank 0 says so: give it a
    // moment to stop the job (which ends this rank, SIGTERM first) rather than print the
    // same words N times. A rank still here failed on its own and says why.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!sim::engine::stop_requested() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!sim::engine::stop_requested()) {
      std::istringstream why(g_kept.text());
      for (std::string line; std::getline(why, line);) {
        std::fprintf(stderr, "ccsim: rank %d of %d: %s\n", g_world.rank, g_world.size,
                     line.c_str());
      }
      std::fprintf(stderr, "ccsim: rank %d of %d: failed (exit code %d); stopping the job\n",
                   g_world.rank, g_world.size, rc);
    }
  }
  std::fflush(nullptr);
#ifdef CCSIM_HAVE_MPI
  g_env->abort(rc);
#endif
  return rc;
}

std::vector<std::string> all_gather(const std::string& mine) {
#ifdef CCSIM_HAVE_MPI
  if (g_world.size > 1) return gather_politely(mine);
#endif
  return {mine};
}

// Plain bytes with the C API rather than Boost.MPI's serialized strings: Boost receives
// those with a blocking MPI_Mrecv once the message is matched, and a sender killed in the
// middle of a message then held rank 0 there, deaf to SIGTERM, until SIGKILL.
void send([[maybe_unused]] int to, [[maybe_unused]] const std::string& bytes) {
#ifdef CCSIM_HAVE_MPI
  if (g_world.size > 1) {
    auto buffer = std::make_unique<std::string>(bytes);  // outlives a stopped wait
    MPI_Request r = MPI_REQUEST_NULL;
    MPI_Isend(buffer->data(), message_size(buffer->size()), MPI_CHAR, to, kTag, MPI_COMM_WORLD, &r);
    return wait_politely(r, to, buffer);
  }
#endif
  throw std::logic_error("cluster::send without a job of several ranks");
}

std::string receive([[maybe_unused]] int from) {
#ifdef CCSIM_HAVE_MPI
  if (g_world.size > 1) {
    // The size first (a matched probe), then the bytes, neither blocking.
    MPI_Message message = MPI_MESSAGE_NULL;
    MPI_Status status;
    for (int found = 0;;) {
      MPI_Improbe(from, kTag, MPI_COMM_WORLD, &found, &message, &status);
      if (found) break;
      if (sim::engine::stop_requested()) stopped_waiting(from);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    int count = 0;
    MPI_Get_count(&status, MPI_CHAR, &count);
    auto buffer = std::make_unique<std::string>(static_cast<std::size_t>(count), '\0');
    MPI_Request r = MPI_REQUEST_NULL;
    MPI_Imrecv(buffer->data(), count, MPI_CHAR, &message, &r);
    wait_politely(r, from, buffer);
    return std::move(*buffer);
  }
#endif
  throw std::logic_error("cluster::receive without a job of several ranks");
}

void abort_job(const std::string& what, int code) {
  std::fprintf(stderr, "ccsim: rank %d of %d: %s\n", g_world.rank, g_world.size, what.c_str());
  std::fflush(nullptr);
#ifdef CCSIM_HAVE_MPI
  if (g_world.size > 1) g_env->abort(code);
#endif
  std::exit(code);
}

void abort_job(const std::exception_ptr& failure) {
  // sysexits' EX_SOFTWARE, and 128 + SIGINT: app/run.h's kExitSoftware and kExitInterrupted.
  constexpr int kSoftware = 70, kInterrupted = 130;
  try {
    std::rethrow_exception(failure);
  } catch (const sim::engine::Interrupted&) {
    abort_job("interrupted", kInterrupted);
  } catch (const std::exception& e) {
    abort_job(std::string("internal error: ") + e.what(), kSoftware);
  } catch (...) {
    abort_job("internal error", kSoftware);
  }
}

}  // namespace analysis::cluster
