"""Lower bounds for the measured times: the bytes a decode step must stream and the arithmetic a
prefill must do, turned into milliseconds at the measured (and the datasheet) ceilings.

Owns the counting only; the ceilings come from timing.py and the shapes from qwen2_forward.py.
"""

from __future__ import annotations

from qwen2_forward import Qwen2Shape, kv_bytes_per_token, parameter_counts

BF16_BYTES = 2


def _ms(amount: float, rate: float | None) -> float | None:
    return None if not rate else amount / rate * 1e3


def decode_bound(shape: Qwen2Shape, context: int, measured_ms: float, ceilings: dict) -> dict:
    """One decode token at `context` cached positions: every weight once (the input embedding is a
    row lookup, the output projection the whole matrix) plus the K/V of context + 1 positions."""
    weight_bytes = parameter_counts(shape)['decode_weights_read'] * BF16_BYTES
    kv_bytes = kv_bytes_per_token(shape, BF16_BYTES) * (context + 1)
    total = weight_bytes + kv_bytes
    at_measured = _ms(total, ceilings['copy_bandwidth_bytes_per_s'])
    at_spec = _ms(total, ceilings.get('spec_bandwidth_bytes_per_s'))
    return {
        'weight_bytes': weight_bytes,
        'kv_bytes': kv_bytes,
        'bound_ms_at_measured_bandwidth': at_measured,
        'bound_ms_at_spec_bandwidth': at_spec,
        'measured_over_bound': measured_ms / at_measured,
        'measured_over_spec_bound': measured_ms / at_spec if at_spec else None,
        'achieved_bytes_per_s': total / (measured_ms / 1e3),
    }


def prefill_bound(shape: Qwen2Shape, tokens: int, measured_ms: float, ceilings: dict) -> dict:
    """A prompt of `tokens` from an empty cache, logits for the last position only.

    `flops_simple` is the rule of thumb 2 * parameters * tokens; `flops_counted` counts what this
    forward does (layer matrices for every token, the output projection once, causal attention).
    The floor is the larger of the counted arithmetic and one read of all weights.
    """
    counts = parameter_counts(shape)
    flops_simple = 2 * counts['total'] * tokens
    attention = 2 * shape.layers * shape.heads * shape.head_dim * tokens * (tokens + 1)
    flops_counted = 2 * counts['layer_matmul'] * tokens + 2 * counts['lm_head_matrix'] + attention
    rate = ceilings['matmul_flops_per_s']
    compute_simple = _ms(flops_simple, rate)
    compute_counted = _ms(flops_counted, rate)
    weights_once = _ms(counts['decode_weights_read'] * BF16_BYTES,
                       ceilings['copy_bandwidth_bytes_per_s'])
    floor = max(compute_counted, weights_once)
    return {
        'flops_simple': flops_simple,
        'flops_counted': flops_counted,
        'compute_ms_simple': compute_simple,
        'compute_ms_counted': compute_counted,
        'weights_read_once_ms': weights_once,
        'floor_ms': floor,
        'floor_kind': 'compute' if compute_counted >= weights_once else 'bandwidth',
        'measured_over_compute_simple': measured_ms / compute_simple,
        'measured_over_floor': measured_ms / floor,
        'achieved_flops_per_s': flops_counted / (measured_ms / 1e3),
    }
