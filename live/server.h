// The HTTP and WebSocket server of `ccsim live` (Boost.Beast on Boost.Asio, one
// io_context on one thread): GET / serves the page (live/page.h), /ws upgrades to the
// socket that carries frames out and commands in (live/protocol.h).
//
// What a client cannot do: send a message over kMaxCommandBytes (an error frame) or over
// kMaxMessageBytes (the socket is closed, 1009); send more than kCommandsPerSecond
// commands (each extra one gets an error frame and is dropped); hold the server's memory
// by reading slowly (at most kMaxQueuedFrames wait per client; frames beyond are dropped
// for that client); open the socket from a page of another site (its Origin is refused).
// A client that goes away mid-stream is forgotten; nothing else changes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "live/live_run.h"

namespace live {

inline constexpr std::size_t kMaxQueuedFrames = 64;

// The address cannot be bound (the port is in use, or the host is not this machine's).
struct BindError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Server final : public Outbox {
 public:
  struct Handlers {
    std::function<void(std::uint64_t client)> joined;
    std::function<void(std::uint64_t client, Command c)> command;
  };
  // Binds and listens (port 0: any free port); throws BindError naming host and port.
  Server(const std::string& host, unsigned short port, Handlers handlers);
  ~Server() override;
  unsigned short port() const;

  void run();   // the network thread: serves until stop()
  void stop();  // any thread: closes the listener and every client; run() returns

  void broadcast(std::shared_ptr<const std::string> frame) override;
  void send(std::uint64_t client, std::shared_ptr<const std::string> frame) override;
  void greet(std::uint64_t client, std::shared_ptr<const std::string> hello) override;

  struct Impl;

 private:
  void post_to(std::uint64_t client, std::shared_ptr<const std::string> frame, bool hello);
  std::unique_ptr<Impl> impl_;  // handlers hold it by pointer: run() must return first
};

}  // namespace live
