"""Developer tools: benchmarks, measurement, page weight, edit-to-reload, synthetic data, link check."""
