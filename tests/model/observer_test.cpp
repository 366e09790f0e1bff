#include "sim/model/facts.h"

#include <gtest/gtest.h>

#include "sim/metrics/day_metrics.h"
#include "sim/metrics/trace.h"
#include "sim/model/contact_center.h"

namespace sim::model {
namespace {

// Every observer the project has satisfies the concept the model requires.
static_assert(Observer<NullObserver>);
static_assert(Observer<metrics::DayCollector>);
static_assert(Observer<metrics::TraceLog>);
static_assert(Observer<metrics::Tee<metrics::DayCollector, metrics::TraceLog>>);

// A type missing one callback, or taking the wrong facts, is not an observer: the model
// refuses it at its declaration instead of deep inside an event handler.
struct NoAbsent {
  void offered(const CallFact&, double) {}
  void blocked(const CallFact&, double) {}
  void abandoned(const CallFact&, double, double) {}
  void cleared(const CallFact&, double, double) {}
  void answered(const CallFact&, double, double, int, int) {}
  void transferred(const CallFact&, double, int, int, TransferReason) {}
  void completed(const CallFact&, double, int, int, double, double, bool, bool) {}
  void queue_length(int, std::size_t, double) {}
  void agent_state(int, int, AgentState, AgentState, double) {}
};
static_assert(!Observer<NoAbsent>);
struct OfferedWithoutTime : NullObserver {
  void offered(const CallFact&) {}
};
static_assert(!Observer<OfferedWithoutTime>);
template <class O>
concept Modelable = requires {
  typename ContactCenter<O>;
};
static_assert(Modelable<NullObserver>);
static_assert(!Modelable<NoAbsent>);

TEST(Observer, TheConceptIsCheckedAtCompileTime) {
  SUCCEED() << "the static_asserts above are the test";
}

}  // namespace
}  // namespace sim::model
