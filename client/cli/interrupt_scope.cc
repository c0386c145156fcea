// Ctrl-C routed to a flag.
#include "client/cli/interrupt_scope.h"

#include <csignal>

namespace latentspace::cli {
namespace {

// Process-wide: a signal handler can reach nothing else.
std::atomic<bool> interrupt_flag{false};

void OnInterrupt(int) { interrupt_flag.store(true); }

}  // namespace

InterruptScope::InterruptScope() {
  interrupt_flag.store(false);
  previous_ = std::signal(SIGINT, OnInterrupt);
}

InterruptScope::~InterruptScope() { std::signal(SIGINT, previous_); }

const std::atomic<bool>* InterruptScope::interrupted() const { return &interrupt_flag; }

}  // namespace latentspace::cli
