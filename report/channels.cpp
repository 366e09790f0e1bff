#include "report/channels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "report/results.h"

namespace report {

using sim::metrics::AgentMetric;
using sim::metrics::CallMetric;
using sim::model::Channel;

namespace {

// Which figures tell about each feature, in the order shown. Callbacks put the queue's
// service level beside that of its live calls: the queue with and without them.
constexpr CallMetric kIvr[] = {CallMetric::ivr_contained, CallMetric::ivr_deflected};
constexpr CallMetric kCallbacks[] = {
    CallMetric::callbacks_offered, CallMetric::callbacks_accepted, CallMetric::callbacks_completed,
    CallMetric::callbacks_failed,  CallMetric::callback_delay_s,   CallMetric::service_level,
    CallMetric::live_service_level};
constexpr CallMetric kChat[] = {CallMetric::service_level, CallMetric::asa_s,
                                CallMetric::abandonment_rate};
constexpr CallMetric kWritten[] = {CallMetric::answered, CallMetric::within_goal,
                                   CallMetric::goal_rate, CallMetric::backlog_left};
// Issue 19: blocked at the queue beside blocked at the trunks; redials beside the time
// to resolve that the kept issue spans.
constexpr CallMetric kQueueCapacity[] = {CallMetric::blocked, CallMetric::blocked_queue_full};
constexpr CallMetric kBalking[] = {CallMetric::balked};
constexpr CallMetric kRetrials[] = {CallMetric::redials, CallMetric::time_to_resolve_s};

// Decimals on screen by unit: counts whole, shares and seconds to a tenth, chats held at
// once to a hundredth (it lies between 1 and a role's few).
int decimals_of(sim::metrics::Unit u) {
  switch (u) {
    case sim::metrics::Unit::fraction:
    case sim::metrics::Unit::seconds:
      return 1;
    case sim::metrics::Unit::agents:
      return 2;
    default:
      return 0;
  }
}

bool ivr_message_for(const sim::model::Center& c, std::size_t type) {
  return std::any_of(c.ivr_messages.begin(), c.ivr_messages.end(),
                     [&](const auto& m) { return (m.call_types >> type & 1u) && m.deflect > 0; });
}

std::string heading_of(const std::string& name, const ChannelUse& u) {
  std::string h = name + ": ";
  switch (u.channel) {
    case Channel::phone:
      h += "phone";
      break;
    case Channel::chat:
      h += "chat";
      break;
    case Channel::outbound:
      h += "outbound (dialed when agents are idle)";
      break;
    case Channel::written: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "written, response goal %g h", u.response_goal_s / 3600);
      h += buf;
      break;
    }
  }
  if (u.ivr) h += ", IVR";
  if (u.callbacks) h += ", callbacks";
  return h;
}

}  // namespace

void ChannelsUsed::add(const sim::model::Center& c) {
  types.resize(std::max(types.size(), c.call_types.size()));
  chat_concurrency.resize(std::max(chat_concurrency.size(), c.roles.size()), 0);
  sim::model::RoleMask chat_roles = 0;
  for (std::size_t t = 0; t < c.call_types.size(); ++t) {
    const auto& ct = c.call_types[t];
    ChannelUse& u = types[t];
    u.channel = ct.channel;
    u.response_goal_s = ct.response_goal_s;
    u.ivr |= ct.ivr && (ct.ivr->containment > 0 || ivr_message_for(c, t));
    u.callbacks |=
        c.callbacks.enabled && ct.channel == Channel::phone && ct.callback_acceptance > 0;
    if (ct.channel == Channel::chat) chat_roles |= ct.eligible | ct.overflow;
    balking |= ct.balk.probability > 0;
  }
  queue_capacity |= c.queue_capacity != 0;
  keeps_issue |= c.customers.retrial_keeps_issue;
  for (std::size_t r = 0; r < c.roles.size(); ++r) {
    if (chat_roles >> r & 1u) chat_concurrency[r] = c.roles[r].chat_concurrency;
  }
}

bool ChannelsUsed::any() const {
  return queue_capacity || balking || keeps_issue ||
         std::any_of(types.begin(), types.end(), [](const ChannelUse& u) { return u.used(); });
}

