// The live socket's protocol. The page sends one JSON object per WebSocket message, a
// command; the server answers a bad one with an error frame and otherwise changes nothing:
//
//   {"cmd": "pause"} | {"cmd": "resume"}
//   {"cmd": "step", "by": "event" | "minute"}
//   {"cmd": "speed", "value": 120 | "max"}     simulated seconds per wall second (0: max)
//   {"cmd": "restart", "seed": 7}
//   {"cmd": "inject", "event": {"kind": "surge", "call_types": ["outage"],
//                               "multiplier": 8, "minutes": 60}}
//   {"cmd": "save"}
//
// An injected event takes the keys of a scenario's [[events]] entry (scenarios/README.md)
// except its time and day (the day running): it starts now, and lasts `minutes` or until `end` ("12:00"); a routing
// change takes neither. Its values are checked by the scenario loader itself (live_run.cpp
// loads the base scenario plus the event), so the rules live in one place.
//
// The server sends frames, JSON objects with a "type": "hello" (to a new client: the
// scenario, names, goals and the history so far), "state" (several times a second),
// "error" ({"type": "error", "error": "what is wrong"}), "saved" (the folder written).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace live {

// Limits on what a client may send: a command is a few hundred bytes.
inline constexpr std::size_t kMaxCommandBytes = 4096;     // longer: an error frame
inline constexpr std::size_t kMaxMessageBytes = 65536;    // longer: the socket is closed (1009)
inline constexpr double kCommandsPerSecond = 20;          // more: an error frame each
inline constexpr double kMaxSpeed = 100000;               // simulated s per wall s
inline constexpr double kDefaultSpeed = 60;               // one simulated minute per second

struct InjectRequest {
  std::string kind;  // surge, slowdown, staff, routing, ivr_message
  // The event's other keys with their values as TOML text, by key.
  std::vector<std::pair<std::string, std::string>> fields;
  std::optional<double> minutes;  // how long from now
  std::string end;                // or until this time of day (as given)
};

struct Command {
  enum class Kind { pause, resume, step_event, step_minute, speed, restart, inject, save };
  Kind kind = Kind::pause;
  double speed = kDefaultSpeed;  // for speed: simulated seconds per wall second; 0 = max
  std::uint64_t seed = 0;        // for restart
  InjectRequest inject;
};

struct Parsed {
  std::optional<Command> command;
  std::string error;  // set when command is not
};
// Checks one message from a client.
Parsed parse_command(std::string_view text);

// "max" or "0" -> 0 (as fast as it goes); a number in (0, kMaxSpeed]; nullopt otherwise.
// The command line's --speed reads the same way.
std::optional<double> parse_speed(std::string_view text);

// The [[events]] table of `r`, starting at `now_s` (seconds since midnight, rounded up to
// the second), as TOML text; "" and `error` set if its time is wrong.
std::string event_toml(const InjectRequest& r, double now_s, std::string& error);

// {"type": "error", "error": message}
std::string error_frame(std::string_view message);

}  // namespace live
