// The ranks of an MPI job: `mpirun -np N ccsim ...` (or Slurm's srun) runs N copies of the
// same command, each with its own threads. Every rank takes the same decisions from the
// same inputs; only the replications are shared out (analysis/replicate.h, app/run.cpp),
// and their results gathered in replication order, so the output is byte-identical to a
// single process's for any N. Only rank 0 writes files and prints.
//
// Without mpirun, or in a build without MPI (CMake option CCSIM_MPI, or MPI not found),
// there is one rank and nothing here talks to anyone. MPI is initialised only when the
// launcher's environment says the process is one of a job (OMPI_COMM_WORLD_SIZE, PMI_*,
// PMIX_RANK), so a plain `ccsim` never starts MPI's runtime.
//
// Every call below except world() is made from the main thread only (MPI is initialised
// with MPI_THREAD_FUNNELED).
#pragma once

#include <exception>
#include <string>
#include <vector>

namespace analysis::cluster {

struct World {
  int rank = 0, size = 1;
  bool root() const { return rank == 0; }
};
const World& world();

// Whether this binary was built with MPI.
bool built_with_mpi();

// For main(): joins the job when launched under mpirun or srun, and silences std::cout and
// std::cerr on ranks other than 0 (they would repeat rank 0's words; their own failures go
// to stderr through abort_job, or through finish()).
class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  // The exit code; when a rank of a job of several fails, the whole job is stopped with it
  // instead, since the other ranks may be waiting for it. Rank 0 has said why; another
  // rank first gives rank 0 two seconds to stop the job (the same input fails the same way
  // everywhere), and if it is still running, prints what it wrote to std::cerr, as
  // "ccsim: rank R of N: ...".
  int finish(int rc);
};

// Every rank's `mine`, in rank order, on every rank.
std::vector<std::string> all_gather(const std::string& mine);
// Point to point, in order: messages from one rank arrive in the order it sent them.
// All three throw sim::engine::Interrupted if the job is stopped (SIGTERM) while they wait.
void send(int to, const std::string& bytes);
std::string receive(int from);

// Prints "ccsim: rank R of N: <what>" on stderr and stops every rank of the job with
// `code` (MPI_Abort). Without a job of several ranks, exits the process with `code`.
[[noreturn]] void abort_job(const std::string& what, int code);
// abort_job for an exception caught on one rank: "interrupted" (exit 130) for Ctrl-C
// (sim/engine/interrupt.h), "internal error: ..." (exit 70) for anything else.
[[noreturn]] void abort_job(const std::exception_ptr& failure);

}  // namespace analysis::cluster
