using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Basic.Reference.Assemblies;
using Declarative.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Declarative.Analyzers.Tests.Infrastructure;

/// <summary>In-memory compilations of model sources against .NET 8 reference assemblies, TorchSharp and Declarative.</summary>
public static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>Declarative's runtime assembly, as its package hands it to users.</summary>
    public static readonly MetadataReference Runtime = MetadataReference.CreateFromFile(typeof(SharedAttribute).Assembly.Location);

    public static readonly ImmutableArray<MetadataReference> References = Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.PyBridge.PyBridgeModuleExtensions).Assembly.Location))
        .Append(Runtime)
        .ToImmutableArray();

    /// <summary>The usual references with <see cref="Runtime"/> replaced by <paramref name="runtime"/>.</summary>
    public static ImmutableArray<MetadataReference> ReferencesWith(MetadataReference runtime) => References.Replace(Runtime, runtime);

    /// <summary>
    /// Declarative as it was before <c>PretrainedWeights</c>: the runtime's sources without <c>Checkpoints/</c>,
    /// compiled into an assembly named Declarative, as an older package hands it to its users.
    /// </summary>
    public static MetadataReference RuntimeWithoutPretrainedWeights => OlderRuntime.Value;

    private static readonly Lazy<MetadataReference> OlderRuntime = new(() =>
    {
        string sources = Path.Combine(Repository.Root, "src", "Runtime");
        string checkpoints = Path.Combine(sources, "Checkpoints") + Path.DirectorySeparatorChar;
        var trees = Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(checkpoints, StringComparison.Ordinal) && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f));
        var runtime = CSharpCompilation.Create("Declarative", trees, References.Remove(Runtime), Options);
        using var image = new MemoryStream();
        var emitted = runtime.Emit(image);
        Assert.True(emitted.Success, "The runtime without Checkpoints/ does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(image.ToArray());
    });

    public static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

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

    public static CSharpCompilation Create(params (string Path, string Source)[] sources) => CSharpCompilation.Create(
        "Models",
        sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, path: s.Path)),
        References,
        Options);

    /// <summary>
    /// A reference to a model library: the source (after <see cref="Usings"/>) compiled with the generator's output
    /// into an assembly named <paramref name="assemblyName"/>, as a project reference hands it to its users.
    /// </summary>
    public static MetadataReference Library(string assemblyName, string source)
    {
        var (_, library) = Generate(Create(("Library.cs", Usings + source)).WithAssemblyName(assemblyName));
        using var image = new MemoryStream();
        var emitted = library.Emit(image);
        Assert.True(emitted.Success, "The library does not compile:\n" + string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    /// <summary>Runs the generator, as a build does before the analyzers see the code.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Generate(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DeclarativeGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }
}