bool ChannelsUsed::outbound() const {
  return std::any_of(types.begin(), types.end(),
                     [](const ChannelUse& u) { return u.channel == Channel::outbound; });
}

std::vector<ChannelGroup> channel_groups(const RunInfo& info, const Summary& s) {
  std::vector<ChannelGroup> out;
  const ChannelsUsed& used = info.channels;
  if (!used.any()) return out;
  const std::size_t day = info.total_scope();
  const auto line = [&](auto metric, std::size_t k, std::string label, std::string after = "") {
    const auto unit = sim::metrics::def(metric).unit;
    return ChannelLine{std::move(label), s.mean(day, k, metric), unit, decimals_of(unit),
                       std::move(after)};
  };
  // Lines of call type k's row (k = the count of types: all types).
  const auto add_to = [&](ChannelGroup& g, std::size_t k, const auto& metrics) {
    for (CallMetric m : metrics) g.lines.push_back(line(m, k, figure_label(m, info.sl_threshold_s)));
  };
  for (std::size_t t = 0; t < used.types.size() && t < info.call_types.size(); ++t) {
    const ChannelUse& u = used.types[t];
    if (!u.used()) continue;
    ChannelGroup g{heading_of(info.call_types[t], u), "figure", {}};
    // The features never share a figure: callbacks are phone only, a chat has no IVR.
    const auto add = [&](const auto& metrics) { add_to(g, t, metrics); };
    add(std::initializer_list<CallMetric>{CallMetric::offered});
    if (u.ivr) add(kIvr);
    if (u.callbacks) add(kCallbacks);
    if (u.channel == Channel::chat) add(kChat);
    if (u.channel == Channel::written) add(kWritten);
    if (u.channel == Channel::outbound) {  // dials, not calls offered: the outbound figures
      g.lines.clear();
      for (const auto m : sim::metrics::outbound_metrics()) {
        const auto unit = sim::metrics::def(m).unit;
        g.lines.push_back({std::string(sim::metrics::def(m).label), s.outbound(t, m), unit,
                           decimals_of(unit), ""});
      }
    }
    out.push_back(std::move(g));
  }
  ChannelGroup roles{figure_label(AgentMetric::chat_concurrency, info.sl_threshold_s) +
                         ", by role (of the role's chat_concurrency)",
                     "role",
                     {}};
  for (std::size_t r = 0; r < used.chat_concurrency.size() && r < info.roles.size(); ++r) {
    const int k = used.chat_concurrency[r];
    if (k > 0) {
      roles.lines.push_back(
          line(AgentMetric::chat_concurrency, r, info.roles[r], "of " + std::to_string(k)));
    }
  }
  if (!roles.lines.empty()) out.push_back(std::move(roles));
  ChannelGroup queue{"all call types: queue capacity, balking, retrials", "figure", {}};
  const auto add_all = [&](const auto& metrics) { add_to(queue, info.call_types.size(), metrics); };
  if (used.queue_capacity) add_all(kQueueCapacity);
  if (used.balking) add_all(kBalking);
  if (used.keeps_issue) add_all(kRetrials);
  if (!queue.lines.empty()) out.push_back(std::move(queue));
  return out;
}

void print_channels(std::ostream& os, const RunInfo& info, const Summary& s) {
  const auto groups = channel_groups(info, s);
  if (groups.empty()) return;
  os << "\n  Channels (the day's figures by call type)\n";
  char buf[256];
  for (const ChannelGroup& g : groups) {
    os << "  " << g.heading << "\n";
    for (const ChannelLine& l : g.lines) {
      const std::string v =
          mean_text(l.value, l.decimals, sim::metrics::display_scale(l.unit), true);
      std::snprintf(buf, sizeof buf, "    %-34s %s%s%s\n", l.label.c_str(), v.c_str(),
                    v == "-" ? "" : std::string(sim::metrics::display_suffix(l.unit)).c_str(),
                    l.after.empty() ? "" : (" " + l.after).c_str());
      os << buf;
    }
  }
}

}  // namespace report
