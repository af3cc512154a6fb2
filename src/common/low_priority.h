// Runs CPU-heavy work that a client can ask for at will (password hashes) at a lower CPU
// priority than the rest of the server, so that such work takes only the CPU that cheap calls
// (API keys, cached grants, unauthenticated answers) leave idle. On an idle machine it runs as
// fast as before; under contention it yields. The work runs on a thread of its own, at nice
// kLowPriorityNiceIncrement above the caller's, and the caller waits for it: the thread costs
// tens of microseconds, a password hash hundreds of milliseconds. Callers bound how many run at
// once (auth::PasswordSlots).
// Thread-safety: thread-safe; `work` runs on another thread and must not rely on thread-locals.
#pragma once

#include <exception>
#include <optional>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>

namespace keygate {

inline constexpr int kLowPriorityNiceIncrement = 10;

// Lowers the calling thread's CPU priority by kLowPriorityNiceIncrement (capped at nice 19).
// Linux schedules threads one by one, so only this thread is affected. Best effort: a failure
// leaves the priority as it was.
void LowerThisThreadsPriority();

// LowerThisThreadsPriority, the first time this thread calls it; later calls do nothing. For the
// threads of a pool that runs only low-priority work.
void LowerThisThreadsPriorityOnce();

// The nice value of the calling thread.
int ThisThreadsNice();

// Runs `work` on a new thread of lower priority and returns its result; an exception it throws
// is thrown here. When no thread can be started, runs it on the calling thread.
template <class Work>
std::invoke_result_t<Work> RunAtLowPriority(Work&& work) {
  std::optional<std::invoke_result_t<Work>> result;
  std::exception_ptr failure;
  try {
    std::thread runner([&result, &failure, &work]() noexcept {
      LowerThisThreadsPriority();
      try {
        result.emplace(std::forward<Work>(work)());
      } catch (...) {
        failure = std::current_exception();
      }
    });
    runner.join();
  } catch (const std::system_error&) {
    return std::forward<Work>(work)();  // out of threads: at the caller's priority
  }
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

}  // namespace keygate
