using System.Linq;

namespace Declarative.Common.Shapes;

/// <summary>
/// The width (size of the last dimension) of what a module outputs, where its parameters fix it: a Linear's
/// output size, an embedding's dimension, a LayerNorm's normalised width, attention's embedding size, and for a
/// Sequential the last of its children that sets a width.
/// </summary>
internal static class ModuleWidths
{
    public static SymbolicSize? OutputWidth(InferredMember? value, int depth = 0)
    {
        if (depth > InferenceContext.MaxModuleDepth || value is not InferredModule module) return null;
        switch (module.Factory)
        {
            case "Linear":
            case "Bilinear":
                return FirstDim(module, "weight");
            case "Embedding":
            case "EmbeddingBag":
            case "LayerNorm":
                return LastDim(module, "weight");
            case "MultiheadAttention":
                return module.Find("out_proj")?.Value is InferredModule projection ? FirstDim(projection, "weight") : null;
            case "Sequential":
                for (int i = module.Members.Count - 1; i >= 0; i--)
                {
                    var child = module.Members[i].Value as InferredModule;
                    if (child is null) return null;
                    if (child.Factory is { } factory && child.Members.Count == 0 && child.IsComplete && PassesWidthThrough(factory)) continue;
                    return OutputWidth(child, depth + 1);
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Parameterless modules that keep the width of their input (activations, dropout).</summary>
    private static bool PassesWidthThrough(string factory) => factory is "ReLU" or "ReLU6" or "LeakyReLU" or "ELU" or "SELU" or "CELU"
        or "GELU" or "SiLU" or "Mish" or "Sigmoid" or "Tanh" or "Softplus" or "Softsign" or "Hardtanh" or "Hardswish"
        or "Hardsigmoid" or "Identity" or "Dropout" or "AlphaDropout" or "Softmax" or "LogSoftmax";

    private static SymbolicSize? FirstDim(InferredModule module, string tensor)
        => module.Find(tensor)?.Value is InferredTensor { Shape: { Rank: > 0 } shape } ? shape.Dims[0].Size : null;

    private static SymbolicSize? LastDim(InferredModule module, string tensor)
        => module.Find(tensor)?.Value is InferredTensor { Shape: { Rank: > 0 } shape } ? shape.Dims.Last().Size : null;
}
