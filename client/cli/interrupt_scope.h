// Ctrl-C as a flag for long CLI work: while an InterruptScope lives, SIGINT sets its flag instead
// of ending latentctl, so that a stream is cancelled cleanly (the server told, the SDK returning
// CANCELLED) and the command says what happened.
#ifndef LATENTSPACE_CLIENT_CLI_INTERRUPT_SCOPE_H_
#define LATENTSPACE_CLIENT_CLI_INTERRUPT_SCOPE_H_

#include <atomic>

namespace latentspace::cli {

class InterruptScope {
 public:
  InterruptScope();   // clears the flag and routes SIGINT to it
  ~InterruptScope();  // restores the previous handler
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  // True once Ctrl-C was pressed in the scope: the SDK's `cancel` argument.
  const std::atomic<bool>* interrupted() const;

 private:
  void (*previous_)(int);
};

}  // namespace latentspace::cli

#endif  // LATENTSPACE_CLIENT_CLI_INTERRUPT_SCOPE_H_
