#pragma once
// One piece of work on another core while this thread does another: the
// roads read beside the other inputs, the report's map made beside the
// layers, a layer's CSV copy written beside its chosen format. Header-only:
// io and pipeline both use it, and neither exports it.

#include <tbb/task_group.h>

#include <type_traits>
#include <utility>

namespace lifecircle::detail {

// Runs `beside` as a task and `work(task)` on this thread, and returns what
// `work` returns once both have ended; `work` may call task.wait() where it
// needs the task's result. The task usually reads what `work` owns, so it
// ends first on every path. When `work` fails, its failure is the one thrown,
// since the task only served it; otherwise what the task threw is thrown.
template <class Beside, class Work>
auto run_beside(Beside&& beside, Work&& work) {
    tbb::task_group task;
    task.run(std::forward<Beside>(beside));
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<Work&, tbb::task_group&>>) {
            work(task);
            task.wait(); // rethrows what the task threw
        } else {
            auto result = work(task);
            task.wait();
            return result;
        }
    } catch (...) {
        try {
            task.wait();
        } catch (...) { // the first failure is the one to report
        }
        throw;
    }
}

} // namespace lifecircle::detail
