using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Declarative.Common.Shapes;

/// <summary>
/// Whether a <c>Member</c> path exists, judged from types alone: the names TorchSharp's modules register, and the
/// registered fields of the user's own module types. Values (which options a module was made with) are judged by
/// <see cref="InferredMembers.Resolve"/>.
/// </summary>
internal static class MemberPaths
{
    private static readonly string[] WeightAndBias = { "weight", "bias" };

    /// <summary>Every name a TorchSharp module type can register, whatever options it was made with.</summary>
    private static readonly Dictionary<string, string[]> TorchNames = new()
    {
        ["Linear"] = WeightAndBias,
        ["Bilinear"] = WeightAndBias,
        ["Embedding"] = new[] { "weight" },
        ["EmbeddingBag"] = new[] { "weight" },
        ["Conv1d"] = WeightAndBias,
        ["Conv2d"] = WeightAndBias,
        ["Conv3d"] = WeightAndBias,
        ["ConvTranspose1d"] = WeightAndBias,
        ["ConvTranspose2d"] = WeightAndBias,
        ["ConvTranspose3d"] = WeightAndBias,
        ["LayerNorm"] = WeightAndBias,
        ["GroupNorm"] = WeightAndBias,
        ["BatchNorm1d"] = new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" },
        ["BatchNorm2d"] = new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" },
        ["BatchNorm3d"] = new[] { "weight", "bias", "running_mean", "running_var", "num_batches_tracked" },
        ["MultiheadAttention"] = new[] { "in_proj_weight", "in_proj_bias", "q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v", "out_proj" },
    };

    private static readonly Regex RecurrentName = new(@"^(weight|bias)_(ih|hh)_l[0-9]+(_reverse)?$", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> Recurrent = new() { "RNN", "LSTM", "GRU" };

    private static readonly HashSet<string> Parameterless = new()
    {
        "ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Sigmoid", "Tanh", "Softplus",
        "Softmax", "LogSoftmax", "Identity", "Flatten", "Dropout", "Dropout2d", "MaxPool1d", "MaxPool2d",
        "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
    };

    /// <summary>
    /// Follows <paramref name="path"/> from a field's type: a collection's element type, a Parameter (which has no
    /// members), a TorchSharp module, or a module type of the user's. Found carries no value.
    /// </summary>
    public static Resolution ResolveByType(ITypeSymbol fieldType, string? path)
    {
        if (string.IsNullOrEmpty(path)) return Resolution.Found(null);
        var type = TorchSymbols.ModuleListElement(fieldType) ?? (fieldType as IArrayTypeSymbol)?.ElementType ?? fieldType;
        return Resolve(type, path!.Split('.'), 0, depth: 0);
    }

    private static Resolution Resolve(ITypeSymbol? type, string[] segments, int index, int depth)
    {
        if (index == segments.Length) return Resolution.Found(null);
        if (type is null || depth > InferenceContext.MaxModuleDepth) return Resolution.Unknown;
        string segment = segments[index];

        if (TorchSymbols.IsTensor(type))
            return Resolution.NotFound(segment, TorchSymbols.IsParameter(type) ? "Parameter" : "Tensor", System.Array.Empty<string>());

        if (TorchSymbols.TorchModuleName(type) is { } torchName)
        {
            if (Recurrent.Contains(torchName))
                return RecurrentName.IsMatch(segment)
                    ? (index == segments.Length - 1 ? Resolution.Found(null) : Resolution.NotFound(segments[index + 1], "Parameter", System.Array.Empty<string>()))
                    : Resolution.NotFound(segment, torchName, new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "..." });
            if (Parameterless.Contains(torchName))
                return Resolution.NotFound(segment, torchName, System.Array.Empty<string>());
            if (!TorchNames.TryGetValue(torchName, out var names))
                return Resolution.Unknown;
            if (!names.Contains(segment))
                return Resolution.NotFound(segment, torchName, names);
            if (torchName == "MultiheadAttention" && segment == "out_proj")
                return index == segments.Length - 1 ? Resolution.Found(null) : ResolveLinear(segments, index + 1);
            return index == segments.Length - 1 ? Resolution.Found(null) : Resolution.NotFound(segments[index + 1], "Parameter", System.Array.Empty<string>());
        }

        if (type is INamedTypeSymbol named && Construction.IsUserModule(named) && !named.IsAbstract)
        {
            var fields = RegisteredFields(named).ToList();
            if (fields.Any(f => f.Field.IsImplicitlyDeclared)) return Resolution.Unknown;
            var match = fields.FirstOrDefault(f => f.Name == segment);
            if (match.Field is null)
                return Resolution.NotFound(segment, named.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), fields.Select(f => f.Name));
            if (TorchSymbols.ModuleListElement(match.Field.Type) is { } element)
            {
                if (index + 1 == segments.Length) return Resolution.Found(null);
                return IsIndex(segments[index + 1]) ? Resolve(element, segments, index + 2, depth + 1) : Resolution.Unknown;
            }
            return Resolve(match.Field.Type, segments, index + 1, depth + 1);
        }

        return Resolution.Unknown;
    }

    private static Resolution ResolveLinear(string[] segments, int index)
    {
        string segment = segments[index];
        if (!WeightAndBias.Contains(segment)) return Resolution.NotFound(segment, "Linear", WeightAndBias);
        return index == segments.Length - 1 ? Resolution.Found(null) : Resolution.NotFound(segments[index + 1], "Parameter", System.Array.Empty<string>());
    }

    /// <summary>The fields of a user module type (and its user-defined bases) that TorchSharp registers, by registered name.</summary>
    public static IEnumerable<(IFieldSymbol Field, string Name)> RegisteredFields(INamedTypeSymbol type)
    {
        for (var current = type; Construction.IsUserModule(current); current = current!.BaseType)
        {
            foreach (var field in current!.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst) continue;
                if (!TorchSymbols.IsModule(field.Type) && !TorchSymbols.IsTensor(field.Type)) continue;
                yield return (field, Construction.ComponentName(field));
            }
        }
    }

    private static bool IsIndex(string segment) => segment.Length > 0 && segment.All(c => c >= '0' && c <= '9');
}
