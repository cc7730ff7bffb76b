"""Minimal Qwen2 forward pass for latency measurement.

Owns the architecture shapes, random bf16 weights built in place on the device (never a second
copy), the static KV cache, a prefill that fills the cache from position 0 and a one-token decode
step at a fixed position that can be captured in a CUDA graph. Owns no timing and no I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel

# Decode attention variants that pin one fused kernel; 'sdpa' lets torch choose, 'matmul' is plain.
SDPA_BACKENDS = {
    'flash': SDPBackend.FLASH_ATTENTION,
    'efficient': SDPBackend.EFFICIENT_ATTENTION,
    'cudnn': SDPBackend.CUDNN_ATTENTION,
}


@dataclass(frozen=True)
class Qwen2Shape:
    """The architecture numbers that decide cost; values of the weights do not."""

    name: str
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    intermediate: int
    vocab: int
    tied_embeddings: bool
    rope_theta: float = 1_000_000.0
    rms_eps: float = 1e-6

    @property
    def head_dim(self) -> int:
        return self.hidden // self.heads

    def to_json(self) -> dict:
        return {**asdict(self), 'head_dim': self.head_dim}


QWEN25_32B = Qwen2Shape('Qwen2.5-32B', 5120, 64, 40, 8, 27648, 152064, False, rms_eps=1e-5)
QWEN25_1_5B = Qwen2Shape('Qwen2.5-1.5B', 1536, 28, 12, 2, 8960, 151936, True)
TINY = Qwen2Shape('tiny', 256, 2, 4, 2, 512, 1024, True)


def parameter_counts(shape: Qwen2Shape) -> dict[str, int]:
    """Parameters by role; `decode_weights_read` is what one decode token must stream from memory."""
    kv_width = shape.kv_heads * shape.head_dim
    attention = shape.hidden * (shape.hidden + 2 * kv_width) + (shape.hidden + 2 * kv_width)
    attention += shape.hidden * shape.hidden
    mlp = 3 * shape.hidden * shape.intermediate
    norms = 2 * shape.hidden
    per_layer = attention + mlp + norms
    embedding = shape.vocab * shape.hidden
    lm_head = 0 if shape.tied_embeddings else embedding
    total = shape.layers * per_layer + embedding + lm_head + shape.hidden
    # The input embedding is a row lookup; the output projection reads the whole matrix.
    decode_weights_read = shape.layers * per_layer + embedding + shape.hidden
    return {
        'total': total,
        'per_layer': per_layer,
        'layer_matmul': shape.layers * (attention + mlp),
        'embedding': embedding,
        'lm_head_matrix': embedding,
        'decode_weights_read': decode_weights_read,
    }


def kv_bytes_per_token(shape: Qwen2Shape, element_bytes: int) -> int:
    return shape.layers * 2 * shape.kv_heads * shape.head_dim * element_bytes


def _random(shape: tuple[int, ...], device: torch.device, dtype: torch.dtype, std: float):
    return torch.empty(shape, device=device, dtype=dtype).normal_(0.0, std)


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Qwen2Model:
    """Batch-1 Qwen2 with a static KV cache of `max_context` positions."""

    def __init__(self, shape: Qwen2Shape, max_context: int, device: torch.device,
                 dtype: torch.dtype, decode_attention: str = 'sdpa',
                 prefill_attention: str = 'gqa') -> None:
        self.shape = shape
        self.max_context = max_context
        self.decode_attention = decode_attention
        self.prefill_attention = prefill_attention
        d, h, kv = shape.head_dim, shape.hidden, shape.kv_heads * shape.head_dim
        self.embedding = _random((shape.vocab, h), device, dtype, 0.02)
        self.lm_head = self.embedding if shape.tied_embeddings else _random(
            (shape.vocab, h), device, dtype, 0.02)
        self.final_norm = torch.ones(h, device=device, dtype=dtype)
        self.layers = [{
            'input_norm': torch.ones(h, device=device, dtype=dtype),
            'qkv_weight': _random((h + 2 * kv, h), device, dtype, 0.02),
            'qkv_bias': _random((h + 2 * kv,), device, dtype, 0.02),
            'o_weight': _random((h, h), device, dtype, 0.02),
            'post_norm': torch.ones(h, device=device, dtype=dtype),
            'gate_up_weight': _random((2 * shape.intermediate, h), device, dtype, 0.02),
            'down_weight': _random((h, shape.intermediate), device, dtype, 0.02),
        } for _ in range(shape.layers)]
        cache_shape = (shape.layers, shape.kv_heads, max_context, d)
        self.k_cache = _random(cache_shape, device, dtype, 1.0)
        self.v_cache = _random(cache_shape, device, dtype, 1.0)
        inv_freq = 1.0 / (shape.rope_theta ** (
            torch.arange(0, d, 2, device=device, dtype=torch.float32) / d))
        angles = torch.outer(torch.arange(max_context, device=device, dtype=torch.float32), inv_freq)
        angles = torch.cat((angles, angles), dim=-1)
        self.cos, self.sin = angles.cos().to(dtype), angles.sin().to(dtype)

    def forward(self, token_ids: torch.Tensor, start: int) -> torch.Tensor:
        """Runs `token_ids` ([T]) at positions start..start+T-1, writing their K/V into the cache.

        Returns the logits of the last position ([vocab]). A prefill (T > 1) must start at 0;
        a decode step (T == 1) attends to the cache positions 0..start.
        """
        s = self.shape
        count = token_ids.shape[0]
        if count > 1 and start != 0:
            raise ValueError('prefill on top of an existing context is not modelled')
        if start + count > self.max_context:
            raise ValueError(f'position {start + count} exceeds the cache of {self.max_context}')
        cos = self.cos[start:start + count, None]
        sin = self.sin[start:start + count, None]
        kv_width = s.kv_heads * s.head_dim
        x = F.embedding(token_ids, self.embedding)
        for index, layer in enumerate(self.layers):
            normed = F.rms_norm(x, (s.hidden,), layer['input_norm'], s.rms_eps)
            qkv = F.linear(normed, layer['qkv_weight'], layer['qkv_bias'])
            query_key, v = qkv.split([s.hidden + kv_width, kv_width], dim=-1)
            # Rotating queries and keys together halves the small kernels of a decode step.
            query_key = query_key.view(count, s.heads + s.kv_heads, s.head_dim)
            query_key = torch.addcmul(query_key * cos, _rotate_half(query_key), sin)
            q = query_key[:, :s.heads].transpose(0, 1)
            k = query_key[:, s.heads:].transpose(0, 1)
            self.k_cache[index, :, start:start + count] = k
            self.v_cache[index, :, start:start + count] = v.view(
                count, s.kv_heads, s.head_dim).transpose(0, 1)
            keys = self.k_cache[index, :, :start + count]
            values = self.v_cache[index, :, :start + count]
            attention = (self._decode_attention(q, keys, values) if count == 1
                         else self._prefill_attention(q, keys, values))
            x = x + F.linear(attention.transpose(0, 1).reshape(count, s.hidden), layer['o_weight'])
            normed = F.rms_norm(x, (s.hidden,), layer['post_norm'], s.rms_eps)
            gate, up = F.linear(normed, layer['gate_up_weight']).chunk(2, dim=-1)
            x = x + F.linear(F.silu(gate) * up, layer['down_weight'])
        last = F.rms_norm(x[-1:], (s.hidden,), self.final_norm, s.rms_eps)
        return F.linear(last, self.lm_head)[0]

    def _prefill_attention(self, q: torch.Tensor, keys: torch.Tensor, values: torch.Tensor):
        if self.prefill_attention == 'gqa':
            return F.scaled_dot_product_attention(
                q[None], keys[None], values[None], is_causal=True, enable_gqa=True)[0]
        if self.prefill_attention == 'expand':
            # For SDPA kernels without grouped-query support: repeat each K/V head per group.
            group = self.shape.heads // self.shape.kv_heads
            keys = keys.repeat_interleave(group, dim=0)
            values = values.repeat_interleave(group, dim=0)
            return F.scaled_dot_product_attention(q[None], keys[None], values[None],
                                                  is_causal=True)[0]
        raise ValueError(f'unknown prefill attention {self.prefill_attention!r}')

    def _decode_attention(self, q: torch.Tensor, keys: torch.Tensor, values: torch.Tensor):
        # One query position: fold each KV group's query heads into the query-length axis, so
        # every kernel sees plain multi-head attention with no mask and no repeated K/V.
        s = self.shape
        group = s.heads // s.kv_heads
        grouped = q.reshape(s.kv_heads, group, s.head_dim)
        if self.decode_attention == 'sdpa':
            out = F.scaled_dot_product_attention(grouped[None], keys[None], values[None])[0]
        elif self.decode_attention in SDPA_BACKENDS:
            with sdpa_kernel(SDPA_BACKENDS[self.decode_attention]):
                out = F.scaled_dot_product_attention(grouped[None], keys[None], values[None])[0]
        elif self.decode_attention == 'matmul':
            scores = torch.matmul(grouped, keys.transpose(1, 2)) * (s.head_dim ** -0.5)
            out = torch.matmul(torch.softmax(scores.float(), dim=-1).to(values.dtype), values)
        else:
            raise ValueError(f'unknown decode attention {self.decode_attention!r}')
        return out.reshape(s.heads, 1, s.head_dim)
