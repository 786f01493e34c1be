using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Declarative.Common.Shapes;
using Microsoft.CodeAnalysis;

namespace Declarative.Generator.Parser;

/// <summary>
/// What the generated comment says about a shared or tied member's tensors: the shape of a tensor member
/// (<c>[vocab, dim]</c>), or a module's tensors by path (<c>weight [hidden, input], bias [hidden]</c>). Only what
/// inference knows: <c>?</c> for an unknown size or shape, <c>...</c> where the list of tensors may go on.
/// </summary>
internal static class ShapeDescriptions
{
    /// <summary>Modules with more tensors than this are summed up by their count and the first few.</summary>
    private const int MaxListed = 4;

    /// <summary>How many tensors the summary of a larger module names.</summary>
    private const int SummaryListed = 2;

    /// <summary>The description of <paramref name="member"/> inside <paramref name="field"/>, or null when nothing is known.</summary>
    public static string? Describe(IFieldSymbol field, string? member, Compilation compilation, CancellationToken cancellationToken)
    {
        if (ShapeInference.InferMember(field, member, compilation, cancellationToken) is { } shape)
            return shape.ToString();

        // Not a tensor of known shape: a module, described by its tensors, from the first constructor that knows it.
        foreach (var scenario in ShapeInference.Scenarios(field.ContainingType, compilation, cancellationToken))
        {
            var value = InferredMembers.Resolve(scenario.Value(field), member).Value;
            // A collection whose elements all share (ModuleList, array) is described by its one element.
            if (value is InferredCollection { Elements.Count: 1 } collection) value = collection.Elements[0];
            if (value is not InferredModule module) continue;

            var tensors = InferredMembers.Tensors(module, includeBuffers: true, out bool complete);
            return tensors.Count == 0 ? null : Describe(tensors, complete);
        }
        return null;
    }

    private static string Describe(IReadOnlyList<(string Path, InferredTensor Tensor)> tensors, bool complete)
    {
        var items = tensors.Select(t => $"{t.Path} {t.Tensor.Shape?.ToString() ?? "?"}");
        if (tensors.Count <= MaxListed)
            return string.Join(", ", complete ? items : items.Append("..."));

        string count = complete ? $"{tensors.Count} tensors" : $"at least {tensors.Count} tensors";
        return $"{count}: {string.Join(", ", items.Take(SummaryListed))}, ...";
    }
}
