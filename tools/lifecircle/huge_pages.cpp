// Large C++ allocations of the program asked onto transparent huge pages.
//
// A city-scale run fills a few hundred megabytes of fresh arrays (the graph,
// its snapping grid, result columns). Touching them a 4 KiB page at a time
// cost a second of page faults in a 4 s run on a 2-core VM; with 2 MiB pages
// there are 512 times fewer faults. Debian's kernels give huge pages only to
// memory that asks for them (transparent_hugepage=madvise), so blocks of
// 4 MiB or more are advised before their first use. Nothing else changes:
// the memory is malloc's and goes back to free(). The library leaves
// allocation to whoever links it; only this program replaces operator new.

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;
constexpr std::size_t advised_from = std::size_t{4} << 20;

void* allocate(std::size_t size) noexcept {
    void* block = std::malloc(size == 0 ? 1 : size);
    if (block != nullptr && size >= advised_from) {
        // Whole huge pages inside the block; the kernel ignores the advice where it cannot follow it.
        const auto begin = (reinterpret_cast<std::uintptr_t>(block) + huge_page - 1) & ~(huge_page - 1);
        const auto end = (reinterpret_cast<std::uintptr_t>(block) + size) & ~(huge_page - 1);
        if (end > begin) {
            ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
        }
    }
    return block;
}

} // namespace

void* operator new(std::size_t size) {
    if (void* block = allocate(size)) {
        return block;
    }
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return allocate(size);
}
void operator delete(void* block) noexcept {
    std::free(block);
}
void operator delete[](void* block) noexcept {
    std::free(block);
}
void operator delete(void* block, std::size_t) noexcept {
    std::free(block);
}
void operator delete[](void* block, std::size_t) noexcept {
    std::free(block);
}
void operator delete(void* block, const std::nothrow_t&) noexcept {
    std::free(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept {
    std::free(block);
}
