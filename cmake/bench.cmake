# Benchmark programs (tools/bench): filled in by the benchmark work.
