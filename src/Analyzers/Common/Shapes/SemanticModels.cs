using System;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Declarative.Common.Shapes;

/// <summary>
/// The semantic models shape inference binds constructors and field initializers with. Inference reads operations,
/// constants and symbols, never nullability.
/// <list type="bullet">
/// <item>In the analyzers, the compilation's own model: the analyzer driver caches it per tree, and the operation
/// blocks it binds for every operation-level analyzer are bound there once for all of them and for inference.</item>
/// <item>In the generator, which has no model to share, a model that skips nullable analysis where the compiler
/// offers one (Roslyn 4.10 and later): with nullable enabled, that analysis is most of the cost of binding a
/// constructor. Older compilers get the ordinary model, so the package still loads in them.</item>
/// </list>
/// </summary>
internal static class SemanticModels
{
#if DECLARATIVE_GENERATOR
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
#else
    public static SemanticModel Get(Compilation compilation, SyntaxTree tree) => compilation.GetSemanticModel(tree);
#endif
}
