"""Batch-1 latency of Qwen2.5-architecture models on one GPU, with random bf16 weights.

Measures prefill time per prompt length and decode time per token per context length, both from
CUDA-graph replays timed with CUDA events (eager prefill too, for comparison), plus the device's
copy bandwidth and bf16 matrix rate, and writes everything to one JSON file after each model so a
timeout still leaves data. Owns the measurement plan; the forward pass is qwen2_forward.py.

Run: PYTHONUNBUFFERED=1 python3 infra/gpu/measure_latency.py --output $OUT/results.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
import time

import torch

from bounds import decode_bound, prefill_bound
from qwen2_forward import QWEN25_1_5B, QWEN25_32B, TINY, Qwen2Model, kv_bytes_per_token
from qwen2_forward import parameter_counts
from timing import capture_graph, copy_bandwidth, matmul_rate, spec_sheet, time_on_device

SHAPES = {'draft': QWEN25_1_5B, 'base': QWEN25_32B, 'tiny': TINY}
PREFILL_LENGTHS = [64, 128, 256, 512, 1024, 2048, 4096]
DECODE_CONTEXTS = [512, 1024, 2048, 4096, 8192]
DECODE_ATTENTION = ['sdpa', 'flash', 'efficient', 'cudnn', 'matmul']
DEVICE = torch.device('cuda')


def environment() -> dict:
    properties = torch.cuda.get_device_properties(0)
    smi = subprocess.run(
        ['nvidia-smi', '--query-gpu=name,driver_version,clocks.sm,clocks.max.sm,clocks.mem,'
         'power.draw,power.limit,temperature.gpu', '--format=csv'],
        capture_output=True, text=True, check=False)
    try:
        import transformers
        transformers_version = transformers.__version__
    except ImportError:
        transformers_version = None
    return {
        'gpu_name': torch.cuda.get_device_name(0),
        'compute_capability': list(torch.cuda.get_device_capability(0)),
        'multiprocessors': properties.multi_processor_count,
        'total_memory_bytes': properties.total_memory,
        'nvidia_smi': smi.stdout.strip(),
        'torch': torch.__version__, 'cuda': torch.version.cuda,
        'cudnn': torch.backends.cudnn.version(), 'transformers': transformers_version,
        'python': platform.python_version(),
    }


def sdpa_choice(model: Qwen2Model, tokens: int) -> str:
    """Which fused attention kernel torch picks for this model's prefill with grouped queries."""
    s = model.shape
    q = torch.empty(1, s.heads, tokens, s.head_dim, device=DEVICE, dtype=torch.bfloat16)
    kv = torch.empty(1, s.kv_heads, tokens, s.head_dim, device=DEVICE, dtype=torch.bfloat16)
    try:
        choice = torch._fused_sdp_choice(q, kv, kv, is_causal=True, enable_gqa=True)
        return torch.nn.attention.SDPBackend(choice).name
    except Exception as error:  # private API: record why rather than fail the run
        return f'unknown ({type(error).__name__})'


def measure_prefill(model: Qwen2Model, length: int, repetitions: int, ceilings: dict) -> dict:
    tokens = torch.randint(0, model.shape.vocab, (length,), device=DEVICE)
    variants = {}
    model.prefill_attention = 'gqa'
    variants['eager-gqa'] = time_on_device(lambda: model.forward(tokens, 0), 2, repetitions)
    for attention in ('gqa', 'expand'):
        model.prefill_attention = attention
        graph = capture_graph(lambda: model.forward(tokens, 0))
        variants[f'graph-{attention}'] = time_on_device(graph.replay, 2, repetitions)
        del graph
    best = min(('graph-gqa', 'graph-expand'), key=lambda name: variants[name]['median_ms'])
    best_ms = variants[best]['median_ms']
    return {'tokens': length, 'best_variant': best, 'best_ms': best_ms, 'variants': variants,
            'bounds': prefill_bound(model.shape, length, best_ms, ceilings)}


def measure_decode(model: Qwen2Model, context: int, repetitions: int, ceilings: dict) -> dict:
    token = torch.randint(0, model.shape.vocab, (1,), device=DEVICE)

    def step() -> None:
        # Greedy next token fed back in, as a server's decode loop would; position stays fixed.
        token.copy_(model.forward(token, context).argmax().view(1))

    variants, failures = {}, {}
    for attention in DECODE_ATTENTION:
        model.decode_attention = attention
        try:
            step()  # a kernel that refuses this shape must fail here, not inside a capture
        except RuntimeError as error:
            failures[attention] = str(error).splitlines()[0]
            continue
        graph = capture_graph(step)
        variants[attention] = time_on_device(graph.replay, 5, repetitions)
        del graph
    best = min(variants, key=lambda name: variants[name]['median_ms'])
    best_ms = variants[best]['median_ms']
    return {'context': context, 'best_variant': best, 'best_ms': best_ms, 'variants': variants,
            'failed_variants': failures,
            'bounds': decode_bound(model.shape, context, best_ms, ceilings)}


