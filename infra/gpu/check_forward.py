"""Correctness check of qwen2_forward against transformers' Qwen2ForCausalLM.

Owns the weight export to transformers' names and the comparisons: prefill logits, a decode step
on top of the cache, both decode attention variants, and (on CUDA) a graph-captured decode step.
Run: python3 infra/gpu/check_forward.py [--device cuda] ; exits non-zero on any mismatch.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

import torch

from qwen2_forward import QWEN25_1_5B, QWEN25_32B, SDPA_BACKENDS, TINY, Qwen2Model, Qwen2Shape


def to_transformers(model: Qwen2Model):
    from transformers import Qwen2Config, Qwen2ForCausalLM

    s = model.shape
    config = Qwen2Config(
        vocab_size=s.vocab, hidden_size=s.hidden, intermediate_size=s.intermediate,
        num_hidden_layers=s.layers, num_attention_heads=s.heads, num_key_value_heads=s.kv_heads,
        rms_norm_eps=s.rms_eps, rope_theta=s.rope_theta, tie_word_embeddings=s.tied_embeddings,
        max_position_embeddings=model.max_context)
    config.rope_parameters = {'rope_type': 'default', 'rope_theta': s.rope_theta}
    reference = Qwen2ForCausalLM(config).to(device=model.embedding.device, dtype=torch.float32)
    kv = s.kv_heads * s.head_dim
    state = {'model.embed_tokens.weight': model.embedding, 'model.norm.weight': model.final_norm,
             'lm_head.weight': model.lm_head}
    for i, layer in enumerate(model.layers):
        prefix = f'model.layers.{i}.'
        q, k, v = layer['qkv_weight'].split([s.hidden, kv, kv])
        qb, kb, vb = layer['qkv_bias'].split([s.hidden, kv, kv])
        gate, up = layer['gate_up_weight'].chunk(2)
        state |= {
            prefix + 'self_attn.q_proj.weight': q, prefix + 'self_attn.q_proj.bias': qb,
            prefix + 'self_attn.k_proj.weight': k, prefix + 'self_attn.k_proj.bias': kb,
            prefix + 'self_attn.v_proj.weight': v, prefix + 'self_attn.v_proj.bias': vb,
            prefix + 'self_attn.o_proj.weight': layer['o_weight'],
            prefix + 'mlp.gate_proj.weight': gate, prefix + 'mlp.up_proj.weight': up,
            prefix + 'mlp.down_proj.weight': layer['down_weight'],
            prefix + 'input_layernorm.weight': layer['input_norm'],
            prefix + 'post_attention_layernorm.weight': layer['post_norm'],
        }
    missing, unexpected = reference.load_state_dict(
        {name: tensor.float() for name, tensor in state.items()}, strict=False)
    if missing or unexpected:
        raise RuntimeError(f'weight export mismatch: missing={missing} unexpected={unexpected}')
    return reference.eval()


def relative_error(actual: torch.Tensor, expected: torch.Tensor) -> float:
    actual, expected = actual.double(), expected.double()
    return float((actual - expected).norm() / expected.norm())


def check(shape: Qwen2Shape, device: torch.device, dtype: torch.dtype, tolerance: float) -> list[str]:
    torch.manual_seed(7)
    prompt_length, context = 37, 64
    model = Qwen2Model(shape, context, device, dtype)
    # Norm weights of exactly one would hide a transposed or skipped norm.
    for tensor in [model.final_norm, *(l[n] for l in model.layers for n in ('input_norm', 'post_norm'))]:
        tensor.uniform_(0.5, 1.5)
    reference = to_transformers(model)
    tokens = torch.randint(0, shape.vocab, (prompt_length + 1,), device=device)
    with torch.no_grad():
        expected = reference(tokens[None]).logits[0].float()
        failures = []
        results = {}
        for variant in ('expand', 'gqa'):
            model.prefill_attention = variant
            results[f'prefill-{variant}'] = model.forward(tokens[:prompt_length], 0)
        # The pinned fused kernels take only 16-bit inputs and exist only on CUDA.
        pinned = list(SDPA_BACKENDS) if device.type == 'cuda' and dtype == torch.bfloat16 else []
        for variant in ['sdpa', 'matmul', *pinned]:
            model.decode_attention = variant
            results[f'decode-{variant}'] = model.forward(tokens[prompt_length:], prompt_length)
        if device.type == 'cuda':
            static = tokens[prompt_length:].clone()
            graph = torch.cuda.CUDAGraph()
            model.forward(static, prompt_length)
            torch.cuda.synchronize()
            with torch.cuda.graph(graph):
                captured = model.forward(static, prompt_length)
            graph.replay()
            results['decode-graph'] = captured
    for label, actual in results.items():
        target = expected[prompt_length - 1] if label.startswith('prefill') else expected[prompt_length]
        error = relative_error(actual, target)
        finite = bool(torch.isfinite(actual).all())
        status = 'ok' if finite and error < tolerance else 'FAIL'
        print(f'{shape.name} {dtype} {device.type} {label}: relative error {error:.2e} {status}')
        if status != 'ok':
            failures.append(label)
    return failures


def check_long_context(shape: Qwen2Shape, context: int, device: torch.device) -> list[str]:
    """Every decode variant against plain matmul attention at a measured head layout and a long
    cache, where fused kernels switch to split-KV paths that the short reference check never hits."""
    torch.manual_seed(11)
    model = Qwen2Model(shape, context + 1, device, torch.bfloat16)
    token = torch.randint(0, shape.vocab, (1,), device=device)
    pinned = list(SDPA_BACKENDS) if device.type == 'cuda' else []
    with torch.no_grad():
        model.decode_attention = 'matmul'
        expected = model.forward(token, context).float()
        failures = []
        for variant in ['sdpa', *pinned]:
            model.decode_attention = variant
            error = relative_error(model.forward(token, context), expected)
            status = 'ok' if error < 3e-2 else 'FAIL'
            print(f'{shape.name} context {context} decode-{variant} vs matmul: {error:.2e} {status}')
            if status != 'ok':
                failures.append(f'{shape.name}-{variant}')
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    device = torch.device(parser.parse_args().device)
    untied = Qwen2Shape('tiny-untied', 256, 2, 8, 2, 384, 1000, False)
    failures = []
    for shape in (TINY, untied):
        failures += check(shape, device, torch.float32, 1e-4)
        failures += check(shape, device, torch.bfloat16, 3e-2)
    for full in (QWEN25_1_5B, QWEN25_32B):
        failures += check_long_context(replace(full, name=f'{full.name}-2-layers', layers=2), 8192,
                                       device)
    print('check_forward:', 'FAILED ' + ', '.join(failures) if failures else 'all ok')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
