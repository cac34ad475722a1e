// The client's containers: every one allocates through the handle's sse_allocator
// (its AllocatorResource), as the parser's do; only libcurl's own memory does not.
#pragma once

#include <memory_resource>
#include <string>
#include <utility>
#include <vector>

namespace sse::capi {

using String = std::pmr::string;
template <typename T>
using Vector = std::pmr::vector<T>;
using HeaderList = Vector<std::pair<String, String>>;

}  // namespace sse::capi
