"""Turns a measure_latency.py results file into the simulator's latency profile.

Owns the mapping from raw measurements to `infra/simulator/profiles/h100-measured.json`: the
prefill table (best CUDA-graph variant, median), a least-squares line through it, and the decode
table (best attention kernel, median). Fields a GPU cannot measure (server overhead, network,
batching slowdown) are set here as plain estimates and say so in the description.
Run: python3 infra/gpu/make_profile.py infra/gpu/results/<file>.json infra/simulator/profiles/h100-measured.json
"""

from __future__ import annotations

import argparse
import json
import sys

# Not measurable with a bare forward pass: what a vLLM server on the same host adds per request
# (HTTP, tokenization, scheduling), the loopback round trip, and the per-request slowdown when a
# second sequence joins the batch (memory-bound decode makes it small).
SERVER_ESTIMATES = {'requestOverheadMs': 5, 'networkRttMs': 1, 'concurrencySlowdown': 0.05}
MODEL_NAMES = {'Qwen2.5-32B': 'Qwen2.5-32B architecture, random bf16 weights',
               'Qwen2.5-1.5B': 'Qwen2.5-1.5B architecture, random bf16 weights'}
DECODE_REFERENCE_CONTEXT = 1024


def least_squares(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Intercept and slope of the ordinary least-squares line through `points`."""
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in points)
    variance = sum((x - mean_x) ** 2 for x, _ in points)
    slope = covariance / variance
    return mean_y - slope * mean_x, slope


def model_profile(measured: dict, hardware: str) -> dict:
    prefill = [(row['tokens'], row['best_ms']) for row in measured['prefill']]
    decode = [(row['context'], row['best_ms']) for row in measured['decode']]
    intercept, slope = least_squares(prefill)
    reference = dict(decode).get(DECODE_REFERENCE_CONTEXT)
    if reference is None:
        raise ValueError(f'no decode measurement at context {DECODE_REFERENCE_CONTEXT}')
    return {
        'modelName': MODEL_NAMES.get(measured['shape']['name'], measured['shape']['name']),
        'hardware': hardware,
        'requestOverheadMs': SERVER_ESTIMATES['requestOverheadMs'],
        'networkRttMs': SERVER_ESTIMATES['networkRttMs'],
        # A negative intercept would make very short prompts free; the table covers them anyway.
        'prefillFixedMs': round(max(intercept, 0.0), 3),
        'prefillMsPerToken': round(slope, 5),
        'prefillTable': [[tokens, round(ms, 3)] for tokens, ms in prefill],
        'decodeMsPerToken': round(reference, 3),
        'decodeTable': [[context, round(ms, 3)] for context, ms in decode],
        'prefixCacheBlockTokens': 16,
        'concurrencySlowdown': SERVER_ESTIMATES['concurrencySlowdown'],
    }


def build_profile(results: dict, results_path: str) -> dict:
    gpu = results['environment']['gpu_name']
    date = results['date'][:10]
    return {
        'name': 'h100-measured',
        'description': (
            'Batch-1 latency measured on one GPU with a minimal Qwen2 forward pass in PyTorch '
            '(random bf16 weights, static KV cache, CUDA-graph replay, best SDPA kernel, median of '
            'repeated CUDA-event timings): prefill of a prompt from an empty cache up to the first '
            "token's logits, and one greedy decode step at each context length. Each model on its "
            'own GPU. requestOverheadMs, networkRttMs and concurrencySlowdown are not measured: '
            'they are estimates of what a vLLM server on the same host adds (HTTP, tokenization, '
            'scheduling; loopback round trip; a second sequence in a memory-bound batch).'),
        'source': (f'infra/gpu/measure_latency.py on {gpu}, {date}; raw numbers in '
                   f'{results_path}'),
        'colocated': False,
        'models': {
            role: model_profile(results['models'][role], f'1x {gpu}')
            for role in ('base', 'draft') if role in results['models']
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('results', help='a results JSON written by measure_latency.py')
    parser.add_argument('profile', help='the profile JSON to write')
    args = parser.parse_args()
    with open(args.results) as file:
        results = json.load(file)
    profile = build_profile(results, args.results)
    with open(args.profile, 'w') as file:
        json.dump(profile, file, indent=2)
        file.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
