namespace Declarative.Gallery.Systems.Pretrained;

/// <summary>How Hugging Face's GPT-2 checkpoints name the tensors of the gallery's <c>TiedGpt2</c>.</summary>
public static class Gpt2Keys
{
    /// <summary>
    /// Hugging Face's names (<c>transformer.h.0.attn.c_attn.weight</c>, ...) for the gallery's fields
    /// (<c>blocks.0.attention.queryKeyValue.weight</c>, ...). GPT-2's projections are <c>Conv1D</c>s, whose
    /// weights are [in, out], where TorchSharp's <c>Linear</c> holds [out, in]: those four are transposed. The
    /// causal masks that older checkpoints saved as <c>attn.bias</c> are computed here, not loaded.
    /// </summary>
    public static KeyMap HuggingFace() => new KeyMap()
        .Rename("transformer.wte", "tokens")
        .Rename("transformer.wpe", "positions")
        .Rename("transformer.h.*.ln_1", "blocks.*.attentionNorm")
        .Rename("transformer.h.*.attn.c_attn", "blocks.*.attention.queryKeyValue")
        .Rename("transformer.h.*.attn.c_proj", "blocks.*.attention.projection")
        .Rename("transformer.h.*.ln_2", "blocks.*.mlpNorm")
        .Rename("transformer.h.*.mlp.c_fc", "blocks.*.up")
        .Rename("transformer.h.*.mlp.c_proj", "blocks.*.down")
        .Rename("transformer.ln_f", "finalNorm")
        .Rename("lm_head", "head")
        .Ignore("transformer.h.*.attn.bias")
        .Transpose(
            "blocks.*.attention.queryKeyValue.weight",
            "blocks.*.attention.projection.weight",
            "blocks.*.up.weight",
            "blocks.*.down.weight");
}
