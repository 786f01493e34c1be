using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Declarative.Generator.Tests.Infrastructure;

/// <summary>
/// What every generator run must keep true for incremental caching, checked by <see cref="TestCompilation.Run"/> on
/// every test's compilation: the models hold no symbols, syntax or compilations, and a second run on an unchanged
/// compilation finds every model step Cached or Unchanged and emits nothing again.
/// </summary>
public static class PipelineChecks
{
    /// <summary>The steps that produce the generator's models: walked whole, and Cached or Unchanged on a rerun.</summary>
    public static readonly IReadOnlyList<string> ModelSteps = new[] { TrackingNames.Declarations, TrackingNames.ShapeComments, TrackingNames.FileSpecs, TrackingNames.ModelSpecs };

    /// <summary>
    /// The steps that carry Roslyn's own objects into the pipeline on purpose, each with the reason; they are checked
    /// only for holding no symbol, syntax node, semantic model or compilation in their own fields.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RoslynObjectSteps = new Dictionary<string, string>
    {
        [TrackingNames.Files] = "the compilation's syntax trees themselves: Roslyn compares them by identity, and an "
            + "edit leaves every other file the same object, which is what lets the per-file steps run per file",
        [TrackingNames.Environment] = "the compilation's options and references, compared by identity as Roslyn's own "
            + "steps compare them, beside the fingerprint of every file's declarations",
        [TrackingNames.CompilationHandle] = "a weak reference to the compilation, so that the parse can bind without an "
            + "input kept from an earlier run pinning that run's compilation; a new one every run",
        [TrackingNames.FileInputs] = "a syntax tree, the environment and the weak compilation handle: the parse's input, "
            + "compared by FileInput.Comparer, which decides when the parse runs again",
    };

    /// <summary>Fails when a model step's output holds anything that defeats caching or pins a compilation.</summary>
    public static void AssertModelsHoldNoRoslynObjects(GeneratorRunResult result)
    {
        foreach (var name in ModelSteps)
        {
            if (!result.TrackedSteps.TryGetValue(name, out var steps)) continue;
            foreach (var step in steps)
                foreach (var (value, _) in step.Outputs)
                    AssertEquatableGraph(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
        foreach (var name in RoslynObjectSteps.Keys)
        {
            if (!result.TrackedSteps.TryGetValue(name, out var steps)) continue;
            foreach (var step in steps)
                foreach (var (value, _) in step.Outputs)
                    AssertNoStrongRoslynFields(value, name);
        }
    }

    /// <summary>
    /// Fails unless every model step and source output of <paramref name="rerun"/> was Cached or Unchanged. A step
    /// Roslyn did not track did not run; the source outputs must be tracked when the first run produced sources.
    /// </summary>
    public static void AssertNothingRanAgain(GeneratorRunResult rerun, bool generatedSources)
    {
        Assert.True(!generatedSources || rerun.TrackedOutputSteps.Count > 0, "the rerun tracked no source output");
        foreach (var name in ModelSteps)
        {
            if (!rerun.TrackedSteps.ContainsKey(name)) continue;
            foreach (var step in rerun.TrackedSteps[name])
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} output was {reason} on a rerun");
        }
        foreach (var (_, steps) in rerun.TrackedOutputSteps)
            foreach (var step in steps)
                foreach (var (_, reason) in step.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"source output was {reason} on a rerun");
    }

    /// <summary>Walks an object graph and fails on anything that would defeat caching or pin a compilation.</summary>
    /// <returns>The number of objects walked.</returns>
    public static int AssertEquatableGraph(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 1;
        AssertNotRoslynObject(value, path);
        Assert.False(value is Location, $"{path} holds a location");
        Assert.False(value is Array, $"{path} holds an array, which compares by reference");

        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
        {
            // Allowed only as the pipeline's own collections (Collect); models wrap theirs in ValueArray.
            Assert.True(path.IndexOf('.') < 0, $"{path} holds an ImmutableArray; use ValueArray");
        }
        if (!type.IsValueType && !seen.Add(value)) return 0;

        int count = 1;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items)
                count += AssertEquatableGraph(item, $"{path}[{i++}]", seen);
            // The collection types' own fields are their storage, already walked as items.
            bool isValueArray = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Declarative.Common.ValueArray<>);
            if (isValueArray || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return count;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            count += AssertEquatableGraph(field.GetValue(value), $"{path}.{field.Name}", seen);
        return count;
    }

    private static void AssertNoStrongRoslynFields(object? value, string path)
    {
        if (value is null) return;
        AssertNotRoslynObject(value, path);
        // Roslyn's own objects, such as a syntax tree that holds its root, are what the reason above is about.
        if (value.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis", System.StringComparison.Ordinal) == true) return;
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNotRoslynObject(field.GetValue(value), $"{path}.{field.Name}");
    }

    private static void AssertNotRoslynObject(object? value, string path)
    {
        Assert.False(value is ISymbol, $"{path} holds a symbol");
        Assert.False(value is SyntaxNode, $"{path} holds a syntax node");
        Assert.False(value is Compilation, $"{path} holds a compilation");
        Assert.False(value is SemanticModel, $"{path} holds a semantic model");
    }
}
