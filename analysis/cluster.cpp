#include "analysis/cluster.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <streambuf>
#include <thread>

#include "sim/engine/interrupt.h"

#ifdef CCSIM_HAVE_MPI
#include <boost/mpi/collectives/all_gather.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/mpi/request.hpp>
#include <boost/serialization/string.hpp>
#endif

namespace analysis::cluster {

namespace {

World g_world;

// Where std::cout and std::cerr go on ranks other than 0: every write succeeds, nothing
// is kept.
struct NullBuffer : std::streambuf {
  int overflow(int c) override { return traits_type::not_eof(c); }
};
NullBuffer g_null;
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
// Open MPI's blocking send and receive spin on a core while they wait; the thread that
// streams `ccsim run`'s rows waits most of the time, and its spinning took a core from the
// rank's own workers (-np 2 was slower than -np 1 on 2 cores). Polling every 0.2 ms costs
// nothing next to a replication.
void wait_politely(boost::mpi::request r) {
  while (!r.test()) std::this_thread::sleep_for(std::chrono::microseconds(200));
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
    g_saved_err = std::cerr.rdbuf(&g_null);
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
  if (rc != 0 && g_world.size > 1 && g_world.root()) {
    // Rank 0 already said why (an error message, or usage); the others may be waiting for
    // it in a collective call and would never return.
    std::fflush(nullptr);
#ifdef CCSIM_HAVE_MPI
    g_env->abort(rc);
#endif
  }
  return rc;
}

std::vector<std::string> all_gather(const std::string& mine) {
#ifdef CCSIM_HAVE_MPI
  if (g_world.size > 1) {
    std::vector<std::string> all;
    boost::mpi::all_gather(boost::mpi::communicator(), mine, all);
    return all;
  }
#endif
  return {mine};
}

void send([[maybe_unused]] int to, [[maybe_unused]] const std::string& bytes) {
#ifdef CCSIM_HAVE_MPI
  if (g_world.size > 1) return wait_politely(boost::mpi::communicator().isend(to, kTag, bytes));
#endif
  throw std::logic_error("cluster::send without a job of several ranks");
}

std::string receive([[maybe_unused]] int from) {
#ifdef CCSIM_HAVE_MPI
  if (g_world.size > 1) {
    std::string bytes;
    wait_politely(boost::mpi::communicator().irecv(from, kTag, bytes));
    return bytes;
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
