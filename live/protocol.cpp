#include "live/protocol.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/scenario/format.h"
#include "sim/scenario/scenario.h"

namespace live {
namespace {

using Json = nlohmann::json;

// A JSON value as TOML text, for the keys of [[events]]: scalars, lists of them, and one
// level of table (an added agent's levels). Anything else cannot be an event's value.
std::optional<std::string> toml_value(const Json& v, bool nested) {
  if (v.is_string()) return sim::text::quoted_string(v.get_ref<const std::string&>());
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) return sim::text::exact_number(v.get<double>());
  if (nested) return std::nullopt;
  std::string out;
  if (v.is_array()) {
    for (const auto& x : v) {
      const auto t = toml_value(x, true);
      if (!t) return std::nullopt;
      out += (out.empty() ? "" : ", ") + *t;
    }
    return "[" + out + "]";
  }
  if (v.is_object()) {
    for (const auto& [k, x] : v.items()) {
      const auto t = toml_value(x, true);
      if (!t) return std::nullopt;
      out += (out.empty() ? "" : ", ") + sim::text::quoted_string(k) + " = " + *t;
    }
    return "{" + out + "}";
  }
  return std::nullopt;
}

std::string parse_inject(const Json& ev, InjectRequest& r) {
  if (!ev.is_object()) return "inject: \"event\" must be an object with a \"kind\"";
  const auto kind = ev.find("kind");
  if (kind == ev.end() || !kind->is_string()) return "inject: event.kind is missing";
  r.kind = kind->get<std::string>();
  if (r.kind != "surge" && r.kind != "slowdown" && r.kind != "staff" && r.kind != "routing" &&
      r.kind != "ivr_message") {
    return "inject: unknown event kind " + sim::text::quoted_string(r.kind) +
           "; one of surge, slowdown, staff, routing, ivr_message";
  }
  const bool window = r.kind != "routing";
  for (const auto& [key, v] : ev.items()) {
    if (key == "kind") continue;
    if (key == "start" || key == "at") return "inject: event." + key + " is now; leave it out";
    if (key == "day") return "inject: event.day is the day running; leave it out";
    if (key == "minutes" && window) {
      if (!v.is_number() || !(v.get<double>() >= 1 && v.get<double>() <= 1440)) {
        return "inject: event.minutes must be a number from 1 to 1440";
      }
      r.minutes = v.get<double>();
      continue;
    }
    if (key == "end" && window) {
      if (!v.is_string()) return "inject: event.end must be a time of day, e.g. \"12:00\"";
      r.end = v.get<std::string>();
      continue;
    }
    if (key.size() > 64) return "inject: event key too long";
    const auto t = toml_value(v, false);
    if (!t) return "inject: event." + key + " must be a string, number, true/false or a list";
    r.fields.emplace_back(key, *t);
  }
  if (window && !r.minutes && r.end.empty()) return "inject: give event.minutes or event.end";
  if (r.minutes && !r.end.empty()) return "inject: give event.minutes or event.end, not both";
  return "";
}

std::string parse_object(const Json& j, Command& c) {
  const auto cmd = j.find("cmd");
  if (cmd == j.end() || !cmd->is_string()) return "a command needs \"cmd\"";
  const std::string name = cmd->get<std::string>();
  using K = Command::Kind;
  if (name == "pause" || name == "resume" || name == "save") {
    c.kind = name == "pause" ? K::pause : name == "resume" ? K::resume : K::save;
  } else if (name == "step") {
    const std::string by = j.value("by", std::string("event"));
    if (by != "event" && by != "minute") return "step: \"by\" must be \"event\" or \"minute\"";
    c.kind = by == "event" ? K::step_event : K::step_minute;
  } else if (name == "speed") {
    const auto v = j.find("value");
    std::optional<double> s;
    if (v != j.end() && v->is_string()) s = parse_speed(v->get<std::string>());
    if (v != j.end() && v->is_number()) s = parse_speed(v->dump());
    if (!s) return "speed: \"value\" must be \"max\", 0 or a number up to 100000";
    c.kind = K::speed;
    c.speed = *s;
  } else if (name == "restart") {
    const auto s = j.find("seed");
    if (s == j.end() || !s->is_number_unsigned() || s->get<std::uint64_t>() > (1ull << 53)) {
      return "restart: \"seed\" must be a whole number from 0 to 2^53";
    }
    c.kind = K::restart;
    c.seed = s->get<std::uint64_t>();
  } else if (name == "inject") {
    c.kind = K::inject;
    return parse_inject(j.value("event", Json()), c.inject);
  } else {
    return "unknown command " + sim::text::quoted_string(name.substr(0, 40)) +
           "; one of pause, resume, step, speed, restart, inject, save";
  }
  return "";
}

}  // namespace

Parsed parse_command(std::string_view text) {
  if (text.size() > kMaxCommandBytes) {
    return {std::nullopt, "command too long (" + std::to_string(text.size()) + " bytes; at most " +
                              std::to_string(kMaxCommandBytes) + ")"};
  }
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) return {std::nullopt, "not JSON: send one object, e.g. {\"cmd\": \"pause\"}"};
  if (!j.is_object()) return {std::nullopt, "a command is a JSON object, e.g. {\"cmd\": \"pause\"}"};
  Command c;
  std::string error = parse_object(j, c);
  if (!error.empty()) return {std::nullopt, std::move(error)};
  return {std::move(c), ""};
}

std::optional<double> parse_speed(std::string_view text) {
  if (text == "max") return 0.0;
  const std::string s(text);
  char* end = nullptr;
  const double x = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(x >= 0 && x <= kMaxSpeed)) return std::nullopt;
  return x;
}

std::string event_toml(const InjectRequest& r, double now_s, std::string& error) {
  const double start = std::ceil(now_s);
  std::string out = "\n[[events]]\nkind = " + sim::text::quoted_string(r.kind) + "\n";
  if (r.kind == "routing") {
    out += "at = \"" + sim::text::hms(start) + "\"\n";
  } else {
    double end = start + (r.minutes ? std::round(*r.minutes * 60) : 0);
    if (!r.end.empty()) {
      const auto e = sim::scenario::parse_time_of_day(r.end);
      if (!e) {
        error = "inject: event.end: not a time of day: " + sim::text::quoted_string(r.end);
        return "";
      }
      end = *e;
    }
    if (end <= start) {
      error = "inject: event.end must be after now (" + sim::text::hms(start) + ")";
      return "";
    }
    out += "start = \"" + sim::text::hms(start) + "\"\nend = \"" + sim::text::hms(end) + "\"\n";
  }
  for (const auto& [k, v] : r.fields) out += sim::text::quoted_string(k) + " = " + v + "\n";
  return out;
}

std::string error_frame(std::string_view message) {
  return Json{{"type", "error"}, {"error", message}}.dump();
}

}  // namespace live
