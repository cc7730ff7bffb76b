/**
 * The base prefix cache of the `h100` and `edge` profiles (QwQ-32B on 2× H100 80GB, TP2) is as
 * large as vLLM makes its KV cache there. vLLM V1 sizes it in two steps:
 * - vllm/v1/worker/gpu_worker.py `Worker.determine_available_memory` (vllm-project/vllm @
 *   0012cf691b7e69423244d2b1405f4b6832156e19): available = total GPU memory ×
 *   gpu_memory_utilization − the peak of a profiling forward pass (weights, activations) − memory
 *   allocated outside torch (NCCL buffers, CUDA context).
 * - vllm/v1/core/kv_cache_utils.py `get_num_blocks` (@ 001cabc1be16a59a70d720ed61a13b678c060a18):
 *   blocks = available // page_size // num_layers, where vllm/v1/kv_cache_interface.py
 *   `AttentionSpec.real_page_size_bytes` (same commit) = 2 (K and V) × block_size ×
 *   num_kv_heads × head_size × dtype bytes, per layer and per GPU (its KV heads under TP).
 * Every GPU of a TP group holds its share of every block, so the block count is per GPU.
 */
import { describe, expect, it } from 'vitest';
import { loadProfile } from './profile.ts';

const GIB = 1024 ** 3;

/** QwQ-32B's config.json (Qwen2 architecture), in BF16. */
const QWQ_32B = { layers: 64, kvHeads: 8, headDim: 128, dtypeBytes: 2, weightBytes: 65.5e9 };

/** KV blocks vLLM allocates for QwQ-32B on `tp` GPUs of `gpuBytes` each. */
function vllmBlocks(options: {
  gpuBytes: number;
  tp: number;
  gpuMemoryUtilization: number;
  /** Profiling peak beyond the weights plus non-torch allocations, per GPU. */
  overheadBytes: number;
  blockTokens: number;
}): number {
  const { gpuBytes, tp, gpuMemoryUtilization, overheadBytes, blockTokens } = options;
  const available = gpuBytes * gpuMemoryUtilization - QWQ_32B.weightBytes / tp - overheadBytes;
  const pageBytes = 2 * blockTokens * (QWQ_32B.kvHeads / tp) * QWQ_32B.headDim * QWQ_32B.dtypeBytes;
  return Math.floor(available / pageBytes / QWQ_32B.layers);
}

describe('the simulated QwQ-32B prefix cache', () => {
  it('holds what vLLM allocates on 2× H100 80GB with TP2 at gpu_memory_utilization 0.9', () => {
    // CUDA reports about 79.2 GiB on an 80 GB H100; activations of the profiling pass and NCCL
    // buffers take 2–4 GiB per GPU for a 32B model.
    const derived = (overheadGiB: number) =>
      vllmBlocks({
        gpuBytes: 79.2 * GIB,
        tp: 2,
        gpuMemoryUtilization: 0.9,
        overheadBytes: overheadGiB * GIB,
        blockTokens: 16,
      });
    const [fewest, most] = [derived(4), derived(2)];
    expect([fewest, most]).toEqual([18830, 19854]);
    for (const name of ['h100', 'edge']) {
      const base = loadProfile(name).models.base;
      expect(base?.prefixCacheBlockTokens).toBe(16);
      expect(base?.prefixCacheBlocks).toBeGreaterThanOrEqual(fewest);
      expect(base?.prefixCacheBlocks).toBeLessThanOrEqual(most);
    }
  });
});