def measure_model(role: str, args: argparse.Namespace, ceilings: dict, log) -> dict:
    shape = SHAPES[role]
    counts = parameter_counts(shape)
    needed = counts['total'] * 2 + kv_bytes_per_token(shape, 2) * 2 * (max(args.contexts) + 1)
    free, _ = torch.cuda.mem_get_info()
    result = {'shape': shape.to_json(), 'parameters': counts, 'bytes_needed': needed,
              'free_bytes_before': free, 'prefill': [], 'decode': []}
    started = time.perf_counter()
    model = Qwen2Model(shape, max(max(args.contexts) + 1, max(args.lengths)), DEVICE,
                       torch.bfloat16)
    torch.cuda.synchronize()
    result['build_s'] = time.perf_counter() - started
    result['sdpa_prefill_backend'] = sdpa_choice(model, max(args.lengths))
    log(f'{role} {shape.name}: {counts["total"] / 1e9:.3f} B parameters, built in '
        f'{result["build_s"]:.1f} s, prefill SDPA backend {result["sdpa_prefill_backend"]}')
    for length in args.lengths:
        row = measure_prefill(model, length, args.prefill_repetitions, ceilings)
        result['prefill'].append(row)
        log(f'  prefill {length:5d} tokens: {row["best_ms"]:9.3f} ms ({row["best_variant"]}, eager '
            f'{row["variants"]["eager-gqa"]["median_ms"]:.3f}); floor '
            f'{row["bounds"]["floor_ms"]:.3f} ms ({row["bounds"]["floor_kind"]}), '
            f'x{row["bounds"]["measured_over_floor"]:.2f}')
    for context in args.contexts:
        row = measure_decode(model, context, args.decode_repetitions, ceilings)
        result['decode'].append(row)
        others = ', '.join(f'{name} {timing["median_ms"]:.3f}'
                           for name, timing in row['variants'].items())
        log(f'  decode at {context:5d}: {row["best_ms"]:8.3f} ms/token ({others}); bound '
            f'{row["bounds"]["bound_ms_at_measured_bandwidth"]:.3f} ms, '
            f'x{row["bounds"]["measured_over_bound"]:.2f}')
    result['peak_allocated_bytes'] = torch.cuda.max_memory_allocated()
    result['seconds'] = time.perf_counter() - started
    del model
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--output', required=True)
    parser.add_argument('--models', default='draft,base', help='comma list of draft, base, tiny')
    parser.add_argument('--quick', action='store_true', help='few lengths and repetitions')
    args = parser.parse_args()
    args.lengths = [64, 512] if args.quick else PREFILL_LENGTHS
    args.contexts = [512, 1024] if args.quick else DECODE_CONTEXTS
    args.prefill_repetitions = 3 if args.quick else 10
    args.decode_repetitions = 10 if args.quick else 50

    def log(line: str) -> None:
        print(line, flush=True)

    torch.set_grad_enabled(False)
    report = {'schema': 1, 'date': datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds'),
              'command': ' '.join(sys.argv), 'environment': environment(), 'models': {}}
    name = report['environment']['gpu_name']
    log(f'{name}; torch {torch.__version__}, CUDA {torch.version.cuda}')
    spec = spec_sheet(name) or {}
    bandwidth, matmul = copy_bandwidth(), matmul_rate()
    report['ceilings'] = {
        'copy_bandwidth_bytes_per_s': bandwidth['bytes_per_s'], 'copy': bandwidth,
        'matmul_flops_per_s': matmul['flops_per_s'], 'matmul': matmul,
        'spec_bandwidth_bytes_per_s': spec.get('bandwidth_bytes_per_s'),
        'spec_bf16_flops_per_s': spec.get('bf16_flops_per_s'),
    }
    log(f'copy bandwidth {bandwidth["bytes_per_s"] / 1e12:.2f} TB/s (spec '
        f'{spec.get("bandwidth_bytes_per_s", 0) / 1e12:.2f}), bf16 matmul '
        f'{matmul["flops_per_s"] / 1e12:.0f} TFLOP/s (spec {spec.get("bf16_flops_per_s", 0) / 1e12:.0f})')
    for role in args.models.split(','):
        report['models'][role] = measure_model(role, args, report['ceilings'], log)
        with open(args.output, 'w') as file:
            json.dump(report, file, indent=1)
        log(f'wrote {role} to {args.output}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
