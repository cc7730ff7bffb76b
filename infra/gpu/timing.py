"""Device timing: CUDA-event timing of a callable or a captured graph, summaries, and the two
measured ceilings (device-to-device copy bandwidth and bf16 matrix-product rate).

Owns no model code. Every number is taken after warm-ups, per repetition, with CUDA events on the
current stream, and summarised by its median.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

import torch

# Vendor datasheet figures (dense bf16, no sparsity), keyed by a substring of torch's device name.
SPEC_SHEET = [
    ('H100 PCIe', {'bandwidth_bytes_per_s': 2.0e12, 'bf16_flops_per_s': 756e12}),
    ('H100 NVL', {'bandwidth_bytes_per_s': 3.9e12, 'bf16_flops_per_s': 835e12}),
    ('H100', {'bandwidth_bytes_per_s': 3.35e12, 'bf16_flops_per_s': 989e12}),
    ('H200', {'bandwidth_bytes_per_s': 4.8e12, 'bf16_flops_per_s': 989e12}),
]


def spec_sheet(device_name: str) -> dict[str, float] | None:
    for key, numbers in SPEC_SHEET:
        if key in device_name:
            return numbers
    return None


def summarise(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    return {
        'median_ms': statistics.median(ordered),
        'min_ms': ordered[0],
        'p90_ms': ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
        'repetitions': len(ordered),
        'samples_ms': [round(sample, 5) for sample in samples_ms],
    }


def time_on_device(run: Callable[[], object], warmup: int, repetitions: int) -> dict:
    """Times each call of `run` with CUDA events; the host never waits between repetitions."""
    for _ in range(warmup):
        run()
    pairs = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True))
             for _ in range(repetitions)]
    for start, end in pairs:
        start.record()
        run()
        end.record()
    torch.cuda.synchronize()
    return summarise([start.elapsed_time(end) for start, end in pairs])


def capture_graph(run: Callable[[], object]) -> torch.cuda.CUDAGraph:
    """Captures one call of `run` after two warm-up calls on a side stream (library handles and
    workspaces must exist before capture)."""
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        run()
        run()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        run()
    torch.cuda.synchronize()
    return graph


def copy_bandwidth(size_bytes: int = 4 << 30) -> dict:
    """Device-to-device copy; bytes read plus bytes written over the median time."""
    elements = size_bytes // 2
    source = torch.empty(elements, device='cuda', dtype=torch.bfloat16).normal_()
    target = torch.empty_like(source)
    timing = time_on_device(lambda: target.copy_(source), warmup=3, repetitions=20)
    del source, target
    torch.cuda.empty_cache()
    moved = 2 * elements * 2
    return {'bytes_moved_per_copy': moved,
            'bytes_per_s': moved / (timing['median_ms'] / 1e3), 'timing': timing}


def matmul_rate(size: int = 8192) -> dict:
    """bf16 matrix product of random square matrices through torch (cuBLAS)."""
    a = torch.randn(size, size, device='cuda', dtype=torch.bfloat16)
    b = torch.randn(size, size, device='cuda', dtype=torch.bfloat16)
    timing = time_on_device(lambda: a @ b, warmup=3, repetitions=10)
    del a, b
    torch.cuda.empty_cache()
    flops = 2 * size ** 3
    return {'size': size, 'flops_per_s': flops / (timing['median_ms'] / 1e3), 'timing': timing}
