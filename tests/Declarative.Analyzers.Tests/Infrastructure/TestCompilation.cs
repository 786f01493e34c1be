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

    public static readonly ImmutableArray<MetadataReference> References = Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(SharedAttribute).Assembly.Location))
        .ToImmutableArray();

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
