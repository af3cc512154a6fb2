// A request body that arrives while the handler already runs (ServerOptions::stream_request_body,
// for uploads the gateway forwards): the HTTP server pushes the pieces it reads from the client,
// the handler takes them in order, and at most kMaxQueuedBytes wait between the two, so a body of
// any length crosses in bounded memory. The server stops reading from the client while the queue
// is full and resumes when the handler has taken a piece.
// Thread-safety: thread-safe (one producer, the server's network loop; one consumer, a worker).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>

namespace keygate::http {

class RequestBodyStream {
 public:
  static constexpr size_t kMaxQueuedBytes = size_t{1} << 20;

  explicit RequestBodyStream(uint64_t length) : length_(length) {}

  // The body's length (its Content-Length).
  uint64_t length() const { return length_; }

  // The next piece, waiting for it until `deadline`. false at the end of the body (every byte
  // taken), when the client's connection failed or the deadline passed (failed() then says so).
  bool Next(std::string* piece, std::chrono::steady_clock::time_point deadline) {
    std::function<void()> resume;
    {
      std::unique_lock lock(mu_);
      if (taken_ == length_) return false;
      if (!ready_.wait_until(lock, deadline, [&] { return !queue_.empty() || failed_; })) {
        failed_ = true;
        return false;
      }
      if (queue_.empty()) return false;  // failed
      *piece = std::move(queue_.front());
      queue_.pop_front();
      queued_ -= piece->size();
      taken_ += piece->size();
      if (paused_ && queued_ < kMaxQueuedBytes) {
        paused_ = false;
        resume = std::move(resume_);
      }
    }
    if (resume) resume();
    return true;
  }

  bool failed() const {
    std::lock_guard lock(mu_);
    return failed_;
  }

  // The server's side. Adds a piece; false when the queue is now full: the server reads no more
  // until `resume` (given to Pause) is called.
  bool Push(std::string piece) {
    {
      std::lock_guard lock(mu_);
      queued_ += piece.size();
      queue_.push_back(std::move(piece));
    }
    ready_.notify_one();
    std::lock_guard lock(mu_);
    return queued_ < kMaxQueuedBytes;
  }
  // Calls `resume` once the handler has made room (at once if it already has).
  void Pause(std::function<void()> resume) {
    {
      std::lock_guard lock(mu_);
      if (queued_ >= kMaxQueuedBytes && !failed_) {
        paused_ = true;
        resume_ = std::move(resume);
        return;
      }
    }
    resume();
  }
  // The client's connection failed before the body's end.
  void Fail() {
    {
      std::lock_guard lock(mu_);
      failed_ = true;
      resume_ = nullptr;
    }
    ready_.notify_all();
  }

 private:
  const uint64_t length_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::string> queue_;
  size_t queued_ = 0;
  uint64_t taken_ = 0;
  bool failed_ = false;
  bool paused_ = false;
  std::function<void()> resume_;
};

}  // namespace keygate::http
