#include "tasks/run_beside.hpp"

#include "test_support.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

using lifecircle::detail::run_beside;

namespace {

// A task slow enough that the calling thread is done first.
void slow_task(std::atomic<bool>& ended) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ended = true;
}

std::string message_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "nothing thrown";
}

} // namespace

TEST_CASE("run_beside returns the work's result once the task has ended; the work may wait for it midway") {
    std::atomic<bool> ended{false};
    const int result = run_beside([&] { slow_task(ended); }, [](tbb::task_group&) { return 42; });
    CHECK(result == 42);
    CHECK(ended);

    int read = 0;
    run_beside([&] { read = 7; },
               [&](tbb::task_group& task) {
                   task.wait();
                   CHECK(read == 7);
               });
}

TEST_CASE("run_beside throws the work's failure over the task's, and the task's when the work succeeds") {
    std::atomic<bool> ended{false};
    CHECK(message_of([&] {
              run_beside(
                  [&] {
                      slow_task(ended);
                      throw std::runtime_error("task");
                  },
                  [](tbb::task_group&) { throw std::runtime_error("work"); });
          }) == "work");
    CHECK(ended); // the task ended before the work's failure reached the caller

    CHECK(message_of([] { run_beside([] { throw std::runtime_error("task"); }, [](tbb::task_group&) {}); }) == "task");
    CHECK(message_of([] { run_beside([] {}, [](tbb::task_group&) {}); }) == "nothing thrown");
}
