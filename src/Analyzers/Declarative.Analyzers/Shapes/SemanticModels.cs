using System;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Declarative.Shapes;

/// <summary>
/// Semantic models for shape inference, which reads operations, constants and symbols but never nullability. Where
/// the compiler offers it (Roslyn 4.10 and later), the model skips nullable analysis: in a project with nullable
/// enabled that analysis is most of the cost of binding a constructor. Older compilers get the ordinary model, so
/// the package still loads in them.
/// </summary>
internal static class SemanticModels
{
    private static readonly Func<Compilation, SyntaxTree, SemanticModel>? WithoutNullableAnalysis = FindWithoutNullableAnalysis();

    public static SemanticModel Get(Compilation compilation, SyntaxTree tree)
        => WithoutNullableAnalysis?.Invoke(compilation, tree) ?? compilation.GetSemanticModel(tree);

    /// <summary><c>compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis)</c>, if it exists.</summary>
    private static Func<Compilation, SyntaxTree, SemanticModel>? FindWithoutNullableAnalysis()
    {
        var options = typeof(Compilation).Assembly.GetType("Microsoft.CodeAnalysis.SemanticModelOptions", throwOnError: false);
        if (options is null || !options.IsEnum || Array.IndexOf(Enum.GetNames(options), "DisableNullableAnalysis") < 0)
            return null;
        var method = typeof(Compilation).GetMethod(nameof(Compilation.GetSemanticModel), BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(SyntaxTree), options }, null);
        if (method is null || method.ReturnType != typeof(SemanticModel))
            return null;
        object disableNullableAnalysis = Enum.Parse(options, "DisableNullableAnalysis");
        return (compilation, tree) => (SemanticModel)method.Invoke(compilation, new[] { tree, disableNullableAnalysis })!;
    }
}
