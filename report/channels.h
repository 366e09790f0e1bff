// The channels beyond the phone queue (issue 16: an IVR and its messages, callbacks, chat,
// written work) as a user sees them: which a scenario uses, which of the catalogue's
// figures tell about each, and the "Channels" block built from them once for the terminal
// (print_summary) and the run report (report.html). A scenario that uses none gets no block,
// so a phone-only day reads as it did before the channels existed.
//
// Every figure is the catalogue's (sim/metrics/catalogue.h): name, label, unit and
// definition; this file only chooses which to show for which feature. The IVR's figures
// are counts (ivr_contained, ivr_deflected) shown under the type's calls offered, since
// the catalogue defines no IVR share and a writer must not compute one.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/metrics/catalogue.h"
#include "sim/model/config.h"

namespace report {

struct RunInfo;
class Summary;

// What one call type uses. A feature that cannot move a figure counts as unused: an IVR
// that contains nobody and plays no message (the default day's outage line), callbacks
// disabled or accepted by nobody of the type.
struct ChannelUse {
  sim::model::Channel channel = sim::model::Channel::phone;
  bool ivr = false;
  bool callbacks = false;
  double response_goal_s = 0;  // written types
  bool used() const { return channel != sim::model::Channel::phone || ivr || callbacks; }
};

struct ChannelsUsed {
  std::vector<ChannelUse> types;  // per call type
  // Per role: its chat_concurrency when it may take a chat type (eligible or overflow),
  // else 0.
  std::vector<int> chat_concurrency;
  // Issue 19, the center's, shown as one group of the all-types row: a queue capacity, any
  // type that balks, retrials that keep the issue.
  bool queue_capacity = false, balking = false, keeps_issue = false;
  // Adds what `c` uses (a horizon adds each open day's center).
  void add(const sim::model::Center& c);
  bool any() const;
  bool outbound() const;  // some call type is outbound (issue 19): the figures exist
};

// One line of the block: a day figure of a call type's (or a role's) row.
struct ChannelLine {
  std::string label;
  sim::metrics::MeanCi value;
  sim::metrics::Unit unit;
  int decimals;
  std::string after;  // after the value: "of 4" (a role's chat_concurrency)
};
struct ChannelGroup {
  std::string heading;  // "outage: phone, IVR, callbacks"
  std::string rows;     // what a line's label names: "figure", or "role"
  std::vector<ChannelLine> lines;
};
// The block's content for the run's whole day (or horizon); empty when no channel is used.
std::vector<ChannelGroup> channel_groups(const RunInfo& info, const Summary& s);

// The terminal's block, after the role table; nothing when no channel is used.
void print_channels(std::ostream& os, const RunInfo& info, const Summary& s);

}  // namespace report
