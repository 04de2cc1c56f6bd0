#pragma once
// Message text for the seed dataset: "paragraph size" (docs/workload.md: 100-1,200 bytes,
// mean about 400) made of sentences of ordinary words, so that full-text search, the
// message parser and the wire carry what a team's messages carry.
#include <cstddef>
#include <string>

#include "seed/prng.hpp"

namespace parley::seed {

// A length drawn from the workload's distribution: 100 + exponential(300), at most 1,200.
std::size_t paragraph_length(Prng& prng);

// Sentences of words until the text is about `length` bytes long (never longer).
std::string paragraph(Prng& prng, std::size_t length);

}  // namespace parley::seed
