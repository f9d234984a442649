# Fuzz targets (tools/fuzz): filled in by the fuzzing work.
