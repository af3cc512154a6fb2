// A background thread running a task at a fixed interval (see periodic_worker.h).
#include "common/periodic_worker.h"

#include <algorithm>
#include <utility>

namespace keygate {

PeriodicWorker::PeriodicWorker(std::chrono::milliseconds interval, FirstRun first,
                               std::function<void()> task)
    : interval_(std::max(interval, std::chrono::milliseconds(1))),
      first_(first),
      task_(std::move(task)) {}

void PeriodicWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void PeriodicWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicWorker::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  bool wait_first = first_ == FirstRun::kAfterInterval;
  while (!stopping_) {
    if (wait_first && cv_.wait_for(lock, interval_, [this] { return stopping_; })) break;
    wait_first = true;
    lock.unlock();
    task_();
    lock.lock();
  }
}

}  // namespace keygate
