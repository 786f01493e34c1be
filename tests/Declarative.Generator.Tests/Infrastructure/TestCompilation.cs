using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Declarative.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Generator.Tests.Infrastructure;

/// <summary>In-memory compilations of model sources against .NET 8 reference assemblies, TorchSharp and Declarative.</summary>
public static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> References = Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(SharedAttribute).Assembly.Location))
        .ToImmutableArray();

    /// <summary>Usings every test model starts with, as a TorchSharp user writes them.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    public static CSharpCompilation Create(params string[] sources) => Create(sources.Select((s, i) => ($"Model{i}.cs", s)).ToArray());

    public static CSharpCompilation Create(params (string Path, string Source)[] sources) => Create(ParseOptions, sources);

    /// <summary>A compilation of <paramref name="sources"/> parsed with <paramref name="parseOptions"/>, e.g. a newer language version.</summary>
    public static CSharpCompilation Create(CSharpParseOptions parseOptions, params (string Path, string Source)[] sources) => CSharpCompilation.Create(
        "Models",
        sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, parseOptions, path: s.Path)),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null) => CSharpGeneratorDriver.Create(
        new[] { new DeclarativeGenerator().AsSourceGenerator() },
        parseOptions: parseOptions ?? ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator and returns its result and the compilation with the generated code added. Every test's
    /// run is checked for caching too (<see cref="PipelineChecks"/>): the models hold no Roslyn objects, and a second
    /// run, on a copy of the compilation, finds every model step Cached or Unchanged.
    /// </summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var first = driver.GetRunResult();
        foreach (var result in first.Results)
            PipelineChecks.AssertModelsHoldNoRoslynObjects(result);

        // A copy is a new compilation of the same trees, as after an edit that changed nothing the generator reads.
        var rerun = driver.RunGenerators(compilation.Clone()).GetRunResult();
        foreach (var result in rerun.Results)
            PipelineChecks.AssertNothingRanAgain(result, generatedSources: !first.GeneratedTrees.IsEmpty);
        return (first, output);
    }

    /// <summary>The errors and warnings of a compilation, for assertions that generated code compiles cleanly.</summary>
    public static ImmutableArray<Diagnostic> Problems(Compilation compilation) => compilation.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToImmutableArray();
}
