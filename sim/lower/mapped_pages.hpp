#pragma once
// Weights are memory-mapped (modelling rule 10): a table the CPU gathers from becomes resident only in
// the pages its rows sit on. Which rows a run reads depends on its tokens, which a cost model does
// not have; it takes them as drawn uniformly at random, each row read independently. Real text
// repeats its tokens more (Zipf), so this is an upper bound on the pages a run touches, and it is
// exact for the extremes: one row reads its own pages, and many rows read the whole table.
#include <cstdint>

namespace anesim {

// Expected bytes resident after `rows_read` uniform draws from a table of `table_rows` rows of
// `row_bytes` each, in pages of `page_bytes`: rows smaller than a page share pages, so the unit is a
// page; larger rows span whole pages of their own, so the unit is a row.
[[nodiscard]] std::int64_t expected_resident_bytes(std::int64_t table_rows, std::int64_t row_bytes, std::int64_t rows_read,
                                                   std::int64_t page_bytes);

}  // namespace anesim
